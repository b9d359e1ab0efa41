import type { RosterError, RosterErrorCode } from './roster-error.ts';
import { fieldLabel, located, quote, type LocalizedText } from './roster-wording.ts';

/** Errors only the plain CSV roster reports (ORG-2); part of `rosterErrors`. */

/** Who a conflicting value belongs to, in the plain CSV. */
export type PlainConflictSubject =
  | { kind: 'student'; id: string }
  | { kind: 'teacher'; email: string }
  | { kind: 'guardian'; email: string }
  | { kind: 'school'; code: string }
  | { kind: 'group'; name: string; school: string; year: string }
  | { kind: 'link'; guardianEmail: string; studentId: string };
export type PlainConflictField = 'firstName' | 'lastName' | 'email' | 'schoolName' | 'grade' | 'relationship';

function subjectText(s: PlainConflictSubject): LocalizedText {
  switch (s.kind) {
    case 'student':
      return { fr: `l’élève ${quote(s.id).fr}`, en: `the student ${quote(s.id).en}` };
    case 'teacher':
      return { fr: `l’enseignant au courriel ${quote(s.email).fr}`, en: `the teacher with e-mail ${quote(s.email).en}` };
    case 'guardian':
      return { fr: `le parent au courriel ${quote(s.email).fr}`, en: `the guardian with e-mail ${quote(s.email).en}` };
    case 'school':
      return { fr: `l’école au code ${quote(s.code).fr}`, en: `the school with code ${quote(s.code).en}` };
    case 'group':
      return {
        fr: `le groupe ${quote(s.name).fr} (${s.school}, ${s.year})`,
        en: `the class group ${quote(s.name).en} (${s.school}, ${s.year})`,
      };
    case 'link':
      return {
        fr: `le parent au courriel ${quote(s.guardianEmail).fr} de l’élève ${quote(s.studentId).fr}`,
        en: `the guardian with e-mail ${quote(s.guardianEmail).en} of the student ${quote(s.studentId).en}`,
      };
  }
}

const CONFLICT_FIELDS: Record<PlainConflictField, LocalizedText> = {
  firstName: { fr: 'porte un autre prénom', en: 'has a different first name' },
  lastName: { fr: 'porte un autre nom de famille', en: 'has a different last name' },
  email: { fr: 'a un autre courriel', en: 'has a different e-mail' },
  schoolName: { fr: 'porte un autre nom', en: 'has a different name' },
  grade: { fr: 'a un autre niveau', en: 'has a different grade' },
  relationship: { fr: 'a un autre lien', en: 'has a different relationship' },
};

function make(file: string, line: number | null, code: RosterErrorCode, fr: string, en: string): RosterError {
  return { file, line, code, message: located(file, line, fr, en) };
}

