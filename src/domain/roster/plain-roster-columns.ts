import type { CsvTable } from './csv-table.ts';
import { foldAccents } from '../people/person-name.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { Columns } from './roster-columns.ts';
import { GUARDIAN_COLUMN } from './roster-wording.ts';

/**
 * The columns of Balise's plain CSV roster (ORG-2): their French names, English aliases and
 * descriptions (for the docs and the template), and how a header written by hand or by a
 * spreadsheet is mapped to them.
 */

type ColumnSpec = { name: string; english: string; required: boolean; description: { fr: string; en: string } };

const GUARDIAN_FIELDS = [
  { fr: 'courriel', en: 'email', description: { fr: 'courriel', en: 'e-mail' } },
  { fr: 'prenom', en: 'first_name', description: { fr: 'prénom', en: 'first name' } },
  { fr: 'nom', en: 'last_name', description: { fr: 'nom de famille', en: 'last name' } },
  {
    fr: 'lien',
    en: 'relationship',
    description: {
      fr: 'lien avec l’élève : parent (ou père, mère), tuteur (ou tutrice), autre (ou famille) ; vide = parent',
      en: 'relationship to the student: parent (or father, mother), guardian, relative; empty = parent',
    },
  },
] as const;

function guardianColumns(n: number): ColumnSpec[] {
  return GUARDIAN_FIELDS.map((f) => ({
    name: `parent${n}_${f.fr}`,
    english: `guardian${n}_${f.en}`,
    required: false,
    description: {
      fr: `Parent ${n} : ${f.description.fr}. Si une case de ce parent est remplie, son courriel, son prénom et son nom sont obligatoires (d’autres parents : parent3_…).`,
      en: `Guardian ${n}: ${f.description.en}. If any cell of this guardian is filled, their e-mail, first and last name are required (more guardians: guardian3_…).`,
    },
  }));
}

/** The columns, for the docs and the template: canonical French name, English alias, required or not, and a short bilingual description. */
export const PLAIN_ROSTER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'ecole', english: 'school', required: true, description: { fr: 'Nom de l’école.', en: 'School name.' } },
  {
    name: 'code_ecole',
    english: 'school_code',
    required: false,
    description: {
      fr: 'Code de l’école ; quand il est donné, c’est lui qui reconnaît l’école (à remplir sur toutes ses lignes ou sur aucune).',
      en: 'School code; when given, it identifies the school (fill it on all of its lines or on none).',
    },
  },
  {
    name: 'annee_scolaire',
    english: 'school_year',
    required: true,
    description: { fr: 'Année scolaire, par exemple 2026-2027.', en: 'School year, e.g. 2026-2027.' },
  },
  { name: 'groupe', english: 'class_group', required: true, description: { fr: 'Nom du groupe, par exemple 3A.', en: 'Class group name, e.g. 3A.' } },
  {
    name: 'niveau',
    english: 'grade',
    required: false,
    description: { fr: 'Niveau du groupe, par exemple 03 (plusieurs : "03,04").', en: 'Grade of the group, e.g. 03 (several: "03,04").' },
  },
  {
    name: 'eleve_id',
    english: 'student_id',
    required: true,
    description: { fr: 'Numéro de l’élève (fiche ou code permanent).', en: 'Student number (record number or permanent code).' },
  },
  { name: 'eleve_prenom', english: 'student_first_name', required: true, description: { fr: 'Prénom de l’élève.', en: 'Student’s first name.' } },
  { name: 'eleve_nom', english: 'student_last_name', required: true, description: { fr: 'Nom de famille de l’élève.', en: 'Student’s last name.' } },
  { name: 'eleve_courriel', english: 'student_email', required: false, description: { fr: 'Courriel de l’élève.', en: 'Student’s e-mail.' } },
  {
    name: 'enseignant_courriel',
    english: 'teacher_email',
    required: false,
    description: {
      fr: 'Courriel de l’enseignant du groupe (un groupe peut en avoir plusieurs, sur des lignes différentes).',
      en: 'E-mail of the group’s teacher (a group may have several, on different lines).',
    },
  },
  {
    name: 'enseignant_prenom',
    english: 'teacher_first_name',
    required: false,
    description: { fr: 'Prénom de l’enseignant (obligatoire si son courriel est donné).', en: 'Teacher’s first name (required when their e-mail is given).' },
  },
  {
    name: 'enseignant_nom',
    english: 'teacher_last_name',
    required: false,
    description: { fr: 'Nom de famille de l’enseignant (obligatoire si son courriel est donné).', en: 'Teacher’s last name (required when their e-mail is given).' },
  },
  ...guardianColumns(1),
  ...guardianColumns(2),
];

