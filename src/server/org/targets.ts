import type { Kysely } from 'kysely';
import type { AuditedTarget } from '../access/call.ts';
import type { Database } from '../../db/schema.ts';
import type { BoardTarget, ClassGroupTarget, GuardianLinkTarget, SchoolTarget, StudentTarget } from '../../domain/access/targets.ts';
import { findSchoolScope } from '../../db/org/schools.ts';
import { findGuardianLinkScope, findStudentScope } from '../../db/org/students.ts';

/**
 * What a rule is asked about, read fresh from the database for each call, with how the audit log
 * names the thing and whose information it is. null: it does not exist (404).
 */
type Db = Kysely<Database>;

export const boardTarget = (boardId: string): AuditedTarget<BoardTarget> => ({
  facts: { boardId },
  type: 'board',
  id: boardId,
  scope: { type: 'board', id: boardId },
});

export async function schoolTarget(db: Db, schoolId: string): Promise<AuditedTarget<SchoolTarget> | null> {
  const scope = await findSchoolScope(db, schoolId);
  return scope && { facts: scope, type: 'school', id: scope.schoolId, scope: { type: 'school', id: scope.schoolId } };
}

/** A class group already read (with the board of its school). */
export function classGroupTargetOf(boardId: string, group: { id: string; schoolId: string }): AuditedTarget<ClassGroupTarget> {
  const facts = { boardId, schoolId: group.schoolId, classGroupId: group.id };
  return { facts, type: 'class_group', id: group.id, scope: { type: 'class', id: group.id } };
}

export async function studentTarget(db: Db, studentId: string): Promise<AuditedTarget<StudentTarget> | null> {
  const scope = await findStudentScope(db, studentId);
  return scope && { facts: scope, type: 'student', id: scope.studentId, scope: { type: 'student', id: scope.studentId }, subjectIds: [scope.studentId] };
}

export async function guardianLinkTarget(db: Db, linkId: string): Promise<AuditedTarget<GuardianLinkTarget & { linkId: string }> | null> {
  const scope = await findGuardianLinkScope(db, linkId);
  return (
    scope && {
      facts: scope,
      type: 'guardian_link',
      id: scope.linkId,
      scope: { type: 'student', id: scope.studentId },
      subjectIds: [scope.studentId, scope.guardianId],
    }
  );
}
