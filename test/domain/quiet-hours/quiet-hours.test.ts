import { describe, expect, it } from 'vitest';
import { type QuietHoursPolicy, quietHoursProblems, whenToDeliver } from '../../../src/domain/quiet-hours/quiet-hours.ts';

const toronto: QuietHoursPolicy = {
  timeZone: 'America/Toronto',
  night: { from: '21:00', to: '07:00' },
  quietHours: {
    monday: [{ from: '18:00', to: '24:00' }],
    friday: [{ from: '17:00', to: '24:00' }],
    saturday: [{ from: '00:00', to: '24:00' }],
    sunday: [{ from: '00:00', to: '24:00' }],
  },
};
const nightOnly: QuietHoursPolicy = { ...toronto, quietHours: {} };
const family = { to: 'family', urgentSchoolNotice: false } as const;
const urgent = { to: 'family', urgentSchoolNotice: true } as const;
const staff = { to: 'staff' } as const;
const at = (iso: string) => new Date(iso);
const waits = (until: string, because: 'night' | 'quiet_hours') => ({ wait: true, until: new Date(until), because });

describe('COMM-7 quiet hours and the night', () => {
  it('COMM-7 within open hours a message goes out at once', () => {
    // Tuesday 2025-10-14 10:00 in Toronto (EDT, UTC−4).
    expect(whenToDeliver(toronto, family, at('2025-10-14T14:00:00Z'))).toEqual({ wait: false });
    expect(whenToDeliver(toronto, staff, at('2025-10-14T14:00:00Z'))).toEqual({ wait: false });
  });

  it('COMM-7 families are never notified at night, even where staff set no quiet hours', () => {
    // Tuesday 23:30 → Wednesday 07:00.
    expect(whenToDeliver(nightOnly, family, at('2025-10-15T03:30:00Z'))).toEqual(waits('2025-10-15T11:00:00Z', 'night'));
    // 06:59 waits one minute; 07:00 goes.
    expect(whenToDeliver(nightOnly, family, at('2025-10-15T10:59:00Z'))).toEqual(waits('2025-10-15T11:00:00Z', 'night'));
    expect(whenToDeliver(nightOnly, family, at('2025-10-15T11:00:00Z'))).toEqual({ wait: false });
  });

  it('COMM-7 a family’s message to staff waits for the end of the staff’s quiet hours, not for the board’s night', () => {
    // Tuesday 23:30: no quiet hours set on Tuesday.
    expect(whenToDeliver(toronto, staff, at('2025-10-15T03:30:00Z'))).toEqual({ wait: false });
    // Monday 19:00 → Tuesday 00:00.
    expect(whenToDeliver(toronto, staff, at('2025-10-13T23:00:00Z'))).toEqual(waits('2025-10-14T04:00:00Z', 'quiet_hours'));
  });

  it('COMM-7 a wait runs through following quiet ranges: Friday evening, the weekend, then Monday’s night end', () => {
    // Friday 2025-10-17 17:30 → Monday 2025-10-20 07:00.
    expect(whenToDeliver(toronto, family, at('2025-10-17T21:30:00Z'))).toEqual(waits('2025-10-20T11:00:00Z', 'quiet_hours'));
    // Friday 22:00 is in the night and in quiet hours: the night is named.
    expect(whenToDeliver(toronto, family, at('2025-10-18T02:00:00Z'))).toEqual(waits('2025-10-20T11:00:00Z', 'night'));
    // Staff: Monday 00:00.
    expect(whenToDeliver(toronto, staff, at('2025-10-17T21:30:00Z'))).toEqual(waits('2025-10-20T04:00:00Z', 'quiet_hours'));
  });

  it('COMM-7 an urgent school notice overrides quiet hours and the night', () => {
    expect(whenToDeliver(toronto, urgent, at('2025-10-18T06:00:00Z'))).toEqual({ wait: false });
  });
});