export const plainRosterErrors = {
  /** A required column of the plain CSV, named in French and in English. */
  missingPlainColumn(file: string, column: string, english: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      1,
      'roster.missing_column',
      `la colonne ${quote(column).fr} (${l.fr} ; en anglais ${quote(english).fr}) est absente de l’en-tête.`,
      `the ${quote(column).en} column (${l.en}; ${quote(english).en} in English) is missing from the header.`,
    );
  },
  /** A teacher or a guardian is given on the line but without the e-mail that identifies them. */
  emailRequired(file: string, line: number, column: string): RosterError {
    const l = fieldLabel(column);
    const guardian = column.startsWith('parent');
    const why: LocalizedText = guardian
      ? {
          fr: 'un parent se connecte à Balise avec un lien à usage unique envoyé par courriel : son courriel est obligatoire.',
          en: 'a guardian signs in to Balise with a one-time link sent by e-mail: their e-mail is required.',
        }
      : {
          fr: 'l’enseignant est reconnu par son courriel : il est obligatoire.',
          en: 'the teacher is identified by their e-mail: it is required.',
        };
    return make(
      file,
      line,
      'roster.missing_field',
      `${l.fr} (colonne ${column}) est vide alors que d’autres cases de cette personne sont remplies ; ${why.fr}`,
      `${l.en} (${column} column) is empty while other cells of this person are filled; ${why.en}`,
    );
  },
  invalidSchoolYear(file: string, line: number, column: string, value: string): RosterError {
    return make(
      file,
      line,
      'roster.invalid_value',
      `l’année scolaire ${quote(value).fr} (colonne ${column}) n’est pas valide : écrivez-la comme 2026-2027 (deux années qui se suivent, entre 2000 et 2100).`,
      `the school year ${quote(value).en} (${column} column) is not valid: write it as 2026-2027 (two consecutive years, between 2000 and 2100).`,
    );
  },
  invalidEmail(file: string, line: number, column: string, value: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.invalid_email',
      `${l.fr} ${quote(value).fr} (colonne ${column}) n’est pas une adresse courriel valide (exemple : prenom.nom@exemple.ca).`,
      `${l.en} ${quote(value).en} (${column} column) is not a valid e-mail address (example: first.last@example.com).`,
    );
  },
  /** The same person, school or group is written differently on two lines; names the first one. */
  conflictingValue(
    file: string,
    line: number,
    subject: PlainConflictSubject,
    field: PlainConflictField,
    firstValue: string,
    firstLine: number,
  ): RosterError {
    const s = subjectText(subject);
    const f = CONFLICT_FIELDS[field];
    return make(
      file,
      line,
      'roster.conflicting_value',
      `${s.fr} ${f.fr} qu’à la ligne ${firstLine} (${quote(firstValue).fr}).`,
      `${s.en} ${f.en} than on line ${firstLine} (${quote(firstValue).en}).`,
    );
  },
  /**
   * A school written with a code on one line and without on another: with a code it is one school,
   * without it is another, so the two would not meet.
   */
  schoolCodeInconsistent(file: string, line: number, name: string, code: string, otherLine: number, codeHere: boolean): RosterError {
    const q = quote(name);
    const c = quote(code);
    const fr = codeHere
      ? `l’école ${q.fr} porte le code ${c.fr} alors qu’à la ligne ${otherLine} elle est inscrite sans code d’école (colonne code_ecole).`
      : `l’école ${q.fr} est inscrite sans code d’école (colonne code_ecole) alors qu’à la ligne ${otherLine} elle porte le code ${c.fr}.`;
    const en = codeHere
      ? `the school ${q.en} has the code ${c.en} while on line ${otherLine} it has no school code (code_ecole column).`
      : `the school ${q.en} has no school code (code_ecole column) while on line ${otherLine} it has the code ${c.en}.`;
    return make(
      file,
      line,
      'roster.conflicting_value',
      `${fr} Remplissez le code sur toutes les lignes de cette école, ou sur aucune.`,
      `${en} Fill in the code on every line of this school, or on none.`,
    );
  },
  duplicateStudentInGroup(file: string, line: number, studentId: string, group: string, firstLine: number): RosterError {
    return make(
      file,
      line,
      'roster.duplicate_id',
      `l’élève ${quote(studentId).fr} figure déjà dans le groupe ${quote(group).fr} à la ligne ${firstLine} : une seule ligne par élève et par groupe.`,
      `the student ${quote(studentId).en} is already in the class group ${quote(group).en} on line ${firstLine}: one line per student and class group.`,
    );
  },
  /** Refused rather than read as "nobody is enrolled any more", which would end every student's enrollment. */
  noRows(file: string): RosterError {
    return make(
      file,
      null,
      'roster.no_rows',
      'le fichier ne contient aucune ligne d’élève sous l’en-tête. Un import vide mettrait fin à l’inscription de tous les élèves : rien n’a été importé.',
      'the file has no student line under the header. An empty import would end every student’s enrollment: nothing was imported.',
    );
  },
  /** The plain CSV is a single file; anything else (several files, a folder) is refused as a whole. */
  plainNotOneFile(names: readonly string[]): RosterError {
    const got = names.length === 0 ? { fr: 'aucun fichier', en: 'no file' } : { fr: names.join(', '), en: names.join(', ') };
    return {
      file: names.join(', '),
      line: null,
      code: 'roster.plain_one_file',
      message: {
        fr: `Un import en CSV simple se fait avec un seul fichier .csv (une ligne par élève et par groupe) ; reçu : ${got.fr}.`,
        en: `A plain CSV import takes a single .csv file (one line per student and class group); received: ${got.en}.`,
      },
    };
  },
};
