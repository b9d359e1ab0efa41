import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, migrateToLatest, type Db } from '../../../src/db/database.ts';
import type { Database } from '../../../src/db/schema.ts';
import { applyRoster } from '../../../src/db/roster/apply-roster.ts';
import { verifyAuditChain } from '../../../src/db/audit/verify-audit-chain.ts';
import { indexedSubjectsOf, subjectsOfEntry } from '../../../src/db/audit/audit-subjects.ts';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import { parsePlainRoster } from '../../../src/domain/roster/parse-plain-roster.ts';
import type { RosterCounts, RosterEntityCounts } from '../../../src/domain/roster/oneroster-types.ts';
import { importRosterFiles } from '../../../src/db/roster/import-roster-files.ts';
import { RosterSourceError, readRosterFolder, readRosterPath, readRosterZip } from '../../../src/db/roster/read-roster-source.ts';
import { importRosterCommand } from '../../../src/cli/import-roster.ts';
import { generateOneRosterSet } from '../../../bench/generate-oneroster.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';
import { BASE_DIR, editTable, loadBaseSet, makeZip, removeRows, restyle, setCell, type FileSet } from '../../fixtures/oneroster/fixture-set.ts';

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

describe.each(['sqlite', 'postgres'] as const)('ORG-2 applyRoster on %s', (dialect) => {
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

  async function importSet(boardId: string, files: ReadonlyMap<string, Buffer | string>) {
    const parsed = parseOneRoster(files);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message.en).join('\n'));
    return applyRoster(db.kysely, { boardId, set: parsed.set, actorId: null, sourceLabel: 'test', ip: '127.0.0.1' });
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
      const result = await applyRoster(db.kysely, { boardId, set: parsed.set, format: 'csv', actorId: null, sourceLabel: 'test' });
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
    const outcome = await importRosterFiles(db, { boardId, actorId: null, files, sourceLabel: 'test-bad', ip: null });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
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
    await expect(applyRoster(db.kysely, { boardId: randomUUID(), set: parsed.set, actorId: null, sourceLabel: 'x' })).rejects.toThrow();
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
      const files = await readRosterFolder(dir);
      const outcome = await importRosterFiles(db, { boardId, actorId: null, files, sourceLabel: 'large', ip: null });
      if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message.en).join('\n'));
      const c = outcome.importRun.counts;
      expect(c.persons.created).toBe(gen.counts.users);
      expect(c.guardianLinks.created).toBe(gen.counts.guardianLinks);
      expect(c.enrollments.created).toBe(gen.counts.studentEnrollments);
      expect(c.roleAssignments.created).toBe(gen.counts.teacherEnrollments + gen.counts.administrators);
      expect(c.classes.created).toBe(gen.counts.classes);
      const n = await db.kysely.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('board_id', '=', boardId).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(gen.counts.users);
      const entry = await auditEntry(outcome.importRun.id);
      expect(await subjectsOfEntry(db.kysely, entry.subject_ids)).toHaveLength(gen.counts.users);

      const again = await importRosterFiles(db, { boardId, actorId: null, files, sourceLabel: 'large', ip: null });
      if (!again.ok) throw new Error('re-import failed');
      expect(again.importRun.counts.persons).toEqual({ ...zero, unchanged: gen.counts.users });
      expect(again.importRun.counts.enrollments).toEqual({ ...zero, unchanged: gen.counts.studentEnrollments });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ORG-2 reading an export: a folder or a .zip, and the CLI', () => {
  const expected = parseOneRoster(base);

  async function sourceError(p: Promise<unknown>) {
    try {
      await p;
    } catch (err) {
      if (err instanceof RosterSourceError) return err.error;
      throw err;
    }
    throw new Error('expected the source to be refused');
  }

  test('ORG-2 a .zip with its files in a folder, names in any case, and Mac junk reads like the folder', async () => {
    const zip = makeZip([
      { name: 'export-2026/', data: '' },
      ...[...base].map(([name, text]) => ({ name: `export-2026/${name === 'users.csv' ? 'Users.CSV' : name}`, data: text })),
      { name: '__MACOSX/export-2026/._users.csv', data: 'junk' },
      { name: 'export-2026/LISEZMOI.txt', data: 'hello' },
    ]);
    const files = await readRosterZip(zip, 'export.zip');
    expect([...files.keys()].sort()).toEqual([...base.keys()].map((k) => (k === 'users.csv' ? 'Users.CSV' : k)).sort());
    expect(parseOneRoster(files)).toEqual(expected);
    expect(parseOneRoster(await readRosterFolder(BASE_DIR))).toEqual(expected);
  });

  test('ORG-2 a .zip that would expand past 2 GB is refused before anything is inflated', async () => {
    const zip = makeZip([
      { name: 'users.csv', data: 'a', declaredSize: 1_500_000_000 },
      { name: 'enrollments.csv', data: 'b', declaredSize: 1_500_000_000 },
    ]);
    expect(await sourceError(readRosterZip(zip, 'bombe.zip'))).toMatchObject({ file: 'bombe.zip', line: null, code: 'roster.invalid_zip' });
  });

  test('ORG-2 a .zip entry larger than it says, a damaged archive, a file twice', async () => {
    const liar = makeZip([{ name: 'users.csv', data: 'x'.repeat(100_000), declaredSize: 10 }]);
    expect(await sourceError(readRosterZip(liar, 'a.zip'))).toMatchObject({ code: 'roster.invalid_zip' });
    expect(await sourceError(readRosterZip(Buffer.from('PK not really a zip'), 'b.zip'))).toMatchObject({ file: 'b.zip', code: 'roster.invalid_zip' });
    const twice = makeZip([
      { name: 'a/users.csv', data: base.get('users.csv')! },
      { name: 'b/users.csv', data: base.get('users.csv')! },
    ]);
    expect(await sourceError(readRosterZip(twice, 'c.zip'))).toMatchObject({ file: 'users.csv', code: 'roster.duplicate_file' });
  });

  test('ORG-2 the CLI imports a folder or a .zip, and prints each error as file:line: message', SLOW, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-roster-cli-'));
    try {
      const target = { dialect: 'sqlite' as const, file: path.join(dir, 'balise.sqlite') };
      const lines: string[] = [];
      const out = (l: string) => lines.push(l);
      expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(1);
      expect(lines).toEqual(['Aucun conseil scolaire : lancez d’abord `npm start`. / No school board yet: run `npm start` first.']);

      const db = openDatabase(target);
      await db.kysely.insertInto('board').values({ id: randomUUID(), name: 'CSS', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: new Date().toISOString() }).execute();
      await db.close();

      lines.length = 0;
      expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(0);
      expect(lines).toContain('Personnes : ajouts 27, mises à jour 0, fins 0, sans changement 0 / People: created 27, updated 0, ended 0, unchanged 0');

      const bad = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-5a-st03', 'beginDate', '2026-02-30'));
      const zipPath = path.join(dir, 'export.zip');
      fs.writeFileSync(zipPath, makeZip([...bad].map(([name, data]) => ({ name, data }))));
      expect((await readRosterPath(zipPath)).size).toBe(bad.size);
      lines.length = 0;
      expect(await importRosterCommand(target, 'oneroster', zipPath, out)).toBe(1);
      expect(lines[1]).toMatch(/^enrollments\.csv:4: Ligne 4 de enrollments\.csv : la date de début « 2026-02-30 » \(colonne beginDate\) n’est pas une date valide/);
      expect(lines[1]).toContain(' / Line 4 of enrollments.csv: the start date “2026-02-30” (beginDate column) is not a valid date');

      const check = openDatabase(target);
      const runs = await check.kysely.selectFrom('import_run').select(['status', 'source_label']).orderBy('started_at').execute();
      await check.close();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
      expect(runs[1]!.source_label).toBe('cli:export.zip');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
