import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../database.ts';
import { importRosterFiles } from './import-roster-files.ts';
import type { RosterImportJob, RosterImportReply } from './import-in-worker.ts';

/** Runs one import on a connection of its own, answers once, and ends. */
async function run(job: RosterImportJob): Promise<RosterImportReply> {
  const db = openDatabase(job.target, { poolSize: 1 });
  try {
    // Views on the transferred memory (Buffer.from(bytes) would copy every file once more).
    const files = new Map(job.files.map(([name, bytes]) => [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)] as const));
    return { outcome: await importRosterFiles(db, { ...job.who, files }) };
  } catch (err) {
    const e = err as Error;
    return { failure: { name: e.name, message: e.message, stack: e.stack } };
  } finally {
    await db.close();
  }
}

parentPort!.postMessage(await run(workerData as RosterImportJob));
