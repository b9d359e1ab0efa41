import { normalizeLogin } from '../people/login-name.ts';
import { foldAccents } from '../people/person-name.ts';
import type { GuardianRelationship } from './oneroster-types.ts';
import type { GuardianBlock, Header } from './plain-roster-columns.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { joinGrades } from './roster-values.ts';

/** One line of the plain CSV roster (ORG-2), read and checked cell by cell. */

const RELATIONSHIPS = new Map<string, GuardianRelationship>([
  ['parent', 'parent'],
  ['pere', 'parent'],
  ['mere', 'parent'],
  ['father', 'parent'],
  ['mother', 'parent'],
  ['tuteur', 'guardian'],
  ['tutrice', 'guardian'],
  ['guardian', 'guardian'],
  ['autre', 'relative'],
  ['famille', 'relative'],
  ['relative', 'relative'],
]);
const RELATIONSHIP_WORDS = ['parent', 'père', 'mère', 'tuteur', 'tutrice', 'autre', 'famille', 'father', 'mother', 'guardian', 'relative'];

const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/;
const SCHOOL_YEAR_RE = /^(\d{4})\s*[-–—‑/]\s*(\d{4})$/;

/** Relationships written differently that are the same one ("mère", "père", "parent"): the word to compare. */
export function sameRelationship(word: string): string {
  return RELATIONSHIPS.get(foldAccents(word)) ?? word;
}

export interface PersonCells {
  email: string;
  emailNormalized: string;
  givenName: string;
  familyName: string;
}
export interface GuardianCells extends PersonCells {
  relationship: GuardianRelationship;
  relationshipWritten: string;
}
export interface LineData {
  school: string;
  schoolCode: string;
  year: { name: string; startsOn: string; endsOn: string };
  group: string;
  grades: string | null;
  studentId: string;
  student: PersonCells;
  teacher: PersonCells | null;
  guardians: GuardianCells[];
}

/** Reads and checks one line's cells; reports every problem and returns null when there was any. */
export class LineReader {
  private ok = true;
  private row: string[] = [];
  private line = 0;

  constructor(
    private readonly file: string,
    private readonly header: Header,
    private readonly report: (e: RosterError) => void,
  ) {}

  read(row: string[], line: number): LineData | null {
    this.row = row;
    this.line = line;
    this.ok = true;
    const school = this.required('ecole');
    const year = this.schoolYear();
    const group = this.required('groupe');
    const studentId = this.required('eleve_id');
    const givenName = this.required('eleve_prenom');
    const familyName = this.required('eleve_nom');
    const studentEmail = this.email('eleve_courriel');
    const teacher = this.person('enseignant_courriel', 'enseignant_prenom', 'enseignant_nom');
    const guardians: GuardianCells[] = [];
    for (const block of this.header.guardians) {
      const g = this.guardian(block);
      if (g) guardians.push(g);
    }
    if (!this.ok || !year) return null;
    return {
      school,
      schoolCode: this.get('code_ecole'),
      year,
      group,
      grades: joinGrades(this.get('niveau')),
      studentId,
      student: { givenName, familyName, email: studentEmail.written, emailNormalized: studentEmail.normalized },
      teacher,
      guardians,
    };
  }

  private get(column: string): string {
    return this.header.cells.get(column)!(this.row);
  }

  private fail(e: RosterError): void {
    this.ok = false;
    this.report(e);
  }

  private required(column: string): string {
    const v = this.get(column);
    if (v === '') this.fail(rosterErrors.missingField(this.file, this.line, column));
    return v;
  }

  private email(column: string, written = this.get(column)): { written: string; normalized: string } {
    if (written !== '' && !EMAIL_RE.test(written)) this.fail(rosterErrors.invalidEmail(this.file, this.line, column, written));
    return { written, normalized: normalizeLogin(written) };
  }

  private schoolYear(): LineData['year'] | null {
    const written = this.required('annee_scolaire');
    if (written === '') return null;
    const m = SCHOOL_YEAR_RE.exec(written);
    const first = Number(m?.[1]);
    const second = Number(m?.[2]);
    if (!m || second !== first + 1 || first < 2000 || second > 2100) {
      this.fail(rosterErrors.invalidSchoolYear(this.file, this.line, 'annee_scolaire', written));
      return null;
    }
    // July 1 to June 30, the school year as Québec boards count it, so every school day falls inside.
    return { name: `${first}-${second}`, startsOn: `${first}-07-01`, endsOn: `${second}-06-30` };
  }

  /** A teacher or guardian: absent when all its cells are empty, else e-mail and names are required. */
  private person(emailColumn: string, givenColumn: string, familyColumn: string, extra = ''): PersonCells | null {
    const givenName = this.get(givenColumn);
    const familyName = this.get(familyColumn);
    const written = this.get(emailColumn);
    if (written === '' && givenName === '' && familyName === '' && extra === '') return null;
    if (written === '') this.fail(rosterErrors.emailRequired(this.file, this.line, emailColumn));
    const email = this.email(emailColumn, written);
    if (givenName === '') this.fail(rosterErrors.missingField(this.file, this.line, givenColumn));
    if (familyName === '') this.fail(rosterErrors.missingField(this.file, this.line, familyColumn));
    return { email: email.written, emailNormalized: email.normalized, givenName, familyName };
  }

  private guardian(block: GuardianBlock): GuardianCells | null {
    const written = this.get(block.relationship);
    const person = this.person(block.email, block.givenName, block.familyName, written);
    if (!person) return null;
    const relationship = written === '' ? 'parent' : RELATIONSHIPS.get(foldAccents(written));
    if (!relationship) {
      this.fail(rosterErrors.invalidValue(this.file, this.line, block.relationship, written, RELATIONSHIP_WORDS));
      return null;
    }
    return { ...person, relationship, relationshipWritten: written || 'parent' };
  }
}

