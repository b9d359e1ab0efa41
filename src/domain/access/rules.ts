import { type Actor, holdsBoardRole, holdsSchoolRole, isBoardLeader } from './actor.ts';
import { schoolLeadRoles } from './names.ts';
import type { BoardTarget, ClassGroupTarget, GuardianLinkTarget, SchoolTarget, StudentTarget } from './targets.ts';

/**
 * Every permission of Balise, declared once. A route names one of these; a route that names
 * none is refused (default deny). Each rule reads as a sentence: "who may <action> a <subject>".
 */
export type Rule<T> = { name: string; describe: string; check: (actor: Actor, target: T) => boolean };

function rule<T>(name: string, describe: string, check: (actor: Actor, target: T) => boolean): Rule<T> {
  return { name, describe, check };
}

const sameBoard = (a: Actor, t: { boardId: string }) => a.boardId === t.boardId;
/** The director general and the privacy officer (names.ts: boardWideRoles). */
const boardLeader = (a: Actor, t: { boardId: string }) => sameBoard(a, t) && isBoardLeader(a);
/** The principal and the secretary (names.ts: schoolLeadRoles). */
const schoolLeader = (a: Actor, schoolId: string) => holdsSchoolRole(a, schoolId, ...schoolLeadRoles);

export const rules = {
  readBoard: rule<BoardTarget>('board.read', 'staff of the board see its schools and years', (a, t) =>
    sameBoard(a, t) && a.kind === 'staff'),

  administerBoard: rule<BoardTarget>('board.administer', 'the DG and the privacy officer see the board’s administration',
    boardLeader),

  importRoster: rule<BoardTarget>('roster.import', 'the privacy officer imports rosters', (a, t) =>
    sameBoard(a, t) && holdsBoardRole(a, 'privacy_officer')),

  verifyAudit: rule<BoardTarget>('audit.verify', 'the privacy officer and the DG verify the audit log', boardLeader),

  readSchool: rule<SchoolTarget>('school.read', 'board leaders, and the school’s principal and secretary', (a, t) =>
    boardLeader(a, t) || (sameBoard(a, t) && schoolLeader(a, t.schoolId))),

  readClassGroup: rule<ClassGroupTarget>('classGroup.read', 'the class’s teachers, its school’s leaders, board leaders',
    (a, t) =>
      sameBoard(a, t) &&
      (a.teachesClassIds.has(t.classGroupId) || schoolLeader(a, t.schoolId) || boardLeader(a, t))),

  readStudent: rule<StudentTarget>('student.read',
    'the student, an unrestricted guardian, a teacher of one of their classes, a leader of one of their schools, board leaders',
    (a, t) =>
      sameBoard(a, t) &&
      (a.personId === t.studentId ||
        a.childIds.has(t.studentId) ||
        t.classGroupIds.some((c) => a.teachesClassIds.has(c)) ||
        t.schoolIds.some((s) => schoolLeader(a, s)) ||
        boardLeader(a, t))),

  restrictGuardianLink: rule<GuardianLinkTarget>('guardianLink.restrict',
    'the student’s school leaders and board leaders restrict or lift a guardian link (ORG-4)',
    (a, t) => sameBoard(a, t) && (t.schoolIds.some((s) => schoolLeader(a, s)) || boardLeader(a, t))),
} as const;

export type RuleName = keyof typeof rules;
