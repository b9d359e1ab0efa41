import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { HttpClient } from '../support/http-client.ts';
import { demoAccounts, DEMO_PASSWORD, signInByLink } from '../support/demo-people.ts';
import { prepareBalise } from '../../src/server/start.ts';
import { removeDemoData } from '../../src/server/demo/remove-demo-data.ts';
import { consoleCall } from '../../src/server/access/call.ts';
import { grantBoardRole } from '../../src/server/staff/grant-board-role.ts';
import { boardHoldsDemoData } from '../../src/db/demo/demo-data.ts';
import { issueMagicLink } from '../../src/db/auth/magic-links.ts';
import { setPassword } from '../../src/db/auth/credentials.ts';
import { hashPassword } from '../../src/server/auth/password-hash.ts';
import { verifyAuditChain } from '../../src/db/audit/verify-audit-chain.ts';
import * as demoMarker from '../../src/db/migrations/0006_demo_marker.ts';
import type { Database } from '../../src/db/schema.ts';
import type { Kysely } from 'kysely';

const OWN_PASSWORD = 'une phrase bien à moi';
const LEADER = { email: 'Responsable.PRP@csreel.exemple.ca', givenName: 'Amélie', familyName: 'Côté' };

/** Rows of the board the demo wrote or that hang off them (the audit log aside). */
async function boardRows(k: Kysely<Database>, boardId: string) {
  const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const people = k.selectFrom('person').select('id').where('board_id', '=', boardId);
  return {
    people: await n(k.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).where('board_id', '=', boardId).executeTakeFirstOrThrow()),
    schools: await n(k.selectFrom('school').select((eb) => eb.fn.countAll().as('n')).where('board_id', '=', boardId).executeTakeFirstOrThrow()),
    schoolYears: await n(k.selectFrom('school_year').select((eb) => eb.fn.countAll().as('n')).where('board_id', '=', boardId).executeTakeFirstOrThrow()),
    classGroups: await n(k.selectFrom('class_group').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    roles: await n(k.selectFrom('role_assignment').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    enrollments: await n(k.selectFrom('enrollment').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    links: await n(k.selectFrom('guardian_link').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    restrictionHistory: await n(k.selectFrom('guardian_link_restriction_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    credentials: await n(k.selectFrom('password_credential').select((eb) => eb.fn.countAll().as('n')).where('person_id', 'in', people).executeTakeFirstOrThrow()),
    sessions: await n(k.selectFrom('session').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    magicLinks: await n(k.selectFrom('magic_link').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
  };
}

const lastSignInFailure = (k: Kysely<Database>, personId: string) =>
  k.selectFrom('audit_log').select(['action', 'outcome', 'details']).where('actor_id', '=', personId).where('action', '=', 'auth.sign_in').orderBy('seq', 'desc').executeTakeFirstOrThrow();

describe.each(dialects)('ORG-2 B1 demo and real data never mix, on %s', (dialect) => {
  describe('a fresh demo board', () => {
    let b: TestBalise;
    beforeAll(async () => {
      b = await startTestBalise(dialect);
    }, 60_000);
    afterAll(async () => b?.close());

    test('ORG-2 B1 the session says demo: true on a fresh demo board, signed in or not', async () => {
      expect(await boardHoldsDemoData(b.db.kysely, b.ctx.boardId)).toBe(true);
      const teacher = new HttpClient(b.url);
      const session = await teacher.signIn(demoAccounts.teacher, DEMO_PASSWORD);
      expect(session.board.demo).toBe(true);
      expect((await teacher.get('/api/session')).json.board.demo).toBe(true);
      expect((await new HttpClient(b.url).get('/api/session')).json).toMatchObject({ signedIn: false, demo: true });
    });

    test('ORG-2 B1 on a board already holding real people, the demo password is refused as a wrong one would be (audited with its reason)', async () => {
      const k = b.db.kysely;
      const teacher = await k.selectFrom('person').select('id').where('username', '=', demoAccounts.teacher).executeTakeFirstOrThrow();
      // A board mixed before this check existed: a real pupil written beside the demo (as an import did).
      const real = randomUUID();
      const now = new Date().toISOString();
      await k
        .insertInto('person')
        .values({ id: real, board_id: b.ctx.boardId, source_id: 'P-REAL-1', kind: 'student', given_name: 'Réelle', family_name: 'Élève', preferred_name: null, email: null, email_normalized: null, username: null, grades: '05', birth_date: null, locale: 'fr', status: 'active', ended_at: null, created_at: now, updated_at: now })
        .execute();
      try {
        const res = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD });
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe('auth.invalid_credentials');
        const entry = await lastSignInFailure(k, teacher.id);
        expect(entry.outcome).toBe('failed');
        expect(JSON.parse(entry.details)).toMatchObject({ method: 'password', reason: 'demo_password_on_real_board' });
        // Counted as a wrong password (lockout included).
        const cred = await k.selectFrom('password_credential').select('failed_attempts').where('person_id', '=', teacher.id).executeTakeFirstOrThrow();
        expect(cred.failed_attempts).toBeGreaterThan(0);
      } finally {
        await k.updateTable('person').set({ status: 'ended', ended_at: now }).where('id', '=', real).execute();
        await k.updateTable('password_credential').set({ failed_attempts: 0, locked_until: null }).where('person_id', '=', teacher.id).execute();
      }
      // Once the real pupil is gone again, the demo board is a demo board.
      expect((await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD })).status).toBe(200);
    });

    test('ORG-2 B1 nobody can choose the demo password as a new password; the link still serves for another one', async () => {
      const k = b.db.kysely;
      const teacher = await k.selectFrom('person').select('id').where('username', '=', demoAccounts.otherTeacher).executeTakeFirstOrThrow();
      const token = await issueMagicLink(k, teacher.id, 15, new Date(), 'set_password');
      const refused = await new HttpClient(b.url).post('/api/auth/password-link/consume', { token, password: DEMO_PASSWORD });
      expect(refused.status).toBe(400);
      expect(refused.json.error.code).toBe('auth.password_is_demo');
      const english = await new HttpClient(b.url, { cookie: 'balise_lang=en' }).post('/api/auth/password-link/consume', { token, password: DEMO_PASSWORD });
      expect(english.json.error.message).toMatch(/demonstration password/);
      expect((await new HttpClient(b.url).post('/api/auth/password-link/consume', { token, password: OWN_PASSWORD })).status).toBe(200);
    });

    test('ORG-2 B1 a board seeded before demo rows were marked is recognised by the migration', async () => {
      const k = b.db.kysely;
      const marked = async () => ({
        seeded: (await k.selectFrom('board').select('demo_seeded_at').where('id', '=', b.ctx.boardId).executeTakeFirstOrThrow()).demo_seeded_at,
        people: (await k.selectFrom('person').select('id').where('demo', '=', 1).execute()).length,
        schools: (await k.selectFrom('school').select('id').where('demo', '=', 1).execute()).length,
        years: (await k.selectFrom('school_year').select('id').where('demo', '=', 1).execute()).length,
        groups: (await k.selectFrom('class_group').select('id').where('demo', '=', 1).execute()).length,
      });
      const before = await marked();
      expect(before.seeded).not.toBeNull();
      expect(before).toMatchObject({ schools: 3, years: 2, groups: 12 });
      await demoMarker.down(k);
      await demoMarker.up(k);
      expect(await marked()).toEqual(before);
    });
  });

  describe('`demo remove`, then a real board', () => {
    let b: TestBalise;
    beforeAll(async () => {
      b = await startTestBalise(dialect);
    }, 60_000);
    afterAll(async () => b?.close());

    test('ORG-2 B1 `demo remove` takes every demo row off in one go: the demo accounts no longer sign in and the marker disappears', async () => {
      const k = b.db.kysely;
      const teacher = new HttpClient(b.url);
      await teacher.signIn(demoAccounts.teacher, DEMO_PASSWORD);
      const guardian = await k.selectFrom('person').select('id').where('email_normalized', '=', demoAccounts.guardianEmail).executeTakeFirstOrThrow();
      await signInByLink(b.url, k, guardian.id);
      await issueMagicLink(k, guardian.id, 15);
      const seedEntries = await k.selectFrom('audit_log').select('seq').where('action', '=', 'demo.seed').execute();
      expect(seedEntries).toHaveLength(1);
      const before = await boardRows(k, b.ctx.boardId);
      expect(before.people).toBeGreaterThan(300);
      expect(before.restrictionHistory).toBe(1);

      const removed = await removeDemoData(b.ctx, consoleCall);
      expect(removed).toMatchObject({ schools: 3, schoolYears: 2, classGroups: 12, enrollments: 300 });
      expect(removed.people).toBeGreaterThan(300);
      expect(removed.sessions).toBe(2);

      expect(await boardRows(k, b.ctx.boardId)).toEqual({
        people: 0, schools: 0, schoolYears: 0, classGroups: 0, roles: 0, enrollments: 0, links: 0, restrictionHistory: 0, credentials: 0, sessions: 0, magicLinks: 0,
      });
      // The open session is gone; the demo accounts sign in no more; the marker is gone.
      expect((await teacher.get('/api/session')).json).toMatchObject({ signedIn: false, demo: false });
      for (const username of [demoAccounts.teacher, demoAccounts.directorGeneral, demoAccounts.privacyOfficer, demoAccounts.student]) {
        expect((await new HttpClient(b.url).post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(401);
      }
      expect(await boardHoldsDemoData(k, b.ctx.boardId)).toBe(false);

      // The audit log keeps what was (append-only) and says the demo was removed.
      expect(await k.selectFrom('audit_log').select('seq').where('action', '=', 'demo.seed').execute()).toEqual(seedEntries);
      const entry = await k.selectFrom('audit_log').select(['outcome', 'scope_id', 'details']).where('action', '=', 'demo.remove').executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ outcome: 'succeeded', scope_id: b.ctx.boardId });
      expect(JSON.parse(entry.details)).toMatchObject({ schools: 3, classGroups: 12 });
      expect((await verifyAuditChain(k)).ok).toBe(true);

      // Idempotent: nothing more to remove.
      expect(await removeDemoData(b.ctx, consoleCall)).toMatchObject({ people: 0, schools: 0, classGroups: 0, enrollments: 0 });
    });

    test('ORG-2 B1 a restart after `demo remove` does not seed the demo again', async () => {
      const again = await prepareBalise(b.ctx.config);
      try {
        expect(await boardRows(again.db.kysely, b.ctx.boardId)).toMatchObject({ people: 0, schools: 0 });
      } finally {
        await again.app.close();
        await again.db.close();
      }
    });

    test('ORG-2 B1 `staff grant` gives the real board its privacy officer, who chooses a password; the demo password opens nothing even where an account still has it', async () => {
      const k = b.db.kysely;
      const granted = await grantBoardRole(b.ctx, consoleCall, { ...LEADER, role: 'privacy_officer' });
      expect(granted).toMatchObject({ ok: true, createdPerson: true, alreadyHeld: false });
      const personId = granted.ok ? granted.personId : '';
      const entry = await k.selectFrom('audit_log').select(['outcome', 'details', 'subject_ids']).where('action', '=', 'staff_role.grant').executeTakeFirstOrThrow();
      expect(JSON.parse(entry.details)).toEqual({ role: 'privacy_officer', createdPerson: true });
      // Granting again changes nothing.
      expect(await grantBoardRole(b.ctx, consoleCall, { email: LEADER.email.toLowerCase(), role: 'privacy_officer' })).toMatchObject({ ok: true, personId, alreadyHeld: true });

      // First sign-in: a link to choose a password, then the board's administration.
      const token = await issueMagicLink(k, personId, 15, new Date(), 'set_password');
      const leader = new HttpClient(b.url);
      const chosen = await leader.post('/api/auth/password-link/consume', { token, password: OWN_PASSWORD });
      expect(chosen.status).toBe(200);
      expect(chosen.json).toMatchObject({ roles: ['privacy_officer'], board: { demo: false } });
      expect((await leader.get('/api/admin/board')).status).toBe(200);

      // An account that still has the demo password (set before this check) cannot use it on a real board.
      await setPassword(k, personId, await hashPassword(DEMO_PASSWORD));
      const res = await new HttpClient(b.url).post('/api/auth/login', { username: LEADER.email, password: DEMO_PASSWORD });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('auth.invalid_credentials');
      expect(JSON.parse((await lastSignInFailure(k, personId)).details)).toMatchObject({ reason: 'demo_password_on_real_board' });
    });
  });

  describe('`staff grant` on a demo board', () => {
    let b: TestBalise;
    beforeAll(async () => {
      b = await startTestBalise(dialect);
    }, 60_000);
    afterAll(async () => b?.close());

    test('ORG-2 B1 `staff grant` is refused while the demo is on the board; an address of a guardian is not made staff', async () => {
      expect(await grantBoardRole(b.ctx, consoleCall, { ...LEADER, role: 'director_general' })).toEqual({ ok: false, reason: 'demo_present' });
      expect(await b.db.kysely.selectFrom('person').select('id').where('email_normalized', '=', LEADER.email.toLowerCase()).execute()).toEqual([]);
      await removeDemoData(b.ctx, consoleCall);
      const now = new Date().toISOString();
      await b.db.kysely
        .insertInto('person')
        .values({ id: randomUUID(), board_id: b.ctx.boardId, source_id: 'G-1', kind: 'guardian', given_name: 'Paul', family_name: 'Parent', preferred_name: null, email: 'paul@exemple.ca', email_normalized: 'paul@exemple.ca', username: null, grades: null, birth_date: null, locale: 'fr', status: 'active', ended_at: null, created_at: now, updated_at: now })
        .execute();
      expect(await grantBoardRole(b.ctx, consoleCall, { email: 'paul@exemple.ca', role: 'director_general', givenName: 'Paul', familyName: 'Parent' })).toEqual({ ok: false, reason: 'not_staff' });
      expect(await grantBoardRole(b.ctx, consoleCall, { email: 'nouvelle@csreel.exemple.ca', role: 'director_general' })).toEqual({ ok: false, reason: 'name_required' });
    });
  });
});
