import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, migrateToLatest, type Db } from '../../../src/db/database.ts';
import type { Database, RosterFormat } from '../../../src/db/schema.ts';
import { AuditLog } from '../../../src/db/audit/audit-log.ts';
import { startImportRun } from '../../../src/db/roster/import-runs.ts';
import { startingProgress } from '../../../src/domain/roster/import-progress.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';
import { applyRoster } from '../../../src/server/roster/apply-roster.ts';
import { ImportProgressTracker } from '../../../src/server/roster/import-progress.ts';
import { importRoster } from '../../../src/server/roster/import-roster.ts';
import { consoleCall } from '../../../src/server/access/call.ts';
import type { RosterSource } from '../../../src/server/roster/read-roster-files.ts';
import { verifyAuditChain } from '../../../src/db/audit/verify-audit-chain.ts';
import { indexedSubjectsOf, subjectsOfEntry } from '../../../src/db/audit/audit-subjects.ts';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import { parsePlainRoster } from '../../../src/domain/roster/parse-plain-roster.ts';
import type { RosterCounts, RosterEntityCounts } from '../../../src/domain/roster/oneroster-types.ts';
import { generateOneRosterSet } from '../../../bench/generate-oneroster.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';
import { editTable, loadBaseSet, readTable, removeRows, restyle, setCell, writeTable, type FileSet } from '../../fixtures/oneroster/fixture-set.ts';

const SLOW = { timeout: 120_000 };
const base = loadBaseSet();
const TABLES = ['board', 'school', 'school_year', 'class_group', 'person', 'enrollment', 'guardian_link', 'role_assignment', 'import_run', 'audit_log', 'audit_subject_set', 'audit_entry_subjects'] as const satisfies readonly (keyof Database)[];

const zero: RosterEntityCounts = { created: 0, updated: 0, ended: 0, unchanged: 0 };
const BASE_CREATED: Record<keyof RosterCounts, number> = {
  schools: 2,
  schoolYears: 1,
  classes: 4,
  persons: 27,
  guardianLinks: 13,
  enrollments: 18,
  roleAssignments: 6,
};
/** A court order's restriction on a guardian link (ORG-4), as the tests set it by hand. */
const RESTRICTION = { restricted: 1 as const, restricted_reason: 'Ordonnance de la Cour supérieure', restricted_at: '2026-09-01T12:00:00.000Z', restricted_by: null };

