import type { Kysely } from 'kysely';
import type { AuditedTarget } from '../access/call.ts';
import type { Database } from '../../db/schema.ts';
import type { BoardTarget, ClassGroupTarget, GuardianLinkTarget, SchoolTarget, StudentTarget } from '../../domain/access/targets.ts';
import { findSchoolScope } from '../../db/org/schools.ts';
import { findClassGroupScope } from '../../db/org/class-groups.ts';
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

export async function classGroupTarget(db: Db, classGroupId: string): Promise<AuditedTarget<ClassGroupTarget> | null> {
  const scope = await findClassGroupScope(db, classGroupId);
  return scope && { facts: scope, type: 'class_group', id: scope.classGroupId, scope: { type: 'class', id: scope.classGroupId } };
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
