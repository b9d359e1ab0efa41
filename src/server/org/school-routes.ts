import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { isBoardLeader, ledSchoolIds } from '../../domain/access/actor.ts';
import { listSchools } from '../../db/org/schools.ts';
import { schoolTarget } from './targets.ts';
import { listClassGroups } from '../../db/org/class-groups.ts';
import { notFound } from '../http/api-error.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerSchoolRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;

  r.get('/api/schools', {
    schema: { tags: ['organisation'], summary: 'Schools the caller leads, or all of them for board leaders' },
    config: { access: access.signedIn('lists only schools within the caller’s own scopes') },
    handler: async (request) => {
      const actor = request.actor!;
      return { schools: await listSchools(k, { boardId: actor.boardId, wholeBoard: isBoardLeader(actor), schoolIds: ledSchoolIds(actor) }) };
    },
  });

  r.get('/api/schools/:id', {
    schema: { tags: ['organisation'], summary: 'A school and its class groups', params: IdParams },
    config: { access: access.rule(rules.readSchool, schoolTarget(ctx)) },
    handler: async (request) => {
      const school = await k.selectFrom('school').select(['id', 'name', 'code']).where('id', '=', request.params.id).executeTakeFirst();
      if (!school) throw notFound();
      const classGroups = await listClassGroups(k, { boardId: ctx.boardId, wholeBoard: false, schoolIds: [school.id], classGroupIds: [] });
      return { school, classGroups };
    },
  });
}
