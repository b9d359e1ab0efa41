import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { isBoardLeader, ledSchoolIds } from '../../domain/access/actor.ts';
import { listClassGroups } from '../../db/org/class-groups.ts';
import { classGroupTarget } from './targets.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerClassGroupRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;

  r.get('/api/classes', {
    schema: { tags: ['organisation'], summary: 'Class groups the caller may see (no personal information)' },
    config: { access: access.signedIn('lists only the groups within the caller’s own scopes') },
    handler: async (request) => {
      const actor = request.actor!;
      const classGroups = await listClassGroups(k, {
        boardId: actor.boardId,
        wholeBoard: isBoardLeader(actor),
        schoolIds: ledSchoolIds(actor),
        classGroupIds: [...actor.teachesClassIds],
      });
      return { classGroups };
    },
  });

  r.get('/api/classes/:id', {
    schema: { tags: ['organisation'], summary: 'A class list: the group, its teachers and its students', params: IdParams },
    config: { access: access.rule(rules.readClassGroup, classGroupTarget(ctx)) },
    handler: async (request, reply) => {
      const list = await ctx.classLists.list(request.params.id);
      await request.audit({
        action: 'class_group.read_roster',
        outcome: 'allowed',
        scopeType: 'class',
        scopeId: request.params.id,
        targetType: 'class_group',
        targetId: request.params.id,
        subjectIds: list.subjectIds,
      });
      // Already JSON: sent as it is.
      return reply.type('application/json; charset=utf-8').send(list.json);
    },
  });
}
