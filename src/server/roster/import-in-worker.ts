import { Worker } from 'node:worker_threads';
import type { DatabaseTarget } from '../../db/database.ts';
import { DatabaseBusyError } from '../../db/sqlite/waiting-sqlite-dialect.ts';
import type { ImportProgress } from '../../domain/roster/import-progress.ts';
import type { ImportRosterOutcome, RosterImportJob } from './run-roster-import.ts';

export interface WorkerJob {
  target: DatabaseTarget;
  job: RosterImportJob;
}

export type WorkerMessage =
  | { progress: ImportProgress }
  | { outcome: ImportRosterOutcome }
  | { failure: { name: string; message: string; stack?: string } };

/**
 * Runs a roster import in a worker thread with its own database connection. Reading, checking
 * and writing a large roster takes seconds of CPU; run in the server's thread, nobody else would
 * get an answer meanwhile. The thread reads the upload from disk and sends its progress back as
 * messages. On SQLite the server's own writes wait for the import's lock without stopping (see
 * WaitingSqliteDialect).
 */
export function runRosterImportInWorker(target: DatabaseTarget, job: RosterImportJob, onProgress: (p: ImportProgress) => void): Promise<ImportRosterOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./roster-import-worker.mjs', import.meta.url), {
      workerData: { target, job } satisfies WorkerJob,
      // Not the parent's loader flags: the entry registers its own.
      execArgv: [],
    });
    let answered = false;
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) return onProgress(message.progress);
      answered = true;
      if ('outcome' in message) return resolve(message.outcome);
      // Busy stays a DatabaseBusyError (503 for the route); anything else is the thread's error as it was.
      const { name, message: text, stack } = message.failure;
      reject(Object.assign(name === 'DatabaseBusyError' ? new DatabaseBusyError(0) : new Error(), { name, message: text, stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the roster import thread ended (code ${code}) without answering`));
    });
  });
}
