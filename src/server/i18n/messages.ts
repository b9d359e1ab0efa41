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
  'auth.password_is_demo': {
    fr: 'Ce mot de passe est celui de la démonstration, publié pour tous : choisissez-en un autre.',
    en: 'This is the demonstration password, published for everyone: choose another one.',
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
  'roster.hold': {
    fr: 'Importation suspendue : elle mettrait fin à {students} élève(s), {staff} membre(s) du personnel et {guardianLinks} lien(s) parent-élève, soit plus de {percent} % de ce que compte le conseil. Rien n’a été enregistré. Vérifiez le fichier ; s’il est juste, confirmez l’importation.',
    en: 'Import on hold: it would end {students} student(s), {staff} staff member(s) and {guardianLinks} guardian link(s), more than {percent}% of what the board holds. Nothing was saved. Check the file; if it is right, confirm the import.',
  },
  'roster.demo_present': {
    fr: 'Le conseil contient encore les données de démonstration. Retirez-les avec « npx balise demo remove », puis importez.',
    en: 'The board still holds the demonstration data. Remove it with "npx balise demo remove", then import.',
  },
  'guardian_link.reason_required': { fr: 'Indiquez le motif de la restriction.', en: 'Give the reason for the restriction.' },
  unsupported_media_type: { fr: 'Format de requête non pris en charge.', en: 'Unsupported request format.' },
  payload_too_large: { fr: 'Le fichier envoyé est trop volumineux.', en: 'The file sent is too large.' },
  'upload.malformed': {
    fr: 'Le fichier n’a pas été reçu en entier ou son envoi est mal formé. Rien n’a été enregistré : envoyez-le de nouveau.',
    en: 'The file was not received in full, or the upload is malformed. Nothing was saved: please send it again.',
  },
  'file.empty': { fr: 'Le fichier envoyé est vide. Choisissez-le de nouveau.', en: 'The file sent is empty. Please choose it again.' },
  'file.type_not_allowed': {
    fr: 'Ce type de fichier n’est pas accepté ici. Balise accepte les photos JPEG, PNG ou WebP, les documents PDF, Word, Excel, PowerPoint ou OpenDocument, et les enregistrements audio ou vidéo courants.',
    en: 'This type of file is not accepted here. Balise accepts JPEG, PNG or WebP photos, PDF, Word, Excel, PowerPoint or OpenDocument documents, and common audio or video recordings.',
  },
  'file.unreadable_format': {
    fr: 'Balise ne peut pas lire cette image (format {format}). Enregistrez-la en JPEG ou en PNG, puis envoyez-la de nouveau. Sur un iPhone : Réglages › Appareil photo › Formats › « Le plus compatible ».',
    en: 'Balise cannot read this image ({format} format). Save it as JPEG or PNG, then send it again. On an iPhone: Settings › Camera › Formats › "Most Compatible".',
  },
  'file.too_large': {
    fr: 'Ce fichier est trop volumineux : {maxMegabytes} Mo au plus. Rien n’a été enregistré.',
    en: 'This file is too large: {maxMegabytes} MB at most. Nothing was saved.',
  },
  'file.link_invalid': {
    fr: 'Ce lien de téléchargement n’est plus valide. Revenez à la page et ouvrez le fichier de nouveau.',
    en: 'This download link is no longer valid. Go back to the page and open the file again.',
  },
  'request.bad_address': {
    fr: 'Cette adresse n’est pas valide. Vérifiez-la, ou revenez à l’accueil.',
    en: 'This address is not valid. Check it, or go back to the home page.',
  },
  'request.headers_too_large': {
    fr: 'La demande envoyée par votre navigateur est trop volumineuse. Effacez les témoins (cookies) de ce site, puis réessayez.',
    en: 'The request sent by your browser is too large. Clear this site’s cookies, then try again.',
  },
  'request.timeout': { fr: 'La demande a pris trop de temps à arriver. Réessayez.', en: 'The request took too long to arrive. Please try again.' },
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
