import { describe, expect, test } from 'vitest';
import { lifecycleChanges, type ExistingRecord } from '../../../src/domain/roster/lifecycle-changes.ts';
import { enrollmentChanges, roleAssignmentChanges, type StoredEnrollment, type StoredRoleAssignment } from '../../../src/domain/roster/link-changes.ts';
import { guardianLinkChanges, linkedPeople, type StoredGuardianLink } from '../../../src/domain/roster/guardian-link-changes.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';

const newIds = () => {
  let n = 0;
  return () => `new-${++n}`;
};
const record = (sourceId: string, status: 'active' | 'ended' = 'active'): ExistingRecord => ({ id: sourceId.toUpperCase(), sourceId, status });
/** Records that stay as they are, and those the set ends. */
const refs = (keep: string[], end: string[] = []) =>
  lifecycleChanges(
    new Map([...keep, ...end].map((s) => [s, record(s)])),
    [...keep.map((s) => ({ sourcedId: s, status: 'active' as const, fields: {} })), ...end.map((s) => ({ sourcedId: s, status: 'ended' as const, fields: {} }))],
    newIds(),
  );

const enrollment = (id: string, sourceId: string | null, classGroupId: string, personId: string, status: 'active' | 'ended' = 'active'): StoredEnrollment => ({
  id, sourceId, status, classGroupId, personId, startsOn: null, endsOn: null,
});
const wantedEnrollment = (sourcedId: string, cls: string, user: string, status: 'active' | 'ended' = 'active'): RosterSet['enrollments'][number] => ({
  sourcedId, classSourcedId: cls, userSourcedId: user, startsOn: null, endsOn: null, status,
});

describe('ORG-2 what an import does to enrollments', () => {
  test('ORG-2 unchanged, moved to another class (the old one ends, a new one begins), and gone', () => {
    const classes = refs(['c1', 'c2']);
    const persons = refs(['p1', 'p2', 'p3']);
    const subjects = new Set<string>();
    const stored = [enrollment('e1', 'en1', 'C1', 'P1'), enrollment('e2', 'en2', 'C1', 'P2'), enrollment('e3', 'en3', 'C1', 'P3')];
    const c = enrollmentChanges(stored, [wantedEnrollment('en1', 'c1', 'p1'), wantedEnrollment('en2', 'c2', 'p2')], { classes, persons }, subjects, newIds());
    expect(c.counts).toEqual({ created: 1, updated: 0, ended: 2, unchanged: 1 });
    expect(c.creates).toEqual([{ id: 'new-1', classGroupId: 'C2', personId: 'P2', sourceId: 'en2', startsOn: null, endsOn: null }]);
    expect([...c.ends].sort()).toEqual(['e2', 'e3']);
    expect([...subjects].sort()).toEqual(['P2', 'P3']);
  });

  test('ORG-2 an enrollment made by hand stays, unless its person or its class ends', () => {
    const stored = [enrollment('hand1', null, 'C1', 'P1'), enrollment('hand2', null, 'C1', 'P2')];
    const c = enrollmentChanges(stored, [], { classes: refs(['c1']), persons: refs(['p1'], ['p2']) }, new Set(), newIds());
    expect([...c.ends]).toEqual(['hand2']);
  });

  test('ORG-2 an enrollment of an ended person is not created; one that comes back is made active again', () => {
    const classes = refs(['c1']);
    const persons = refs(['p1'], ['p2']);
    const stored = [enrollment('e1', 'en1', 'C1', 'P1', 'ended')];
    const c = enrollmentChanges(stored, [wantedEnrollment('en1', 'c1', 'p1'), wantedEnrollment('en2', 'c1', 'p2')], { classes, persons }, new Set(), newIds());
    expect(c.updates).toEqual([{ id: 'e1', startsOn: null, endsOn: null }]);
    expect(c.creates).toEqual([]);
  });
});

describe('ORG-2 what an import does to role assignments', () => {
  const role = (id: string, sourceId: string | null, personId: string, scopeId: string, source = 'import', status: 'active' | 'ended' = 'active'): StoredRoleAssignment => ({
    id, personId, role: 'teacher', scopeType: 'class', scopeId, source, sourceId, status,
  });
  const grant = (sourcedId: string, user: string, cls: string): RosterSet['roleGrants'][number] => ({ sourcedId, role: 'teacher', scope: 'class', scopeSourcedId: cls, userSourcedId: user, status: 'active' });

  test('ORG-2 a teacher kept, one moved to another class, one gone; a role given by hand stays', () => {
    const r = { schools: refs([]), classes: refs(['c1', 'c2']), persons: refs(['t1', 't2', 't3', 'm1']) };
    const stored = [role('r1', 'g1', 'T1', 'C1'), role('r2', 'g2', 'T2', 'C1'), role('r3', 'g3', 'T3', 'C1'), role('m', null, 'M1', 'C1', 'manual')];
    const c = roleAssignmentChanges(stored, [grant('g1', 't1', 'c1'), grant('g2', 't2', 'c2')], r, new Set(), newIds());
    expect(c.counts).toEqual({ created: 1, updated: 0, ended: 2, unchanged: 1 });
    expect(c.creates).toEqual([{ id: 'new-1', personId: 'T2', role: 'teacher', scopeType: 'class', scopeId: 'C2', sourceId: 'g2' }]);
    expect([...c.ends].sort()).toEqual(['r2', 'r3']);
  });

  test('ORG-2 any active role in a class that ends is ended, by hand or not', () => {
    const r = { schools: refs([]), classes: refs([], ['c1']), persons: refs(['m1']) };
    const c = roleAssignmentChanges([role('m', null, 'M1', 'C1', 'manual')], [], r, new Set(), newIds());
    expect([...c.ends]).toEqual(['m']);
  });
});

