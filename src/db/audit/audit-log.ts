import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAuditEntries, type AuditEntry } from './append-audit-entries.ts';

interface Pending { entries: AuditEntry[]; resolve: () => void; reject: (e: unknown) => void }

/**
 * The audit writer used by requests. Entries that arrive while a write is in flight are grouped
 * into the next transaction; every caller's promise settles only when its own entries are
 * committed, so a response that read personal information is never sent before its trace exists.
 */
export class AuditLog {
  private queue: Pending[] = [];
  private flushing = false;
  appended = 0;
  onAppend?: (count: number) => void;

  constructor(private readonly db: Kysely<Database>) {}

  record(...entries: AuditEntry[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        const entries = batch.flatMap((p) => p.entries);
        try {
          await this.db.transaction().execute((trx) => appendAuditEntries(trx, entries));
          this.appended += entries.length;
          this.onAppend?.(entries.length);
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
