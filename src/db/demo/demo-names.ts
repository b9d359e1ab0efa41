import { foldAccents } from '../../domain/people/person-name.ts';

export const givenNames = [
  'Léa', 'Noah', 'Emma', 'William', 'Alice', 'Thomas', 'Florence', 'Liam', 'Charlotte', 'Jacob', 'Rosalie', 'Félix',
  'Zoé', 'Nathan', 'Juliette', 'Samuel', 'Béatrice', 'Édouard', 'Mia', 'Olivier', 'Chloé', 'Gabriel', 'Maëlle', 'Raphaël',
  'Camille', 'Arnaud', 'Inès', 'Mathis', 'Clara', 'Louis', 'Anaïs', 'Éloïse', 'Hugo', 'Jade', 'Adam', 'Laurence',
  'Mohamed', 'Amira', 'Kwame', 'Yasmine', 'Tenzin', 'Sofia', 'Malik', 'Nour', 'Daniel', 'Ève',
];
export const familyNames = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier',
  'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron', 'Beaulieu', 'Cloutier',
  'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'Leclerc', 'Lefebvre', 'Poulin', 'Thibault', 'St-Pierre', 'Nadeau', 'Martin',
  'Landry', 'Martel', 'Bédard', 'Grenier', 'Benali', 'Nguyen', 'Diallo', 'Haddad', 'Mensah', 'Kaur',
];
export const adultGivenNames = [
  'Sophie', 'Martin', 'Isabelle', 'Patrick', 'Nathalie', 'Stéphane', 'Julie', 'Sébastien', 'Mélanie', 'François', 'Valérie',
  'Éric', 'Geneviève', 'Marc', 'Caroline', 'Jean', 'Annie', 'Karim', 'Fatima', 'Luc', 'Chantal', 'Mathieu', 'Amélie', 'Pierre',
];

/** Deterministic pseudo-random picks so the demo is the same on every machine. */
export function picker(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 3266489909) >>> 0;
    return (s ^ (s >>> 16)) >>> 0;
  };
  return { pick: <T>(list: readonly T[]): T => list[next() % list.length]!, int: (n: number) => next() % n };
}

export const asciiSlug = (s: string) => foldAccents(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
