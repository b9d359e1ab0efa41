import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { legalProfile } from '../../domain/legal/profiles.ts';
import { verifyAuditChain } from '../../db/audit/verify-audit-chain.ts';
import { boardTarget } from '../org/targets.ts';

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const k = ctx.db.kysely;

  app.get('/api/admin/board', {
    schema: { tags: ['admin'], summary: 'The board, its legal profile, counts and import history' },
    config: { access: access.rule(rules.administerBoard, boardTarget(ctx)) },
    handler: async () => {
      const board = await k.selectFrom('board').selectAll().where('id', '=', ctx.boardId).executeTakeFirstOrThrow();
      const count = async (table: 'school' | 'school_year') =>
        Number((await k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('board_id', '=', ctx.boardId).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
      const people = await k
        .selectFrom('person')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('board_id', '=', ctx.boardId)
        .where('status', '=', 'active')
        .groupBy('kind')
        .execute();
      const classGroups = await k
        .selectFrom('class_group')
        .innerJoin('school', 'school.id', 'class_group.school_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school.board_id', '=', ctx.boardId)
        .where('class_group.status', '=', 'active')
        .executeTakeFirstOrThrow();
      const imports = await k.selectFrom('import_run').selectAll().where('board_id', '=', ctx.boardId).orderBy('started_at', 'desc').limit(20).execute();
      const byKind = (kind: string) => Number(people.find((p) => p.kind === kind)?.n ?? 0);
      return {
        board: { id: board.id, name: board.name },
        legalProfile: legalProfile(board.legal_profile),
        counts: {
          schools: await count('school'),
          schoolYears: await count('school_year'),
          classGroups: Number(classGroups.n),
          students: byKind('student'),
          guardians: byKind('guardian'),
          staff: byKind('staff'),
        },
        imports: imports.map((i) => ({
          id: i.id,
          startedAt: i.started_at,
          finishedAt: i.finished_at,
          status: i.status,
          format: i.kind,
          sourceLabel: i.source_label,
          counts: JSON.parse(i.counts),
          errorCount: (JSON.parse(i.errors) as unknown[]).length,
        })),
      };
    },
  });

  app.post('/api/admin/audit/verify', {
    schema: { tags: ['admin'], summary: 'Verify the audit log’s hash chain' },
    config: { access: access.rule(rules.verifyAudit, boardTarget(ctx)) },
    handler: async (request) => {
      const result = await verifyAuditChain(k);
      await request.audit({ action: 'audit.verify', outcome: result.ok ? 'succeeded' : 'failed', scopeType: 'board', scopeId: ctx.boardId, details: { checked: result.checked, firstBreak: result.firstBreak } });
      return result;
    },
  });
}
