/**
 * Which home page and which role names the signed-in person sees, from the session (pure). What
 * they may do is not decided here: the server sends it (`session.can`, and `can` with each resource).
 */
import type { LegalProfileCode, PersonKind, Role } from '../api/client.ts';

export interface Who { person: { kind: PersonKind }; roles: readonly Role[] }

export type HomeKind = 'guardian' | 'student' | 'board' | 'school' | 'teacher' | 'none';

export function isBoardLeader(who: Who): boolean {
  return who.roles.includes('director_general') || who.roles.includes('privacy_officer');
}

export function isSchoolLeader(who: Who): boolean {
  return who.roles.includes('principal') || who.roles.includes('secretary');
}

/** The widest view decides the home page: board, then school, then the teacher's groups. */
export function homeKind(who: Who): HomeKind {
  if (who.person.kind === 'guardian') return 'guardian';
  if (who.person.kind === 'student') return 'student';
  if (isBoardLeader(who)) return 'board';
  if (isSchoolLeader(who)) return 'school';
  if (who.roles.includes('teacher')) return 'teacher';
  return 'none';
}

const ROLE_ORDER: readonly Role[] = ['director_general', 'privacy_officer', 'principal', 'secretary', 'teacher'];

/** Catalogue keys (under `roles.`) naming what the person is, most senior role first. */
export function roleLabelKeys(who: Who, legalProfile: LegalProfileCode): string[] {
  if (who.person.kind !== 'staff') return [who.person.kind];
  const roles = ROLE_ORDER.filter((r) => who.roles.includes(r));
  if (roles.length === 0) return ['staff'];
  return roles.map((r) => (r === 'privacy_officer' ? `privacy_officer_${legalProfile}` : r));
}
