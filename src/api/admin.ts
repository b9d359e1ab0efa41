import { z } from 'zod';
import type { AuditLogBreakKind } from '../domain/audit/audit-breaks.ts';
import type { LegalProfile as DomainLegalProfile } from '../domain/legal/legal-profile.ts';
import { LegalProfileCode, Locale } from './session.ts';

/**
 * The answers of the board administration routes (`GET /api/admin/board`, `POST
 * /api/admin/audit/verify`), as the server validates them and the web client reads them: one
 * definition for both sides.
 */
export const Localized = z.object({ fr: z.string(), en: z.string() });

const Unit = z.enum(['days', 'months']);
const Validity = z.enum(['school_year', 'per_use']);
const GuardiansRequired = z.enum(['one', 'all']);

/** The board's legal profile (domain/legal/profiles.ts) as the page reads it: the domain's type, checked below. */
export const LegalProfile = z.object({
  code: LegalProfileCode,
  name: Localized,
  law: Localized,
  defaultLocale: Locale,
  consentAge: z.number(),
  imageConsent: z.object({ validity: Validity, guardiansRequired: GuardiansRequired, wording: Localized }),
  familyChannelConsent: z.object({ validity: Validity, guardiansRequired: GuardiansRequired }),
  rightsRequestDeadline: z.object({
    initial: z.object({ amount: z.number(), unit: Unit }),
    extension: z
      .object({ maxAmount: z.number(), unit: Unit, noticeBefore: z.literal('first_deadline'), requires: z.array(z.string()) })
      .optional(),
    pause: z.object({ when: z.string(), thresholdCad: z.number().optional() }).optional(),
    missedMeans: z.literal('deemed_refusal').optional(),
    legalBasis: Localized,
  }),
  retention: z.object({ recordingMinimumMonths: z.number().nullable(), incidentRegisterMinimumYears: z.number() }),
  hosting: z.object({ foreignLawProvidersUnfit: z.boolean(), assessmentBeforeLeavingTerritory: z.boolean(), territory: Localized }),
  incidentAuthorityNoticeHours: z.number().nullable(),
  notices: z.object({ collectionAuthority: Localized, complaintAuthority: Localized }),
});
export type LegalProfile = z.infer<typeof LegalProfile>;

/** A field added to the domain's profile and not here (or the reverse) fails the typecheck, not a board's page. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<LegalProfile, DomainLegalProfile>;

/** One import of the history (counts only, no personal information); reopened with `GET /api/admin/imports/:id`. */
export const ImportRunSummary = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'held']),
  format: z.enum(['oneroster', 'csv']),
  sourceLabel: z.string(),
  counts: z.record(z.string(), z.unknown()),
  errorCount: z.number(),
});
export type ImportRunSummary = z.infer<typeof ImportRunSummary>;

export const BoardCounts = z.object({
  schools: z.number(),
  schoolYears: z.number(),
  classGroups: z.number(),
  students: z.number(),
  guardians: z.number(),
  staff: z.number(),
});
export type BoardCounts = z.infer<typeof BoardCounts>;

/** `GET /api/admin/board`: the board, its legal profile, what it holds and its latest imports. */
export const BoardAdministration = z.object({
  board: z.object({ id: z.string(), name: z.string() }),
  legalProfile: LegalProfile,
  counts: BoardCounts,
  imports: z.array(ImportRunSummary),
});
export type BoardAdministration = z.infer<typeof BoardAdministration>;

/** A signed checkpoint as verify names it: the entry it sealed, when. */
const CheckpointRef = z.object({ seq: z.number(), at: z.string() });
const SealedCheckpoint = CheckpointRef.extend({ headHash: z.string() });

/** Each break comes with its sentence in French and English (domain/audit/audit-breaks.ts). */
const breakOf = <K extends string, S extends z.ZodRawShape>(kinds: readonly [K, ...K[]], shape: S) =>
  z.object({ kind: z.enum(kinds), ...shape, message: Localized });

/** Everything verify can find wrong (domain AuditLogBreak): some name an entry, some a checkpoint file or a guard. */
export const AuditBreak = z.discriminatedUnion('kind', [
  breakOf(['altered', 'missing', 'relinked', 'tail_removed', 'subjects_altered', 'subjects_unindexed'], {
    seq: z.number(),
    /** When the broken entry was written and what it recorded, when it can still be read. */
    at: z.string().optional(),
    action: z.string().optional(),
  }),
  breakOf(['truncated', 'rewritten'], { seq: z.number(), checkpoint: SealedCheckpoint }),
  breakOf(['checkpoint_invalid'], { file: z.string() }),
  breakOf(['trigger_missing'], { trigger: z.string() }),
]);
export type AuditBreak = z.infer<typeof AuditBreak>;

/** A kind of break added to the domain and not here fails the typecheck, not the privacy officer's check. */
true satisfies Same<AuditBreak['kind'], AuditLogBreakKind>;

/** `POST /api/admin/audit/verify` (SEC-1): what was checked, every break found, and the checkpoints. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  lastSeq: z.number(),
  /** The first of `breaks`, or null when the log is intact. */
  firstBreak: AuditBreak.nullable(),
  breaks: z.array(AuditBreak),
  /** The latest valid signed checkpoint the log was compared with, and how many were. */
  checkpoint: CheckpointRef.nullable(),
  checkpointsCompared: z.number(),
  /** The checkpoint this verify signed (the log was intact and the key at hand), else null. */
  checkpointWritten: CheckpointRef.nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
