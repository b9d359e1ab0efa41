import type { RosterError } from './roster-error.ts';
import { located, quote } from './roster-wording.ts';

/**
 * Refusals of a whole package that is not a complete OneRoster 1.1 export (ORG-2, issue 16 B3):
 * said once, naming the format, instead of a column error per file. Part of `rosterErrors`.
 */

const NOTHING_IMPORTED = { fr: 'Rien n’a été importé.', en: 'Nothing was imported.' };

/** Where to get a file Balise reads, for a refusal's last sentence. */
const WHAT_BALISE_READS = {
  fr: 'Balise lit un export OneRoster 1.1 complet (mode « bulk ») ou son propre CSV simple (une ligne par élève et par groupe, voir le modèle sur la page d’import).',
  en: 'Balise reads a complete OneRoster 1.1 export (“bulk” mode) or its own plain CSV (one line per student and class group, see the template on the import page).',
};

type SchoolDataSyncVersion = 'v1' | 'v2.1';

export const oneRosterFormatErrors = {
  /**
   * A delta holds only what changed since the last export: read as the whole board, it would end
   * every person and class it does not name.
   */
  deltaPackage(line: number | null, files: readonly string[]): RosterError {
    const list = files.join(', ');
    return {
      file: 'manifest.csv',
      line,
      code: 'roster.delta_package',
      message: located(
        'manifest.csv',
        line,
        `cet export OneRoster est un « delta » (seulement les changements depuis l’export précédent) pour : ${list}. Les exports delta ne sont pas pris en charge : lu comme le conseil entier, un delta mettrait fin à tout ce qu’il ne nomme pas. Exportez toutes les données du conseil en mode « bulk » (export complet) et relancez l’import. ${NOTHING_IMPORTED.fr}`,
        `this OneRoster export is a “delta” (only the changes since the previous export) for: ${list}. Delta packages are not supported: read as the whole board, a delta would end everything it does not name. Export the whole board in “bulk” mode (complete export) and run the import again. ${NOTHING_IMPORTED.en}`,
      ),
    };
  },
  /** OneRoster 1.2 moves roles out of users.csv (roles.csv): read as 1.1 it would only give column errors. */
  oneRoster12(file: string, line: number | null, version: string | null): RosterError {
    const said = version === null ? { fr: '', en: '' } : { fr: ` (version ${quote(version).fr})`, en: ` (version ${quote(version).en})` };
    return {
      file,
      line,
      code: 'roster.unsupported_format',
      message: located(
        file,
        line,
        `cet export est au format OneRoster 1.2${said.fr}, que Balise ne lit pas encore. Dans votre système de gestion des élèves, choisissez un export OneRoster 1.1 (CSV, complet) et relancez l’import. ${NOTHING_IMPORTED.fr}`,
        `this export is in the OneRoster 1.2 format${said.en}, which Balise does not read yet. In your student information system, choose a OneRoster 1.1 export (CSV, complete) and run the import again. ${NOTHING_IMPORTED.en}`,
      ),
    };
  },
  /** Microsoft School Data Sync's own CSV files (v1: School.csv, Student.csv…; v2.1: roles.csv and its columns). */
  schoolDataSync(file: string, version: SchoolDataSyncVersion): RosterError {
    return {
      file,
      line: null,
      code: 'roster.unsupported_format',
      message: located(
        file,
        null,
        `ces fichiers sont au format Microsoft School Data Sync (SDS, CSV ${version}), pas OneRoster 1.1. ${WHAT_BALISE_READS.fr} Demandez un export OneRoster 1.1 à votre système de gestion des élèves, ou remplissez le CSV simple. ${NOTHING_IMPORTED.fr}`,
        `these files are in the Microsoft School Data Sync format (SDS, CSV ${version}), not OneRoster 1.1. ${WHAT_BALISE_READS.en} Ask your student information system for a OneRoster 1.1 export, or fill in the plain CSV. ${NOTHING_IMPORTED.en}`,
      ),
    };
  },
};
