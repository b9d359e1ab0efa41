import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { AuditedTarget, MaybePromise } from '../access/route-access.ts';
import type { ClassGroupScope } from '../../db/org/class-groups.ts';
import type { BoardTarget, ClassGroupTarget, GuardianLinkTarget, SchoolTarget, StudentTarget } from '../../domain/access/targets.ts';
import { findSchoolScope } from '../../db/org/schools.ts';
import { findGuardianLinkScope, findStudentScope } from '../../db/org/students.ts';

/** Loaders that turn a URL into the facts a rule decides on. Each names the audit scope too. */
const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] ?? '';

export const boardTarget = (ctx: Pick<AppContext, 'boardId'>) => async (): Promise<AuditedTarget<BoardTarget>> => ({
  facts: { boardId: ctx.boardId },
  type: 'board',
  id: ctx.boardId,
  scope: { type: 'board', id: ctx.boardId },
});

export const schoolTarget = (ctx: AppContext) => async (request: FastifyRequest): Promise<AuditedTarget<SchoolTarget> | null> => {
  const scope = await findSchoolScope(ctx.db.kysely, param(request, 'id'));
  return scope && { facts: scope, type: 'school', id: scope.schoolId, scope: { type: 'school', id: scope.schoolId } };
};

const asClassGroupTarget = (scope: ClassGroupScope | null): AuditedTarget<ClassGroupTarget> | null =>
  scope && { facts: scope, type: 'class_group', id: scope.classGroupId, scope: { type: 'class', id: scope.classGroupId } };

/** Class lists are opened all day: a cached group scope answers at once. */
export const classGroupTarget = (ctx: AppContext) => (request: FastifyRequest): MaybePromise<AuditedTarget<ClassGroupTarget> | null> => {
  const scope = ctx.classLists.scope(param(request, 'id'));
  return scope instanceof Promise ? scope.then(asClassGroupTarget) : asClassGroupTarget(scope);
};

export const studentTarget = (ctx: AppContext) => async (request: FastifyRequest): Promise<AuditedTarget<StudentTarget> | null> => {
  const scope = await findStudentScope(ctx.db.kysely, param(request, 'id'));
  return scope && { facts: scope, type: 'student', id: scope.studentId, scope: { type: 'student', id: scope.studentId }, subjectIds: [scope.studentId] };
};

export const guardianLinkTarget = (ctx: AppContext) => async (request: FastifyRequest): Promise<AuditedTarget<GuardianLinkTarget> | null> => {
  const scope = await findGuardianLinkScope(ctx.db.kysely, param(request, 'linkId'));
  return (
    scope && {
      facts: scope,
      type: 'guardian_link',
      id: scope.linkId,
      scope: { type: 'student', id: scope.studentId },
      subjectIds: [scope.studentId, scope.guardianId],
    }
  );
};
