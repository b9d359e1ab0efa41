import type { ChainBreak } from './hash-chain.ts';
import type { CheckpointBreak } from './compare-with-checkpoints.ts';

/** Everything verify can find wrong with the audit log, each a kind of its own. */
export type AuditLogBreak =
  | ChainBreak
  | CheckpointBreak
  /** A checkpoint file whose signature does not hold (altered, forged, or its public key missing). */
  | { kind: 'checkpoint_invalid'; file: string }
  /** An append-only guard of the migrations is gone, disabled or emptied in the database. */
  | { kind: 'trigger_missing'; trigger: string };

export type AuditLogBreakKind = AuditLogBreak['kind'];

/** What happened to the entry, after « l’entrée n° N » / "entry #N". */
const entryWords = {
  altered: ['a été modifiée', 'was altered'],
  missing: ['a été supprimée', 'was removed'],
  relinked: ['ne suit plus la précédente (chaîne réécrite)', 'no longer follows the previous one (chain rewritten)'],
  tail_removed: ['et les suivantes ont été supprimées', 'and those after it were removed'],
  subjects_altered: ['nomme des personnes qui ont été changées', 'names people who were changed'],
  subjects_unindexed: ['n’est plus retrouvée à partir des personnes concernées', 'can no longer be found from the people concerned'],
} as const satisfies Record<ChainBreak['kind'], readonly [string, string]>;

/** The break in a sentence, French and English, naming the entry, checkpoint, file or guard concerned. */
export function auditBreakWording(b: AuditLogBreak): { fr: string; en: string } {
  switch (b.kind) {
    case 'truncated':
      return {
        fr: `l’entrée n° ${b.seq} et les suivantes ont été supprimées : le point de contrôle signé du ${b.checkpoint.at} scellait le journal jusqu’à l’entrée n° ${b.checkpoint.seq} (journal tronqué)`,
        en: `entry #${b.seq} and those after it were removed: the signed checkpoint of ${b.checkpoint.at} sealed the log up to entry #${b.checkpoint.seq} (log truncated)`,
      };
    case 'rewritten':
      return {
        fr: `l’entrée n° ${b.seq} n’est plus celle que le point de contrôle signé du ${b.checkpoint.at} a scellée : le journal a été réécrit`,
        en: `entry #${b.seq} is no longer the one the signed checkpoint of ${b.checkpoint.at} sealed: the log was rewritten`,
      };
    case 'checkpoint_invalid':
      return {
        fr: `le point de contrôle « ${b.file} » ne porte pas une signature valide de la clé d’audit (fichier modifié ou contrefait)`,
        en: `checkpoint “${b.file}” does not carry a valid signature of the audit key (file altered or forged)`,
      };
    case 'trigger_missing':
      return {
        fr: `la protection « ${b.trigger} », qui interdit de modifier ou d’effacer le journal, a été retirée ou désactivée dans la base de données`,
        en: `the guard “${b.trigger}”, which forbids changing or deleting the log, was removed or disabled in the database`,
      };
    default: {
      const [fr, en] = entryWords[b.kind];
      return { fr: `l’entrée n° ${b.seq} ${fr}`, en: `entry #${b.seq} ${en}` };
    }
  }
}

/** The entry a break points at, when it points at one. */
export function breakSeq(b: AuditLogBreak): number | null {
  return 'seq' in b ? b.seq : null;
}

/** Entry breaks first (earliest entry first), then forged checkpoints, then missing guards. */
export function orderBreaks(breaks: readonly AuditLogBreak[]): AuditLogBreak[] {
  const rank = (b: AuditLogBreak) => (b.kind === 'trigger_missing' ? 2 : b.kind === 'checkpoint_invalid' ? 1 : 0);
  return [...breaks].sort((a, b) => rank(a) - rank(b) || (breakSeq(a) ?? 0) - (breakSeq(b) ?? 0));
}
