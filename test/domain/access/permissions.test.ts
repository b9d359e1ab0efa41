import { describe, expect, it } from 'vitest';
import { boardPermissions } from '../../../src/domain/access/permissions.ts';
import type { Actor } from '../../../src/domain/access/actor.ts';
import type { StaffRoleName } from '../../../src/domain/access/names.ts';

const actor = (kind: Actor['kind'], boardRoles: StaffRoleName[] = [], schoolRoles: [string, StaffRoleName[]][] = [], teaches: string[] = []): Actor => ({
  personId: 'p',
  boardId: 'board-1',
  kind,
  boardRoles: new Set(boardRoles),
  schoolRoles: new Map(schoolRoles.map(([id, roles]) => [id, new Set(roles)])),
  teachesClassIds: new Set(teaches),
  childIds: new Set(),
});

// Moved from the web client (A4): the server now says what the viewer may do, from the rules.
describe('A4 what the signed-in person may do, sent with the session', () => {
  it('opens the administration to the DG and the privacy officer only; the import to the privacy officer', () => {
    expect(boardPermissions(actor('staff', ['director_general'])).administerBoard).toBe(true);
    expect(boardPermissions(actor('staff', ['privacy_officer'])).administerBoard).toBe(true);
    expect(boardPermissions(actor('staff', [], [['A', ['principal']]], ['c1'])).administerBoard).toBe(false);
    expect(boardPermissions(actor('guardian', ['director_general'])).administerBoard).toBe(false);
    expect(boardPermissions(actor('staff', ['privacy_officer'])).importRoster).toBe(true);
    expect(boardPermissions(actor('staff', ['director_general'])).importRoster).toBe(false);
    expect(boardPermissions(actor('staff', [], [], ['c1'])).openSchools).toBe(false);
    expect(boardPermissions(actor('staff', [], [['A', ['secretary']]])).openSchools).toBe(true);
  });

  it('lets the DG and the privacy officer verify the audit log, nobody else', () => {
    expect(boardPermissions(actor('staff', ['director_general'])).verifyAudit).toBe(true);
    expect(boardPermissions(actor('staff', ['privacy_officer'])).verifyAudit).toBe(true);
    expect(boardPermissions(actor('staff', [], [['A', ['principal']]])).verifyAudit).toBe(false);
    expect(boardPermissions(actor('student')).verifyAudit).toBe(false);
  });
});
