import { describe, expect, test } from 'vitest';
import { subjectSetId } from '../../../src/domain/audit/subject-set.ts';

describe('subjectSetId', () => {
  test('names a set, not a list: order and repeats do not matter', () => {
    expect(subjectSetId(['b', 'a', 'b'])).toBe(subjectSetId(['a', 'b']));
  });
  test('different people, different sets', () => {
    expect(subjectSetId(['a', 'b'])).not.toBe(subjectSetId(['a', 'c']));
    expect(subjectSetId(['ab'])).not.toBe(subjectSetId(['a', 'b']));
  });
  test('SEC-1 the name is pinned (sha256 of the sorted ids, one per line): sets stored by earlier versions keep their name', () => {
    expect(subjectSetId(['p2', 'p1'])).toBe('uY2Eh1GjwVV6azePs8wzHKj6PsVPjmqxJOcKyJcFCxM');
  });
  test('is a fixed-length URL-safe text', () => {
    expect(subjectSetId(['x'])).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
