/**
 * The words roster errors and warnings are built from: how a column is named for a person, how a
 * value is quoted, where in a file something is. French first, then English.
 */
export interface LocalizedText {
  fr: string;
  en: string;
}

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
export function fieldLabel(column: string): LocalizedText {
  const m = GUARDIAN_COLUMN.exec(column);
  if (!m) return FIELD_LABELS[column] ?? { fr: `le champ ${column}`, en: `the ${column} field` };
  const l = GUARDIAN_FIELD_LABELS[m[2]!]!;
  return { fr: l.fr.replace('#', m[1]!), en: l.en.replace('#', m[1]!) };
}

/** A value as written in the file, shortened when long: « … » in French, “…” in English. */
export function quote(v: string): LocalizedText {
  const short = v.length > 60 ? `${v.slice(0, 57)}…` : v;
  return { fr: `« ${short} »`, en: `“${short}”` };
}

/** The message, led by where it applies: "Ligne 3 de users.csv : …", or "users.csv : …" for the whole file. */
export function located(file: string, line: number | null, fr: string, en: string): LocalizedText {
  if (line === null) return { fr: `${file} : ${fr}`, en: `${file}: ${en}` };
  return { fr: `Ligne ${line} de ${file} : ${fr}`, en: `Line ${line} of ${file}: ${en}` };
}
