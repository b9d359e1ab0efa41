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
