import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAuditEntries, type AuditEntry } from './append-audit-entries.ts';

interface Pending { entries: AuditEntry[]; resolve: () => void; reject: (e: unknown) => void }

/** The most entries one transaction takes; more wait for the next one (keeps each write short). */
const MAX_BATCH_ENTRIES = 1000;
/** Subject sets remembered as already stored; a forgotten one is just sent again (and ignored). */
const MAX_KNOWN_SETS = 10_000;

/**
 * The audit writer used by requests. Entries that arrive while a write is in flight are grouped
 * into the next transaction; every caller's promise settles only when its own entries are
 * committed, so a response that read personal information is never sent before its trace exists.
 *
 * A write starts on the next turn of the event loop rather than at once: with a synchronous
 * driver (SQLite) a whole request runs without yielding to I/O, so without that pause nothing
 * could ever join a batch. Waiting for `setImmediate` lets every request whose data arrived in
 * the same poll phase record first, and they share one transaction (one commit instead of many).
 */
export class AuditLog {
  private queue: Pending[] = [];
  private flushing = false;
  /** Subject sets this writer has committed (a set is never deleted), so they are not sent again. */
  private readonly knownSets = new Set<string>();
  appended = 0;
  onAppend?: (count: number) => void;

  constructor(private readonly db: Kysely<Database>) {}

  record(...entries: AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Waits until every entry recorded so far is committed (or has failed). */
  async settled(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setImmediate(r));
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        const entries = batch.flatMap((p) => p.entries);
        try {
          const { newSets } = await this.db.transaction().execute((trx) => appendAuditEntries(trx, entries, this.knownSets));
          this.rememberSets(newSets);
          this.appended += entries.length;
          this.onAppend?.(entries.length);
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
      // A record() that raced the end of the loop above is picked up here.
      if (this.queue.length > 0) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    }
  }

  /** Only once committed: a set whose transaction rolled back must be sent again. */
  private rememberSets(setIds: readonly string[]) {
    for (const id of setIds) {
      if (this.knownSets.size >= MAX_KNOWN_SETS) this.knownSets.delete(this.knownSets.values().next().value!);
      this.knownSets.add(id);
    }
  }

  /** Whole callers only, so each caller's entries commit together in one transaction. */
  private takeBatch(): Pending[] {
    let n = 0;
    let count = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.entries.length <= MAX_BATCH_ENTRIES)) {
      count += this.queue[n]!.entries.length;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
