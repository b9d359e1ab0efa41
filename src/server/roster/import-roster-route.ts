import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { importRosterFiles, recordUnreadableSource, type ImportRosterOutcome } from '../../db/roster/import-roster-files.ts';
import { rosterErrors, type RosterError } from '../../domain/roster/roster-error.ts';
import { rules } from '../../domain/access/rules.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import { access } from '../access/route-access.ts';
import { boardTarget } from '../org/targets.ts';
import { ApiError } from '../http/api-error.ts';
import { MAX_ROSTER_BYTES, RosterSourceError, readRosterZip } from './read-roster-source.ts';

export function rosterErrorsForLocale(errors: readonly RosterError[], locale: Locale) {
  return errors.map((e) => ({ file: e.file, line: e.line, code: e.code, message: e.message[locale] }));
}

/** Upload: one .zip, or the .csv files themselves, as multipart/form-data. */
async function readUpload(request: FastifyRequest): Promise<{ files: Map<string, Buffer>; label: string }> {
  const zips: { name: string; data: Buffer }[] = [];
  const csvs = new Map<string, Buffer>();
  const names: string[] = [];
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const data = await part.toBuffer();
    total += data.length;
    if (total > MAX_ROSTER_BYTES) throw new ApiError(413, 'payload_too_large');
    const name = part.filename.split(/[\\/]/).pop() ?? part.filename;
    const lower = name.toLowerCase();
    names.push(name);
    if (lower.endsWith('.zip')) zips.push({ name, data });
    else if (lower.endsWith('.csv')) {
      if ([...csvs.keys()].some((k) => k.toLowerCase() === lower)) {
        throw new RosterSourceError(rosterErrors.duplicateFile(name));
      }
      csvs.set(name, data);
    }
  }
  if (zips.length === 1 && csvs.size === 0) {
    const zip = zips[0]!;
    return { files: await readRosterZip(zip.data, zip.name), label: zip.name };
  }
  if (zips.length > 0 || csvs.size === 0) throw new ApiError(400, 'roster.no_files');
  return { files: csvs, label: names.join(',').slice(0, 200) };
}

/**
 * POST /api/admin/imports/oneroster — the privacy officer imports a roster (rule roster.import).
 * 200 { importRun: { id, counts } }; 422 roster.invalid with every error (file, line, code,
 * message in the request's language) and nothing written but the failed run.
 */
export function registerRosterImportRoutes(app: FastifyInstance, deps: { db: Db; boardId: string }): void {
  app.post('/api/admin/imports/oneroster', {
    schema: {
      tags: ['admin'],
      summary: 'Import a OneRoster 1.1 CSV roster (one .zip or the .csv files, multipart/form-data)',
      consumes: ['multipart/form-data'],
    },
    config: { access: access.rule(rules.importRoster, boardTarget(deps)) },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw new ApiError(415, 'unsupported_media_type');
      const who = { boardId: deps.boardId, actorId: request.actor?.personId ?? null, ip: request.ip };
      let outcome: ImportRosterOutcome;
      try {
        const upload = await readUpload(request);
        outcome = await importRosterFiles(deps.db, { ...who, files: upload.files, sourceLabel: `web:${upload.label}` });
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
    },
  });
}
