import { z } from 'zod';

/**
 * The session answer (`GET /api/session` and every sign-in): who is signed in on this browser and
 * what they may do, as the server validates it and the web client reads it.
 */
export const Locale = z.enum(['fr', 'en']);
export const Role = z.enum(['director_general', 'privacy_officer', 'principal', 'secretary', 'teacher']);
export const PersonKind = z.enum(['staff', 'student', 'guardian']);
export const LegalProfileCode = z.enum(['qc', 'on', 'eu']);

export const OidcInfo = z.object({ enabled: z.boolean(), label: z.string() });

export const SignedOutSession = z.object({
  signedIn: z.literal(false),
  locale: Locale,
  oidc: OidcInfo,
  /** The board still holds the demonstration data (ORG-2): the sign-in page shows the marker. */
  demo: z.boolean().optional(),
});

export const SignedInSession = z.object({
  signedIn: z.literal(true),
  csrfToken: z.string(),
  locale: Locale,
  person: z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), kind: PersonKind }),
  roles: z.array(Role),
  /** What the person may do across the board (domain/access/permissions.ts). */
  can: z.object({ administerBoard: z.boolean(), importRoster: z.boolean(), verifyAudit: z.boolean(), openSchools: z.boolean() }),
  /** `demo`: the board still holds the demonstration data (ORG-2): every page shows the marker. */
  board: z.object({ id: z.string(), name: z.string(), legalProfile: LegalProfileCode, demo: z.boolean() }).loose(),
  oidc: OidcInfo,
});

export const Session = z.discriminatedUnion('signedIn', [SignedOutSession, SignedInSession]);
