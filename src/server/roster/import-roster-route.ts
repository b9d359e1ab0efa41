import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RosterFormat } from '../../db/schema.ts';
import { recordUnreadableSource, type ImportRosterOutcome } from '../../db/roster/import-roster-files.ts';
import { importRosterFilesInWorker } from '../../db/roster/import-in-worker.ts';
import type { AppContext } from '../app-context.ts';
import { plainRosterTemplate } from '../../domain/roster/parse-plain-roster.ts';
import type { RosterError } from '../../domain/roster/roster-error.ts';
import { rules } from '../../domain/access/rules.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import { access } from '../access/route-access.ts';
import { boardTarget } from '../org/targets.ts';
import { ApiError } from '../http/api-error.ts';
import { MAX_ROSTER_BYTES, RosterSourceError, addFile, readRosterZip } from '../../db/roster/read-roster-source.ts';

function rosterErrorsForLocale(errors: readonly RosterError[], locale: Locale) {
  return errors.map((e) => ({ file: e.file, line: e.line, code: e.code, message: e.message[locale] }));
}

interface Upload {
  zips: { name: string; data: Buffer }[];
  csvs: Map<string, Buffer>;
  names: string[];
}

/** The files of a multipart/form-data upload, sorted into .zip and .csv (anything else is ignored). */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  const upload: Upload = { zips: [], csvs: new Map(), names: [] };
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const data = await part.toBuffer();
    total += data.length;
    if (total > MAX_ROSTER_BYTES) throw new ApiError(413, 'payload_too_large');
    const name = part.filename.split(/[\\/]/).pop() ?? part.filename;
    const lower = name.toLowerCase();
    upload.names.push(name);
    if (lower.endsWith('.zip')) upload.zips.push({ name, data });
    else if (lower.endsWith('.csv')) addFile(upload.csvs, name, data);
  }
  return upload;
}

/** The files one import reads, and how the import history names them. */
type RosterUpload = { files: Map<string, Buffer>; label: string };

/** What the import history calls an upload of several files: their names. */
const uploadLabel = (upload: Upload) => upload.names.join(',').slice(0, 200);

/** OneRoster: one .zip, or the .csv files themselves. */
async function oneRosterFiles(upload: Upload): Promise<RosterUpload> {
  if (upload.zips.length === 1 && upload.csvs.size === 0) {
    const zip = upload.zips[0]!;
    return { files: await readRosterZip(zip.data, zip.name), label: zip.name };
  }
  if (upload.zips.length > 0 || upload.csvs.size === 0) throw new ApiError(400, 'roster.no_files');
  return { files: upload.csvs, label: uploadLabel(upload) };
}

/** Plain CSV: .csv files only (more than one is refused by the import, with the names). */
function plainCsvFiles(upload: Upload): RosterUpload {
  if (upload.zips.length > 0 || upload.csvs.size === 0) throw new ApiError(400, 'roster.no_csv_file');
  return { files: upload.csvs, label: uploadLabel(upload) };
}

const FILES_OF: Record<RosterFormat, (u: Upload) => Promise<RosterUpload> | RosterUpload> = {
  oneroster: oneRosterFiles,
  csv: plainCsvFiles,
};

type ImportDeps = Pick<AppContext, 'db' | 'boardId' | 'config' | 'invalidateCaches'>;

/** 200 { importRun }; 422 roster.invalid with every error in the request's language, nothing written but the failed run. */
async function importUpload(deps: ImportDeps, format: RosterFormat, request: FastifyRequest, reply: FastifyReply) {
  if (!request.isMultipart()) throw new ApiError(415, 'unsupported_media_type');
  const who = { boardId: deps.boardId, actorId: request.actor?.personId ?? null, ip: request.ip, format };
  let outcome: ImportRosterOutcome;
  try {
    const upload = await FILES_OF[format](await readUpload(request));
    // In a thread of its own, so the server keeps answering everyone else meanwhile.
    outcome = await importRosterFilesInWorker(deps.config.database, { ...who, sourceLabel: `web:${upload.label}` }, upload.files);
    if (outcome.ok) deps.invalidateCaches();
  } catch (err) {
    if (!(err instanceof RosterSourceError)) throw err;
    outcome = await recordUnreadableSource(deps.db, { ...who, sourceLabel: `web:${err.error.file}` }, err.error);
  }
  if (!outcome.ok) {
    throw new ApiError(422, 'roster.invalid', { count: outcome.errors.length }, {
      importRunId: outcome.importRunId,
      errors: rosterErrorsForLocale(outcome.errors, request.locale),
    });
  }
  return reply.status(200).send({ importRun: outcome.importRun });
}

/**
 * The privacy officer imports a roster (ORG-2, rule roster.import), from a OneRoster 1.1 export
 * or from the plain CSV (one line per student), and downloads the plain CSV's template.
 */
export function registerRosterImportRoutes(app: FastifyInstance, deps: ImportDeps): void {
  const importRoster = { access: access.rule(rules.importRoster, boardTarget(deps)) };
  app.post('/api/admin/imports/oneroster', {
    schema: {
      tags: ['admin'],
      summary: 'Import a OneRoster 1.1 CSV roster (one .zip or the .csv files, multipart/form-data)',
      consumes: ['multipart/form-data'],
    },
    config: importRoster,
    handler: (request, reply) => importUpload(deps, 'oneroster', request, reply),
  });
  app.post('/api/admin/imports/csv', {
    schema: {
      tags: ['admin'],
      summary: 'Import a roster from the plain CSV (one .csv file, one line per student in a class group, multipart/form-data)',
      consumes: ['multipart/form-data'],
    },
    config: importRoster,
    handler: (request, reply) => importUpload(deps, 'csv', request, reply),
  });
  app.get('/api/admin/imports/csv/template', {
    schema: { tags: ['admin'], summary: 'The plain CSV roster template (header and two example lines)' },
    config: importRoster,
    handler: async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="balise-eleves-modele.csv"')
        .send(plainRosterTemplate()),
  });
}
