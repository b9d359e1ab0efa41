import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import type { RosterFormat } from '../../db/schema.ts';
import { rules } from '../../domain/access/rules.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import { HELD_KINDS, type RosterHold } from '../../domain/roster/import-hold.ts';
import { ImportAccepted, ImportQuery, ImportResult, ImportRunAnswer, ImportRunParams } from '../../api/roster-imports.ts';
import { access } from '../access/route-access.ts';
import { signedInCallOf } from '../access/call.ts';
import { ApiError } from '../http/api-error.ts';
import { importRoster, type ImportRosterDeps } from './import-roster.ts';
import { downloadPlainRosterTemplate } from './download-plain-roster-template.ts';
import { RunningImports } from './import-progress.ts';
import { inLocale, readImportRun } from './read-import-run.ts';
import type { RosterSource } from './read-roster-files.ts';
import type { ImportRosterOutcome } from './run-roster-import.ts';
import { storeUpload, uploadsDir, type StoredUpload } from './store-upload.ts';

/** What the upload holds, as the import reads it: OneRoster as one .zip or its .csv files; the plain CSV as .csv files only. */
function sourceOf(format: RosterFormat, upload: StoredUpload): { source: RosterSource; label: string } {
  const label = upload.names.join(',').slice(0, 200);
  if (format === 'oneroster') {
    const [zip] = upload.zips;
    if (zip && upload.zips.length === 1 && upload.csvs.length === 0) return { source: { kind: 'zip', ...zip }, label: zip.name };
    if (upload.zips.length > 0 || upload.csvs.length === 0) throw new ApiError(400, 'roster.no_files');
  } else if (upload.zips.length > 0 || upload.csvs.length === 0) throw new ApiError(400, 'roster.no_csv_file');
  // More than one plain CSV file is refused by the import itself, naming them.
  return { source: { kind: 'files', files: upload.csvs }, label };
}

/** The hold as the page shows it: how many of each would end, and a few named (ids of people stay here). */
function holdDetails(hold: RosterHold) {
  const examples = Object.fromEntries(HELD_KINDS.map((k) => [k, hold.examples[k].map(({ personIds: _, ...shown }) => shown)]));
  return { share: hold.share, over: hold.over, ending: hold.ending, examples };
}

/** 200 done; 422 roster.invalid (every error, nothing written); 409 roster.hold (what it would end, nothing written). */
function answer(reply: FastifyReply, outcome: ImportRosterOutcome, locale: Locale) {
  if (outcome.status === 'failed') {
    const details = { importRunId: outcome.importRunId, errors: inLocale(outcome.errors, locale) };
    throw new ApiError(422, 'roster.invalid', { count: outcome.errors.length }, details);
  }
  const warnings = inLocale(outcome.warnings, locale);
  if (outcome.status === 'held') {
    const { students, staff, guardianLinks } = outcome.hold.ending;
    const params = { students: students.ending, staff: staff.ending, guardianLinks: guardianLinks.ending, percent: Math.round(outcome.hold.share * 100) };
    throw new ApiError(409, 'roster.hold', params, { importRunId: outcome.importRunId, hold: holdDetails(outcome.hold), warnings });
  }
  const { importRunId: id, counts, restrictionsCarried } = outcome;
  return reply.status(200).send({ importRun: { id, counts, restrictionsCarried, warnings } });
}

/** `Prefer: respond-async` (RFC 7240): answer 202 at once; the page follows the run until it is done. */
const wantsAsync = (request: FastifyRequest) => /(^|[\s,;])respond-async($|[\s,;])/i.test(String(request.headers.prefer ?? ''));

async function importUpload(ctx: AppContext, deps: ImportRosterDeps, format: RosterFormat, confirmEnding: boolean, request: FastifyRequest, reply: FastifyReply) {
  const stored: { upload?: StoredUpload } = {};
  let handedOver = false;
  try {
    // The upload is stored once the caller is known to be allowed to import, not before.
    const receive = async () => {
      if (!request.isMultipart()) throw new ApiError(415, 'unsupported_media_type');
      stored.upload = await storeUpload(request, uploadsDir(ctx.config.dataDir));
      const { source, label } = sourceOf(format, stored.upload);
      return { source, sourceLabel: `web:${label}` };
    };
    const started = await importRoster(deps, signedInCallOf(request), { format, receive, confirmEnding });
    handedOver = true;
    const done = started.outcome.finally(() => stored.upload?.remove());
    if (!wantsAsync(request)) return answer(reply, await done, request.locale);
    done.catch((err: unknown) => request.log.error({ err }, 'roster import failed'));
    return reply
      .status(202)
      .header('preference-applied', 'respond-async')
      .header('location', `/api/admin/imports/${started.importRunId}`)
      .send({ importRun: { id: started.importRunId, status: 'running' as const } });
  } finally {
    if (!handedOver) await stored.upload?.remove();
  }
}

/**
 * The privacy officer imports a roster (ORG-2, rule roster.import) from a OneRoster 1.1 export
 * or the plain CSV, follows a running import and reopens a finished one (issue 16 B8), and
 * downloads the plain CSV's template.
 */
export function registerRosterImportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const running = new RunningImports();
  const deps: ImportRosterDeps = { db: ctx.db, audit: ctx.audit, boardId: ctx.boardId, worker: { database: ctx.config.database }, running };
  const importAccess = { access: access.rule(rules.importRoster) };
  const uploadRoute = (format: RosterFormat, summary: string) =>
    r.post(`/api/admin/imports/${format}`, {
      schema: { tags: ['admin'], summary, consumes: ['multipart/form-data'], querystring: ImportQuery, response: { 200: ImportResult, 202: ImportAccepted } },
      config: importAccess,
      handler: (request, reply) => importUpload(ctx, deps, format, request.query.confirmEnding === 'true', request, reply),
    });
  uploadRoute('oneroster', 'Import a OneRoster 1.1 CSV roster (one .zip or the .csv files, multipart/form-data)');
  uploadRoute('csv', 'Import a roster from the plain CSV (one .csv file, one line per student in a class group, multipart/form-data)');
  r.get('/api/admin/imports/csv/template', {
    schema: { tags: ['admin'], summary: 'The plain CSV roster template (header and two example lines)' },
    config: importAccess,
    handler: async (request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="balise-eleves-modele.csv"')
        .send(await downloadPlainRosterTemplate(ctx, signedInCallOf(request))),
  });
  r.get('/api/admin/imports/:id', {
    schema: { tags: ['admin'], summary: 'One roster import: its phase and progress while it runs; its counts, errors, warnings or hold once done', params: ImportRunParams, response: { 200: ImportRunAnswer } },
    config: importAccess,
    handler: (request) => readImportRun(ctx, running, signedInCallOf(request), { importRunId: request.params.id, locale: request.locale }),
  });
}
