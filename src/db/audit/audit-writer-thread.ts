/**
 * The audit writer thread (SQLite): its own connection to the database file, so hashing the
 * chain and writing the rows never hold up the thread that answers requests. It receives
 * batches, commits them (batches that arrive together share one transaction) and answers each
 * with its id once committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../database.ts';
import { AuditLog, databaseSink } from './audit-log.ts';
import type { AuditWriterReply, AuditWriterRequest } from './threaded-audit-sink.ts';

const port = parentPort!;
const db = openDatabase({ dialect: 'sqlite', file: (workerData as { file: string }).file });
const log = new AuditLog(databaseSink(db.kysely));

port.on('message', (msg: AuditWriterRequest) => {
  if (msg.type === 'close') {
    void log.close().then(() => db.close()).then(() => port.close());
    return;
  }
  log.record(...msg.entries).then(
    () => port.postMessage({ type: 'done', id: msg.id } satisfies AuditWriterReply),
    (err: unknown) => port.postMessage({ type: 'done', id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies AuditWriterReply),
  );
});
