/**
 * ORG-2 (issue 16 B2): like the sync hold of rostering services, an import that would end more
 * than a set share of the board's active students, staff or guardian links stops before writing
 * anything, until the privacy officer confirms. A package whose files have headers and no rows
 * would end everyone: it is held like any other.
 */
export const ROSTER_HOLD_SHARE = 0.1;

/** What the hold watches: people who lose their access, and children's links to their guardians. */
export const HELD_KINDS = ['students', 'staff', 'guardianLinks'] as const;
export type HeldKind = (typeof HELD_KINDS)[number];

/** How many of one kind the import would end, out of how many are active before it. */
export interface EndingShare {
  ending: number;
  active: number;
}

export type RosterEnding = Record<HeldKind, EndingShare>;

/** Someone (or a link) the import would end, shown to the privacy officer as an example. */
export interface EndingExample {
  /** The person's id, or the guardian link's. */
  id: string;
  /** How the roster names the person (null for a link, or for someone added by hand). */
  sourceId: string | null;
  /** The person's full name; for a link, the guardian's. */
  name: string;
  /** For a link: the student's full name. */
  student?: string;
  /** The people the example names: the audit log records who was shown. */
  personIds: string[];
}

export interface RosterHold {
  /** The share above which an import is held (0.1 = 10 %). */
  share: number;
  ending: RosterEnding;
  /** The kinds whose share is over the limit. */
  over: HeldKind[];
  examples: Record<HeldKind, EndingExample[]>;
}

/** Examples of each kind the hold names, at most. */
export const HOLD_EXAMPLES = 5;

/** The kinds an import would end more than `share` of; empty when it may go ahead. */
export function kindsOverShare(ending: RosterEnding, share = ROSTER_HOLD_SHARE): HeldKind[] {
  return HELD_KINDS.filter((k) => ending[k].ending > 0 && ending[k].ending > ending[k].active * share);
}

/** The hold to answer with, or null when the import may write. */
export function rosterHold(
  ending: RosterEnding,
  examples: Record<HeldKind, EndingExample[]>,
  share = ROSTER_HOLD_SHARE,
): RosterHold | null {
  const over = kindsOverShare(ending, share);
  if (over.length === 0) return null;
  const shown = Object.fromEntries(HELD_KINDS.map((k) => [k, examples[k].slice(0, HOLD_EXAMPLES)])) as Record<HeldKind, EndingExample[]>;
  return { share, ending, over, examples: shown };
}

/** Whose names a hold shows: the people of its examples (the audit log records them). */
export function peopleNamedBy(hold: RosterHold): string[] {
  return [...new Set(HELD_KINDS.flatMap((k) => hold.examples[k].flatMap((e) => e.personIds)))];
}
