import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signedInCallOf } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { IdParams } from '../../api/org.ts';
import { ChildList, LinkChange, LinkParams, RestrictionReason, StudentFile } from '../../api/students.ts';
import { listOwnChildren } from './list-own-children.ts';
import { readStudentFile } from './read-student-file.ts';
import { restrictGuardianLink } from './restrict-guardian-link.ts';
import { liftGuardianLinkRestriction } from './lift-guardian-link-restriction.ts';

export function registerStudentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/children', {
    schema: { tags: ['families'], summary: 'A guardian’s own children (restricted links excluded, ORG-4)', response: { 200: ChildList } },
    config: { access: access.signedIn('returns only the caller’s own unrestricted children') },
    handler: (request) => listOwnChildren(ctx, signedInCallOf(request)),
  });

  r.get('/api/students/:id', {
    schema: { tags: ['organisation'], summary: 'A student’s file: identity, groups, guardians, what the reader may do', params: IdParams, response: { 200: StudentFile } },
    config: { access: access.rule(rules.readStudent) },
    handler: (request) => readStudentFile(ctx, signedInCallOf(request), { studentId: request.params.id }),
  });

  // Restricting and lifting take the same link and a reason, and answer the link as it ends up.
  const restrictionRoute = (method: 'POST' | 'DELETE', summary: string, change: typeof restrictGuardianLink) =>
    r.route({
      method,
      url: '/api/guardian-links/:linkId/restriction',
      schema: { tags: ['families'], summary, params: LinkParams, body: RestrictionReason, response: { 200: LinkChange } },
      config: { access: access.rule(rules.restrictGuardianLink) },
      handler: (request) => change(ctx, signedInCallOf(request), { linkId: request.params.linkId, reason: request.body.reason }),
    });
  restrictionRoute('POST', 'Restrict a guardian’s link to a student, for a reason kept in its history (ORG-4)', restrictGuardianLink);
  restrictionRoute('DELETE', 'Lift a guardian link’s restriction, for a reason kept in its history (ORG-4)', liftGuardianLinkRestriction);
}
