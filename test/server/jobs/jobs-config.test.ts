import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

describe('jobs: configuration of the scheduler', () => {
  it('jobs: defaults poll every 10 s in the board’s zone America/Toronto, and a wrong value names its variable', () => {
    const config = loadConfig({});
    expect([config.BALISE_JOBS, config.BALISE_JOBS_POLL_SECONDS, config.BALISE_TIME_ZONE]).toEqual([true, 10, 'America/Toronto']);
    expect(loadConfig({ BALISE_JOBS: 'false', BALISE_JOBS_POLL_SECONDS: '60', BALISE_TIME_ZONE: 'Europe/Paris' })).toMatchObject({ BALISE_JOBS: false, BALISE_JOBS_POLL_SECONDS: 60, BALISE_TIME_ZONE: 'Europe/Paris' });
    expect(() => loadConfig({ BALISE_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(() => loadConfig({ BALISE_TIME_ZONE: 'Mars/Olympus' })).toThrow(/BALISE_TIME_ZONE/);
    expect(() => loadConfig({ BALISE_JOBS_POLL_SECONDS: '0' })).toThrow(/BALISE_JOBS_POLL_SECONDS/);
  });
});
