import type { Kysely } from 'kysely';
import { ChainVerifier, type ChainBreak } from '../../domain/audit/hash-chain.ts';
import type { Database } from '../schema.ts';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBreak: (ChainBreak & { at?: string; action?: string }) | null;
}

/** Reads the whole log in pages of sequence order and reports the first entry that breaks the chain. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<AuditVerification> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    for (const row of page) {
      const broken = verifier.next({ ...row, seq: Number(row.seq) });
      if (broken) {
        const culprit = page.find((r) => Number(r.seq) === broken.seq);
        return { ok: false, checked: verifier.checked, lastSeq: Number(row.seq), firstBreak: { ...broken, at: culprit?.at, action: culprit?.action } };
      }
    }
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1]!.seq);
  }
  const head = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const tail = verifier.finish({ last_seq: Number(head.last_seq), last_hash: head.last_hash });
  return { ok: !tail, checked: verifier.checked, lastSeq: Number(head.last_seq), firstBreak: tail };
}
