import { Worker } from 'node:worker_threads';
import type { AuditEntry } from './append-audit-entries.ts';
import type { AuditSink } from './audit-log.ts';

export type AuditWriterRequest = { type: 'append'; id: number; entries: AuditEntry[] } | { type: 'close' };
export type AuditWriterReply = { type: 'done'; id: number; error?: string };

const THREAD_SCRIPT = new URL('./audit-writer-thread.mjs', import.meta.url);

/**
 * Commits audit batches on a writer thread with its own SQLite connection (audit-writer-thread.ts).
 * Each batch's promise settles when the thread reports it committed (or failed). If the thread
 * dies, what it had not confirmed fails, and the next batch starts a new thread.
 */
export function threadedAuditSink(file: string): AuditSink {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const start = () => {
    const w = new Worker(THREAD_SCRIPT, { workerData: { file } });
    w.on('message', (msg: AuditWriterReply) => {
      const pending = waiting.get(msg.id);
      if (!pending) return;
      waiting.delete(msg.id);
      if (msg.error) pending.reject(new Error(`audit append failed: ${msg.error}`));
      else pending.resolve();
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the audit writer thread stopped (exit code ${code})`));
    });
    return w;
  };

  return {
    pipelined: true,
    append(entries) {
      worker ??= start();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage({ type: 'append', id, entries } satisfies AuditWriterRequest);
      });
    },
    async close() {
      const w = worker;
      if (!w) return;
      worker = null;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage({ type: 'close' } satisfies AuditWriterRequest);
      await exited;
    },
  };
}