describe.each(['sqlite', 'postgres'] as const)('ORG-2 applying a roster on %s', (dialect) => {
  let db: Db;
  let cleanup: (() => Promise<void>) | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await setup();
    } catch (err) {
      setupError = err;
    }
  }, 60_000);
  // Every test fails (none is skipped) when the database cannot be set up, e.g. without TEST_DATABASE_URL.
  beforeEach(() => {
    if (setupError) throw setupError;
  });

  async function setup() {
    if (dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-roster-'));
      db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') });
      cleanup = async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
    } else {
      // Fails (does not skip) when TEST_DATABASE_URL is missing.
      const pg = await createTestPostgresDatabase();
      db = openDatabase({ dialect: 'postgres', url: pg.url }, { poolSize: 4 });
      cleanup = async () => {
        await db.close();
        await pg.drop();
      };
    }
    await migrateToLatest(db);
  }

  afterAll(async () => {
    await cleanup?.();
  });

  /** Each test works on a board of its own, so tests stay independent in one database. */
  async function newBoard(): Promise<string> {
    const id = randomUUID();
    await db.kysely
      .insertInto('board')
      .values({ id, name: 'CSS des Bleuets', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: new Date().toISOString() })
      .execute();
    return id;
  }

  /** A call from the console at this address (the audit entry says where from). */
  const call = { actor: null, ip: '127.0.0.1', requestId: null };

  /** Writes a checked set as an import does, its run recorded first; `confirmEnding` unless said otherwise (the hold has tests of its own). */
  async function applySet(boardId: string, set: RosterSet, opts: { format?: RosterFormat; confirmEnding?: boolean; sourceLabel?: string } = {}) {
    const runId = randomUUID();
    const sourceLabel = opts.sourceLabel ?? 'test';
    await startImportRun(db.kysely, { id: runId, boardId, format: opts.format ?? 'oneroster', actorId: null, sourceLabel, at: new Date().toISOString(), progress: startingProgress() });
    const input = { boardId, runId, set, sourceLabel, confirmEnding: opts.confirmEnding ?? true, warnings: [] };
    return { runId, outcome: await applyRoster(db.kysely, call, input, new ImportProgressTracker(() => {})) };
  }

  async function importSet(boardId: string, files: ReadonlyMap<string, Buffer | string>, opts: { format?: RosterFormat } = {}) {
    const parsed = parseOneRoster(files);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message.en).join('\n'));
    const { runId, outcome } = await applySet(boardId, parsed.set, opts);
    if (!outcome.applied) throw new Error('the import was held');
    return { importRunId: runId, counts: outcome.counts, restrictionsCarried: outcome.restrictionsCarried };
  }

  /** The whole import operation, as the CLI runs it, from files written to a folder. */
  async function importFolder(boardId: string, source: RosterSource, sourceLabel: string) {
    const deps = { db, audit: new AuditLog(db.kysely), boardId, worker: null };
    const started = await importRoster(deps, consoleCall, { format: 'oneroster', receive: async () => ({ source, sourceLabel }), confirmEnding: false });
    return started.outcome;
  }

  function writeSet(files: FileSet): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-roster-set-'));
    for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const r = await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  }

  const person = (boardId: string, sourceId: string) =>
    db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).where('source_id', '=', sourceId).executeTakeFirstOrThrow();

  const enrollmentsOf = (personId: string) =>
    db.kysely.selectFrom('enrollment').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('status').execute();

  const linksOf = (studentId: string) => db.kysely.selectFrom('guardian_link').selectAll().where('student_id', '=', studentId).execute();

  const auditEntry = (importRunId: string) =>
    db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', importRunId).executeTakeFirstOrThrow();

  /** A board with the base set, Marie's link to Léa restricted. */
  async function restrictedBoard() {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const lea = await person(boardId, 'st-01');
    const marie = await person(boardId, 'gu-01');
    await db.kysely.updateTable('guardian_link').set(RESTRICTION).where('guardian_id', '=', marie.id).where('student_id', '=', lea.id).execute();
    return { boardId, lea, marie };
  }

  test('ORG-2 a first import creates everything, with its run and its audit entry naming every person', SLOW, async () => {
    const boardId = await newBoard();
    const before = await tableCounts();
    const { importRunId, counts } = await importSet(boardId, base);
    for (const [k, n] of Object.entries(BASE_CREATED)) expect(counts[k as keyof RosterCounts], k).toEqual({ ...zero, created: n });

    const after = await tableCounts();
    expect(after.school! - before.school!).toBe(2);
    expect(after.school_year! - before.school_year!).toBe(1);
    expect(after.class_group! - before.class_group!).toBe(4);
    expect(after.person! - before.person!).toBe(27);
    expect(after.guardian_link! - before.guardian_link!).toBe(13);
    expect(after.enrollment! - before.enrollment!).toBe(18);
    expect(after.role_assignment! - before.role_assignment!).toBe(6);

    const board = await db.kysely.selectFrom('board').selectAll().where('id', '=', boardId).executeTakeFirstOrThrow();
    expect(board.source_id).toBe('d-bleuets');

    const chloe = await person(boardId, 'st-03');
    expect(chloe).toMatchObject({ kind: 'student', given_name: 'Chloé', family_name: 'Roy', email_normalized: 'chloe.roy@eleves.bleuets.qc.ca', grades: '05', status: 'active', ended_at: null });
    const marc = await person(boardId, 'te-01');
    expect(marc.kind).toBe('staff');
    const gisele = await person(boardId, 'gu-08');
    expect(gisele.kind).toBe('guardian');
    const link = await db.kysely.selectFrom('guardian_link').selectAll().where('guardian_id', '=', gisele.id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ relationship: 'relative', source: 'import', restricted: 0, status: 'active' });

    const math = await db.kysely
      .selectFrom('class_group')
      .innerJoin('school', 'school.id', 'class_group.school_id')
      .innerJoin('school_year', 'school_year.id', 'class_group.school_year_id')
      .select(['class_group.name', 'class_group.code', 'class_group.grades', 'school.source_id as school', 'school_year.source_id as year'])
      .where('school.board_id', '=', boardId)
      .where('class_group.source_id', '=', 'cls-5b-math')
      .executeTakeFirstOrThrow();
    expect(math).toEqual({ name: 'Mathématique 5e année', code: '5B-MAT', grades: '05', school: 'sch-vallee', year: 'sy-2026' });

    const principal = await db.kysely.selectFrom('role_assignment').selectAll().where('source_id', '=', 'ad-01@sch-vallee').where('person_id', '=', (await person(boardId, 'ad-01')).id).executeTakeFirstOrThrow();
    expect(principal).toMatchObject({ role: 'principal', scope_type: 'school', source: 'import', status: 'active' });
    const aide = await db.kysely.selectFrom('role_assignment').selectAll().where('source_id', '=', 'en-5a-te04').where('person_id', '=', (await person(boardId, 'te-04')).id).executeTakeFirstOrThrow();
    expect(aide).toMatchObject({ role: 'teacher', scope_type: 'class', source: 'import' });

    const run = await db.kysely.selectFrom('import_run').selectAll().where('id', '=', importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ board_id: boardId, kind: 'oneroster', status: 'succeeded', source_label: 'test', errors: '[]' });
    expect(JSON.parse(run.counts)).toEqual(counts);

    const entry = await auditEntry(importRunId);
    expect(entry).toMatchObject({ action: 'roster.import', outcome: 'succeeded', scope_type: 'board', scope_id: boardId, target_type: 'import_run', ip: '127.0.0.1' });
    const allPersons = await db.kysely.selectFrom('person').select('id').where('board_id', '=', boardId).execute();
    expect(await subjectsOfEntry(db.kysely, entry.subject_ids)).toEqual(allPersons.map((p) => p.id).sort());
    expect(await indexedSubjectsOf(db.kysely, entry.seq)).toEqual(allPersons.map((p) => p.id).sort());
    expect(JSON.parse(entry.details)).toEqual({ counts, source: 'test' });
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  test('ORG-2 importing the same set again changes nothing, whatever its CSV style', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const before = await tableCounts();
    const snapshot = await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute();
    for (const files of [base, restyle(base, { bom: true, eol: '\r\n', quoteAll: true, finalNewline: false })]) {
      const { importRunId, counts } = await importSet(boardId, files);
      for (const [k, n] of Object.entries(BASE_CREATED)) expect(counts[k as keyof RosterCounts], k).toEqual({ ...zero, unchanged: n });
      const entry = await auditEntry(importRunId);
      expect(entry.subject_ids).toBe('[]');
      expect(await indexedSubjectsOf(db.kysely, entry.seq)).toEqual([]);
    }
    const after = await tableCounts();
    // Only the two runs and their two audit entries were added.
    expect(after).toEqual({ ...before, import_run: before.import_run! + 2, audit_log: before.audit_log! + 2 });
    expect(await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute()).toEqual(snapshot);
  });

  test('ORG-2 changed fields are updated, and only the changed person is named in the audit entry', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const files = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'st-02', 'familyName', 'Gagnon-Roy');
      setCell(rows, 'st-02', 'email', ' Emile.GR@Eleves.Bleuets.qc.ca ');
    });
    const { importRunId, counts } = await importSet(boardId, files);
    expect(counts.persons).toEqual({ ...zero, updated: 1, unchanged: 26 });
    const emile = await person(boardId, 'st-02');
    expect(emile).toMatchObject({ family_name: 'Gagnon-Roy', email: 'Emile.GR@Eleves.Bleuets.qc.ca', email_normalized: 'emile.gr@eleves.bleuets.qc.ca', status: 'active' });
    expect(emile.updated_at > emile.created_at).toBe(true);
    expect(await subjectsOfEntry(db.kysely, (await auditEntry(importRunId)).subject_ids)).toEqual([emile.id]);
  });

  test('ORG-2 a student who moved to another class: the old enrollment ends, the new one is active', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const emile = await person(boardId, 'st-02');
    const lea = await person(boardId, 'st-01');
    // Émile: a new enrollment line replaces the old one. Léa: the same enrollment id now points at another class.
    const files = editTable(base, 'enrollments.csv', (rows) => {
      const out = removeRows(rows, (r, h) => r[h.indexOf('sourcedId')] === 'en-5a-st02');
      out.push(['en-5b-st02', '', '', 'cls-5b-math', 'sch-vallee', 'st-02', 'student', 'false', '2026-11-16', '']);
      setCell(out, 'en-5a-st01', 'classSourcedId', 'cls-5b-math');
      return out;
    });
    const { counts, importRunId } = await importSet(boardId, files);
    expect(counts.enrollments).toEqual({ created: 2, updated: 0, ended: 2, unchanged: 16 });

    const classIds = Object.fromEntries(
      (await db.kysely.selectFrom('class_group').innerJoin('school', 'school.id', 'class_group.school_id').select(['class_group.id', 'class_group.source_id']).where('school.board_id', '=', boardId).execute()).map((c) => [c.source_id, c.id]),
    );
    const em = await enrollmentsOf(emile.id);
    expect(em.map((e) => [e.class_group_id, e.source_id, e.status, e.ended_at !== null])).toEqual(
      expect.arrayContaining([
        [classIds['cls-5a'], 'en-5a-st02', 'ended', true],
        [classIds['cls-5b-math'], 'en-5b-st02', 'active', false],
      ]),
    );
    expect(em).toHaveLength(2);
    const le = await enrollmentsOf(lea.id);
    expect(le.map((e) => [e.class_group_id, e.source_id, e.status])).toEqual(
      expect.arrayContaining([
        [classIds['cls-5a'], 'en-5a-st01', 'ended'],
        [classIds['cls-5b-math'], 'en-5a-st01', 'active'],
      ]),
    );
    expect(await subjectsOfEntry(db.kysely, (await auditEntry(importRunId)).subject_ids)).toEqual([emile.id, lea.id].sort());
    // Importing the same changed set again is still a no-op.
    const again = await importSet(boardId, files);
    expect(again.counts.enrollments).toEqual({ ...zero, unchanged: 18 });
  });

  test('ORG-2 a user gone from users.csv is ended, with their enrollments and links, even ones made by hand', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const alice = await person(boardId, 'st-07');
    const julie = await person(boardId, 'gu-10');
    const homeroom = await db.kysely.selectFrom('enrollment').select('class_group_id').where('person_id', '=', (await person(boardId, 'st-01')).id).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    // Rows made by hand (no source id): kept by re-imports, ended with the person.
    await db.kysely.insertInto('enrollment').values({ id: randomUUID(), class_group_id: homeroom.class_group_id, person_id: alice.id, source_id: null, starts_on: null, ends_on: null, status: 'active', created_at: now, ended_at: null }).execute();
    const manualGuardian = randomUUID();
    await db.kysely.insertInto('person').values({ id: manualGuardian, board_id: boardId, source_id: null, kind: 'guardian', given_name: 'Paul', family_name: 'Morin', preferred_name: null, email: null, email_normalized: null, username: null, grades: null, birth_date: null, locale: null, status: 'active', ended_at: null, created_at: now, updated_at: now }).execute();
    await db.kysely.insertInto('guardian_link').values({ id: randomUUID(), guardian_id: manualGuardian, student_id: alice.id, relationship: 'parent', source: 'manual', restricted: 0, restricted_reason: null, restricted_at: null, restricted_by: null, status: 'active', created_at: now, ended_at: null }).execute();

    // A re-import that still lists Alice keeps the hand-made rows.
    const keep = await importSet(boardId, base);
    expect(keep.counts.enrollments.ended + keep.counts.guardianLinks.ended).toBe(0);

    let files = editTable(base, 'users.csv', (rows) => removeRows(rows, (r, h) => r[h.indexOf('sourcedId')] === 'st-07'));
    files = editTable(files, 'enrollments.csv', (rows) => removeRows(rows, (r, h) => r[h.indexOf('userSourcedId')] === 'st-07'));
    const { counts, importRunId } = await importSet(boardId, files);
    expect(counts.persons).toEqual({ ...zero, ended: 1, unchanged: 26 });
    expect(counts.enrollments).toEqual({ ...zero, ended: 3, unchanged: 16 });
    expect(counts.guardianLinks).toEqual({ ...zero, ended: 2, unchanged: 12 });

    const gone = await person(boardId, 'st-07');
    expect(gone.status).toBe('ended');
    expect(gone.ended_at).not.toBeNull();
    expect((await enrollmentsOf(alice.id)).map((e) => e.status)).toEqual(['ended', 'ended', 'ended']);
    expect((await linksOf(alice.id)).map((l) => l.status)).toEqual(['ended', 'ended']);
    expect((await person(boardId, 'gu-10')).status).toBe('active'); // Julie is still in the file
    expect((await db.kysely.selectFrom('person').select('status').where('id', '=', manualGuardian).executeTakeFirstOrThrow()).status).toBe('active');
    const subjects = await subjectsOfEntry(db.kysely, (await auditEntry(importRunId)).subject_ids);
    expect(subjects.sort()).toEqual([alice.id, julie.id, manualGuardian].sort());
    // Nothing was deleted.
    expect(await db.kysely.selectFrom('person').select('id').where('board_id', '=', boardId).execute()).toHaveLength(28);
  });

  test('ORG-2 tobedeleted ends a person and what hangs on them; active again brings them back', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const william = await person(boardId, 'st-08');
    const ended = await importSet(boardId, editTable(base, 'users.csv', (rows) => setCell(rows, 'st-08', 'status', 'tobedeleted')));
    expect(ended.counts.persons).toEqual({ ...zero, ended: 1, unchanged: 26 });
    expect(ended.counts.enrollments.ended).toBe(2);
    expect(ended.counts.guardianLinks.ended).toBe(1);
    expect((await person(boardId, 'st-08')).status).toBe('ended');
    expect((await enrollmentsOf(william.id)).every((e) => e.status === 'ended')).toBe(true);

    const inactiveAgain = await importSet(boardId, editTable(base, 'users.csv', (rows) => setCell(rows, 'st-08', 'status', 'inactive')));
    expect(inactiveAgain.counts.persons).toEqual({ ...zero, unchanged: 27 });

    const back = await importSet(boardId, base);
    expect(back.counts.persons).toEqual({ ...zero, updated: 1, unchanged: 26 });
    expect(back.counts.enrollments).toEqual({ ...zero, updated: 2, unchanged: 16 });
    expect(back.counts.guardianLinks).toEqual({ ...zero, updated: 1, unchanged: 12 });
    expect(await person(boardId, 'st-08')).toMatchObject({ status: 'active', ended_at: null });

    // A new user that arrives already tobedeleted is not created at all.
    const ghost = editTable(base, 'users.csv', (rows) => {
      rows.push(['st-99', 'tobedeleted', '', 'true', 'sch-vallee', 'student', '', '', 'Fantôme', 'Absent', '', '', '', '', '', '', '', '']);
    });
    const g = await importSet(boardId, ghost);
    expect(g.counts.persons).toEqual({ ...zero, unchanged: 27 });
    expect(await db.kysely.selectFrom('person').select('id').where('board_id', '=', boardId).where('source_id', '=', 'st-99').execute()).toEqual([]);
  });

  test('ORG-2 a school marked tobedeleted ends its classes, enrollments, teachers and principal', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const { counts } = await importSet(boardId, editTable(base, 'orgs.csv', (rows) => setCell(rows, 'sch-vallee', 'status', 'tobedeleted')));
    expect(counts.schools).toEqual({ ...zero, ended: 1, unchanged: 1 });
    expect(counts.classes).toEqual({ ...zero, ended: 2, unchanged: 2 });
    expect(counts.enrollments).toEqual({ ...zero, ended: 8, unchanged: 10 });
    expect(counts.roleAssignments).toEqual({ ...zero, ended: 4, unchanged: 2 });
    expect(counts.persons).toEqual({ ...zero, unchanged: 27 });
  });

  test('ORG-2 a restricted link keeps its restriction across re-imports, even after disappearing and coming back', SLOW, async () => {
    const { boardId, lea, marie } = await restrictedBoard();
    const linkOf = () => db.kysely.selectFrom('guardian_link').selectAll().where('guardian_id', '=', marie.id).where('student_id', '=', lea.id).executeTakeFirstOrThrow();

    const same = await importSet(boardId, base);
    expect(same.counts.guardianLinks).toEqual({ ...zero, unchanged: 13 });
    expect(await linkOf()).toMatchObject({ ...RESTRICTION, status: 'active' });

    // Marie's role changes (parent → guardian): the link is updated, the restriction stays.
    const role = await importSet(boardId, editTable(base, 'users.csv', (rows) => setCell(rows, 'gu-01', 'role', 'guardian')));
    expect(role.counts.guardianLinks).toEqual({ ...zero, updated: 1, unchanged: 12 });
    expect(await linkOf()).toMatchObject({ ...RESTRICTION, relationship: 'guardian', status: 'active' });

    // The link disappears from both rows, then comes back.
    const without = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'st-01', 'agentSourcedIds', 'gu-02');
      setCell(rows, 'gu-01', 'agentSourcedIds', '');
    });
    const cut = await importSet(boardId, without);
    expect(cut.counts.guardianLinks).toEqual({ ...zero, ended: 1, unchanged: 12 });
    expect(await linkOf()).toMatchObject({ ...RESTRICTION, status: 'ended' });
    const back = await importSet(boardId, base);
    expect(back.counts.guardianLinks).toEqual({ ...zero, updated: 1, unchanged: 12 });
    expect(await linkOf()).toMatchObject({ ...RESTRICTION, relationship: 'parent', status: 'active', ended_at: null });
    expect(await db.kysely.selectFrom('guardian_link').select('id').where('guardian_id', '=', marie.id).execute()).toHaveLength(1);
  });

  describe('ORG-4 a restriction follows the guardian and the child when an import gives them new records', () => {
    const USER_HEADER = 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';
    const guardianRow = (id: string, given: string, family: string, email: string, students: string) =>
      USER_HEADER.split(',').map((c) => ({ sourcedId: id, enabledUser: 'true', orgSourcedIds: 'sch-vallee', role: 'parent', givenName: given, familyName: family, email, agentSourcedIds: students })[c] ?? '');

    /** The base set where Marie (gu-01) has a new identifier and a new e-mail address. */
    const withMarieAs = (sourcedId: string, email: string) =>
      editTable(base, 'users.csv', (rows) => {
        setCell(rows, 'gu-01', 'email', email);
        setCell(rows, 'gu-01', 'sourcedId', sourcedId);
        setCell(rows, 'st-01', 'agentSourcedIds', `${sourcedId},gu-02`);
      });
    const activeLinksOf = async (studentId: string) =>
      (await linksOf(studentId)).filter((l) => l.status === 'active').map((l) => ({ guardianId: l.guardian_id, restricted: l.restricted, reason: l.restricted_reason }));

    test('ORG-4 the SIS gives the restricted guardian a new identifier and e-mail: her new link is restricted, with the same reason', SLOW, async () => {
      const { boardId, lea, marie } = await restrictedBoard();
      const rekeyed = withMarieAs('gu-01-b', 'marie.t@nouveau.example');
      const result = await importSet(boardId, rekeyed);
      const newMarie = await person(boardId, 'gu-01-b');
      const jean = await person(boardId, 'gu-02');
      expect(result.counts.persons).toEqual({ ...zero, created: 1, ended: 1, unchanged: 26 });
      expect(result.counts.guardianLinks).toEqual({ ...zero, created: 1, ended: 1, unchanged: 12 });
      expect((await activeLinksOf(lea.id)).sort((a, b) => b.restricted - a.restricted)).toEqual([
        { guardianId: newMarie.id, restricted: 1, reason: RESTRICTION.restricted_reason },
        { guardianId: jean.id, restricted: 0, reason: null },
      ]);
      const newLink = (await linksOf(lea.id)).find((l) => l.guardian_id === newMarie.id)!;
      expect(newLink).toMatchObject({ restricted_at: RESTRICTION.restricted_at, restricted_by: null });
      const oldLink = (await linksOf(lea.id)).find((l) => l.guardian_id === marie.id)!;
      expect(result.restrictionsCarried).toEqual([{ fromLinkId: oldLink.id, toLinkId: newLink.id, guardianId: newMarie.id, studentId: lea.id }]);

      const trace = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'guardian_link.restriction_carried').where('target_id', '=', newLink.id).executeTakeFirstOrThrow();
      expect(JSON.parse(trace.details)).toEqual({ fromLinkId: oldLink.id, importRunId: result.importRunId });
      expect((await subjectsOfEntry(db.kysely, trace.subject_ids)).sort()).toEqual([newMarie.id, lea.id].sort());
      expect(JSON.parse((await auditEntry(result.importRunId)).details).restrictionsCarried).toBe(1);
      expect((await verifyAuditChain(db.kysely)).ok).toBe(true);

      // Importing the same file again keeps the new link as it is, restricted.
      const again = await importSet(boardId, rekeyed);
      expect(again.counts.guardianLinks).toEqual({ ...zero, unchanged: 13 });
      expect(again.restrictionsCarried).toEqual([]);
      expect((await linksOf(lea.id)).find((l) => l.guardian_id === newMarie.id)).toMatchObject({ ...RESTRICTION, status: 'active' });
    });

    test('ORG-4 the restricted guardian is missing from one import and comes back in the next under a new record: restricted again', SLOW, async () => {
      const { boardId, lea, marie } = await restrictedBoard();
      const without = editTable(base, 'users.csv', (rows) => {
        setCell(rows, 'st-01', 'agentSourcedIds', 'gu-02');
        return removeRows(rows, (r) => r[0] === 'gu-01');
      });
      const gone = await importSet(boardId, without);
      expect(gone.counts.guardianLinks).toMatchObject({ ended: 1, created: 0 });
      expect((await person(boardId, 'gu-01')).status).toBe('ended');

      const result = await importSet(boardId, withMarieAs('gu-01-c', 'm.tremblay@ailleurs.example'));
      const newMarie = await person(boardId, 'gu-01-c');
      const oldLink = (await linksOf(lea.id)).find((l) => l.guardian_id === marie.id)!;
      expect(oldLink).toMatchObject({ status: 'ended', restricted: 1 });
      expect(result.restrictionsCarried).toEqual([expect.objectContaining({ fromLinkId: oldLink.id, guardianId: newMarie.id, studentId: lea.id })]);
      expect(await activeLinksOf(lea.id)).toContainEqual({ guardianId: newMarie.id, restricted: 1, reason: RESTRICTION.restricted_reason });
    });

    test('ORG-4 another guardian is not restricted: a new one with another name, or a namesake while the restricted guardian stays', SLOW, async () => {
      // A namesake of Marie joins Léa while Marie's own record stays: a different person.
      const first = await restrictedBoard();
      const namesake = editTable(base, 'users.csv', (rows) => {
        rows.push(guardianRow('gu-13', 'Marie', 'Tremblay', 'marie.tremblay2@courriel.example', 'st-01'));
      });
      const withNamesake = await importSet(first.boardId, namesake);
      const otherMarie = await person(first.boardId, 'gu-13');
      expect(withNamesake.restrictionsCarried).toEqual([]);
      expect(await activeLinksOf(first.lea.id)).toContainEqual({ guardianId: otherMarie.id, restricted: 0, reason: null });
      expect(await activeLinksOf(first.lea.id)).toContainEqual({ guardianId: first.marie.id, restricted: 1, reason: RESTRICTION.restricted_reason });

      // Marie leaves the roster and someone else becomes Léa's guardian.
      const second = await restrictedBoard();
      const replaced = editTable(base, 'users.csv', (rows) => {
        setCell(rows, 'st-01', 'agentSourcedIds', 'gu-14,gu-02');
        rows.push(guardianRow('gu-14', 'Nadia', 'Lefebvre', 'nadia.lefebvre@courriel.example', 'st-01'));
        return removeRows(rows, (r) => r[0] === 'gu-01');
      });
      const withNadia = await importSet(second.boardId, replaced);
      const nadia = await person(second.boardId, 'gu-14');
      expect(withNadia.counts.guardianLinks).toMatchObject({ created: 1, ended: 1 });
      expect(withNadia.restrictionsCarried).toEqual([]);
      expect(await activeLinksOf(second.lea.id)).toContainEqual({ guardianId: nadia.id, restricted: 0, reason: null });
    });

    test('ORG-4 the board moves from OneRoster to the plain CSV: everyone gets new records, the restriction follows Marie and Léa', SLOW, async () => {
      const { boardId, lea } = await restrictedBoard();
      const csv = [
        'École,Année scolaire,Groupe,eleve_id,eleve_prenom,eleve_nom,parent1_courriel,parent1_prenom,parent1_nom,parent2_courriel,parent2_prenom,parent2_nom',
        'École de la Vallée,2026-2027,5A,1001,Léa,Tremblay,marie.tremblay@courriel.example,Marie,Tremblay,jean.tremblay@courriel.example,Jean,Tremblay',
        'École de la Vallée,2026-2027,5A,1002,Émile,Gagnon,sophie.gagnon@courriel.example,Sophie,Gagnon,,,',
      ].join('\n');
      const parsed = parsePlainRoster('eleves.csv', csv);
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message.en).join('\n'));
      const { outcome } = await applySet(boardId, parsed.set, { format: 'csv' });
      if (!outcome.applied) throw new Error('held');
      const result = outcome;
      const newLea = await person(boardId, 'csv:student:1001');
      const newMarie = await person(boardId, 'csv:guardian:marie.tremblay@courriel.example');
      const newJean = await person(boardId, 'csv:guardian:jean.tremblay@courriel.example');
      expect((await person(boardId, 'st-01')).status).toBe('ended');
      expect(result.restrictionsCarried).toHaveLength(1);
      expect(result.restrictionsCarried[0]).toMatchObject({ guardianId: newMarie.id, studentId: newLea.id });
      expect((await activeLinksOf(newLea.id)).sort((a, b) => b.restricted - a.restricted)).toEqual([
        { guardianId: newMarie.id, restricted: 1, reason: RESTRICTION.restricted_reason },
        { guardianId: newJean.id, restricted: 0, reason: null },
      ]);
      expect(await activeLinksOf(lea.id)).toEqual([]);
    });
  });

  test('ORG-2 a bad line in the third file: nothing of the import is written, the error names file and line', SLOW, async () => {
    const boardId = await newBoard();
    await importSet(boardId, base);
    const before = await tableCounts();
    const snapshot = await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute();
    // Valid changes in orgs, sessions and users, and one bad line in classes.csv (the third required file).
    let files: FileSet = editTable(base, 'orgs.csv', (rows) => setCell(rows, 'sch-vallee', 'name', 'École de la Vallée-Verte'));
    files = editTable(files, 'users.csv', (rows) => setCell(rows, 'st-02', 'familyName', 'Changé'));
    files = editTable(files, 'classes.csv', (rows) => setCell(rows, 'cls-sec1-sci', 'termSourcedIds', 't-inconnu'));
    const dir = writeSet(files);
    const outcome = await importFolder(boardId, { kind: 'folder', path: dir }, 'test-bad').finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    if (outcome.status !== 'failed') throw new Error(`expected a refusal, got ${outcome.status}`);
    expect(outcome.errors.map((e) => [e.file, e.line, e.code])).toEqual([['classes.csv', 4, 'roster.unknown_reference']]);

    const after = await tableCounts();
    expect(after).toEqual({ ...before, import_run: before.import_run! + 1, audit_log: before.audit_log! + 1 });
    expect(await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute()).toEqual(snapshot);
    expect((await db.kysely.selectFrom('school').select('name').where('board_id', '=', boardId).where('source_id', '=', 'sch-vallee').executeTakeFirstOrThrow()).name).toBe('École de la Vallée');

    const run = await db.kysely.selectFrom('import_run').selectAll().where('id', '=', outcome.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', source_label: 'test-bad', board_id: boardId });
    expect(JSON.parse(run.errors)).toEqual(outcome.errors);
    const entry = await auditEntry(outcome.importRunId);
    expect(entry).toMatchObject({ action: 'roster.import', outcome: 'failed', subject_ids: '[]' });
    expect(JSON.parse(entry.details)).toMatchObject({ source: 'test-bad', errorCount: 1, codes: { 'roster.unknown_reference': 1 } });
  });

  test('ORG-2 a failure while writing rolls everything back, audit entry included', SLOW, async () => {
    const before = await tableCounts();
    const parsed = parseOneRoster(base);
    if (!parsed.ok) throw new Error('base set invalid');
    // No such board: the first insert that references it fails inside the transaction.
    const input = { boardId: randomUUID(), runId: randomUUID(), set: parsed.set, sourceLabel: 'x', confirmEnding: true, warnings: [] };
    await expect(applyRoster(db.kysely, call, input, new ImportProgressTracker(() => {}))).rejects.toThrow();
    expect(await tableCounts()).toEqual(before);
  });

  test('ORG-2 rows made by hand or by the demo (no source id) are left alone', SLOW, async () => {
    const boardId = await newBoard();
    const now = new Date().toISOString();
    const demo = randomUUID();
    await db.kysely.insertInto('person').values({ id: demo, board_id: boardId, source_id: null, kind: 'staff', given_name: 'Dora', family_name: 'Démo', preferred_name: null, email: null, email_normalized: null, username: null, grades: null, birth_date: null, locale: null, status: 'active', ended_at: null, created_at: now, updated_at: now }).execute();
    await db.kysely.updateTable('board').set({ source_id: 'sis-ancien' }).where('id', '=', boardId).execute();
    await importSet(boardId, base);
    await importSet(boardId, editTable(base, 'users.csv', (rows) => removeRows(rows, (r, h) => r[h.indexOf('sourcedId')] === 'ad-01')));
    expect((await db.kysely.selectFrom('person').select('status').where('id', '=', demo).executeTakeFirstOrThrow()).status).toBe('active');
    expect((await db.kysely.selectFrom('board').select('source_id').where('id', '=', boardId).executeTakeFirstOrThrow()).source_id).toBe('sis-ancien');
  });

  test('ORG-2 a large set (5,000 students, 10,000 guardians) imports in one go, then re-imports as a no-op', SLOW, async () => {
    const boardId = await newBoard();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-roster-large-'));
    try {
      const gen = generateOneRosterSet(dir, { students: 5_000, guardians: 10_000 });
      const outcome = await importFolder(boardId, { kind: 'folder', path: dir }, 'large');
      if (outcome.status !== 'succeeded') throw new Error(`expected success, got ${outcome.status}`);
      const c = outcome.counts;
      expect(c.persons.created).toBe(gen.counts.users);
      expect(c.guardianLinks.created).toBe(gen.counts.guardianLinks);
      expect(c.enrollments.created).toBe(gen.counts.studentEnrollments);
      expect(c.roleAssignments.created).toBe(gen.counts.teacherEnrollments + gen.counts.administrators);
      expect(c.classes.created).toBe(gen.counts.classes);
      const n = await db.kysely.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('board_id', '=', boardId).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(gen.counts.users);
      const entry = await auditEntry(outcome.importRunId);
      expect(await subjectsOfEntry(db.kysely, entry.subject_ids)).toHaveLength(gen.counts.users);

      const again = await importFolder(boardId, { kind: 'folder', path: dir }, 'large');
      if (again.status !== 'succeeded') throw new Error('re-import failed');
      expect(again.counts.persons).toEqual({ ...zero, unchanged: gen.counts.users });
      expect(again.counts.enrollments).toEqual({ ...zero, unchanged: gen.counts.studentEnrollments });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('ORG-2 B2 an import that would end more than 10 % of the board is held before anything is written', () => {
    /** Every file with its header and no rows, as a broken export gives. */
    const headersOnly: FileSet = new Map([...base].map(([name, text]) => [name, name === 'manifest.csv' ? text : writeTable([readTable(text)[0]!])]));
    const withoutUsers = (...ids: string[]) => {
      let files = editTable(base, 'users.csv', (rows) => {
        const agents = rows[0]!.indexOf('agentSourcedIds');
        for (const r of rows.slice(1)) r[agents] = r[agents]!.split(',').filter((a) => !ids.includes(a)).join(',');
        return removeRows(rows, (r) => ids.includes(r[0]!));
      });
      files = editTable(files, 'enrollments.csv', (rows) => removeRows(rows, (r, h) => ids.includes(r[h.indexOf('userSourcedId')]!)));
      return files;
    };
    const parse = (files: FileSet) => {
      const parsed = parseOneRoster(files);
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message.en).join('\n'));
      return parsed.set;
    };

    test('ORG-2 B2 a package with headers and no rows is held: nothing changes, the run says what would end, the hold is audited', SLOW, async () => {
      const boardId = await newBoard();
      await importSet(boardId, base);
      const before = await tableCounts();
      const snapshot = await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute();
      const { runId, outcome } = await applySet(boardId, parse(headersOnly), { confirmEnding: false, sourceLabel: 'vide' });
      if (outcome.applied) throw new Error('expected a hold');
      expect(outcome.hold.ending).toEqual({ students: { ending: 10, active: 10 }, staff: { ending: 5, active: 5 }, guardianLinks: { ending: 13, active: 13 } });
      expect(outcome.hold.over).toEqual(['students', 'staff', 'guardianLinks']);
      expect(outcome.hold.share).toBe(0.1);
      expect(outcome.hold.examples.students).toHaveLength(5);
      expect(outcome.hold.examples.students[0]).toMatchObject({ sourceId: expect.stringMatching(/^st-/), name: expect.stringMatching(/\S+ \S+/) });
      expect(outcome.hold.examples.guardianLinks[0]).toMatchObject({ sourceId: null, name: expect.stringMatching(/\S+ \S+/), student: expect.stringMatching(/\S+ \S+/) });

      // Nothing of the import was written: only its run (started before) and the hold's audit entry (naming its examples).
      const after = await tableCounts();
      expect({ ...after, audit_subject_set: 0, audit_entry_subjects: 0 }).toEqual({ ...before, import_run: before.import_run! + 1, audit_log: before.audit_log! + 1, audit_subject_set: 0, audit_entry_subjects: 0 });
      expect(await db.kysely.selectFrom('person').selectAll().where('board_id', '=', boardId).orderBy('id').execute()).toEqual(snapshot);
      const run = await db.kysely.selectFrom('import_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: 'held', phase: 'done', source_label: 'vide' });
      expect(JSON.parse(run.hold!).ending).toEqual(outcome.hold.ending);
      const entry = await auditEntry(runId);
      expect(entry).toMatchObject({ action: 'roster.import_held', outcome: 'succeeded', scope_id: boardId, ip: '127.0.0.1' });
      expect(JSON.parse(entry.details)).toEqual({ source: 'vide', share: 0.1, over: ['students', 'staff', 'guardianLinks'], ending: outcome.hold.ending });
      // The people the examples name are the entry's subjects.
      const named = new Set([...outcome.hold.examples.students, ...outcome.hold.examples.staff, ...outcome.hold.examples.guardianLinks].flatMap((e) => e.personIds));
      expect(await subjectsOfEntry(db.kysely, entry.subject_ids)).toEqual([...named].sort());
      expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
    });

    test('ORG-2 B2 confirmed, the same package ends everyone and the audit entry says the ending was confirmed', SLOW, async () => {
      const boardId = await newBoard();
      await importSet(boardId, base);
      const { runId, outcome } = await applySet(boardId, parse(headersOnly), { confirmEnding: true });
      if (!outcome.applied) throw new Error('expected the import to go ahead');
      expect(outcome.counts.persons).toEqual({ ...zero, ended: 27 });
      expect(JSON.parse((await auditEntry(runId)).details)).toMatchObject({ endingConfirmed: { students: 10, staff: 5, guardianLinks: 13 } });
      expect((await db.kysely.selectFrom('import_run').select('status').where('id', '=', runId).executeTakeFirstOrThrow()).status).toBe('succeeded');
    });

    test('ORG-2 B2 one student of ten (10 %, not more) leaves without a hold; one more of the nine left (11 %) is held', SLOW, async () => {
      const boardId = await newBoard();
      await importSet(boardId, base);
      const one = await applySet(boardId, parse(withoutUsers('st-10')), { confirmEnding: false });
      expect(one.outcome).toMatchObject({ applied: true, counts: { persons: { ...zero, ended: 1, unchanged: 26 } } });
      expect(JSON.parse((await auditEntry(one.runId)).details).endingConfirmed).toBeUndefined();

      const two = await applySet(boardId, parse(withoutUsers('st-09', 'st-10')), { confirmEnding: false });
      if (two.outcome.applied) throw new Error('expected a hold');
      // Measured against the board as it is now: 1 more student of the 9 still active.
      expect(two.outcome.hold.ending.students).toEqual({ ending: 1, active: 9 });
      expect(two.outcome.hold.over).toEqual(['students']);
      expect(two.outcome.hold.examples.students).toEqual([expect.objectContaining({ sourceId: 'st-09', name: 'Rosalie Fortin' })]);
      expect((await person(boardId, 'st-09')).status).toBe('active');
    });
  });

  test('ORG-4 a restriction carried to a new link starts that link’s history, with its reason and no author (Balise carried it)', SLOW, async () => {
    const { boardId, lea } = await restrictedBoard();
    const rekeyed = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'gu-01', 'email', 'marie.t@nouveau.example');
      setCell(rows, 'gu-01', 'sourcedId', 'gu-01-b');
      setCell(rows, 'st-01', 'agentSourcedIds', 'gu-01-b,gu-02');
    });
    const result = await importSet(boardId, rekeyed);
    expect(result.restrictionsCarried).toHaveLength(1);
    const history = await db.kysely.selectFrom('guardian_link_restriction_event').selectAll().where('link_id', '=', result.restrictionsCarried[0]!.toLinkId).execute();
    expect(history).toEqual([expect.objectContaining({ n: 1, event: 'carried', reason: RESTRICTION.restricted_reason, actor_id: null })]);
    expect((await linksOf(lea.id)).filter((l) => l.status === 'active' && l.restricted === 1)).toHaveLength(1);
  });
});
