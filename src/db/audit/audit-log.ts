import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAuditEntries, type AuditEntry } from './append-audit-entries.ts';

/** Where a batch of entries is committed: this process's connection, or the writer thread. */
export interface AuditSink {
  /** Resolves once every entry is committed, in one transaction. */
  append(entries: AuditEntry[]): Promise<void>;
  close?(): Promise<void>;
  /**
   * Whether the next batch may be handed over before the previous one is committed: the writer
   * thread keeps batches in the order received and groups those that wait, so there is no need
   * to hold them here (a round trip per batch would cap the rate at batch size / round trip).
   */
  pipelined?: boolean;
}

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
  private inFlight = 0;
  appended = 0;
  onAppend?: (count: number) => void;

  constructor(private readonly sink: AuditSink) {}

  record(...entries: AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Waits for what is queued, then releases the sink. */
  async close(): Promise<void> {
    while (this.flushing || this.queue.length > 0 || this.inFlight > 0) await new Promise((r) => setImmediate(r));
    await this.sink.close?.();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        const written = this.write(batch);
        if (!this.sink.pipelined) await written;
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

  private async write(batch: Pending[]): Promise<void> {
    const entries = batch.flatMap((p) => p.entries);
    this.inFlight++;
    try {
      await this.sink.append(entries);
      this.appended += entries.length;
      this.onAppend?.(entries.length);
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
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

/** Commits through a connection of this process; remembers the subject sets it has stored. */
export function databaseSink(db: Kysely<Database>): AuditSink {
  const knownSets = new Set<string>();
  return {
    async append(entries) {
      const { newSets } = await db.transaction().execute((trx) => appendAuditEntries(trx, entries, knownSets));
      // Only once committed: a rolled-back set must be sent again.
      for (const id of newSets) {
        if (knownSets.size >= MAX_KNOWN_SETS) knownSets.delete(knownSets.values().next().value!);
        knownSets.add(id);
      }
    },
  };
}
