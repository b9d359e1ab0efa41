import { describe, expect, it } from 'vitest';
import { appendOnlyGuards, missingGuards, type FoundTrigger } from '../../../src/domain/audit/append-only-guards.ts';

/** The triggers exactly as migrations 0001 and 0002 leave them (read back from each engine). */
const sqlite: FoundTrigger[] = [
  ...['update', 'delete'].map((op) => ({
    name: `audit_log_no_${op}`,
    table: 'audit_log',
    definition: `CREATE TRIGGER audit_log_no_${op} before ${op} on audit_log\n      begin select raise(abort, 'audit_log is append-only'); end`,
  })),
  ...['audit_subject_set', 'audit_entry_subjects'].flatMap((t) =>
    ['update', 'delete'].map((op) => ({
      name: `${t}_no_${op}`,
      table: t,
      definition: `CREATE TRIGGER ${t}_no_${op} before ${op} on "${t}"\n        begin select raise(abort, 'the audit subject index is append-only'); end`,
    })),
  ),
];
const postgres: FoundTrigger[] = [
  {
    name: 'audit_log_no_update',
    table: 'audit_log',
    definition: 'CREATE TRIGGER audit_log_no_update BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()',
    enabled: 'O',
    functionBody: "\n      begin raise exception 'audit_log is append-only'; end ",
  },
  ...['audit_subject_set', 'audit_entry_subjects'].map((t) => ({
    name: `${t}_no_change`,
    table: t,
    definition: `CREATE TRIGGER ${t}_no_change BEFORE DELETE OR UPDATE ON public.${t} FOR EACH ROW EXECUTE FUNCTION audit_index_append_only()`,
    enabled: 'O',
    functionBody: "\n      begin raise exception 'the audit subject index is append-only'; end ",
  })),
];
const without = (list: FoundTrigger[], name: string) => list.filter((t) => t.name !== name);
const changed = (list: FoundTrigger[], name: string, change: Partial<FoundTrigger>) => list.map((t) => (t.name === name ? { ...t, ...change } : t));

describe('SEC-1 B9 the append-only triggers of the audit tables', () => {
  it('all standing as the migrations wrote them: nothing is missing', () => {
    expect(appendOnlyGuards.sqlite).toHaveLength(6);
    expect(appendOnlyGuards.postgres).toHaveLength(3);
    expect(missingGuards('sqlite', sqlite)).toEqual([]);
    expect(missingGuards('postgres', postgres)).toEqual([]);
    const asWritten = 'CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()';
    expect(missingGuards('postgres', changed(postgres, 'audit_log_no_update', { definition: asWritten }))).toEqual([]);
  });

  it('a dropped trigger is named', () => {
    expect(missingGuards('sqlite', without(sqlite, 'audit_log_no_delete'))).toEqual(['audit_log_no_delete']);
    expect(missingGuards('sqlite', [])).toHaveLength(6);
    expect(missingGuards('postgres', without(postgres, 'audit_entry_subjects_no_change'))).toEqual(['audit_entry_subjects_no_change']);
  });

  it('a trigger recreated under the same name to do nothing, or on another table, is named', () => {
    const harmless = 'CREATE TRIGGER audit_log_no_delete before delete on audit_log begin select 1; end';
    expect(missingGuards('sqlite', changed(sqlite, 'audit_log_no_delete', { definition: harmless }))).toEqual(['audit_log_no_delete']);
    const never = "CREATE TRIGGER audit_log_no_delete before delete on audit_log when 0 begin select raise(abort, 'audit_log is append-only'); end";
    expect(missingGuards('sqlite', changed(sqlite, 'audit_log_no_delete', { definition: never }))).toEqual(['audit_log_no_delete']);
    expect(missingGuards('sqlite', changed(sqlite, 'audit_log_no_update', { table: 'person' }))).toEqual(['audit_log_no_update']);
    const onlyUpdate = 'CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()';
    expect(missingGuards('postgres', changed(postgres, 'audit_log_no_update', { definition: onlyUpdate }))).toEqual(['audit_log_no_update']);
  });

  it('on PostgreSQL, a disabled trigger or an emptied trigger function is named', () => {
    expect(missingGuards('postgres', changed(postgres, 'audit_log_no_update', { enabled: 'D' }))).toEqual(['audit_log_no_update']);
    expect(missingGuards('postgres', changed(postgres, 'audit_log_no_update', { enabled: 'A' }))).toEqual([]);
    expect(missingGuards('postgres', changed(postgres, 'audit_log_no_update', { functionBody: 'begin return old; end' }))).toEqual(['audit_log_no_update']);
  });
});