describe('ORG-2 ORG-4 what an import does to guardian links', () => {
  const link = (id: string, g: string, s: string, extra: Partial<StoredGuardianLink> = {}): StoredGuardianLink => ({
    id, guardianId: g, studentId: s, relationship: 'parent', source: 'import', status: 'active', restricted: 0, restrictedReason: null, restrictedAt: null, restrictedBy: null, ...extra,
  });
  const wantedLink = (g: string, s: string, relationship: 'parent' | 'guardian' = 'parent'): RosterSet['guardianLinks'][number] => ({ guardianSourcedId: g, studentSourcedId: s, relationship, status: 'active' });
  const nobody = () => () => ({ id: '', givenName: '', familyName: '', email: null });

  test('ORG-2 a link kept, one updated, one gone, one new; a link made by hand is left as it is', () => {
    const persons = refs(['g1', 'g2', 'g3', 'g4', 's1']);
    const stored = [link('l1', 'G1', 'S1'), link('l2', 'G2', 'S1'), link('l3', 'G3', 'S1'), link('hand', 'G4', 'S1', { source: 'manual' })];
    const c = guardianLinkChanges(stored, [wantedLink('g1', 's1'), wantedLink('g2', 's1', 'guardian'), wantedLink('g4', 's1'), wantedLink('g4', 's1')], persons, nobody, new Set(), newIds());
    expect(c.updates).toEqual([{ id: 'l2', relationship: 'guardian' }]);
    expect([...c.ends]).toEqual(['l3']);
    expect(c.creates).toEqual([]);
    expect(c.counts).toEqual({ created: 0, updated: 1, ended: 1, unchanged: 3 });
  });

  test('ORG-4 a new link between the same guardian and child under new records takes over the restriction, and only that one', () => {
    // Marie (g1) gets a new record (g1b) with the same e-mail; Paul (g9) is someone else.
    const persons = lifecycleChanges(
      new Map([['g1', record('g1')], ['s1', record('s1')]]),
      [
        { sourcedId: 'g1b', status: 'active', fields: {} },
        { sourcedId: 'g9', status: 'active', fields: {} },
        { sourcedId: 's1', status: 'active', fields: {} },
      ],
      newIds(),
    );
    const stored = [link('old', 'G1', 'S1', { restricted: 1, restrictedReason: 'Ordonnance', restrictedAt: '2026-09-01', restrictedBy: 'dg' })];
    const users = [
      { sourcedId: 'g1b', givenName: 'Marie', familyName: 'Tremblay', emailNormalized: 'marie@exemple.ca' },
      { sourcedId: 'g9', givenName: 'Paul', familyName: 'Roy', emailNormalized: 'paul@exemple.ca' },
      { sourcedId: 's1', givenName: 'Léa', familyName: 'Tremblay', emailNormalized: null },
    ] as RosterSet['users'];
    const before: ExistingRecord[] = [
      { id: 'G1', sourceId: 'g1', status: 'active', given_name: 'Marie', family_name: 'Tremblay', email_normalized: 'marie@exemple.ca' },
      { id: 'S1', sourceId: 's1', status: 'active', given_name: 'Léa', family_name: 'Tremblay', email_normalized: null },
    ];
    const subjects = new Set<string>();
    const c = guardianLinkChanges(stored, [wantedLink('g1b', 's1'), wantedLink('g9', 's1')], persons, () => linkedPeople(users, persons.ids, before), subjects, newIds());
    const marie = persons.ids.get('g1b')!;
    const paul = persons.ids.get('g9')!;
    expect([...c.ends]).toEqual(['old']);
    expect(c.creates).toEqual([
      { id: expect.any(String), guardianId: marie, studentId: 'S1', relationship: 'parent', restriction: { reason: 'Ordonnance', at: '2026-09-01', by: 'dg' } },
      { id: expect.any(String), guardianId: paul, studentId: 'S1', relationship: 'parent', restriction: null },
    ]);
    expect(c.carried).toEqual([{ fromLinkId: 'old', toLinkId: c.creates[0]!.id, guardianId: marie, studentId: 'S1' }]);
    expect(subjects.has('G1') && subjects.has(marie) && subjects.has('S1')).toBe(true);
  });

  test('ORG-4 who the import knows is only looked up when a restriction could carry over', () => {
    let asked = 0;
    const persons = refs(['g1', 's1']);
    guardianLinkChanges([], [wantedLink('g1', 's1')], persons, () => (asked++, nobody()), new Set(), newIds());
    expect(asked).toBe(0);
  });
});
