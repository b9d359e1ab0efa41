/**
 * How long a session row, an actor or a class list read from the database may be reused without
 * asking again.
 *
 * Consistency bound: a change made by THIS process (sign-out, role or guardian-link change,
 * person deactivated, roster import: any write through `ctx.db.kysely`) empties the caches when the statement
 * is compiled and again once it has run, and a read that was in flight meanwhile is not kept,
 * so it takes effect on the next request. A change made by ANOTHER process (another instance
 * sharing the database, the CLI, a manual SQL edit) takes effect here at most
 * CACHE_TTL_MS later. Session expiry itself is checked on every use against the
 * request's clock, never cached.
 */
export const CACHE_TTL_MS = 1000;
const CACHE_MAX_ENTRIES = 10_000;

/**
 * A small map whose entries live CACHE_TTL_MS. Concurrent loads of one key share one query, and
 * a load is only kept while it is still the key's load in flight: forget and invalidate drop it,
 * so a load that started before either is not stored.
 */
export class ShortLivedCache<V> {
  private entries = new Map<string, { value: V; loadedAt: number }>();
  private inflight = new Map<string, Promise<V | null>>();

  constructor(private readonly ttlMs: number) {}

  /** The value if it is cached and fresh, else undefined. */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (performance.now() - hit.loadedAt <= this.ttlMs) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * A fresh value at once (no promise: the hot path of every request), or the load's promise. A
   * loader that never answers null (L = V) gets a result that is never null.
   */
  get<L extends V | null>(key: string, load: () => Promise<L>): V | Promise<L> {
    const fresh = this.peek(key);
    if (fresh !== undefined) return fresh;
    const pending = this.inflight.get(key);
    // Every caller of one key passes the same kind of loader.
    if (pending) return pending as Promise<L>;
    const startedAt = performance.now();
    const promise = load().then(
      (value) => {
        // Not kept when this key (forget) or everything (invalidate) was dropped meanwhile.
        const current = this.inflight.get(key) === promise;
        if (current) this.inflight.delete(key);
        if (value !== null && current) {
          if (this.entries.size >= CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
          this.entries.set(key, { value, loadedAt: startedAt });
        }
        return value;
      },
      (err: unknown) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  /** Drops one key, and any load of it in flight, leaving the others. */
  forget(key: string): void {
    this.entries.delete(key);
    this.inflight.delete(key);
  }

  invalidate(): void {
    this.entries.clear();
    this.inflight.clear();
  }
}
