import { located, quote, type LocalizedText } from './roster-wording.ts';

/**
 * What an accepted roster holds that the privacy officer should know (ORG-2, issue 16 B3): the
 * import goes on, and each warning says, like an error, the file, the line and what it means.
 */
type RosterWarningCode = 'roster.duplicate_enrollment' | 'roster.shared_guardian_email' | 'roster.too_many_warnings';

export interface RosterWarning {
  file: string;
  /** 1-based physical line in the file (header = 1); null when the warning concerns the whole import. */
  line: number | null;
  code: RosterWarningCode;
  message: LocalizedText;
}

/** Most warnings kept for one import; past it one last warning says how many more there were. */
export const MAX_ROSTER_WARNINGS = 200;

function make(file: string, line: number | null, code: RosterWarningCode, fr: string, en: string): RosterWarning {
  return { file, line, code, message: located(file, line, fr, en) };
}

const ONE_SIGN_IN: LocalizedText = {
  fr: 'Les deux sont importés, mais un seul pourra se connecter à Balise : le lien de connexion est envoyé à une adresse, pour une seule personne. Pour que chacun se connecte, donnez-leur chacun sa propre adresse dans le système source.',
  en: 'Both are imported, but only one of them will be able to sign in to Balise: the sign-in link goes to one address, for one person. For each to sign in, give each their own address in the source system.',
};

export const rosterWarnings = {
  /** The same class, person and role under a second enrollment id: it is stored once. */
  duplicateEnrollment(file: string, line: number, sourcedId: string, firstLine: number): RosterWarning {
    return make(
      file,
      line,
      'roster.duplicate_enrollment',
      `l’inscription ${quote(sourcedId).fr} répète celle de la ligne ${firstLine} : même classe, même personne, même rôle. Elle n’est enregistrée qu’une fois.`,
      `the enrollment ${quote(sourcedId).en} repeats the one on line ${firstLine}: same class, same person, same role. It is stored once.`,
    );
  },
  /** Two guardians with one address: `who` and `other` name them as the file does (identifier or column). */
  sharedGuardianEmail(file: string, line: number, email: string, who: LocalizedText, other: LocalizedText, otherLine: number): RosterWarning {
    const at = otherLine === line ? { fr: 'sur la même ligne', en: 'on the same line' } : { fr: `à la ligne ${otherLine}`, en: `on line ${otherLine}` };
    return make(
      file,
      line,
      'roster.shared_guardian_email',
      `${who.fr} a le même courriel ${quote(email).fr} que ${other.fr} ${at.fr}. ${ONE_SIGN_IN.fr}`,
      `${who.en} has the same e-mail ${quote(email).en} as ${other.en} ${at.en}. ${ONE_SIGN_IN.en}`,
    );
  },
  /** `file`: where the first warning not shown is. */
  tooManyWarnings(file: string, more: number): RosterWarning {
    return {
      file,
      line: null,
      code: 'roster.too_many_warnings',
      message: {
        fr: `${more} autre${more > 1 ? 's' : ''} avertissement${more > 1 ? 's' : ''} ne ${more > 1 ? 'sont' : 'est'} pas affiché${more > 1 ? 's' : ''}.`,
        en: `${more} more warning${more === 1 ? '' : 's'} ${more === 1 ? 'is' : 'are'} not shown.`,
      },
    };
  },
};

/** Warnings of one import: the first MAX_ROSTER_WARNINGS, then a count of the others. */
export class WarningList {
  private readonly kept: RosterWarning[] = [];
  private more = 0;
  private firstNotKept = '';
  constructor(private readonly max = MAX_ROSTER_WARNINGS) {}
  add = (w: RosterWarning): void => {
    if (this.kept.length < this.max) {
      this.kept.push(w);
      return;
    }
    if (this.more === 0) this.firstNotKept = w.file;
    this.more++;
  };
  list(): RosterWarning[] {
    return this.more === 0 ? [...this.kept] : [...this.kept, rosterWarnings.tooManyWarnings(this.firstNotKept, this.more)];
  }
}
