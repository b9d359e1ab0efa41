/** Lower case, accents dropped: `Éloïse` → `eloise`. */
export function foldAccents(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The comparison form of a full name, as two school records of the same person may differ:
 * case, accents, hyphens, apostrophes and spacing are ignored (`Marie-Ève D'Amours` and
 * `marie eve damours` are the same name).
 */
export function fullNameKey(givenName: string, familyName: string): string {
  const words = (s: string) => foldAccents(s).replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ');
  return `${words(givenName)}|${words(familyName)}`;
}
