import { describe, expect, it } from 'vitest';
import { addDaysToDate, instantDate, parseDateInput, sortByInstant, toDateString, toInstantString } from '../../src/core/time.js';

const clock = { now: new Date('2026-03-05T17:30:00Z'), tz: 'Asia/Shanghai' }; // 2026-03-06 01:30 in Shanghai

describe('parseDateInput', () => {
  it.each([
    ['2026-03-05', '2026-03-05', '2026-03-04T16:00:00.000Z', false],
    ['2026-3-5', '2026-03-05', '2026-03-04T16:00:00.000Z', false],
    ['2026-03-05 21:30', '2026-03-05', '2026-03-05T13:30:00.000Z', true],
    ['2026-03-05T21:30:00+08:00', '2026-03-05', '2026-03-05T13:30:00.000Z', true],
    ['2026-03-05T23:30:00Z', '2026-03-06', '2026-03-05T23:30:00.000Z', true],
    ['2026-03-05T21:30', '2026-03-05', '2026-03-05T13:30:00.000Z', true],
    ['today', '2026-03-06', '2026-03-05T16:00:00.000Z', false],
    ['yesterday', '2026-03-05', '2026-03-04T16:00:00.000Z', false],
    ['Tomorrow', '2026-03-07', '2026-03-06T16:00:00.000Z', false],
  ])('%s -> %s', (input, date, instant, hasTime) => {
    const parsed = parseDateInput(input, clock);
    expect(parsed).not.toBeNull();
    expect(parsed!.date).toBe(date);
    expect(parsed!.instant.toISOString()).toBe(instant);
    expect(parsed!.hasTime).toBe(hasTime);
  });

  it.each(['2026-02-30', '2026-13-01', '05/03/2026', '2026-03-05 25:00', 'next week', '', '2026-03-05T21:30+0800x'])('rejects %j', (input) => {
    expect(parseDateInput(input, clock)).toBeNull();
  });

  it('keeps local wall time across a daylight-saving change', () => {
    const berlin = { now: clock.now, tz: 'Europe/Berlin' };
    const before = parseDateInput('2026-03-28 19:00', berlin)!;
    const after = parseDateInput('2026-03-30 19:00', berlin)!;
    expect(toInstantString(before.instant, 'Europe/Berlin')).toBe('2026-03-28T19:00:00+01:00');
    expect(toInstantString(after.instant, 'Europe/Berlin')).toBe('2026-03-30T19:00:00+02:00');
  });
});

describe('date helpers', () => {
  it('formats dates in the club zone', () => {
    expect(toDateString(new Date('2026-03-05T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-06');
    expect(toDateString(new Date('2026-03-05T17:30:00Z'), 'America/New_York')).toBe('2026-03-05');
  });
  it.each([
    ['2026-11-01T03:59:00Z', 'America/New_York', '2026-10-31'],
    ['2026-11-01T04:00:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01'],
    ['2026-03-29T00:59:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-03-28T22:59:00Z', 'Europe/Berlin', '2026-03-28'],
    ['2026-03-28T23:00:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-06-30T18:14:00Z', 'Asia/Kathmandu', '2026-06-30'],
    ['2026-06-30T18:15:00Z', 'Asia/Kathmandu', '2026-07-01'],
  ])('toDateString(%s, %s) = %s across offsets and DST', (iso, tz, date) => {
    expect(toDateString(new Date(iso), tz)).toBe(date);
    expect(instantDate(iso, tz)).toBe(date);
  });
  it.each([
    ['2026-02-27', 3, '2026-03-02'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDaysToDate(date, days)).toBe(expected);
  });

  it.each(['America/Los_Angeles', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Auckland'])(
    'date arithmetic does not depend on the machine’s own zone (TZ=%s), across its daylight-saving changes',
    (machineZone) => {
      const saved = process.env.TZ;
      process.env.TZ = machineZone;
      try {
        // Every day of 2026, one step forward and one back: each lands on the neighbouring calendar day.
        let date = '2026-01-01';
        for (let i = 0; i < 365; i++) {
          const next = addDaysToDate(date, 1);
          expect([date, addDaysToDate(next, -1)]).toEqual([date, date]);
          expect(Date.parse(`${next}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)).toBe(86_400_000);
          date = next;
        }
        expect(date).toBe('2027-01-01');
        expect(addDaysToDate('2026-03-07', 7)).toBe('2026-03-14');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    },
  );
});

describe('sortByInstant', () => {
  it('orders by the instant, not the text: offsets differ, equal instants keep their order', () => {
    const items = [
      { id: 'a', at: '2026-03-05T20:00:00+08:00' }, // 12:00Z
      { id: 'b', at: '2026-03-05T09:00:00-05:00' }, // 14:00Z: sorts after a, though its text sorts first
      { id: 'c', at: '2026-03-05T12:00:00Z' }, // the same instant as a
      { id: 'd', at: '2026-03-04T23:59:00+00:00' },
    ];
    expect(sortByInstant(items, (i) => i.at).map((i) => i.id)).toEqual(['d', 'a', 'c', 'b']);
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
