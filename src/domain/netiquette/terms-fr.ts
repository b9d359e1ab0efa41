import type { NetiquetteTerms } from './netiquette-terms.ts';

/**
 * The shipped French list: short on purpose, a starting point the board edits. Words that
 * are also innocent (« crève » as in « j'ai la crève », « chatte », « cul-de-sac », « baiser »)
 * are left out; holding innocent messages teaches people to ignore the check.
 */
export const frenchTerms: NetiquetteTerms = {
  insult: [
    'con', 'conne', 'connard', 'connards', 'conard', 'connasse', 'connasses', 'abruti', 'abrutie', 'abrutis',
    'débile', 'débiles', 'crétin', 'crétine', 'crétins', 'imbécile', 'imbéciles', 'encul*', 'merde', 'putain',
    'salope', 'salopes', 'salaud', 'salauds', 'pute', 'putes', 'tabarnak', 'tabarnac', 'câlisse', 'osti',
  ],
  harassment: [
    'ta gueule', 'ta yeule', 'va crever', 'je vais te tuer', 'je vais te frapper', 'personne ne t’aime',
    'tout le monde te déteste', 'suicide-toi', 'tue-toi', 'va te pendre',
  ],
  hateful: ['sale race', 'sous-race', 'sous-homme', 'retourne dans ton pays', 'pédé', 'pédés', 'heil hitler'],
  sexual: ['porno', 'pornographie', 'fellation', 'sodomie', 'partouze', 'nudes', 'envoie des nudes'],
};
