import type { Kysely } from 'kysely';
import { ChainVerifier, type ChainBreak } from '../../domain/audit/hash-chain.ts';
import { readSubjectsColumn, subjectSetId } from '../../domain/audit/subject-set.ts';
import type { Database } from '../schema.ts';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBreak: (ChainBreak & { at?: string; action?: string }) | null;
}

/**
 * Reads the whole log in pages of sequence order and reports the first entry that breaks the
 * chain, or whose people do not match the per-person index (a set whose members were changed,
 * an entry unlinked from its set): a guardian asking who looked at the child's file must get
 * every entry.
 */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<AuditVerification> {
  const verifier = new ChainVerifier();
  const sets = new SetChecker(db);
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    const links = page.length ? await linksOf(db, Number(page[0]!.seq), Number(page[page.length - 1]!.seq)) : new Map<number, string[]>();
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = verifier.next({ ...row, seq }) ?? (await sets.check(seq, row.subject_ids, links.get(seq) ?? []));
      if (broken) {
        const culprit = page.find((r) => Number(r.seq) === broken.seq);
        return { ok: false, checked: verifier.checked, lastSeq: seq, firstBreak: { ...broken, at: culprit?.at, action: culprit?.action } };
      }
    }
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1]!.seq);
  }
  const head = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const tail = verifier.finish({ last_seq: Number(head.last_seq), last_hash: head.last_hash });
  return { ok: !tail, checked: verifier.checked, lastSeq: Number(head.last_seq), firstBreak: tail };
}

async function linksOf(db: Kysely<Database>, from: number, to: number): Promise<Map<number, string[]>> {
  const rows = await db.selectFrom('audit_entry_subjects').select(['seq', 'set_id']).where('seq', '>=', from).where('seq', '<=', to).execute();
  const links = new Map<number, string[]>();
  for (const r of rows) {
    const seq = Number(r.seq);
    links.set(seq, [...(links.get(seq) ?? []), r.set_id]);
  }
  return links;
}

/** Checks each entry's link to its set, and each set (once) against its name. */
class SetChecker {
  private verified = new Set<string>();
  constructor(private readonly db: Kysely<Database>) {}

  async check(seq: number, subjectIds: string, linked: string[]): Promise<ChainBreak | null> {
    const { setId } = readSubjectsColumn(subjectIds);
    if (setId === null) return linked.length === 0 ? null : { kind: 'subjects_unindexed', seq };
    if (linked.length !== 1 || linked[0] !== setId) return { kind: 'subjects_unindexed', seq };
    if (this.verified.has(setId)) return null;
    const members = await this.db.selectFrom('audit_subject_set').select('person_id').where('set_id', '=', setId).execute();
    if (members.length === 0 || subjectSetId(members.map((m) => m.person_id)) !== setId) return { kind: 'subjects_altered', seq };
    this.verified.add(setId);
    return null;
  }
}
