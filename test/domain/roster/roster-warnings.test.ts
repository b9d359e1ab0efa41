import { describe, expect, test } from 'vitest';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import { parsePlainRoster } from '../../../src/domain/roster/parse-plain-roster.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';
import { MAX_ROSTER_WARNINGS, type RosterWarning } from '../../../src/domain/roster/roster-warning.ts';
import { editTable, loadBaseSet, readTable, setCell, type FileSet } from '../../fixtures/oneroster/fixture-set.ts';
import { errorsOf } from '../../support/roster.ts';

const base = loadBaseSet();

function accepted(r: ReturnType<typeof parseOneRoster>): { set: RosterSet; warnings: RosterWarning[] } {
  if (!r.ok) throw new Error(`expected a valid set, got:\n${r.errors.map((e) => e.message.en).join('\n')}`);
  return r;
}

/** Line of the row whose sourcedId is `id` (header = 1; the base files have no multi-line field). */
function lineOf(files: FileSet, file: string, id: string): number {
  return readTable(files.get(file)!).findIndex((r) => r[0] === id) + 1;
}

/** A copy of an enrollments.csv row under another sourcedId, with some cells changed. */
function repeatEnrollment(files: FileSet, id: string, newId: string, change: Record<string, string> = {}): FileSet {
  return editTable(files, 'enrollments.csv', (rows) => {
    const copy = [...rows.find((r) => r[0] === id)!];
    copy[0] = newId;
    for (const [column, value] of Object.entries(change)) copy[rows[0]!.indexOf(column)] = value;
    rows.push(copy);
  });
}

const where = (ws: readonly RosterWarning[]) => ws.map((w) => ({ file: w.file, line: w.line, code: w.code }));

