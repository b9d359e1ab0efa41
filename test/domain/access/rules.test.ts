import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/domain/access/rules.ts';
import type { Actor } from '../../../src/domain/access/actor.ts';
import type { StaffRoleName } from '../../../src/domain/access/names.ts';

const BOARD = 'board-1';
const actor = (over: Partial<Actor> & { kind: Actor['kind'] }): Actor => ({
  personId: 'p', boardId: BOARD, boardRoles: new Set(), schoolRoles: new Map(), teachesClassIds: new Set(), childIds: new Set(), ...over,
});
const staff = (personId: string, extra: Partial<Actor> = {}) => actor({ personId, kind: 'staff', ...extra });
const atSchool = (schoolId: string, ...roles: StaffRoleName[]) => new Map([[schoolId, new Set(roles)]]);

const dg = staff('dg', { boardRoles: new Set(['director_general']) });
const po = staff('po', { boardRoles: new Set(['privacy_officer']) });
const principalA = staff('pa', { schoolRoles: atSchool('A', 'principal') });
const secretaryA = staff('sa', { schoolRoles: atSchool('A', 'secretary') });
const principalB = staff('pb', { schoolRoles: atSchool('B', 'principal') });
const teacher1 = staff('t1', { teachesClassIds: new Set(['c1']) });
const teacher2 = staff('t2', { teachesClassIds: new Set(['c2']) });
const guardian = actor({ personId: 'g', kind: 'guardian', childIds: new Set(['s1']) });
const restrictedGuardian = actor({ personId: 'gr', kind: 'guardian', childIds: new Set() });
const student1 = actor({ personId: 's1', kind: 'student' });
const foreignDg = staff('dg2', { boardId: 'board-2', boardRoles: new Set(['director_general']) });

const classC1 = { boardId: BOARD, schoolId: 'A', classGroupId: 'c1' };
const classC3 = { boardId: BOARD, schoolId: 'B', classGroupId: 'c3' };
const studentS1 = { boardId: BOARD, studentId: 's1', schoolIds: ['A'], classGroupIds: ['c1'] };
const studentS2 = { boardId: BOARD, studentId: 's2', schoolIds: ['B'], classGroupIds: ['c3'] };
const board = { boardId: BOARD };

type Case = [string, Actor, boolean];
const table = <T>(rule: { check: (a: Actor, t: T) => boolean }, target: T, cases: Case[]) =>
  it.each(cases)('%s → %s', (_name, who, expected) => expect(rule.check(who, target)).toBe(expected));

describe('readClassGroup: a role at a scope (class, school, board)', () => {
  table(rules.readClassGroup, classC1, [
    ['teacher of the class', teacher1, true],
    ['teacher of another class', teacher2, false],
    ['principal of its school', principalA, true],
    ['secretary of its school', secretaryA, true],
    ['principal of another school', principalB, false],
    ['director general', dg, true],
    ['privacy officer', po, true],
    ['director general of another board', foreignDg, false],
    ['guardian', guardian, false],
    ['student', student1, false],
  ]);
});

describe('readStudent: the student, unrestricted guardians, their teachers, school and board leaders', () => {
  table(rules.readStudent, studentS1, [
    ['the student themself', student1, true],
    ['guardian with an unrestricted link', guardian, true],
    ['ORG-4: guardian whose link is restricted', restrictedGuardian, false],
    ['teacher of one of their classes', teacher1, true],
    ['teacher of another class', teacher2, false],
    ['principal of their school', principalA, true],
    ['principal of another school', principalB, false],
    ['director general', dg, true],
    ['privacy officer', po, true],
    ['director general of another board', foreignDg, false],
  ]);
  it('a student does not see another student', () => expect(rules.readStudent.check(student1, studentS2)).toBe(false));
  it('a guardian does not see a child who is not theirs', () => expect(rules.readStudent.check(guardian, studentS2)).toBe(false));
});

describe('ORG-4 restricting a guardian link is for the school and board leaders', () => {
  const link = { ...studentS1, guardianId: 'g' };
  table(rules.restrictGuardianLink, link, [
    ['principal of the school', principalA, true],
    ['secretary of the school', secretaryA, true],
    ['principal of another school', principalB, false],
    ['teacher of the class', teacher1, false],
    ['director general', dg, true],
    ['privacy officer', po, true],
    ['the guardian', guardian, false],
  ]);
});

describe('board-level rules', () => {
  it.each<[string, Actor, boolean, boolean, boolean]>([
    ['director general', dg, true, false, true],
    ['privacy officer', po, true, true, true],
    ['principal', principalA, false, false, false],
    ['teacher', teacher1, false, false, false],
    ['guardian', guardian, false, false, false],
    ['foreign DG', foreignDg, false, false, false],
  ])('%s: administer=%s import=%s verify=%s', (_n, who, administer, importRoster, verify) => {
    expect(rules.administerBoard.check(who, board)).toBe(administer);
    expect(rules.importRoster.check(who, board)).toBe(importRoster);
    expect(rules.verifyAudit.check(who, board)).toBe(verify);
  });
  it('readBoard is for staff of the board only', () => {
    expect(rules.readBoard.check(teacher1, board)).toBe(true);
    expect(rules.readBoard.check(guardian, board)).toBe(false);
    expect(rules.readBoard.check(foreignDg, board)).toBe(false);
  });
  it('readSchool: its leaders and board leaders', () => {
    const school = { boardId: BOARD, schoolId: 'A' };
    expect(rules.readSchool.check(principalA, school)).toBe(true);
    expect(rules.readSchool.check(principalB, school)).toBe(false);
    expect(rules.readSchool.check(teacher1, school)).toBe(false);
    expect(rules.readSchool.check(dg, school)).toBe(true);
  });
});

describe('a class group outside every scope', () => {
  it('is invisible to a teacher and a principal elsewhere', () => {
    expect(rules.readClassGroup.check(teacher1, classC3)).toBe(false);
    expect(rules.readClassGroup.check(principalA, classC3)).toBe(false);
    expect(rules.readClassGroup.check(principalB, classC3)).toBe(true);
  });
});

it('every rule has a name and a plain description', () => {
  for (const r of Object.values(rules)) {
    expect(r.name).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
    expect(r.describe.length).toBeGreaterThan(10);
  }
});
