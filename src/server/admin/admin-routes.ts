import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import { signedInCallOf } from '../access/call.ts';
import { AuditVerification, BoardAdministration } from '../../api/admin.ts';
import { readBoardAdministration } from './read-board-administration.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/board', {
    schema: { tags: ['admin'], summary: 'The board, its legal profile, counts and import history', response: { 200: BoardAdministration } },
    config: { access: access.rule(rules.administerBoard) },
    handler: (request) => readBoardAdministration(ctx, signedInCallOf(request)),
  });

  r.post('/api/admin/audit/verify', {
    schema: { tags: ['admin'], summary: 'Verify the audit log: hash chain, signed checkpoints, append-only guards', response: { 200: AuditVerification } },
    config: { access: access.rule(rules.verifyAudit) },
    handler: (request) => verifyAuditLog(ctx, signedInCallOf(request)),
  });
}
