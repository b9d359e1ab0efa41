import { describe, expect, test } from 'vitest';
import { HOLD_EXAMPLES, kindsOverShare, peopleNamedBy, ROSTER_HOLD_SHARE, rosterHold, type EndingExample, type RosterEnding } from '../../../src/domain/roster/import-hold.ts';

const ending = (students: [number, number], staff: [number, number], guardianLinks: [number, number]): RosterEnding => ({
  students: { ending: students[0], active: students[1] },
  staff: { ending: staff[0], active: staff[1] },
  guardianLinks: { ending: guardianLinks[0], active: guardianLinks[1] },
});
const person = (id: string): EndingExample => ({ id, sourceId: id, name: `Nom ${id}`, personIds: [id] });
const none = { students: [], staff: [], guardianLinks: [] };

describe('ORG-2 B2 the import hold', () => {
  test('ORG-2 B2 the share is 10 %', () => {
    expect(ROSTER_HOLD_SHARE).toBe(0.1);
  });

  test('ORG-2 B2 up to 10 % of each kind goes ahead; more than 10 % of any kind is held', () => {
    expect(kindsOverShare(ending([10, 100], [1, 10], [100, 1000]))).toEqual([]);
    expect(kindsOverShare(ending([11, 100], [0, 10], [0, 1000]))).toEqual(['students']);
    expect(kindsOverShare(ending([0, 100], [2, 10], [0, 1000]))).toEqual(['staff']);
    expect(kindsOverShare(ending([0, 100], [0, 10], [101, 1000]))).toEqual(['guardianLinks']);
    expect(kindsOverShare(ending([50, 100], [10, 10], [1000, 1000]))).toEqual(['students', 'staff', 'guardianLinks']);
  });

  test('ORG-2 B2 a package with headers and no rows ends everything: held, even on a small board', () => {
    expect(kindsOverShare(ending([3, 3], [1, 1], [2, 2]))).toEqual(['students', 'staff', 'guardianLinks']);
    // One student of a board of three is a third of it.
    expect(kindsOverShare(ending([1, 3], [0, 1], [0, 2]))).toEqual(['students']);
  });

  test('ORG-2 B2 an empty board, or an import that ends nothing, is never held', () => {
    expect(kindsOverShare(ending([0, 0], [0, 0], [0, 0]))).toEqual([]);
    expect(kindsOverShare(ending([0, 5], [0, 5], [0, 5]))).toEqual([]);
  });

  test('ORG-2 B2 another share can be given', () => {
    expect(kindsOverShare(ending([20, 100], [0, 10], [0, 10]), 0.25)).toEqual([]);
    expect(kindsOverShare(ending([26, 100], [0, 10], [0, 10]), 0.25)).toEqual(['students']);
  });

  test('ORG-2 B2 the hold says how many of each would end and names at most five examples of each kind', () => {
    const many = Array.from({ length: 8 }, (_, i) => person(`st-${i}`));
    const hold = rosterHold(ending([8, 10], [0, 4], [0, 0]), { ...none, students: many });
    expect(hold).toEqual({ share: 0.1, over: ['students'], ending: ending([8, 10], [0, 4], [0, 0]), examples: { ...none, students: many.slice(0, HOLD_EXAMPLES) } });
    expect(rosterHold(ending([1, 10], [0, 4], [0, 0]), { ...none, students: many })).toBeNull();
  });

  test('ORG-2 B2 the people a hold names are those of its examples, each once', () => {
    const link: EndingExample = { id: 'link-1', sourceId: null, name: 'Marie Tremblay', student: 'Léa Tremblay', personIds: ['gu-1', 'st-1'] };
    const hold = rosterHold(ending([2, 2], [0, 0], [1, 1]), { students: [person('st-1'), person('st-2')], staff: [], guardianLinks: [link] })!;
    expect(peopleNamedBy(hold).sort()).toEqual(['gu-1', 'st-1', 'st-2']);
  });
});
