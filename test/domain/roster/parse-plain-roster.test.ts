import { describe, expect, test } from 'vitest';
import { parsePlainRoster, plainRosterTemplate } from '../../../src/domain/roster/parse-plain-roster.ts';
import { PLAIN_ROSTER_COLUMNS } from '../../../src/domain/roster/plain-roster-columns.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';
import { MAX_ROSTER_ERRORS } from '../../../src/domain/roster/roster-error.ts';
import { errorsOf } from '../../support/roster.ts';

const FILE = 'eleves.csv';

const HEADER = [
  'ecole',
  'code_ecole',
  'annee_scolaire',
  'groupe',
  'niveau',
  'eleve_id',
  'eleve_prenom',
  'eleve_nom',
  'eleve_courriel',
  'enseignant_courriel',
  'enseignant_prenom',
  'enseignant_nom',
  'parent1_courriel',
  'parent1_prenom',
  'parent1_nom',
  'parent1_lien',
  'parent2_courriel',
  'parent2_prenom',
  'parent2_nom',
  'parent2_lien',
];

type Line = Partial<Record<(typeof HEADER)[number], string>>;

const LEA: Line = {
  ecole: 'École de la Vallée',
  code_ecole: '751001',
  annee_scolaire: '2026-2027',
  groupe: '3A',
  niveau: '03',
  eleve_id: '1001',
  eleve_prenom: 'Léa',
  eleve_nom: 'Lavoie',
  eleve_courriel: 'Lea.Lavoie@Eleves.exemple.ca',
  enseignant_courriel: 'Marie.Gagnon@exemple.ca',
  enseignant_prenom: 'Marie',
  enseignant_nom: 'Gagnon',
  parent1_courriel: 'sophie.lavoie@exemple.ca',
  parent1_prenom: 'Sophie',
  parent1_nom: 'Lavoie',
  parent1_lien: 'Mère',
  parent2_courriel: 'paul.roy@exemple.ca',
  parent2_prenom: 'Paul',
  parent2_nom: 'Roy',
  parent2_lien: 'tuteur',
};
/** Léa's brother: same guardian (Sophie), same teacher's group. */
const NOAH: Line = {
  ...LEA,
  eleve_id: '1002',
  eleve_prenom: 'Noah',
  eleve_courriel: '',
  parent1_lien: '',
  parent2_courriel: '',
  parent2_prenom: '',
  parent2_nom: '',
  parent2_lien: '',
};
/** Léa again, in a second group of another school without a code, taught by one of Noah's guardians. */
const LEA_MUSIC: Line = {
  ecole: 'École  secondaire du Lac',
  annee_scolaire: '2026 / 2027',
  groupe: 'Musique 301',
  niveau: '03, 04',
  eleve_id: '1001',
  eleve_prenom: 'Léa',
  eleve_nom: 'Lavoie',
  enseignant_courriel: 'paul.roy@exemple.ca',
  enseignant_prenom: 'Paul',
  enseignant_nom: 'Roy',
  parent1_courriel: 'SOPHIE.LAVOIE@exemple.ca',
  parent1_prenom: 'Sophie',
  parent1_nom: 'Lavoie',
  parent1_lien: 'parent',
};

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(lines: readonly Line[], opts: { header?: readonly string[]; eol?: string; bom?: boolean } = {}): string {
  const header = opts.header ?? HEADER;
  const keys = HEADER.slice(0, header.length);
  const rows = [header.join(','), ...lines.map((l) => keys.map((k) => cell(l[k] ?? '')).join(','))];
  const eol = opts.eol ?? '\n';
  return `${opts.bom ? '\ufeff' : ''}${rows.join(eol)}${eol}`;
}

function ok(data: Buffer | string): RosterSet {
  const r = parsePlainRoster(FILE, data);
  if (!r.ok) throw new Error(`expected a valid set, got:\n${r.errors.map((e) => `${e.line}: ${e.message.en}`).join('\n')}`);
  return r.set;
}

