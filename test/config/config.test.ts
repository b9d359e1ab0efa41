import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config/config.ts';

describe('configuration is validated at start and names the wrong variable', () => {
  it('defaults to SQLite under the data directory on port 3000', () => {
    const c = loadConfig({ BALISE_DATA_DIR: '/tmp/x' });
    expect(c.PORT).toBe(3000);
    expect(c.database).toEqual({ dialect: 'sqlite', file: path.join('/tmp/x', 'balise.sqlite') });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.BALISE_LEGAL_PROFILE).toBe('qc');
  });
  it('uses PostgreSQL for a postgres:// DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db' });
  });
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }, 'OIDC_ISSUER'],
    [{ OIDC_ISSUER: 'https://login.example.org' }, 'OIDC_CLIENT_ID'],
    [{ BALISE_LEGAL_PROFILE: 'us' }, 'BALISE_LEGAL_PROFILE'],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE'],
  ])('%o is refused naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
  it('OIDC is enabled only with issuer, client id and secret', () => {
    const c = loadConfig({ OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' });
    expect(c.oidc).toMatchObject({ issuer: 'https://login.example.org/tenant/v2.0', clientId: 'id' });
    expect(loadConfig({}).oidc).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  it('accepts false, true, a hop count or addresses, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe('false');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1');
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
    expect(() => loadConfig({ TRUST_PROXY: 'peut-être' })).toThrow(/TRUST_PROXY:/);
  });
});

describe('SEC-1 B9 where the audit signing key and checkpoints live', () => {
  it('defaults to the data directory, and follows BALISE_AUDIT_KEY_FILE and BALISE_AUDIT_CHECKPOINT_DIR', () => {
    expect(loadConfig({ BALISE_DATA_DIR: '/tmp/x' }).audit).toEqual({
      keyFile: path.join('/tmp/x', 'audit-checkpoint-key.pem'),
      checkpointDir: path.join('/tmp/x', 'audit-checkpoints'),
      checkpointMinutes: 5,
    });
    const c = loadConfig({ BALISE_AUDIT_KEY_FILE: '/etc/balise/audit.pem', BALISE_AUDIT_CHECKPOINT_DIR: '/mnt/worm/balise', BALISE_AUDIT_CHECKPOINT_MINUTES: '15' });
    expect(c.audit).toEqual({ keyFile: '/etc/balise/audit.pem', checkpointDir: '/mnt/worm/balise', checkpointMinutes: 15 });
  });
  it.each(['0', '1441', 'often'])('BALISE_AUDIT_CHECKPOINT_MINUTES=%s is refused naming the variable', (v) => {
    expect(() => loadConfig({ BALISE_AUDIT_CHECKPOINT_MINUTES: v })).toThrow(/BALISE_AUDIT_CHECKPOINT_MINUTES:/);
  });
});

describe('SEC-2 where encrypted files, their keys and the master key live', () => {
  it('defaults to the data directory (files, keys/files, keys/files.key, 5-minute links) and follows the BALISE_FILE* variables', () => {
    expect(loadConfig({ BALISE_DATA_DIR: '/tmp/x' }).files).toEqual({
      dir: path.join('/tmp/x', 'files'),
      keysDir: path.join('/tmp/x', 'keys', 'files'),
      masterKeyFile: path.join('/tmp/x', 'keys', 'files.key'),
      linkMinutes: 5,
    });
    const c = loadConfig({
      BALISE_FILES_DIR: '/srv/balise/files',
      BALISE_FILE_KEYS_DIR: '/srv/keys/files',
      BALISE_FILE_MASTER_KEY_FILE: '/etc/balise/files.key',
      BALISE_FILE_LINK_MINUTES: '2',
    });
    expect(c.files).toEqual({ dir: '/srv/balise/files', keysDir: '/srv/keys/files', masterKeyFile: '/etc/balise/files.key', linkMinutes: 2 });
  });
  it.each(['0', '61', 'soon'])('BALISE_FILE_LINK_MINUTES=%s is refused naming the variable', (v) => {
    expect(() => loadConfig({ BALISE_FILE_LINK_MINUTES: v })).toThrow(/BALISE_FILE_LINK_MINUTES:/);
  });
});