describe('ORG-2 B3 the accepted set comes with its warnings', () => {
  test('ORG-2 B3 the base set has no warning', () => {
    expect(accepted(parseOneRoster(base)).warnings).toEqual([]);
  });

  test('ORG-2 B3 the same enrollment (class, student, role) under two sourcedIds is stored once, with a warning', () => {
    const files = repeatEnrollment(base, 'en-5a-st01', 'en-5a-st01-copie');
    const { set, warnings } = accepted(parseOneRoster(files));
    expect(set.enrollments.filter((e) => e.classSourcedId === 'cls-5a' && e.userSourcedId === 'st-01').map((e) => e.sourcedId)).toEqual(['en-5a-st01']);
    expect(set.enrollments).toEqual(accepted(parseOneRoster(base)).set.enrollments);
    expect(where(warnings)).toEqual([{ file: 'enrollments.csv', line: lineOf(files, 'enrollments.csv', 'en-5a-st01-copie'), code: 'roster.duplicate_enrollment' }]);
    expect(warnings[0]!.message.fr).toBe(
      `Ligne 25 de enrollments.csv : l’inscription « en-5a-st01-copie » répète celle de la ligne 2 : même classe, même personne, même rôle. Elle n’est enregistrée qu’une fois.`,
    );
    expect(warnings[0]!.message.en).toContain('same class, same person, same role. It is stored once.');
  });

  test('ORG-2 B3 a teacher listed twice in a class (also as teacher and aide) gives one grant, with a warning', () => {
    const files = repeatEnrollment(repeatEnrollment(base, 'en-5a-te01', 'en-5a-te01-bis'), 'en-5a-te01', 'en-5a-te01-aide', { role: 'aide' });
    const { set, warnings } = accepted(parseOneRoster(files));
    expect(set.roleGrants.filter((g) => g.scopeSourcedId === 'cls-5a' && g.userSourcedId === 'te-01').map((g) => g.sourcedId)).toEqual(['en-5a-te01']);
    expect(where(warnings).map((w) => [w.line, w.code])).toEqual([
      [25, 'roster.duplicate_enrollment'],
      [26, 'roster.duplicate_enrollment'],
    ]);
  });

  test('ORG-2 B3 an ended enrollment and its active replacement are both kept, without a warning', () => {
    let files = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-5a-st02', 'status', 'tobedeleted'));
    files = repeatEnrollment(files, 'en-5a-st02', 'en-5a-st02-2027', { status: 'active' });
    const { set, warnings } = accepted(parseOneRoster(files));
    expect(set.enrollments.filter((e) => e.userSourcedId === 'st-02').map((e) => [e.sourcedId, e.status])).toEqual([
      ['en-5a-st02', 'ended'],
      ['en-5a-st02-2027', 'active'],
    ]);
    expect(warnings).toEqual([]);
  });

  test('ORG-2 B3 two guardians sharing one e-mail address are both imported, with a warning that only one could sign in', () => {
    const files = editTable(base, 'users.csv', (rows) => setCell(rows, 'gu-02', 'email', ' Marie.Tremblay@Courriel.example'));
    const { set, warnings } = accepted(parseOneRoster(files));
    expect(set.users.filter((u) => u.emailNormalized === 'marie.tremblay@courriel.example').map((u) => u.sourcedId)).toEqual(['gu-01', 'gu-02']);
    expect(where(warnings)).toEqual([{ file: 'users.csv', line: lineOf(files, 'users.csv', 'gu-02'), code: 'roster.shared_guardian_email' }]);
    const m = warnings[0]!.message;
    expect(m.fr).toContain('le parent « gu-02 » a le même courriel « marie.tremblay@courriel.example » que le parent « gu-01 » à la ligne 12.');
    expect(m.fr).toContain('un seul pourra se connecter à Balise');
    expect(m.en).toContain('only one of them will be able to sign in');
  });

  test('ORG-2 B3 an ended guardian, or a teacher, sharing a guardian’s address gives no warning', () => {
    let files = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'gu-02', 'email', 'marie.tremblay@courriel.example');
      setCell(rows, 'gu-02', 'status', 'tobedeleted');
      setCell(rows, 'te-01', 'email', 'sophie.gagnon@courriel.example');
    });
    expect(accepted(parseOneRoster(files)).warnings).toEqual([]);
    files = editTable(files, 'users.csv', (rows) => setCell(rows, 'gu-02', 'status', 'active'));
    expect(where(accepted(parseOneRoster(files)).warnings).map((w) => w.code)).toEqual(['roster.shared_guardian_email']);
  });

  test('ORG-2 B3 warnings stop at the cap, then one says how many more there were', () => {
    const files = editTable(base, 'enrollments.csv', (rows) => {
      const first = rows.find((r) => r[0] === 'en-5a-st01')!;
      for (let i = 0; i < MAX_ROSTER_WARNINGS + 5; i++) rows.push([`en-copie-${i}`, ...first.slice(1)]);
    });
    const { warnings } = accepted(parseOneRoster(files));
    expect(warnings).toHaveLength(MAX_ROSTER_WARNINGS + 1);
    expect(warnings[MAX_ROSTER_WARNINGS]).toMatchObject({ file: 'enrollments.csv', line: null, code: 'roster.too_many_warnings' });
    expect(warnings[MAX_ROSTER_WARNINGS]!.message.fr).toBe('5 autres avertissements ne sont pas affichés.');
  });

  test('ORG-2 B3 a refused set gives its errors, not warnings', () => {
    const files = editTable(repeatEnrollment(base, 'en-5a-st01', 'en-copie'), 'users.csv', (rows) => setCell(rows, 'st-10', 'familyName', ''));
    expect(errorsOf(parseOneRoster(files)).map((e) => e.code)).toEqual(['roster.missing_field']);
  });
});

