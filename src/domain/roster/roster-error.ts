/**
 * Errors found in a OneRoster set (ORG-2). Each one names the file, the physical line (the header
 * is line 1; null when the whole file is concerned) and says in plain words, French first, what is
 * wrong and where, so the privacy officer can fix the export and try again.
 */
export type RosterErrorCode =
  | 'roster.missing_file'
  | 'roster.duplicate_file'
  | 'roster.invalid_encoding'
  | 'roster.invalid_csv'
  | 'roster.missing_column'
  | 'roster.missing_field'
  | 'roster.invalid_value'
  | 'roster.invalid_date'
  | 'roster.invalid_date_range'
  | 'roster.duplicate_id'
  | 'roster.unknown_reference'
  | 'roster.wrong_reference'
  | 'roster.unresolved_term'
  | 'roster.invalid_zip'
  | 'roster.too_many_errors'
  | 'roster.invalid_email'
  | 'roster.conflicting_value'
  | 'roster.no_rows'
  | 'roster.plain_one_file';

export interface LocalizedText {
  fr: string;
  en: string;
}

export interface RosterError {
  file: string;
  /** 1-based physical line in the file (header = 1); null when the error concerns the whole file. */
  line: number | null;
  code: RosterErrorCode;
  message: LocalizedText;
}

/** Most errors reported for one import; past it the check stops and says so. */
export const MAX_ROSTER_ERRORS = 200;

/** How a column is named for a person reading the message: "le prénom (colonne givenName)". */
const FIELD_LABELS: Record<string, LocalizedText> = {
  sourcedId: { fr: 'l’identifiant', en: 'the identifier' },
  status: { fr: 'le statut', en: 'the status' },
  name: { fr: 'le nom', en: 'the name' },
  type: { fr: 'le type', en: 'the type' },
  identifier: { fr: 'le code', en: 'the code' },
  parentSourcedId: { fr: 'le parent', en: 'the parent' },
  title: { fr: 'le titre', en: 'the title' },
  startDate: { fr: 'la date de début', en: 'the start date' },
  endDate: { fr: 'la date de fin', en: 'the end date' },
  beginDate: { fr: 'la date de début', en: 'the start date' },
  schoolSourcedId: { fr: 'l’école', en: 'the school' },
  termSourcedIds: { fr: 'la session', en: 'the term' },
  courseSourcedId: { fr: 'le cours', en: 'the course' },
  classCode: { fr: 'le code de la classe', en: 'the class code' },
  grades: { fr: 'le niveau', en: 'the grade' },
  role: { fr: 'le rôle', en: 'the role' },
  givenName: { fr: 'le prénom', en: 'the first name' },
  familyName: { fr: 'le nom de famille', en: 'the last name' },
  preferredFirstName: { fr: 'le prénom d’usage', en: 'the preferred first name' },
  email: { fr: 'le courriel', en: 'the e-mail' },
  username: { fr: 'le nom d’utilisateur', en: 'the user name' },
  enabledUser: { fr: 'le compte actif', en: 'the account enabled flag' },
  orgSourcedIds: { fr: 'l’organisme', en: 'the organization' },
  agentSourcedIds: { fr: 'la personne liée', en: 'the linked person' },
  classSourcedId: { fr: 'la classe', en: 'the class' },
  userSourcedId: { fr: 'l’utilisateur', en: 'the user' },
  // Plain CSV roster columns (French names; guardian columns parentN_* are worded by fieldLabel).
  ecole: { fr: 'le nom de l’école', en: 'the school name' },
  code_ecole: { fr: 'le code de l’école', en: 'the school code' },
  annee_scolaire: { fr: 'l’année scolaire', en: 'the school year' },
  groupe: { fr: 'le groupe', en: 'the class group' },
  niveau: { fr: 'le niveau', en: 'the grade' },
  eleve_id: { fr: 'le numéro de l’élève', en: 'the student number' },
  eleve_prenom: { fr: 'le prénom de l’élève', en: 'the student’s first name' },
  eleve_nom: { fr: 'le nom de famille de l’élève', en: 'the student’s last name' },
  eleve_courriel: { fr: 'le courriel de l’élève', en: 'the student’s e-mail' },
  enseignant_courriel: { fr: 'le courriel de l’enseignant', en: 'the teacher’s e-mail' },
  enseignant_prenom: { fr: 'le prénom de l’enseignant', en: 'the teacher’s first name' },
  enseignant_nom: { fr: 'le nom de famille de l’enseignant', en: 'the teacher’s last name' },
};


