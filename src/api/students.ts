import { z } from 'zod';
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from '../domain/org/restriction-reason.ts';

/**
 * The requests and answers of the student and family routes, as the server validates them and
 * the web client reads them: one definition for both sides.
 */
export const LinkParams = z.object({ linkId: z.uuid() });

/** Why a link is restricted or lifted (ORG-4): kept in the link's history and the audit log. */
export const RestrictionReason = z.object({ reason: z.string().trim().min(MIN_REASON_LENGTH).max(MAX_REASON_LENGTH) });

export const GroupRef = z.object({ id: z.string(), name: z.string(), schoolName: z.string() });

/** Who restricted or lifted; null when Balise did (an import carried the restriction over). */
export const PersonRef = z.object({ id: z.string(), givenName: z.string(), familyName: z.string() });

export const RestrictionEvent = z.enum(['restricted', 'lifted', 'carried']);

export const RestrictionEntry = z.object({ event: RestrictionEvent, reason: z.string(), at: z.string(), by: PersonRef.nullable() });
export type RestrictionEntry = z.infer<typeof RestrictionEntry>;

/** Only for the people who decide on restrictions: the one in force, and every earlier one, newest first. */
export const LinkRestrictions = z.object({
  inForce: RestrictionEntry.omit({ event: true }).nullable(),
  history: z.array(RestrictionEntry),
});
export type LinkRestrictions = z.infer<typeof LinkRestrictions>;

export const Relationship = z.enum(['parent', 'guardian', 'relative']);

export const GuardianLink = z.object({
  linkId: z.string(),
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  relationship: Relationship,
  restricted: z.boolean(),
  restriction: LinkRestrictions.optional(),
});
export type GuardianLink = z.infer<typeof GuardianLink>;

/**
 * Which guardians the file lists, so the page says what the list means:
 * - `every_link`: staff see every active link and whether it is restricted;
 * - `own_link`: a guardian sees their own link only;
 * - `informed_guardians`: the student sees the guardians who receive the school's information about them.
 */
export const GuardianList = z.enum(['every_link', 'own_link', 'informed_guardians']);
export type GuardianList = z.infer<typeof GuardianList>;

export const StudentFile = z.object({
  student: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    preferredName: z.string().nullable(),
    grades: z.string().nullable(),
  }),
  classGroups: z.array(GroupRef),
  guardians: z.array(GuardianLink),
  guardianList: GuardianList,
  /** What the viewer may do with this file. */
  can: z.object({ restrictLinks: z.boolean() }),
  /** Same as can.restrictLinks (kept for older clients). */
  canRestrictLinks: z.boolean(),
});
export type StudentFile = z.infer<typeof StudentFile>;

/** The link after a restriction or a lift, as its school sees it. */
export const LinkChange = z.object({
  link: z.object({ linkId: z.string(), restricted: z.boolean(), restriction: LinkRestrictions }),
});
export type LinkChange = z.infer<typeof LinkChange>;

export const Child = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.string().nullable(),
  classGroups: z.array(GroupRef),
});
export type Child = z.infer<typeof Child>;

export const ChildList = z.object({ children: z.array(Child) });
