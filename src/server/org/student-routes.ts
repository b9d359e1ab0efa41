import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { rules } from '../../domain/access/rules.ts';
import type { StudentTarget } from '../../domain/access/targets.ts';
import { listChildren, readStudentFile, setGuardianLinkRestriction } from '../../db/org/students.ts';
import { appendAuditEntries } from '../../db/audit/append-audit-entries.ts';
import { guardianLinkTarget, studentTarget } from './targets.ts';

const IdParams = z.object({ id: z.uuid() });
const LinkParams = z.object({ linkId: z.uuid() });
const RestrictBody = z.object({ reason: z.string().trim().min(3).max(2000) });

export function registerStudentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;

  r.get('/api/children', {
    schema: { tags: ['families'], summary: 'A guardian’s own children (restricted links excluded, ORG-4)' },
    config: { access: access.signedIn('returns only the caller’s own unrestricted children') },
    handler: async (request) => {
      const actor = request.actor!;
      const children = await listChildren(k, [...actor.childIds]);
      if (children.length > 0) {
        await request.audit({
          action: 'guardian.read_children',
          outcome: 'allowed',
          scopeType: 'guardian',
          scopeId: actor.personId,
          subjectIds: children.map((c) => c.id),
        });
      }
      return { children };
    },
  });

  r.get('/api/students/:id', {
    schema: { tags: ['organisation'], summary: 'A student’s file: identity, groups, guardians', params: IdParams },
    config: { access: access.rule(rules.readStudent, studentTarget(ctx)) },
    handler: async (request) => {
      const actor = request.actor!;
      const file = await readStudentFile(k, request.params.id);
      const facts = request.target!.facts as StudentTarget;
      const isFamily = actor.kind !== 'staff';
      // A guardian or the student sees their own link only; staff see every link and its restriction.
      const guardians = isFamily ? file.guardians.filter((g) => g.id === actor.personId) : file.guardians;
      await request.audit({
        action: 'student.read_file',
        outcome: 'allowed',
        scopeType: 'student',
        scopeId: facts.studentId,
        targetType: 'student',
        targetId: facts.studentId,
        subjectIds: [facts.studentId, ...guardians.map((g) => g.id)],
      });
      return {
        ...file,
        guardians,
        canRestrictLinks: rules.restrictGuardianLink.check(actor, { ...facts, guardianId: '' }),
      };
    },
  });

  const changeRestriction = (restricted: boolean) => async (request: any) => {
    const facts = request.target!.facts as StudentTarget & { guardianId: string; linkId: string };
    const at = ctx.now().toISOString();
    await k.transaction().execute(async (trx) => {
      await setGuardianLinkRestriction(
        trx,
        facts.linkId,
        restricted ? { restricted: true, reason: request.body.reason, by: request.actor!.personId, at } : { restricted: false },
      );
      await appendAuditEntries(trx, [
        request.auditEntry({
          action: restricted ? 'guardian_link.restrict' : 'guardian_link.lift_restriction',
          outcome: 'succeeded',
          scopeType: 'student',
          scopeId: facts.studentId,
          targetType: 'guardian_link',
          targetId: facts.linkId,
          subjectIds: [facts.studentId, facts.guardianId],
        }),
      ]);
    });
    return { link: { linkId: facts.linkId, restricted } };
  };

  r.post('/api/guardian-links/:linkId/restriction', {
    schema: { tags: ['families'], summary: 'Restrict a guardian’s link to a student (ORG-4)', params: LinkParams, body: RestrictBody },
    config: { access: access.rule(rules.restrictGuardianLink, guardianLinkTarget(ctx)) },
    handler: changeRestriction(true),
  });

  r.delete('/api/guardian-links/:linkId/restriction', {
    schema: { tags: ['families'], summary: 'Lift a guardian link restriction', params: LinkParams },
    config: { access: access.rule(rules.restrictGuardianLink, guardianLinkTarget(ctx)) },
    handler: changeRestriction(false),
  });
}