/** `#` stands for the guardian's number. */
const GUARDIAN_FIELD_LABELS: Record<string, LocalizedText> = {
  courriel: { fr: 'le courriel du parent #', en: 'the e-mail of guardian #' },
  prenom: { fr: 'le prénom du parent #', en: 'the first name of guardian #' },
  nom: { fr: 'le nom de famille du parent #', en: 'the last name of guardian #' },
  lien: { fr: 'le lien du parent # avec l’élève', en: 'the relationship of guardian # to the student' },
};

/** A guardian block's column of the plain CSV, as the parser names it: `parent2_courriel`. */
export const GUARDIAN_COLUMN = /^parent(\d+)_(courriel|prenom|nom|lien)$/;

/** What a column holds, in words: "le prénom", "le courriel du parent 2". */
function fieldLabel(column: string): LocalizedText {
  const m = GUARDIAN_COLUMN.exec(column);
  if (!m) return FIELD_LABELS[column] ?? { fr: `le champ ${column}`, en: `the ${column} field` };
  const l = GUARDIAN_FIELD_LABELS[m[2]!]!;
  return { fr: l.fr.replace('#', m[1]!), en: l.en.replace('#', m[1]!) };
}

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

function where(file: string, line: number | null): LocalizedText {
  return line === null ? { fr: `${file} : `, en: `${file}: ` } : { fr: `Ligne ${line} de ${file} : `, en: `Line ${line} of ${file}: ` };
}

function make(file: string, line: number | null, code: RosterErrorCode, fr: string, en: string): RosterError {
  const at = where(file, line);
  return { file, line, code, message: { fr: at.fr + fr, en: at.en + en } };
}

function quote(v: string): LocalizedText {
  const short = v.length > 60 ? `${v.slice(0, 57)}…` : v;
  return { fr: `« ${short} »`, en: `“${short}”` };
}

