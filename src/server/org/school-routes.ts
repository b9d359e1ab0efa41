import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signedInCallOf } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { IdParams, SchoolDetail, SchoolList } from '../../api/org.ts';
import { listVisibleSchools } from './list-visible-schools.ts';
import { readSchool } from './read-school.ts';

export function registerSchoolRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/schools', {
    schema: { tags: ['organisation'], summary: 'Schools the caller leads, or all of them for board leaders', response: { 200: SchoolList } },
    config: { access: access.signedIn('lists only schools within the caller’s own scopes') },
    handler: (request) => listVisibleSchools(ctx, signedInCallOf(request)),
  });

  r.get('/api/schools/:id', {
    schema: { tags: ['organisation'], summary: 'A school and its class groups', params: IdParams, response: { 200: SchoolDetail } },
    config: { access: access.rule(rules.readSchool) },
    handler: (request) => readSchool(ctx, signedInCallOf(request), { schoolId: request.params.id }),
  });
}
