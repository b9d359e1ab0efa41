// A second Balise process appending to the same audit log: `node --import tsx append-audit-worker.ts '<db target json>' <count>`.
import type { AuditAction } from '../../src/domain/audit/audit-actions.ts';
import { openDatabase, type DatabaseTarget } from '../../src/db/database.ts';
import { AuditLog } from '../../src/db/audit/audit-log.ts';

const target = JSON.parse(process.argv[2]!) as DatabaseTarget;
const count = Number(process.argv[3]);
const db = openDatabase(target);
const log = new AuditLog(db.kysely);
const writes = [];
for (let i = 0; i < count; i++) {
  writes.push(log.record({ actorId: null, action: 'test.concurrent_worker' as AuditAction, outcome: 'succeeded' }));
  if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
}
await Promise.all(writes);
await db.close();
