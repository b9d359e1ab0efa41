import { describe, expect, it, vi, afterEach } from 'vitest';
import { ShortLivedCache } from '../../../src/server/cache/short-lived-cache.ts';

afterEach(() => vi.useRealTimers());

describe('the session/actor/class-list cache keeps a value only briefly and never across an invalidation', () => {
  it('reuses a value within its lifetime and reloads after', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const cache = new ShortLivedCache<string>(1000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.get('k', load)).toBe('v1');
    vi.advanceTimersByTime(900);
    expect(await cache.get('k', load)).toBe('v1');
    vi.advanceTimersByTime(200);
    expect(await cache.get('k', load)).toBe('v2');
  });

  it('an invalidation drops kept values, and a load that started before it is not kept', async () => {
    const cache = new ShortLivedCache<string>(60_000);
    let release!: (v: string) => void;
    const slow = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.invalidate();
    release('stale');
    expect(await slow).toBe('stale');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
    cache.invalidate();
    expect(await cache.get('k', async () => 'after')).toBe('after');
  });

  it('forgetting one key drops its value and its load in flight, and keeps the others', async () => {
    const cache = new ShortLivedCache<string>(60_000);
    await cache.get('other', async () => 'kept');
    await cache.get('k', async () => 'old');
    cache.forget('k');
    expect(await cache.get('k', async () => 'new')).toBe('new');
    let release!: (v: string) => void;
    const slow = cache.get('k2', () => new Promise<string>((r) => (release = r)));
    cache.forget('k2');
    release('stale');
    expect(await slow).toBe('stale');
    expect(await cache.get('k2', async () => 'fresh')).toBe('fresh');
    expect(cache.get('other', async () => 'reloaded')).toBe('kept');
  });

  it('concurrent loads of one key share a single query; a missing value is not kept', async () => {
    const cache = new ShortLivedCache<string>(60_000);
    let loads = 0;
    const load = async () => (++loads, 'v');
    await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(loads).toBe(1);
    let misses = 0;
    await cache.get('gone', async () => (++misses, null));
    await cache.get('gone', async () => (++misses, null));
    expect(misses).toBe(2);
  });

  it('peek answers at once from a fresh value only: nothing before a load, nothing once stale or invalidated', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const cache = new ShortLivedCache<string>(1000);
    expect(cache.peek('k')).toBeUndefined();
    await cache.get('k', async () => 'v');
    expect(cache.peek('k')).toBe('v');
    vi.advanceTimersByTime(1100);
    expect(cache.peek('k')).toBeUndefined();
    await cache.get('k', async () => 'w');
    cache.invalidate();
    expect(cache.peek('k')).toBeUndefined();
  });
});