/** Lower case, no accents, separators as single `_`: `Année scolaire` → `annee_scolaire`. */
function normalizeHeaderName(name: string): string {
  return foldAccents(name)
    .replace(/[\s\-'’.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/** Every column but the guardian blocks, whose number varies. */
const FIXED_COLUMNS = PLAIN_ROSTER_COLUMNS.filter((c) => !c.name.startsWith('parent'));
const FIXED_BY_ALIAS = new Map(FIXED_COLUMNS.flatMap((c) => [[c.name, c.name] as const, [c.english, c.name] as const]));
// As written, the number may be missing (`parent_courriel`: the first guardian) or set apart (`Parent 2 - courriel`).
const GUARDIAN_FR = new RegExp(`^parent_?(\\d*)_(${GUARDIAN_FIELDS.map((f) => f.fr).join('|')})$`);
const GUARDIAN_EN = new RegExp(`^guardian_?(\\d*)_(${GUARDIAN_FIELDS.map((f) => f.en).join('|')})$`);
const GUARDIAN_FR_OF_EN: Record<string, string> = Object.fromEntries(GUARDIAN_FIELDS.map((f) => [f.en, f.fr]));

/** Canonical column of a normalized header name; null for a column this format does not read. */
function canonicalColumn(normalized: string): string | null {
  const fixed = FIXED_BY_ALIAS.get(normalized);
  if (fixed) return fixed;
  const fr = GUARDIAN_FR.exec(normalized);
  const en = fr ? null : GUARDIAN_EN.exec(normalized);
  const m = fr ?? en;
  if (!m) return null;
  const n = m[1] === '' ? 1 : Number(m[1]);
  if (n < 1) return null;
  return `parent${n}_${fr ? fr[2]! : GUARDIAN_FR_OF_EN[en![2]!]!}`;
}

function englishOf(column: string): string {
  const fixed = PLAIN_ROSTER_COLUMNS.find((c) => c.name === column);
  if (fixed) return fixed.english;
  const m = GUARDIAN_COLUMN.exec(column)!;
  const field = GUARDIAN_FIELDS.find((f) => f.fr === m[2])!;
  return `guardian${m[1]}_${field.en}`;
}

type Cell = (row: string[]) => string;

/** Column names of one guardian block, built once rather than on every line. */
export interface GuardianBlock {
  email: string;
  givenName: string;
  familyName: string;
  relationship: string;
}

export interface Header {
  /** Indexes of the columns read. */
  indexes: number[];
  /** Per canonical column: trimmed, NFC, inner spaces collapsed; '' when the column is absent. */
  cells: ReadonlyMap<string, Cell>;
  guardians: GuardianBlock[];
}

/** Identifiers keep their inner spacing: they are matched as written. */
const KEPT_AS_WRITTEN = new Set(['eleve_id', 'code_ecole']);

const TEACHER_COLUMNS = ['enseignant_courriel', 'enseignant_prenom', 'enseignant_nom'];

/** The teacher's columns, all needed once any of them is in the header. */
function teacherColumns(present: ReadonlySet<string>): string[] {
  return TEACHER_COLUMNS.some((c) => present.has(c)) ? TEACHER_COLUMNS : [];
}

function guardianBlock(n: number): GuardianBlock {
  return { email: `parent${n}_courriel`, givenName: `parent${n}_prenom`, familyName: `parent${n}_nom`, relationship: `parent${n}_lien` };
}

/** Maps the header to canonical columns; reports what is missing or repeated and returns null then. */
export function readHeader(table: CsvTable, report: (e: RosterError) => void): Header | null {
  const { written, repeated } = writtenColumns(table, report);
  const guardians = guardianBlocks(written);
  const present = new Set(written.keys());
  // A guardian block needs its e-mail and names once any of its columns is in the header.
  const required = [
    ...PLAIN_ROSTER_COLUMNS.filter((c) => c.required).map((c) => c.name),
    ...teacherColumns(present),
    ...guardians.flatMap((g) => [g.email, g.givenName, g.familyName]),
  ];
  const missing = required.filter((c) => !present.has(c));
  for (const c of missing) report(rosterErrors.missingPlainColumn(table.file, c, englishOf(c)));
  if (repeated || missing.length > 0) return null;
  const cols = new Columns(table, [], [...written.values()]);
  const names = [...FIXED_COLUMNS.map((c) => c.name), ...guardians.flatMap((g) => [g.email, g.givenName, g.familyName, g.relationship])];
  const cells = new Map(names.map((c) => [c, cellReader(cols.get(written.get(c) ?? ''), !KEPT_AS_WRITTEN.has(c))]));
  return { indexes: cols.indexes(), cells, guardians };
}

/** Canonical column → the header name as written; `repeated` when a column is written twice (reported). */
function writtenColumns(table: CsvTable, report: (e: RosterError) => void): { written: Map<string, string>; repeated: boolean } {
  const written = new Map<string, string>();
  let repeated = false;
  for (const h of table.header) {
    const canonical = canonicalColumn(normalizeHeaderName(h));
    if (canonical === null) continue;
    if (written.has(canonical)) {
      report(rosterErrors.duplicateColumn(table.file, h));
      repeated = true;
    } else written.set(canonical, h);
  }
  return { written, repeated };
}

/** The guardian blocks the header has columns of, in their order. */
function guardianBlocks(written: ReadonlyMap<string, string>): GuardianBlock[] {
  const numbers = new Set<number>();
  for (const c of written.keys()) {
    const m = GUARDIAN_COLUMN.exec(c);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers].sort((a, b) => a - b).map(guardianBlock);
}

const RUN_OF_SPACES = /\s\s|[^\S ]/;

function cellReader(get: Cell, collapse: boolean): Cell {
  return (row) => {
    const v = get(row);
    if (v === '') return v;
    const nfc = v.normalize('NFC');
    return collapse && RUN_OF_SPACES.test(nfc) ? nfc.replace(/\s+/g, ' ') : nfc;
  };
}

