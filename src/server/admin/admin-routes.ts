import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { signedInCallOf } from '../access/call.ts';
import { readBoardAdministration } from './read-board-administration.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext) {

  app.get('/api/admin/board', {
    schema: { tags: ['admin'], summary: 'The board, its legal profile, counts and import history' },
    config: { access: access.rule(rules.administerBoard) },
    handler: (request) => readBoardAdministration(ctx, signedInCallOf(request)),
  });

  app.post('/api/admin/audit/verify', {
    schema: { tags: ['admin'], summary: 'Verify the audit log: hash chain, signed checkpoints, append-only guards' },
    config: { access: access.rule(rules.verifyAudit) },
    handler: (request) => verifyAuditLog(ctx, signedInCallOf(request)),
  });
}