/** The errors, reduced to where and what. */
function where(data: Buffer | string, maxErrors?: number) {
  return errorsOf(parsePlainRoster(FILE, data, { maxErrors })).map((e) => ({ file: e.file, line: e.line, code: e.code }));
}

describe('ORG-2 plain CSV roster — a good file', () => {
  const set = ok(csv([LEA, NOAH, LEA_MUSIC]));
  const vallee = '751001';
  const lac = 'école secondaire du lac';
  const class3a = `${vallee}|2026-2027|3a`;
  const classMusic = `${lac}|2026-2027|musique 301`;

  test('ORG-2 schools, school year and class groups, with their ids and grades', () => {
    expect(set.district).toBeNull();
    expect(set.schools).toEqual([
      { sourcedId: 'csv:school:751001', name: 'École de la Vallée', code: '751001', status: 'active' },
      { sourcedId: `csv:school:${lac}`, name: 'École secondaire du Lac', code: null, status: 'active' },
    ]);
    expect(set.schoolYears).toEqual([
      { sourcedId: 'csv:year:2026-2027', name: '2026-2027', startsOn: '2026-07-01', endsOn: '2027-06-30', status: 'active' },
    ]);
    expect(set.classes).toEqual([
      {
        sourcedId: `csv:class:${class3a}`,
        name: '3A',
        code: null,
        grades: '03',
        schoolSourcedId: 'csv:school:751001',
        schoolYearSourcedId: 'csv:year:2026-2027',
        status: 'active',
      },
      {
        sourcedId: `csv:class:${classMusic}`,
        name: 'Musique 301',
        code: null,
        grades: '03,04',
        schoolSourcedId: `csv:school:${lac}`,
        schoolYearSourcedId: 'csv:year:2026-2027',
        status: 'active',
      },
    ]);
  });

  test('ORG-2 users: students, teachers and guardians, each once, with kinds, roles and normalized e-mails', () => {
    const base = { preferredName: null, username: null, enabled: true, status: 'active' };
    expect(set.users).toEqual([
      {
        ...base,
        sourcedId: 'csv:student:1001',
        role: 'student',
        kind: 'student',
        givenName: 'Léa',
        familyName: 'Lavoie',
        email: 'Lea.Lavoie@Eleves.exemple.ca',
        emailNormalized: 'lea.lavoie@eleves.exemple.ca',
        grades: '03',
      },
      {
        ...base,
        sourcedId: 'csv:staff:marie.gagnon@exemple.ca',
        role: 'teacher',
        kind: 'staff',
        givenName: 'Marie',
        familyName: 'Gagnon',
        email: 'Marie.Gagnon@exemple.ca',
        emailNormalized: 'marie.gagnon@exemple.ca',
        grades: null,
      },
      {
        ...base,
        sourcedId: 'csv:guardian:sophie.lavoie@exemple.ca',
        role: 'parent',
        kind: 'guardian',
        givenName: 'Sophie',
        familyName: 'Lavoie',
        email: 'sophie.lavoie@exemple.ca',
        emailNormalized: 'sophie.lavoie@exemple.ca',
        grades: null,
      },
      {
        ...base,
        sourcedId: 'csv:guardian:paul.roy@exemple.ca',
        role: 'guardian',
        kind: 'guardian',
        givenName: 'Paul',
        familyName: 'Roy',
        email: 'paul.roy@exemple.ca',
        emailNormalized: 'paul.roy@exemple.ca',
        grades: null,
      },
      {
        ...base,
        sourcedId: 'csv:student:1002',
        role: 'student',
        kind: 'student',
        givenName: 'Noah',
        familyName: 'Lavoie',
        email: null,
        emailNormalized: null,
        grades: '03',
      },
      {
        ...base,
        sourcedId: 'csv:staff:paul.roy@exemple.ca',
        role: 'teacher',
        kind: 'staff',
        givenName: 'Paul',
        familyName: 'Roy',
        email: 'paul.roy@exemple.ca',
        emailNormalized: 'paul.roy@exemple.ca',
        grades: null,
      },
    ]);
  });

  test('ORG-2 siblings share one guardian; links are deduplicated and carry the line’s relationship', () => {
    expect(set.guardianLinks).toEqual([
      { guardianSourcedId: 'csv:guardian:sophie.lavoie@exemple.ca', studentSourcedId: 'csv:student:1001', relationship: 'parent', status: 'active' },
      { guardianSourcedId: 'csv:guardian:paul.roy@exemple.ca', studentSourcedId: 'csv:student:1001', relationship: 'guardian', status: 'active' },
      { guardianSourcedId: 'csv:guardian:sophie.lavoie@exemple.ca', studentSourcedId: 'csv:student:1002', relationship: 'parent', status: 'active' },
    ]);
  });

  test('ORG-2 a student in two groups has two enrollments; each teacher of a group gets one grant', () => {
    expect(set.enrollments).toEqual([
      { sourcedId: `csv:enrollment:${class3a}|1001`, classSourcedId: `csv:class:${class3a}`, userSourcedId: 'csv:student:1001', startsOn: null, endsOn: null, status: 'active' },
      { sourcedId: `csv:enrollment:${class3a}|1002`, classSourcedId: `csv:class:${class3a}`, userSourcedId: 'csv:student:1002', startsOn: null, endsOn: null, status: 'active' },
      { sourcedId: `csv:enrollment:${classMusic}|1001`, classSourcedId: `csv:class:${classMusic}`, userSourcedId: 'csv:student:1001', startsOn: null, endsOn: null, status: 'active' },
    ]);
    expect(set.roleGrants).toEqual([
      {
        sourcedId: `csv:teacher:${class3a}|marie.gagnon@exemple.ca`,
        role: 'teacher',
        scope: 'class',
        scopeSourcedId: `csv:class:${class3a}`,
        userSourcedId: 'csv:staff:marie.gagnon@exemple.ca',
        status: 'active',
      },
      {
        sourcedId: `csv:teacher:${classMusic}|paul.roy@exemple.ca`,
        role: 'teacher',
        scope: 'class',
        scopeSourcedId: `csv:class:${classMusic}`,
        userSourcedId: 'csv:staff:paul.roy@exemple.ca',
        status: 'active',
      },
    ]);
  });

  test('ORG-2 a teacher who is also a parent is two persons: staff and guardian', () => {
    const paul = set.users.filter((u) => u.emailNormalized === 'paul.roy@exemple.ca').map((u) => [u.sourcedId, u.kind]);
    expect(paul).toEqual([
      ['csv:guardian:paul.roy@exemple.ca', 'guardian'],
      ['csv:staff:paul.roy@exemple.ca', 'staff'],
    ]);
  });

  test('ORG-2 re-reading the same file gives the same set (same ids for an idempotent re-import)', () => {
    expect(ok(csv([LEA, NOAH, LEA_MUSIC]))).toEqual(set);
  });
});

