import type { Locale } from '../../domain/legal/legal-profile.ts';

/** Server messages, keyed by the machine-readable code the API returns beside them. */
const messages = {
  invalid_input: { fr: 'Certaines informations fournies ne sont pas valides.', en: 'Some of the information provided is not valid.' },
  not_found: { fr: 'Cette page ou cette ressource est introuvable.', en: 'This page or resource cannot be found.' },
  'auth.required': { fr: 'Veuillez vous connecter pour continuer.', en: 'Please sign in to continue.' },
  'auth.invalid_credentials': { fr: 'Nom d’utilisateur ou mot de passe incorrect.', en: 'Incorrect username or password.' },
  'auth.locked': {
    fr: 'Trop d’essais infructueux : ce compte est bloqué pendant {minutes} minutes.',
    en: 'Too many failed attempts: this account is locked for {minutes} minutes.',
  },
  'auth.link_invalid': {
    fr: 'Ce lien de connexion n’est plus valide (déjà utilisé ou expiré). Demandez-en un nouveau.',
    en: 'This sign-in link is no longer valid (already used or expired). Please ask for a new one.',
  },
  'auth.password_too_short': {
    fr: 'Choisissez un mot de passe d’au moins {min} caractères (une phrase facile à retenir convient bien).',
    en: 'Choose a password of at least {min} characters (an easy-to-remember phrase works well).',
  },
  'auth.password_too_long': { fr: 'Ce mot de passe est trop long.', en: 'This password is too long.' },
  'auth.password_same_as_login': {
    fr: 'Le mot de passe ne peut pas être votre nom d’utilisateur ni votre courriel.',
    en: 'The password cannot be your username or your e-mail address.',
  },
  'auth.oidc_unavailable': { fr: 'La connexion par le fournisseur d’identité n’est pas configurée.', en: 'Sign-in with the identity provider is not configured.' },
  'auth.oidc_failed': { fr: 'La connexion par le fournisseur d’identité a échoué. Réessayez.', en: 'Sign-in with the identity provider failed. Please try again.' },
  'auth.oidc_unknown_person': {
    fr: 'Aucun compte du personnel ou d’élève ne correspond à cette identité. Adressez-vous à votre école.',
    en: 'No staff or student account matches this identity. Please contact your school.',
  },
  'access.denied': { fr: 'Vous n’avez pas accès à cette information.', en: 'You do not have access to this information.' },
  'csrf.invalid': { fr: 'La requête n’a pas pu être vérifiée. Rechargez la page et réessayez.', en: 'The request could not be verified. Reload the page and try again.' },
  rate_limited: { fr: 'Trop de demandes. Réessayez dans une minute.', en: 'Too many requests. Please try again in a minute.' },
  'roster.invalid': {
    fr: 'L’importation est refusée : {count} ligne(s) à corriger. Rien n’a été enregistré.',
    en: 'The import was refused: {count} line(s) to fix. Nothing was saved.',
  },
  'roster.no_files': { fr: 'Joignez un fichier .zip ou les fichiers .csv OneRoster.', en: 'Attach a .zip file or the OneRoster .csv files.' },
  'roster.no_csv_file': {
    fr: 'Joignez un seul fichier .csv (une ligne par élève). Le modèle à remplir est sur la page d’administration.',
    en: 'Attach a single .csv file (one line per student). The template to fill in is on the administration page.',
  },
  'guardian_link.reason_required': { fr: 'Indiquez le motif de la restriction.', en: 'Give the reason for the restriction.' },
  unsupported_media_type: { fr: 'Format de requête non pris en charge.', en: 'Unsupported request format.' },
  payload_too_large: { fr: 'Le fichier envoyé est trop volumineux.', en: 'The file sent is too large.' },
  internal: { fr: 'Une erreur inattendue est survenue. Réessayez plus tard.', en: 'An unexpected error occurred. Please try again later.' },
  'database.busy': {
    fr: 'Balise est occupé par une importation des listes d’élèves. Réessayez dans quelques minutes.',
    en: 'Balise is busy with a roster import. Please try again in a few minutes.',
  },
} satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof messages;

export function translate(code: MessageCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template = messages[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (cookieValue === 'fr' || cookieValue === 'en') return cookieValue;
  const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  if (first === 'fr' || first === 'en') return first;
  return fallback;
}
