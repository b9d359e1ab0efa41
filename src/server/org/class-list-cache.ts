import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findClassGroupScope, readClassRoster, type ClassGroupScope } from '../../db/org/class-groups.ts';
import { CACHE_TTL_MS, ShortLivedCache } from '../cache/short-lived-cache.ts';

/**
 * A class list as it is sent: its JSON once, already encoded as UTF-8 (names have accents, and
 * encoding 3 KB again for every answer is a measurable part of the read), and whose information
 * it holds (for the audit).
 */
export interface ClassListView {
  body: Buffer;
  subjectIds: string[];
}

/**
 * Class lists and the scope of each class group, kept like sessions and actors (CACHE_TTL_MS;
 * emptied at once by any write of this process to the tables they are built from). A teacher
 * opens the same list many times a day; it changes rarely (an import, a student arriving).
 */
export function createClassListCache(k: Kysely<Database>) {
  const scopes = new ShortLivedCache<ClassGroupScope>(CACHE_TTL_MS);
  const lists = new ShortLivedCache<ClassListView>(CACHE_TTL_MS);
  const loadList = async (classGroupId: string): Promise<ClassListView> => {
    const roster = await readClassRoster(k, classGroupId);
    return { body: Buffer.from(JSON.stringify(roster)), subjectIds: [...roster.students.map((s) => s.id), ...roster.teachers.map((t) => t.id)] };
  };
  return {
    scope: (classGroupId: string) => scopes.get(classGroupId, () => findClassGroupScope(k, classGroupId)),
    list: (classGroupId: string) => lists.get(classGroupId, () => loadList(classGroupId)),
    invalidate() {
      scopes.invalidate();
      lists.invalidate();
    },
  };
}
export type ClassListCache = ReturnType<typeof createClassListCache>;
