import { describe, expect, it } from 'vitest';
import { auditBreakWording, orderBreaks, type AuditLogBreak } from '../../../src/domain/audit/audit-breaks.ts';

const checkpoint = { seq: 120, headHash: 'ab'.repeat(32), at: '2026-11-23T10:05:00.000Z' };
const every: AuditLogBreak[] = [
  { kind: 'altered', seq: 5 },
  { kind: 'missing', seq: 5 },
  { kind: 'relinked', seq: 5 },
  { kind: 'tail_removed', seq: 5 },
  { kind: 'subjects_altered', seq: 5 },
  { kind: 'subjects_unindexed', seq: 5 },
  { kind: 'truncated', seq: 101, checkpoint },
  { kind: 'rewritten', seq: 120, checkpoint },
  { kind: 'checkpoint_invalid', file: '000000000120-20261123T100500000Z.json' },
  { kind: 'trigger_missing', trigger: 'audit_log_no_delete' },
];

describe('SEC-1 B9 each audit log problem in French and English', () => {
  it('every kind has its own wording in both languages', () => {
    const fr = new Set(every.map((b) => auditBreakWording(b).fr));
    const en = new Set(every.map((b) => auditBreakWording(b).en));
    expect(fr.size).toBe(every.length);
    expect(en.size).toBe(every.length);
  });

  it('the entry, checkpoint, file or trigger concerned is named', () => {
    expect(auditBreakWording({ kind: 'altered', seq: 5 })).toEqual({ fr: 'l’entrée n° 5 a été modifiée', en: 'entry #5 was altered' });
    const truncated = auditBreakWording(every[6]!);
    expect(truncated.fr).toMatch(/l’entrée n° 101 et les suivantes ont été supprimées.*2026-11-23T10:05:00.000Z.*n° 120.*tronqué/);
    expect(truncated.en).toMatch(/entry #101 .*removed.*#120.*truncated/);
    expect(auditBreakWording(every[7]!).fr).toMatch(/l’entrée n° 120 .*réécrit/);
    expect(auditBreakWording(every[7]!).en).toMatch(/entry #120 .*rewritten/);
    expect(auditBreakWording(every[8]!).fr).toContain('« 000000000120-20261123T100500000Z.json »');
    expect(auditBreakWording(every[9]!).en).toContain('“audit_log_no_delete”');
  });

  it('entries come first, earliest first, then checkpoint files, then triggers', () => {
    const order = orderBreaks([every[9]!, every[8]!, every[7]!, { kind: 'missing', seq: 3 }]);
    expect(order.map((b) => b.kind)).toEqual(['missing', 'rewritten', 'checkpoint_invalid', 'trigger_missing']);
  });
});