describe('ORG-2 plain CSV roster — the variants spreadsheets produce', () => {
  const expected = ok(csv([LEA, NOAH, LEA_MUSIC]));

  test('ORG-2 UTF-8 BOM and CRLF, as a Buffer', () => {
    expect(ok(Buffer.from(csv([LEA, NOAH, LEA_MUSIC], { bom: true, eol: '\r\n' })))).toEqual(expected);
  });

  test('ORG-2 French headers with accents, capitals and spaces are recognized', () => {
    const header = HEADER.map((h) => h.replace('ecole', 'École').replace('annee_scolaire', 'Année scolaire').replace('eleve_', 'Élève '));
    expect(header.slice(0, 3)).toEqual(['École', 'code_École', 'Année scolaire']);
    expect(ok(csv([LEA, NOAH, LEA_MUSIC], { header }))).toEqual(expected);
  });

  test('ORG-2 English aliases and guardianN_* columns are recognized', () => {
    const english = new Map(PLAIN_ROSTER_COLUMNS.map((c) => [c.name, c.english]));
    const header = HEADER.map((h) => english.get(h)!).map((h) => h.replace('school_year', 'School Year').replace('guardian2_', 'Guardian 2 '));
    expect(header).toContain('Guardian 2 relationship');
    expect(ok(csv([LEA, NOAH, LEA_MUSIC], { header }))).toEqual(expected);
  });

  test('ORG-2 unknown columns are ignored, columns in any order, lines of empty cells skipped', () => {
    const order = ['remarque', ...[...HEADER].reverse()];
    const line = (l: Line) => order.map((k) => cell(k === 'remarque' ? 'à voir, plus tard' : (l[k] ?? ''))).join(',');
    const blank = order.map(() => '').join(',');
    const text = [order.join(','), line(LEA), line(NOAH), blank, '', line(LEA_MUSIC), blank].join('\n');
    expect(ok(text)).toEqual(expected);
  });

  test('ORG-2 quoted fields with commas, quotes and the other spellings of the school year', () => {
    const set = ok(csv([{ ...LEA, groupe: 'Groupe 301, "arts"', annee_scolaire: '2026–2027' }]));
    expect(set.classes[0]).toMatchObject({ name: 'Groupe 301, "arts"', sourcedId: 'csv:class:751001|2026-2027|groupe 301, "arts"' });
    expect(set.schoolYears[0]!.name).toBe('2026-2027');
  });

  test('ORG-2 a third guardian block (parent3_*) is read when present', () => {
    const header = [...HEADER, 'parent3_courriel', 'parent3_prenom', 'parent3_nom'];
    const text = `${header.join(',')}\n${HEADER.map((k) => cell(LEA[k] ?? '')).join(',')},mamie@exemple.ca,Rita,Lavoie\n`;
    const set = ok(text);
    expect(set.guardianLinks.map((l) => [l.guardianSourcedId, l.relationship])).toContainEqual(['csv:guardian:mamie@exemple.ca', 'parent']);
  });

  test('ORG-2 guardian columns without a number are the first guardian’s', () => {
    const header = ['ecole', 'annee_scolaire', 'groupe', 'eleve_id', 'eleve_prenom', 'eleve_nom', 'Parent courriel', 'parent_prenom', 'guardian_last_name'];
    const set = ok(`${header.join(',')}\nÉcole A,2026-2027,3A,1,Léa,Lavoie,sophie@exemple.ca,Sophie,Lavoie\n`);
    expect(set.guardianLinks).toEqual([{ guardianSourcedId: 'csv:guardian:sophie@exemple.ca', studentSourcedId: 'csv:student:1', relationship: 'parent', status: 'active' }]);
    expect(where(`${header.join(',')},parent1_courriel\nÉcole A,2026-2027,3A,1,Léa,Lavoie,a@b.ca,S,L,a@b.ca\n`)).toEqual([
      { file: FILE, line: 1, code: 'roster.invalid_csv' },
    ]);
  });

  test('ORG-2 both CSV readers give the same set and the same errors', () => {
    const good = csv([LEA, NOAH, LEA_MUSIC], { bom: true, eol: '\r\n' });
    expect(parsePlainRoster(FILE, good, { reader: 'csv-parse' })).toEqual({ ok: true, set: expected, warnings: [] });
    const bad = csv([LEA, { ...NOAH, eleve_prenom: 'Noé', parent1_courriel: 'x' }, { ...LEA, groupe: 'Groupe\n3' }, { ...LEA, eleve_nom: '' }]);
    const a = errorsOf(parsePlainRoster(FILE, bad));
    expect(errorsOf(parsePlainRoster(FILE, bad, { reader: 'csv-parse' }))).toEqual(a);
    expect(a.map((e) => e.line)).toEqual([3, 6]);
  });

  test('ORG-2 only the required columns: no teacher, no guardian', () => {
    const header = ['ecole', 'annee_scolaire', 'groupe', 'eleve_id', 'eleve_prenom', 'eleve_nom'];
    const set = ok(`${header.join(',')}\nÉcole A,2026-2027,3A,1,Léa,Lavoie\n`);
    expect(set.users).toHaveLength(1);
    expect(set.roleGrants).toEqual([]);
    expect(set.guardianLinks).toEqual([]);
    expect(set.classes[0]!.grades).toBeNull();
  });

  test('ORG-2 relationship words: père, mère, tutrice, famille, relative, in any case', () => {
    const words: [string, string][] = [
      ['PÈRE', 'parent'],
      ['mother', 'parent'],
      ['Tutrice', 'guardian'],
      ['famille', 'relative'],
      ['Relative', 'relative'],
      ['autre', 'relative'],
    ];
    for (const [word, relationship] of words) {
      const set = ok(csv([{ ...LEA, parent1_lien: word }]));
      expect(set.guardianLinks[0]!.relationship).toBe(relationship);
    }
  });
});

