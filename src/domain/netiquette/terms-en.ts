import type { NetiquetteTerms } from './netiquette-terms.ts';

/** The shipped English list: short on purpose, a starting point the board edits. */
export const englishTerms: NetiquetteTerms = {
  insult: [
    'idiot', 'idiots', 'moron', 'morons', 'dumbass', 'ass', 'asshole', 'assholes', 'jackass', 'bastard', 'bastards',
    'bitch', 'bitches', 'fuck*', 'motherfucker', 'shit', 'bullshit',
  ],
  harassment: [
    'kill yourself', 'kys', 'go die', 'i will kill you', 'i’ll kill you', 'nobody likes you', 'everyone hates you',
    'you should die',
  ],
  hateful: ['faggot', 'faggots', 'subhuman', 'go back to your country', 'white power', 'heil hitler'],
  sexual: ['porn', 'porno', 'nudes', 'send nudes', 'slut', 'sluts', 'whore', 'whores', 'blowjob', 'dildo'],
};