/** Builders for every error the parser reports; the wording lives here and only here. */
export const rosterErrors = {
  missingFile(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.missing_file',
      message: {
        fr: `Le fichier ${file} est absent de l’import : il est obligatoire dans un export OneRoster 1.1.`,
        en: `The file ${file} is missing from the import: a OneRoster 1.1 export must contain it.`,
      },
    };
  },
  duplicateFile(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.duplicate_file',
      message: {
        fr: `Le fichier ${file} figure plus d’une fois dans l’import : n’en gardez qu’un.`,
        en: `The file ${file} appears more than once in the import: keep only one.`,
      },
    };
  },
  invalidZip(file: string, detail: LocalizedText): RosterError {
    return {
      file,
      line: null,
      code: 'roster.invalid_zip',
      message: { fr: `L’archive ${file} ne peut pas être lue : ${detail.fr}`, en: `The archive ${file} cannot be read: ${detail.en}` },
    };
  },
  invalidEncoding(file: string): RosterError {
    return make(
      file,
      null,
      'roster.invalid_encoding',
      'le fichier n’est pas encodé en UTF-8 (des accents seraient perdus). Exportez-le de nouveau en UTF-8.',
      'the file is not UTF-8 encoded (accented letters would be lost). Export it again as UTF-8.',
    );
  },
  emptyFile(file: string): RosterError {
    return make(file, 1, 'roster.missing_column', 'le fichier est vide : la ligne d’en-tête manque.', 'the file is empty: the header line is missing.');
  },
  fieldCount(file: string, line: number, got: number, expected: number): RosterError {
    return make(
      file,
      line,
      'roster.invalid_csv',
      `la ligne compte ${got} champ${got > 1 ? 's' : ''} alors que l’en-tête en annonce ${expected}.`,
      `the line has ${got} field${got === 1 ? '' : 's'} but the header announces ${expected}.`,
    );
  },
  unclosedQuote(file: string, line: number): RosterError {
    return make(
      file,
      line,
      'roster.invalid_csv',
      'un guillemet ouvert à partir de cette ligne n’est jamais fermé.',
      'a quotation mark opened from this line is never closed.',
    );
  },
  malformedLine(file: string, line: number | null, detail: string): RosterError {
    return make(file, line, 'roster.invalid_csv', `la ligne n’est pas du CSV valide (${detail}).`, `the line is not valid CSV (${detail}).`);
  },
  missingColumn(file: string, column: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      1,
      'roster.missing_column',
      `la colonne ${quote(column).fr} (${l.fr}) est absente de l’en-tête.`,
      `the ${quote(column).en} column (${l.en}) is missing from the header.`,
    );
  },
  duplicateColumn(file: string, column: string): RosterError {
    return make(
      file,
      1,
      'roster.invalid_csv',
      `la colonne ${quote(column).fr} figure deux fois dans l’en-tête.`,
      `the ${quote(column).en} column appears twice in the header.`,
    );
  },
  missingField(file: string, line: number, column: string): RosterError {
    const l = fieldLabel(column);
    return make(file, line, 'roster.missing_field', `${l.fr} (colonne ${column}) est vide.`, `${l.en} (${column} column) is empty.`);
  },
  invalidDate(file: string, line: number, column: string, value: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.invalid_date',
      `${l.fr} ${quote(value).fr} (colonne ${column}) n’est pas une date valide (format attendu : AAAA-MM-JJ).`,
      `${l.en} ${quote(value).en} (${column} column) is not a valid date (expected format: YYYY-MM-DD).`,
    );
  },
  dateOrder(file: string, line: number, start: string, end: string): RosterError {
    return make(
      file,
      line,
      'roster.invalid_date_range',
      `la date de fin ${quote(end).fr} précède la date de début ${quote(start).fr}.`,
      `the end date ${quote(end).en} is before the start date ${quote(start).en}.`,
    );
  },
  invalidValue(file: string, line: number, column: string, value: string, allowed: readonly string[]): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.invalid_value',
      `la valeur ${quote(value).fr} n’est pas permise pour ${l.fr} (colonne ${column}). Valeurs acceptées : ${allowed.join(', ')}.`,
      `the value ${quote(value).en} is not allowed for ${l.en} (${column} column). Accepted values: ${allowed.join(', ')}.`,
    );
  },
  duplicateId(file: string, line: number, id: string, firstLine: number): RosterError {
    return make(
      file,
      line,
      'roster.duplicate_id',
      `l’identifiant ${quote(id).fr} apparaît déjà à la ligne ${firstLine}.`,
      `the identifier ${quote(id).en} already appears on line ${firstLine}.`,
    );
  },
  unknownReference(file: string, line: number, column: string, id: string, targetFile: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.unknown_reference',
      `${l.fr} ${quote(id).fr} (colonne ${column}) ne figure pas dans ${targetFile}.`,
      `${l.en} ${quote(id).en} (${column} column) is not in ${targetFile}.`,
    );
  },
  wrongReference(file: string, line: number, column: string, id: string, expected: LocalizedText): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.wrong_reference',
      `${l.fr} ${quote(id).fr} (colonne ${column}) n’est pas ${expected.fr}.`,
      `${l.en} ${quote(id).en} (${column} column) is not ${expected.en}.`,
    );
  },
  unresolvedTerm(file: string, line: number, ids: readonly string[]): RosterError {
    const list = ids.join(', ');
    return make(
      file,
      line,
      'roster.unresolved_term',
      `aucune des sessions ${quote(list).fr} (colonne termSourcedIds) ne se rattache à une année scolaire de academicSessions.csv.`,
      `none of the terms ${quote(list).en} (termSourcedIds column) belongs to a school year of academicSessions.csv.`,
    );
  },
  // ------------------------------------------------------------ plain CSV roster
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
  tooManyErrors(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.too_many_errors',
      message: {
        fr: `Plus de ${MAX_ROSTER_ERRORS} erreurs : la vérification s’est arrêtée à ${file}. Corrigez celles-ci et relancez l’import.`,
        en: `More than ${MAX_ROSTER_ERRORS} errors: checking stopped at ${file}. Fix these and run the import again.`,
      },
    };
  },
};

/** One line per error, the way the CLI prints them: `users.csv:12: message`. */
export function formatRosterError(e: RosterError, locale: 'fr' | 'en'): string {
  return `${e.file}:${e.line ?? ''}: ${e.message[locale]}`;
}