describe('ORG-2 plain CSV roster — errors name the line and nothing is returned', () => {
  test('ORG-2 a missing required column: one error per column, naming the French and English names', () => {
    const header = HEADER.filter((h) => h !== 'eleve_id' && h !== 'groupe');
    const text = `${header.join(',')}\n`;
    const errs = errorsOf(parsePlainRoster(FILE, text));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([
      { line: 1, code: 'roster.missing_column' },
      { line: 1, code: 'roster.missing_column' },
    ]);
    expect(errs[0]!.message.fr).toContain('« groupe »');
    expect(errs[0]!.message.fr).toContain('« class_group »');
    expect(errs[1]!.message.en).toContain('“student_id”');
  });

  test('ORG-2 a teacher or guardian block needs its e-mail and name columns', () => {
    expect(where('ecole,annee_scolaire,groupe,eleve_id,eleve_prenom,eleve_nom,enseignant_courriel,parent1_courriel,parent1_nom\nA,2026-2027,3A,1,L,L,,,\n')).toEqual([
      { file: FILE, line: 1, code: 'roster.missing_column' }, // enseignant_prenom
      { file: FILE, line: 1, code: 'roster.missing_column' }, // enseignant_nom
      { file: FILE, line: 1, code: 'roster.missing_column' }, // parent1_prenom
    ]);
  });

  test('ORG-2 a column given twice (French and English) is refused', () => {
    expect(where('ecole,school,annee_scolaire,groupe,eleve_id,eleve_prenom,eleve_nom\nA,A,2026-2027,3A,1,L,L\n')).toEqual([
      { file: FILE, line: 1, code: 'roster.invalid_csv' },
    ]);
  });

  test('ORG-2 a spreadsheet set to French saves semicolons (or tabs): read with its separator, commas inside names kept', () => {
    const expected = ok(csv([LEA, NOAH, LEA_MUSIC]));
    const withSeparator = (sep: string) =>
      csv([LEA, NOAH, LEA_MUSIC])
        .split('\n')
        .map((line) => line.replace(/"([^"]*)"/g, (_, v: string) => v.replace(/,/g, '\u0000')).replace(/,/g, sep).replace(/\u0000/g, ','))
        .join('\n');
    expect(ok(withSeparator(';'))).toEqual(expected);
    expect(ok(withSeparator('\t'))).toEqual(expected);
    const named = ok('ecole;annee_scolaire;groupe;eleve_id;eleve_prenom;eleve_nom\r\nA;2026-2027;3A;1;"Marie, Ève";Roy\r\n');
    expect(named.users[0]!.givenName).toBe('Marie, Ève');
    // The separator changes the reader, not the line numbers of the errors.
    expect(where('ecole;annee_scolaire;groupe;eleve_id;eleve_prenom;eleve_nom\nA;2026-2027;3A;1;Léa;Roy\nA;2026-2028;3A;2;Noah;Roy\n')).toEqual([
      { file: FILE, line: 3, code: 'roster.invalid_value' },
    ]);
  });

  test('ORG-2 a missing required field, with its line', () => {
    const errs = errorsOf(parsePlainRoster(FILE, csv([LEA, { ...NOAH, eleve_prenom: '' }, { ...LEA_MUSIC, ecole: '  ' }])));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([
      { line: 3, code: 'roster.missing_field' },
      { line: 4, code: 'roster.missing_field' },
    ]);
    expect(errs[0]!.message.fr).toBe('Ligne 3 de eleves.csv : le prénom de l’élève (colonne eleve_prenom) est vide.');
  });

  test('ORG-2 a bad school year: wrong format, not consecutive, out of range', () => {
    const bad = ['2026', '2026-2028', '1999-2000', '2100-2101', '26-27', 'vingt'];
    const text = csv(bad.map((y, i) => ({ ...LEA, eleve_id: String(i), annee_scolaire: y })));
    expect(where(text)).toEqual(bad.map((_, i) => ({ file: FILE, line: i + 2, code: 'roster.invalid_value' })));
    expect(errorsOf(parsePlainRoster(FILE, text))[0]!.message.fr).toContain('2026-2027');
  });

  test('ORG-2 a bad e-mail for a student, a teacher or a guardian', () => {
    const text = csv([
      LEA,
      { ...NOAH, eleve_courriel: 'noah@exemple' },
      { ...LEA_MUSIC, enseignant_courriel: 'paul roy@exemple.ca' },
      { ...LEA_MUSIC, groupe: 'Art', parent1_courriel: 'a@b.c; d@e.f' },
    ]);
    expect(where(text)).toEqual([
      { file: FILE, line: 3, code: 'roster.invalid_email' },
      { file: FILE, line: 4, code: 'roster.invalid_email' },
      { file: FILE, line: 5, code: 'roster.invalid_email' },
    ]);
  });

  test('ORG-2 a guardian without an e-mail is refused and the message says why', () => {
    const errs = errorsOf(parsePlainRoster(FILE, csv([LEA, { ...NOAH, parent1_courriel: '' }])));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([{ line: 3, code: 'roster.missing_field' }]);
    expect(errs[0]!.message.fr).toContain('parent1_courriel');
    expect(errs[0]!.message.fr).toContain('lien à usage unique');
    expect(errs[0]!.message.en).toContain('one-time link');
  });

  test('ORG-2 a guardian or teacher with an e-mail but no name; a teacher name without e-mail', () => {
    const text = csv([
      { ...LEA, parent2_nom: '' },
      { ...NOAH, enseignant_prenom: '' },
      { ...LEA_MUSIC, enseignant_courriel: '' },
    ]);
    expect(where(text)).toEqual([
      { file: FILE, line: 2, code: 'roster.missing_field' },
      { file: FILE, line: 3, code: 'roster.missing_field' },
      { file: FILE, line: 4, code: 'roster.missing_field' },
    ]);
  });

  test('ORG-2 a relationship that is not one of the accepted words lists them', () => {
    const errs = errorsOf(parsePlainRoster(FILE, csv([LEA, { ...NOAH, parent1_lien: 'voisin' }])));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([{ line: 3, code: 'roster.invalid_value' }]);
    expect(errs[0]!.message.fr).toContain('« voisin »');
    expect(errs[0]!.message.fr).toContain('tuteur');
    expect(errs[0]!.message.fr).toContain('du parent 1');
  });

  test('ORG-2 a student with another first name on a later line names the first line', () => {
    const errs = errorsOf(parsePlainRoster(FILE, csv([LEA, NOAH, { ...LEA_MUSIC, eleve_prenom: 'Lia' }])));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([{ line: 4, code: 'roster.conflicting_value' }]);
    expect(errs[0]!.message.fr).toBe('Ligne 4 de eleves.csv : l’élève « 1001 » porte un autre prénom qu’à la ligne 2 (« Léa »).');
    expect(errs[0]!.message.en).toBe('Line 4 of eleves.csv: the student “1001” has a different first name than on line 2 (“Léa”).');
  });

  test('ORG-2 names differing only by case or spacing are the same; a student e-mail given once is kept', () => {
    const set = ok(csv([{ ...NOAH, eleve_courriel: '' }, { ...NOAH, groupe: 'Art', eleve_prenom: 'NOAH', eleve_nom: ' lavoie ', eleve_courriel: 'noah@exemple.ca' }]));
    expect(set.users[0]).toMatchObject({ givenName: 'Noah', familyName: 'Lavoie', email: 'noah@exemple.ca' });
  });

  test('ORG-2 conflicts: guardian or teacher seen with another name, student e-mail, school code with another name, group with another grade', () => {
    const text = csv([
      LEA,
      { ...NOAH, parent1_prenom: 'Sophia' }, // guardian first name
      { ...NOAH, groupe: '3B', enseignant_nom: 'Gagné' }, // teacher last name
      { ...LEA, groupe: '3C', eleve_courriel: 'lea@autre.ca' }, // student e-mail
      { ...NOAH, groupe: '3D', ecole: 'Autre école' }, // school code with another name
      { ...NOAH, eleve_id: '1003', niveau: '04' }, // group 3A with another grade
      { ...NOAH, groupe: '3E', parent1_lien: 'tuteur' }, // guardian of Noah with another relationship
    ]);
    expect(where(text)).toEqual([2, 3, 4, 5, 6, 7].map((i) => ({ file: FILE, line: i + 1, code: 'roster.conflicting_value' })));
    const msgs = errorsOf(parsePlainRoster(FILE, text)).map((e) => e.message.fr);
    expect(msgs[0]).toContain('le parent au courriel « sophie.lavoie@exemple.ca » porte un autre prénom qu’à la ligne 2');
    expect(msgs[1]).toContain('l’enseignant au courriel « marie.gagnon@exemple.ca » porte un autre nom de famille');
    expect(msgs[3]).toContain('l’école au code « 751001 » porte un autre nom qu’à la ligne 2 (« École de la Vallée »)');
    expect(msgs[4]).toContain('le groupe « 3A » (École de la Vallée, 2026-2027) a un autre niveau');
    expect(msgs[5]).toBe('Ligne 8 de eleves.csv : le parent au courriel « sophie.lavoie@exemple.ca » de l’élève « 1002 » a un autre lien qu’à la ligne 3 (« parent »).');
  });

  test('ORG-2 a school written with a code on one line and without on another is refused', () => {
    expect(where(csv([LEA, { ...NOAH, code_ecole: '' }]))).toEqual([{ file: FILE, line: 3, code: 'roster.conflicting_value' }]);
    expect(where(csv([{ ...LEA, code_ecole: '' }, NOAH]))).toEqual([{ file: FILE, line: 3, code: 'roster.conflicting_value' }]);
    // Two schools of the same name with different codes are two schools.
    expect(ok(csv([LEA, { ...NOAH, code_ecole: '751002' }])).schools).toHaveLength(2);
  });

  test('ORG-2 the same student twice in the same group is a duplicate', () => {
    const errs = errorsOf(parsePlainRoster(FILE, csv([LEA, NOAH, { ...LEA, groupe: '3a ' }])));
    expect(errs.map((e) => ({ line: e.line, code: e.code }))).toEqual([{ line: 4, code: 'roster.duplicate_id' }]);
    expect(errs[0]!.message.fr).toContain('à la ligne 2');
  });

  test('ORG-2 a header with no student line, or an empty file, is refused (it would end everyone)', () => {
    expect(where(csv([]))).toEqual([{ file: FILE, line: null, code: 'roster.no_rows' }]);
    expect(where(`${HEADER.join(',')}\r\n${HEADER.map(() => '').join(',')}\r\n`)).toEqual([{ file: FILE, line: null, code: 'roster.no_rows' }]);
    expect(where('')).toEqual([{ file: FILE, line: null, code: 'roster.no_rows' }]);
    expect(where(Buffer.from('\ufeff\r\n'))).toEqual([{ file: FILE, line: null, code: 'roster.no_rows' }]);
  });

  test('ORG-2 a quoted field spanning lines keeps the physical line numbers of what follows', () => {
    const text = csv([{ ...LEA, groupe: 'Groupe\n301' }, { ...NOAH, eleve_nom: '' }]);
    expect(where(text)).toEqual([{ file: FILE, line: 4, code: 'roster.missing_field' }]);
  });

  test('ORG-2 a line with the wrong number of fields; a file in Windows-1252 (a spreadsheet’s plain "CSV") keeps its accents', () => {
    expect(where(`${csv([LEA])}A,B\n`)).toEqual([{ file: FILE, line: 3, code: 'roster.invalid_csv' }]);
    const cp1252 = Buffer.from(csv([LEA, NOAH]).replace(/’/g, "'"), 'latin1');
    expect(ok(cp1252)).toEqual(ok(csv([LEA, NOAH])));
    expect(ok(cp1252).schools[0]!.name).toBe('École de la Vallée');
  });

  test('ORG-2 errors are capped, then one too_many_errors', () => {
    const lines = Array.from({ length: MAX_ROSTER_ERRORS + 10 }, (_, i) => ({ ...LEA, eleve_id: String(i), eleve_prenom: '' }));
    const errs = where(csv(lines));
    expect(errs).toHaveLength(MAX_ROSTER_ERRORS + 1);
    expect(errs[0]).toEqual({ file: FILE, line: 2, code: 'roster.missing_field' });
    expect(errs[MAX_ROSTER_ERRORS]).toEqual({ file: FILE, line: null, code: 'roster.too_many_errors' });
    expect(where(csv(lines), 3).map((e) => e.code)).toEqual(['roster.missing_field', 'roster.missing_field', 'roster.missing_field', 'roster.too_many_errors']);
  });
});

