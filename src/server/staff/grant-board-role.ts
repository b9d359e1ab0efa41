import type { AppContext } from '../app-context.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import type { ConsoleCall } from '../access/call.ts';
import { boardHoldsDemoData } from '../../db/demo/demo-data.ts';
import { findActivePeopleByEmail, holdsActiveBoardRole, insertBoardRole, insertStaffPerson } from '../../db/people/board-roles.ts';
import type { StaffRoleName } from '../../domain/access/names.ts';

/** The roles a board is started with: whoever holds them imports the roster and names the others. */
export const grantableBoardRoles = ['director_general', 'privacy_officer'] as const satisfies readonly StaffRoleName[];
export type GrantableBoardRole = (typeof grantableBoardRoles)[number];

export type GrantBoardRoleOutcome =
  | { ok: true; personId: string; createdPerson: boolean; alreadyHeld: boolean }
  | { ok: false; reason: 'demo_present' | 'not_staff' | 'name_required' };

/**
 * Gives a board role to the staff member with this e-mail address, adding them as staff if the
 * board has nobody by that address; they then choose a password through « Mot de passe oublié ou
 * première connexion ? » or sign in with OpenID Connect. Refused while the demo is on the board:
 * a real leader would sit beside fictitious people who share a public password.
 */
export async function grantBoardRole(
  ctx: Pick<AppContext, 'db' | 'boardId' | 'now' | 'defaultLocale'>,
  call: ConsoleCall,
  input: { email: string; role: GrantableBoardRole; givenName?: string; familyName?: string },
): Promise<GrantBoardRoleOutcome> {
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx): Promise<GrantBoardRoleOutcome> => {
    if (await boardHoldsDemoData(trx, ctx.boardId)) return { ok: false, reason: 'demo_present' };
    const people = await findActivePeopleByEmail(trx, ctx.boardId, input.email);
    let personId = people.find((p) => p.kind === 'staff')?.id;
    const createdPerson = !personId;
    if (!personId) {
      // A guardian's or a student's address is theirs: a staff account is not made out of it.
      if (people.length > 0) return { ok: false, reason: 'not_staff' };
      if (!input.givenName?.trim() || !input.familyName?.trim()) return { ok: false, reason: 'name_required' };
      personId = await insertStaffPerson(trx, {
        boardId: ctx.boardId, email: input.email, givenName: input.givenName.trim(), familyName: input.familyName.trim(), locale: ctx.defaultLocale, now,
      });
    }
    if (await holdsActiveBoardRole(trx, personId, ctx.boardId, input.role)) return { ok: true, personId, createdPerson, alreadyHeld: true };
    const roleId = await insertBoardRole(trx, personId, ctx.boardId, input.role, now);
    await recordAuditIn(trx, call, {
      action: 'staff_role.grant',
      outcome: 'succeeded',
      scopeType: 'board',
      scopeId: ctx.boardId,
      subjectIds: [personId],
      targetType: 'role_assignment',
      targetId: roleId,
      details: { role: input.role, createdPerson },
    });
    return { ok: true, personId, createdPerson, alreadyHeld: false };
  });
}
