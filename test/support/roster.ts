import type { ParseOneRosterResult } from '../../src/domain/roster/parse-oneroster.ts';
import type { RosterError } from '../../src/domain/roster/roster-error.ts';
import type { TestBalise } from './balise.ts';

/** The errors of a roster the parser refused; throws if it was accepted. */
export function errorsOf(r: ParseOneRosterResult): RosterError[] {
  if (r.ok) throw new Error('expected errors, the set was accepted');
  return r.errors;
}

/** A multipart body with each file under `files`, as the admin page uploads a roster. */
export function form(files: { name: string; data: string | Buffer }[]): FormData {
  const body = new FormData();
  for (const f of files) body.append('files', new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)]), f.name);
  return body;
}

const ROSTER_TABLES = ['school', 'school_year', 'class_group', 'person', 'enrollment', 'guardian_link', 'role_assignment'] as const;

/** How many rows each table a roster import writes holds now. */
export async function rowCounts(b: TestBalise): Promise<Record<(typeof ROSTER_TABLES)[number], number>> {
  const out = {} as Record<(typeof ROSTER_TABLES)[number], number>;
  for (const t of ROSTER_TABLES) out[t] = Number((await b.db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}
