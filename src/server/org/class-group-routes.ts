import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { isBoardLeader, ledSchoolIds } from '../../domain/access/actor.ts';
import { listClassGroups } from '../../db/org/class-groups.ts';
import { classGroupTarget } from './targets.ts';
import type { ClassListView } from './class-list-cache.ts';

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
    handler: (request, reply) => {
      const id = request.params.id;
      // The list is logged, with everyone on it, before it is sent; it is already JSON.
      const send = (list: ClassListView) =>
        request
          .audit({
            action: 'class_group.read_roster',
            outcome: 'allowed',
            scopeType: 'class',
            scopeId: id,
            targetType: 'class_group',
            targetId: id,
            subjectIds: list.subjectIds,
          })
          .then(() => reply.type('application/json; charset=utf-8').send(list.body));
      const list = ctx.classLists.list(id);
      return list instanceof Promise ? list.then(send) : send(list);
    },
  });
}
