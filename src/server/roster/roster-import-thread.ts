import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.ts';
import { runRosterImport } from './run-roster-import.ts';
import { ImportProgressTracker, ProgressRow } from './import-progress.ts';
import type { WorkerJob, WorkerMessage } from './import-in-worker.ts';

const send = (message: WorkerMessage) => parentPort!.postMessage(message);

/** Runs one import on a connection of its own (two on PostgreSQL: one for its progress), answers once, and ends. */
async function run({ target, job }: WorkerJob): Promise<WorkerMessage> {
  const db = openDatabase(target, { poolSize: 2 });
  const progress = new ImportProgressTracker((p) => send({ progress: p }), ProgressRow.for(db, job.runId));
  try {
    return { outcome: await runRosterImport(db, job, progress) };
  } catch (err) {
    const e = err as Error;
    return { failure: { name: e.name, message: e.message, stack: e.stack } };
  } finally {
    await progress.settled();
    await db.close();
  }
}

send(await run(workerData as WorkerJob));