describe('COMM-7 across daylight-saving changes', () => {
  it('COMM-7 spring forward: a night that loses an hour ends at 07:00 EDT, seven hours after 23:00 EST', () => {
    // Saturday 2026-03-07 23:00 EST (UTC−5) → Sunday 2026-03-08 07:00 EDT (UTC−4).
    expect(whenToDeliver(nightOnly, family, at('2026-03-08T04:00:00Z'))).toEqual(waits('2026-03-08T11:00:00Z', 'night'));
  });

  it('COMM-7 fall back: a night that gains an hour ends at 07:00 EST, nine hours after 22:00 EDT', () => {
    // Saturday 2026-10-31 22:00 EDT → Sunday 2026-11-01 07:00 EST.
    expect(whenToDeliver(nightOnly, family, at('2026-11-01T02:00:00Z'))).toEqual(waits('2026-11-01T12:00:00Z', 'night'));
  });

  it('COMM-7 quiet hours ending inside the hour skipped in spring end when the clock jumps', () => {
    const policy: QuietHoursPolicy = { ...nightOnly, quietHours: { sunday: [{ from: '00:00', to: '02:30' }] } };
    // Sunday 2026-03-08 01:45 EST; 02:30 never shows: 03:00 EDT.
    expect(whenToDeliver(policy, staff, at('2026-03-08T06:45:00Z'))).toEqual(waits('2026-03-08T07:00:00Z', 'quiet_hours'));
  });

  it('COMM-7 quiet hours ending inside the hour repeated in autumn end at its first pass, or its second when already in it', () => {
    const policy: QuietHoursPolicy = { ...nightOnly, quietHours: { sunday: [{ from: '00:00', to: '01:30' }] } };
    // 01:10 EDT (first pass) → 01:30 EDT.
    expect(whenToDeliver(policy, staff, at('2026-11-01T05:10:00Z'))).toEqual(waits('2026-11-01T05:30:00Z', 'quiet_hours'));
    // 01:10 EST (second pass) → 01:30 EST.
    expect(whenToDeliver(policy, staff, at('2026-11-01T06:10:00Z'))).toEqual(waits('2026-11-01T06:30:00Z', 'quiet_hours'));
  });

  it('COMM-7 the board’s own zone decides: the same night in Paris ends at 07:00 CEST after the March change', () => {
    const paris: QuietHoursPolicy = { ...nightOnly, timeZone: 'Europe/Paris' };
    // Saturday 2026-03-28 23:00 CET (UTC+1) → Sunday 07:00 CEST (UTC+2).
    expect(whenToDeliver(paris, family, at('2026-03-28T22:00:00Z'))).toEqual(waits('2026-03-29T05:00:00Z', 'night'));
  });
});

describe('COMM-7 a policy typed by a person is checked before it is saved', () => {
  it('COMM-7 a sound policy has no problem', () => {
    expect(quietHoursProblems(toronto)).toEqual([]);
  });
  it('COMM-7 an unknown zone, a malformed time, an empty night and a range ending before it starts are refused', () => {
    expect(quietHoursProblems({
      timeZone: 'America/Nowhere',
      night: { from: '22:00', to: '22:00' },
      quietHours: { monday: [{ from: '7h', to: '08:00' }], tuesday: [{ from: '18:00', to: '08:00' }] },
    })).toEqual([
      { code: 'unknown_time_zone' }, { code: 'empty_night' }, { code: 'bad_time', where: 'monday' },
      { code: 'range_ends_before_it_starts', where: 'tuesday' },
    ]);
    expect(quietHoursProblems({ ...toronto, night: { from: '25:00', to: '07:00' } })).toEqual([{ code: 'bad_time', where: 'night' }]);
  });
  it('COMM-7 a policy under which families could never be reached is refused', () => {
    const day = [{ from: '07:00', to: '21:00' }];
    const quietHours = { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day };
    expect(quietHoursProblems({ ...toronto, quietHours })).toEqual([{ code: 'always_quiet' }]);
    // One free minute on one day is enough.
    expect(quietHoursProblems({ ...toronto, quietHours: { ...quietHours, sunday: [{ from: '07:01', to: '21:00' }] } })).toEqual([]);
  });
});