describe('ORG-2 B3 plain CSV: guardians of one line sharing an address', () => {
  const FILE = 'eleves.csv';
  const HEADER = 'ecole,annee_scolaire,groupe,eleve_id,eleve_prenom,eleve_nom,parent1_courriel,parent1_prenom,parent1_nom,parent2_courriel,parent2_prenom,parent2_nom';
  const csv = (...lines: string[]) => `${HEADER}\n${lines.join('\n')}\n`;
  const LEA = 'École A,2026-2027,3A,1001,Léa,Lavoie';
  const NOAH = 'École A,2026-2027,3A,1002,Noah,Lavoie';

  function plain(text: string) {
    const r = parsePlainRoster(FILE, text);
    if (!r.ok) throw new Error(`expected a valid set, got:\n${r.errors.map((e) => `${e.line}: ${e.message.en}`).join('\n')}`);
    return r;
  }

  test('ORG-2 B3 two guardians of a line with one address are two persons, both linked, with one warning', () => {
    const { set, warnings } = plain(
      csv(
        `${LEA},famille.lavoie@exemple.ca,Sophie,Lavoie,Famille.Lavoie@exemple.ca,Marc,Lavoie`,
        `${NOAH},famille.lavoie@exemple.ca,Sophie,Lavoie,famille.lavoie@exemple.ca,MARC,lavoie`,
      ),
    );
    const guardians = set.users.filter((u) => u.kind === 'guardian');
    expect(guardians.map((u) => [u.sourcedId, u.givenName])).toEqual([
      ['csv:guardian:famille.lavoie@exemple.ca', 'Sophie'],
      ['csv:guardian:famille.lavoie@exemple.ca|marc lavoie', 'Marc'],
    ]);
    expect(set.guardianLinks.map((l) => `${l.guardianSourcedId.split('|')[1] ?? 'sophie'}>${l.studentSourcedId}`)).toEqual([
      'sophie>csv:student:1001',
      'marc lavoie>csv:student:1001',
      'sophie>csv:student:1002',
      'marc lavoie>csv:student:1002',
    ]);
    expect(where(warnings)).toEqual([{ file: FILE, line: 2, code: 'roster.shared_guardian_email' }]);
    expect(warnings[0]!.message.fr).toContain('le parent « Marc Lavoie » a le même courriel « famille.lavoie@exemple.ca » que le parent « Sophie Lavoie » sur la même ligne.');
    expect(warnings[0]!.message.en).toContain('only one of them will be able to sign in');
  });

  test('ORG-2 B3 the second guardian seen first, alone, keeps their id; a later line with both warns there', () => {
    const { set, warnings } = plain(
      csv(`${LEA},famille.lavoie@exemple.ca,Marc,Lavoie,,,`, `${NOAH},famille.lavoie@exemple.ca,Sophie,Lavoie,famille.lavoie@exemple.ca,Marc,Lavoie`),
    );
    expect(set.users.filter((u) => u.kind === 'guardian').map((u) => [u.sourcedId, u.givenName])).toEqual([
      ['csv:guardian:famille.lavoie@exemple.ca', 'Marc'],
      ['csv:guardian:famille.lavoie@exemple.ca|sophie lavoie', 'Sophie'],
    ]);
    expect(where(warnings)).toEqual([{ file: FILE, line: 3, code: 'roster.shared_guardian_email' }]);
    expect(warnings[0]!.message.fr).toContain('que le parent « Marc Lavoie » à la ligne 2.');
  });

  test('ORG-2 B3 another name for an address on another line is still a conflict, not a second guardian', () => {
    const r = parsePlainRoster(FILE, csv(`${LEA},famille.lavoie@exemple.ca,Sophie,Lavoie,,,`, `${NOAH},famille.lavoie@exemple.ca,Marc,Lavoie,,,`));
    expect(errorsOf(r).map((e) => [e.line, e.code])).toEqual([[3, 'roster.conflicting_value']]);
  });

  test('ORG-2 B3 the same guardian written twice on a line is one guardian, without a warning', () => {
    const { set, warnings } = plain(csv(`${LEA},sophie@exemple.ca,Sophie,Lavoie,Sophie@exemple.ca,Sophie,Lavoie`));
    expect(set.users.filter((u) => u.kind === 'guardian')).toHaveLength(1);
    expect(set.guardianLinks).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});
