import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signedInCallOf } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { ClassGroupDetail, ClassGroupList, IdParams } from '../../api/org.ts';
import { listVisibleClassGroups } from './list-visible-class-groups.ts';
import { readClassList } from './read-class-list.ts';

export function registerClassGroupRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/classes', {
    schema: { tags: ['organisation'], summary: 'Class groups the caller may see (no personal information)', response: { 200: ClassGroupList } },
    config: { access: access.signedIn('lists only the groups within the caller’s own scopes') },
    handler: (request) => listVisibleClassGroups(ctx, signedInCallOf(request)),
  });

  r.get('/api/classes/:id', {
    schema: { tags: ['organisation'], summary: 'A class list: the group, its teachers and its students', params: IdParams, response: { 200: ClassGroupDetail } },
    config: { access: access.rule(rules.readClassGroup) },
    handler: (request) => readClassList(ctx, signedInCallOf(request), { classGroupId: request.params.id }),
  });
}
