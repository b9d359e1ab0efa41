import type { Locale } from '../../domain/legal/legal-profile.ts';

export function magicLinkMail(locale: Locale, link: string, ttlMinutes: number) {
  if (locale === 'en') {
    return {
      subject: 'Your Balise sign-in link',
      text:
        `Hello,\n\nHere is your link to sign in to Balise:\n\n${link}\n\n` +
        `It is valid for ${ttlMinutes} minutes and works only once. If you did not ask for it, ignore this message.\n`,
    };
  }
  return {
    subject: 'Votre lien de connexion à Balise',
    text:
      `Bonjour,\n\nVoici votre lien pour vous connecter à Balise :\n\n${link}\n\n` +
      `Il est valide ${ttlMinutes} minutes et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message.\n`,
  };
}

/** The link a staff member or student follows to choose a password (first access or forgotten). */
export function passwordLinkMail(locale: Locale, link: string, ttlMinutes: number) {
  if (locale === 'en') {
    return {
      subject: 'Choose your Balise password',
      text:
        `Hello,\n\nHere is your link to choose a password for Balise:\n\n${link}\n\n` +
        `It is valid for ${ttlMinutes} minutes and works only once. If you did not ask for it, ignore this message: your current password stays as it is.\n`,
    };
  }
  return {
    subject: 'Choisissez votre mot de passe Balise',
    text:
      `Bonjour,\n\nVoici votre lien pour choisir un mot de passe Balise :\n\n${link}\n\n` +
      `Il est valide ${ttlMinutes} minutes et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe actuel reste le même.\n`,
  };
}
