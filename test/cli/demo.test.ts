import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../../src/db/database.ts';
import { ensureBoard } from '../../src/db/org/board.ts';
import { seedDemo } from '../../src/db/demo/seed-demo.ts';
import { demoRemoveCommand } from '../../src/cli/demo.ts';
import { staffGrantCommand } from '../../src/cli/staff.ts';
import { dialects } from '../support/balise.ts';
import { createTestPostgresDatabase } from '../support/postgres.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/balise.mjs');

describe.each(dialects)('ORG-2 B1 `balise demo remove` and `balise staff grant`, on %s', (dialect) => {
  let dir: string;
  let target: DatabaseTarget;
  let drop: (() => Promise<void>) | undefined;
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);

  const withDb = async <T,>(work: (k: ReturnType<typeof openDatabase>['kysely']) => Promise<T>) => {
    const db = openDatabase(target);
    try {
      return await work(db.kysely);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-cli-demo-'));
    if (dialect === 'postgres') {
      const pg = await createTestPostgresDatabase();
      target = { dialect: 'postgres', url: pg.url };
      drop = pg.drop;
    } else target = { dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') };
    const db = openDatabase(target);
    await migrateToLatest(db);
    const { board } = await ensureBoard(db.kysely, { name: 'CSS', legalProfile: 'qc', defaultLocale: 'fr' });
    // The hash is never checked here: these tests sign nobody in.
    await seedDemo(db.kysely, { boardId: board.id, passwordHash: 'not-checked' });
    await db.close();
  }, 60_000);
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('ORG-2 B1 `staff grant` is refused while the demo is on the board, saying how to remove it', async () => {
    lines.length = 0;
    expect(await staffGrantCommand(target, { email: 'prp@csreel.exemple.ca', role: 'privacy_officer', givenName: 'Amélie', familyName: 'Côté' }, out)).toBe(1);
    expect(lines).toEqual([
      'Le conseil contient encore les données de démonstration : retirez-les d’abord avec `npx balise demo remove`. / The board still holds the demonstration data: remove it first with `npx balise demo remove`.',
    ]);
  });

  test('ORG-2 B1 `demo remove` says what it removed, in French and English; a second run finds nothing left', async () => {
    lines.length = 0;
    expect(await demoRemoveCommand(target, out)).toBe(0);
    expect(lines[0]).toMatch(/^Données de démonstration retirées : personnes \d+, écoles 3, années scolaires 2, groupes-classes 12, .*inscriptions 300, .* \/ Demonstration data removed: people \d+, schools 3, school years 2, class groups 12, /);
    expect(lines[1]).toMatch(/Le journal d’audit est conservé\. .* \/ The audit log is kept\. Next: `npx balise staff grant <email> privacy_officer`/);
    expect(await withDb((k) => k.selectFrom('person').select('id').execute())).toEqual([]);
    expect(await withDb((k) => k.selectFrom('audit_log').select('action').where('action', 'in', ['demo.seed', 'demo.remove']).orderBy('seq').execute())).toEqual([
      { action: 'demo.seed' },
      { action: 'demo.remove' },
    ]);

    lines.length = 0;
    expect(await demoRemoveCommand(target, out)).toBe(0);
    expect(lines).toEqual(['Aucune donnée de démonstration : rien à retirer. / No demonstration data: nothing to remove.']);
  });

  test('ORG-2 B1 `staff grant` then adds the staff member with the role, audited, and says how they sign in', async () => {
    lines.length = 0;
    expect(await staffGrantCommand(target, { email: 'nouvelle@csreel.exemple.ca', role: 'privacy_officer' }, out)).toBe(1);
    expect(lines[0]).toMatch(/indiquez --given-name et --family-name/);
    expect(await staffGrantCommand(target, { email: 'prp@csreel.exemple.ca', role: 'chef', givenName: 'A', familyName: 'B' }, out)).toBe(1);
    expect(lines[1]).toMatch(/^Rôle inconnu : choisissez director_general ou privacy_officer\./);

    lines.length = 0;
    expect(await staffGrantCommand(target, { email: 'PRP@csreel.exemple.ca', role: 'privacy_officer', givenName: 'Amélie', familyName: 'Côté' }, out)).toBe(0);
    expect(lines[0]).toBe(
      'Rôle responsable de la protection des renseignements personnels donné à PRP@csreel.exemple.ca (nouveau membre du personnel). / privacy officer role given to PRP@csreel.exemple.ca (new staff member).',
    );
    expect(lines[1]).toMatch(/« Mot de passe oublié ou première connexion \? »/);
    const person = await withDb((k) =>
      k.selectFrom('person').innerJoin('role_assignment', 'role_assignment.person_id', 'person.id').select(['person.kind', 'person.given_name', 'person.demo', 'role_assignment.role', 'role_assignment.source']).where('person.email_normalized', '=', 'prp@csreel.exemple.ca').execute(),
    );
    expect(person).toEqual([{ kind: 'staff', given_name: 'Amélie', demo: 0, role: 'privacy_officer', source: 'manual' }]);

    lines.length = 0;
    expect(await staffGrantCommand(target, { email: 'prp@csreel.exemple.ca', role: 'director_general' }, out)).toBe(0);
    expect(lines[0]).toBe('Rôle direction générale donné à prp@csreel.exemple.ca. / director general role given to prp@csreel.exemple.ca.');
    expect(await withDb((k) => k.selectFrom('audit_log').select('action').where('action', '=', 'staff_role.grant').execute())).toHaveLength(2);
  });

  test('ORG-2 B1 both commands are registered in `balise`', async () => {
    const env = { ...process.env, BALISE_DATA_DIR: dir, DATABASE_URL: target.dialect === 'postgres' ? target.url : `sqlite:${target.file}` };
    const removed = await run(process.execPath, [BIN, 'demo', 'remove'], { env });
    expect(removed.stdout).toMatch(/^Aucune donnée de démonstration : rien à retirer\./);
    const granted = await run(process.execPath, [BIN, 'staff', 'grant', 'prp@csreel.exemple.ca', 'privacy_officer'], { env });
    expect(granted.stdout).toMatch(/a déjà le rôle responsable de la protection/);
  }, 90_000);
});
