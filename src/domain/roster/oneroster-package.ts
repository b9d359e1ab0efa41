import { readCsvTable } from './csv-table.ts';
import { oneRosterFormatErrors } from './oneroster-format-errors.ts';
import { basename } from './oneroster-rows.ts';
import type { RosterError } from './roster-error.ts';

/**
 * What a package is, before any of it is read as a board (ORG-2, issue 16 B3): a complete
 * OneRoster 1.1 export is read; a delta, a OneRoster 1.2 export or Microsoft School Data Sync
 * files are refused with one error naming what they are, rather than read wrongly (a delta as the
 * whole board would end everything it does not name) or refused with a column error per file.
 */
export function refusedPackage(files: ReadonlyMap<string, Buffer | string>): RosterError | null {
  const byName = new Map<string, { name: string; data: Buffer | string }>();
  for (const [path, data] of files) {
    const name = basename(path);
    if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), { name, data });
  }
  const manifestData = byName.get('manifest.csv')?.data;
  const manifest = manifestData === undefined ? null : readManifest(manifestData);
  return schoolDataSyncV1(byName) ?? oneRoster12ByManifest(manifest) ?? formatOfColumns(byName) ?? deltaByManifest(manifest);
}

function oneRoster12ByManifest(manifest: Manifest | null): RosterError | null {
  const version = manifest?.version;
  return version && /^1\.2\b/.test(version.value) ? oneRosterFormatErrors.oneRoster12('manifest.csv', version.line, version.value) : null;
}

function deltaByManifest(manifest: Manifest | null): RosterError | null {
  if (!manifest || manifest.deltas.files.length === 0) return null;
  return oneRosterFormatErrors.deltaPackage(manifest.deltas.line, manifest.deltas.files);
}

/** The six files of School Data Sync's first CSV format; a OneRoster set has users.csv instead. */
const SDS_V1_FILES = ['school.csv', 'section.csv', 'student.csv', 'teacher.csv', 'studentenrollment.csv', 'teacherroster.csv'];

function schoolDataSyncV1(byName: ReadonlyMap<string, { name: string }>): RosterError | null {
  if (byName.has('users.csv')) return null;
  const sds = SDS_V1_FILES.find((f) => byName.has(f));
  return sds === undefined ? null : oneRosterFormatErrors.schoolDataSync(byName.get(sds)!.name, 'v1');
}

/** Columns of OneRoster 1.2's users.csv that 1.1 does not have. */
const ONEROSTER_12_USER_COLUMNS = ['usermasteridentifier', 'preferredgivenname', 'primaryorgsourcedid'];

/**
 * roles.csv exists in OneRoster 1.2 (with roleType) and in School Data Sync v2.1 (without), never
 * in 1.1; both also move the role out of users.csv, and SDS names classes' terms sessionSourcedIds.
 */
function formatOfColumns(byName: ReadonlyMap<string, { name: string; data: Buffer | string }>): RosterError | null {
  const header = (file: string) => {
    const f = byName.get(file);
    return f === undefined ? null : headerOf(f.data);
  };
  const roles = header('roles.csv');
  if (roles) return roles.has('roletype') ? oneRosterFormatErrors.oneRoster12('roles.csv', null, null) : oneRosterFormatErrors.schoolDataSync('roles.csv', 'v2.1');
  const users = header('users.csv');
  if (users && !users.has('role')) {
    if (users.has('activedirectorymatchid')) return oneRosterFormatErrors.schoolDataSync('users.csv', 'v2.1');
    if (ONEROSTER_12_USER_COLUMNS.some((c) => users.has(c))) return oneRosterFormatErrors.oneRoster12('users.csv', null, null);
  }
  const classes = header('classes.csv');
  if (classes?.has('sessionsourcedids') && !classes.has('termsourcedids')) return oneRosterFormatErrors.schoolDataSync('classes.csv', 'v2.1');
  return null;
}

/** The header's column names in lower case, from the first line alone (files can be large). */
function headerOf(data: Buffer | string): Set<string> {
  const head = typeof data === 'string' ? data.slice(0, 65536) : data.subarray(0, 65536).toString('utf8');
  const line = head.replace(/^\ufeff/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  return new Set(line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase()));
}

interface Manifest {
  /** oneroster.version, when said. */
  version: { value: string; line: number } | null;
  /** The files (`file.users` → users) marked delta, and the line of the first one. */
  deltas: { files: string[]; line: number | null };
}

/** manifest.csv's properties that say what the package is; a manifest that cannot be read says nothing. */
function readManifest(data: Buffer | string): Manifest {
  const manifest: Manifest = { version: null, deltas: { files: [], line: null } };
  const table = readCsvTable('manifest.csv', data, () => {});
  if (!table) return manifest;
  const name = table.column('propertyName');
  const value = table.column('value');
  if (name < 0 || value < 0) return manifest;
  table.forEachRow([name, value], (row, line) => {
    const property = row[name]!.trim().toLowerCase();
    const v = row[value]!.trim();
    if (property === 'oneroster.version') manifest.version = { value: v, line };
    if (property.startsWith('file.') && v.toLowerCase() === 'delta') {
      manifest.deltas.files.push(row[name]!.trim().slice('file.'.length));
      manifest.deltas.line ??= line;
    }
  });
  return manifest;
}
