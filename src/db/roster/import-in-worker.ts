import { Worker } from 'node:worker_threads';
import type { DatabaseTarget } from '../database.ts';
import { DatabaseBusyError } from '../sqlite/waiting-sqlite-dialect.ts';
import type { ImportRosterOutcome, RosterImportWho } from './import-roster-files.ts';

export interface RosterImportJob {
  target: DatabaseTarget;
  who: RosterImportWho;
  files: [string, Uint8Array][];
}

export type RosterImportReply = { outcome: ImportRosterOutcome } | { failure: { name: string; message: string; stack?: string } };

/**
 * importRosterFiles in a worker thread with its own database connection. Reading, checking and
 * writing a large roster takes seconds of CPU; run in the server's thread, nobody else would get
 * an answer meanwhile. On SQLite the server's own writes wait for the import's lock without
 * stopping (see WaitingSqliteDialect); caches built from the old roster are the caller's to empty.
 */
export function importRosterFilesInWorker(target: DatabaseTarget, who: RosterImportWho, files: ReadonlyMap<string, Buffer>): Promise<ImportRosterOutcome> {
  // Copies, handed over without a second copy: the caller keeps its buffers.
  const job: RosterImportJob = { target, who, files: [...files].map(([name, data]) => [name, new Uint8Array(data)]) };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./roster-import-worker.mjs', import.meta.url), {
      workerData: job,
      transferList: job.files.map(([, bytes]) => bytes.buffer as ArrayBuffer),
      // Not the parent's loader flags: the entry registers its own.
      execArgv: [],
    });
    let replied = false;
    worker.once('message', (reply: RosterImportReply) => {
      replied = true;
      if ('outcome' in reply) return resolve(reply.outcome);
      // Busy stays a DatabaseBusyError (503 for the route); anything else is the thread's error as it was.
      const { name, message, stack } = reply.failure;
      reject(Object.assign(name === 'DatabaseBusyError' ? new DatabaseBusyError(0) : new Error(), { name, message, stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!replied) reject(new Error(`the roster import thread ended (code ${code}) without answering`));
    });
  });
}
