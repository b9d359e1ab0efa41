/**
 * The triggers that migrations 0001 and 0002 put on the audit tables so that ordinary SQL cannot
 * change or delete an entry. Whoever controls the database can drop, disable or rewrite them;
 * verify names any that no longer stands exactly as the migration wrote it.
 */
export interface FoundTrigger {
  name: string;
  table: string;
  /** SQLite: the trigger's `create trigger` text. PostgreSQL: `pg_get_triggerdef`. */
  definition: string;
  /** PostgreSQL only: `pg_trigger.tgenabled` ('D' when disabled) and the trigger function's body. */
  enabled?: string;
  functionBody?: string;
}

interface Guard {
  name: string;
  table: string;
  /** The definition, lower case, quotes dropped, spaces collapsed. */
  definition: RegExp;
  functionBody?: string;
}

const LOG_REFUSAL = "select raise(abort, 'audit_log is append-only')";
const INDEX_REFUSAL = "select raise(abort, 'the audit subject index is append-only')";
const INDEX_TABLES = ['audit_subject_set', 'audit_entry_subjects'] as const;

const sqliteGuard = (table: string, op: 'update' | 'delete', refusal: string): Guard => ({
  name: `${table}_no_${op}`,
  table,
  definition: new RegExp(`^create trigger ${table}_no_${op} before ${op} on ${table} begin ${escapeRegExp(refusal)}; end$`),
});

const postgresGuard = (name: string, table: string, fn: string, message: string): Guard => ({
  name,
  table,
  definition: new RegExp(`^create trigger ${name} before (update or delete|delete or update) on (\\w+\\.)?${table} for each row execute function (\\w+\\.)?${fn}\\(\\)$`),
  functionBody: `begin raise exception '${message}'; end`,
});

export const appendOnlyGuards: Record<'sqlite' | 'postgres', readonly Guard[]> = {
  sqlite: [
    sqliteGuard('audit_log', 'update', LOG_REFUSAL),
    sqliteGuard('audit_log', 'delete', LOG_REFUSAL),
    ...INDEX_TABLES.flatMap((t) => [sqliteGuard(t, 'update', INDEX_REFUSAL), sqliteGuard(t, 'delete', INDEX_REFUSAL)]),
  ],
  postgres: [
    postgresGuard('audit_log_no_update', 'audit_log', 'audit_log_append_only', 'audit_log is append-only'),
    ...INDEX_TABLES.map((t) => postgresGuard(`${t}_no_change`, t, 'audit_index_append_only', 'the audit subject index is append-only')),
  ],
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const normalized = (text: string) => text.replace(/"/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

function stands(guard: Guard, found: FoundTrigger | undefined): boolean {
  if (!found || found.table !== guard.table || !guard.definition.test(normalized(found.definition))) return false;
  if (found.enabled !== undefined && found.enabled !== 'O' && found.enabled !== 'A') return false;
  return guard.functionBody === undefined || normalized(found.functionBody ?? '') === guard.functionBody;
}

/** The names of the guards missing, disabled or altered, in the migrations' order. */
export function missingGuards(dialect: 'sqlite' | 'postgres', found: readonly FoundTrigger[]): string[] {
  const byName = new Map(found.map((t) => [t.name, t]));
  return appendOnlyGuards[dialect].filter((g) => !stands(g, byName.get(g.name))).map((g) => g.name);
}