describe('ORG-2 plain CSV roster — columns and template', () => {
  test('ORG-2 every column has a French name, an English alias and a bilingual description', () => {
    const names = PLAIN_ROSTER_COLUMNS.map((c) => c.name);
    expect(names).toEqual(HEADER);
    expect(PLAIN_ROSTER_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual([
      'ecole',
      'annee_scolaire',
      'groupe',
      'eleve_id',
      'eleve_prenom',
      'eleve_nom',
    ]);
    for (const c of PLAIN_ROSTER_COLUMNS) {
      expect(c.english).toMatch(/^[a-z0-9_]+$/);
      expect(c.description.fr.length).toBeGreaterThan(5);
      expect(c.description.en.length).toBeGreaterThan(5);
    }
  });

  test('ORG-2 the template is UTF-8 with BOM and CRLF, lists every column and parses cleanly', () => {
    const t = plainRosterTemplate();
    expect(t.startsWith('\ufeff')).toBe(true);
    const lines = t.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, two examples, final empty
    expect(lines[3]).toBe('');
    expect(lines[0]!.split(',')).toEqual(PLAIN_ROSTER_COLUMNS.map((c) => c.name));
    const set = ok(Buffer.from(t, 'utf8'));
    expect(set.classes).toHaveLength(1);
    expect(set.enrollments).toHaveLength(2);
    const students = set.users.filter((u) => u.kind === 'student').map((u) => u.sourcedId);
    expect(students).toHaveLength(2);
    const guardiansOf = (id: string) => set.guardianLinks.filter((l) => l.studentSourcedId === id).length;
    expect(students.map(guardiansOf).sort()).toEqual([1, 2]);
  });
});
