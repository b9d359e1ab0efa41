import { describe, expect, test } from 'vitest';
import { bySourceId, lifecycleChanges, type ExistingRecord, type WantedRecord } from '../../../src/domain/roster/lifecycle-changes.ts';

const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};
const stored = (sourceId: string, status: 'active' | 'ended', name: string): ExistingRecord => ({ id: `id-${sourceId}`, sourceId, status, name });
const wanted = (sourcedId: string, status: 'active' | 'ended', name: string): WantedRecord => ({ sourcedId, status, fields: { name } });
const bySource = (rows: ExistingRecord[]) => new Map(rows.map((r) => [r.sourceId, r]));

describe('ORG-2 what an import does to records with a source id', () => {
  test('ORG-2 a new record is created, an unchanged one left, a changed one updated, a missing one ended', () => {
    const c = lifecycleChanges(
      bySource([stored('a', 'active', 'A'), stored('b', 'active', 'B'), stored('gone', 'active', 'G')]),
      [wanted('a', 'active', 'A'), wanted('b', 'active', 'B2'), wanted('new', 'active', 'N')],
      ids(),
    );
    expect(c.creates).toEqual([{ id: 'new-1', sourceId: 'new', fields: { name: 'N' } }]);
    expect(c.updates).toEqual([{ id: 'id-b', fields: { name: 'B2' } }]);
    expect(c.ends).toEqual(['id-gone']);
    expect(c.counts).toEqual({ created: 1, updated: 1, ended: 1, unchanged: 1 });
    expect(c.touched.sort()).toEqual(['id-b', 'id-gone', 'new-1']);
    expect([...c.ids]).toEqual([['a', 'id-a'], ['b', 'id-b'], ['new', 'new-1']]);
    expect([...c.ended]).toEqual(['id-gone']);
  });

  test('ORG-2 a record the set marks ended is ended once; one that is already ended stays so, unchanged', () => {
    const c = lifecycleChanges(bySource([stored('a', 'active', 'A'), stored('b', 'ended', 'B')]), [wanted('a', 'ended', 'A'), wanted('b', 'ended', 'B')], ids());
    expect(c.ends).toEqual(['id-a']);
    expect(c.counts).toEqual({ created: 0, updated: 0, ended: 1, unchanged: 1 });
    expect([...c.ended].sort()).toEqual(['id-a', 'id-b']);
    // The set may still refer to them (a class of an ended school).
    expect(c.ids.get('b')).toBe('id-b');
  });

  test('ORG-2 a record the set says is gone is never created', () => {
    const c = lifecycleChanges(new Map(), [wanted('ghost', 'ended', 'G')], ids());
    expect(c.creates).toEqual([]);
    expect(c.ids.has('ghost')).toBe(false);
    expect(c.counts).toEqual({ created: 0, updated: 0, ended: 0, unchanged: 0 });
  });

  test('ORG-2 an ended record that comes back is made active again (an update), even with the same fields', () => {
    const c = lifecycleChanges(bySource([stored('a', 'ended', 'A')]), [wanted('a', 'active', 'A')], ids());
    expect(c.updates).toEqual([{ id: 'id-a', fields: { name: 'A' } }]);
    expect(c.counts.updated).toBe(1);
  });

  test('ORG-2 a record missing from the set that had already ended is neither counted nor ended again', () => {
    const c = lifecycleChanges(bySource([stored('old', 'ended', 'O')]), [], ids());
    expect(c.ends).toEqual([]);
    expect(c.counts).toEqual({ created: 0, updated: 0, ended: 0, unchanged: 0 });
    expect([...c.ended]).toEqual(['id-old']);
  });

  test('ORG-2 of several records sharing a source id (history), the active one is the one the set speaks of', () => {
    const rows = [
      { id: '1', sourceId: 'x', status: 'ended' },
      { id: '2', sourceId: 'x', status: 'active' },
      { id: '3', sourceId: 'x', status: 'ended' },
      { id: '4', sourceId: null, status: 'active' },
    ];
    const m = bySourceId(rows, (r) => r.sourceId);
    expect([...m.keys()]).toEqual(['x']);
    expect(m.get('x')!.id).toBe('2');
  });
});
