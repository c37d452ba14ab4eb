// Volunteer hours in the core: the --hours value, sums in hundredths, the 12 months before a period, volunteer
// retention against a hand count, and the certificate's period.
import { describe, expect, it } from 'vitest';
import { buildCertificate } from '../../src/core/activities/certificate.js';
import { hoursRows, parseHours, sumHundredths, twelveMonthsBefore, volunteerFigures } from '../../src/core/activities/hours.js';
import type { HoursEntry } from '../../src/core/activities/types.js';
import { UsageError, RuleError } from '../../src/core/errors.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Session } from '../../src/core/sessions/types.js';
import type { Member } from '../../src/core/types.js';

const TZ = 'Asia/Shanghai';

const session = (id: string, startsAt: string, title = `活动${id}`): Session =>
  ({ id, title, type: 'other', startsAt, endsAt: startsAt, durationMinutes: 90, hostId: null, topic: null, place: null, status: 'done', seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: startsAt }) as Session;

const entry = (id: string, memberId: string, sessionId: string, hours: number): HoursEntry => ({ id, memberId, sessionId, hours, duty: null, at: '2026-04-01T10:00:00+08:00', by: null });

describe('parseHours', () => {
  it.each([
    ['1.5', 150],
    ['2.25', 225],
    ['3', 300],
    ['0.01', 1],
    ['24', 2400],
    ['24.00', 2400],
    [' 1.10 ', 110],
  ])('%j is %i hundredths', (text, hundredths) => {
    expect(parseHours(text)).toBe(hundredths);
  });

  it.each(['1,5', 'abc', '25', '24.01', '0', '0.00', '1.234', '-1', '', '1.', '.5', '1e1', 'Infinity'])('%j exits 2 naming the value', (text) => {
    let error: unknown;
    try {
      parseHours(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(JSON.stringify(text));
  });
});

describe('sums', () => {
  it('adds in hundredths: 0.1 + 0.2 + 1.1 is 1.4, not 1.4000000000000001', () => {
    const hours = [0.1, 0.2, 1.1].map((h) => ({ hours: h }));
    expect(hours.reduce((n, h) => n + h.hours, 0)).not.toBe(1.4); // what floats would say
    expect(sumHundredths(hours)).toBe(140);
    expect(sumHundredths([{ hours: 0.1 }, { hours: 0.2 }])).toBe(30); // (0.1 + 0.2) * 100 is 30.000000000000004
    expect(sumHundredths([{ hours: 0.29 }, { hours: 0.57 }, { hours: 1.1 }])).toBe(196);
  });
});

describe('twelveMonthsBefore', () => {
  it.each([
    ['2026-03-01', '2025-03-01'],
    ['2026-01-01', '2025-01-01'],
    ['2028-02-29', '2027-02-28'],
  ])('%s -> %s', (date, before) => expect(twelveMonthsBefore(date)).toBe(before));
});

// A hand-made club: March 2026 against the 12 months before it ([2025-03-01, 2026-03-01)).
const SESSIONS = [
  session('s1', '2025-02-28T20:00:00+08:00'), // too early for March's window
  session('s2', '2025-03-01T00:30:00+08:00'), // first day of the window, just after midnight in the club's zone
  session('s3', '2025-06-15T14:00:00+08:00'),
  session('s4', '2026-02-28T23:30:00+08:00'), // last day before March
  session('s5', '2026-03-01T00:10:00+08:00'), // March in Shanghai (still February in UTC)
  session('s6', '2026-03-31T23:00:00+08:00'),
  session('s7', '2026-04-01T07:00:00+08:00'), // April in Shanghai (still March in UTC)
];
const HOURS = [
  entry('h1', 'm1', 's2', 2),
  entry('h2', 'm1', 's5', 0.1),
  entry('h3', 'm2', 's3', 1.5),
  entry('h4', 'm2', 's6', 1.1),
  entry('h5', 'm3', 's1', 3),
  entry('h6', 'm3', 's5', 0.2),
  entry('h7', 'm4', 's4', 4),
  entry('h8', 'm4', 's7', 5),
  entry('h9', 'm5', 's7', 1),
];

describe('volunteerFigures', () => {
  it('counts March 2026 as a hand count says', () => {
    // Volunteers before March: m1 (s2), m2 (s3), m4 (s4); m3's s1 is 12 months and a day before. In March: m1, m2
    // (s6), m3 (s5); m4 and m5 only in April (s7). Retained: m1, m2 of m1, m2, m4 -> 2/3. Hours: 0.1 + 1.1 + 0.2.
    expect(volunteerFigures(HOURS, SESSIONS, { from: '2026-03-01', to: '2026-04-01' }, TZ)).toEqual({
      volunteerHours: 1.4,
      volunteersInPeriod: 3,
      before: { from: '2025-03-01', to: '2026-03-01' },
      volunteers: 3,
      retained: 2,
      volunteerRetention: 2 / 3,
    });
  });

  it('has no retention without volunteers before the period (null, not 0)', () => {
    const f = volunteerFigures(HOURS, SESSIONS, { from: '2024-01-01', to: '2024-02-01' }, TZ);
    expect(f.volunteerRetention).toBeNull();
    expect(f.volunteerHours).toBe(0);
  });

  it('works for a year as well (the yearly report)', () => {
    // 2026 so far: m1, m2, m3, m4, m5 served, 0.1 + 1.1 + 0.2 + 4 + 5 + 1 hours; the 12 months before (2025): m1, m2,
    // m3 (s1 is 2025-02-28), all three back in 2026.
    const f = volunteerFigures(HOURS, SESSIONS, { from: '2026-01-01', to: '2027-01-01' }, TZ);
    expect([f.volunteers, f.retained, f.volunteersInPeriod, f.volunteerHours]).toEqual([3, 3, 5, 11.4]);
    expect(f.volunteerRetention).toBe(1);
  });
});

describe('hoursRows', () => {
  it('filters by the session date in the club zone: --from included, --to left out', () => {
    const ids = (from: string | null, to: string | null) => hoursRows(HOURS, SESSIONS, [], TZ, { from, to }).map((r) => r.id);
    expect(ids('2026-03-01', '2026-04-01')).toEqual(['h2', 'h6', 'h4']);
    expect(ids('2026-03-01', '2026-03-31')).toEqual(['h2', 'h6']);
    expect(ids('2026-03-31', null)).toEqual(['h4', 'h8', 'h9']);
    expect(ids(null, '2025-03-01')).toEqual(['h5']);
  });
});

describe('buildCertificate', () => {
  const member = { id: 'm2', name: '雅风', purged: false } as Member;
  const env = { now: new Date('2026-04-10T02:00:00Z'), settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: TZ, weekStart: 'monday' }), actor: 'tester' };

  it('shows the last day included, the entries in order and their exact total', () => {
    const c = buildCertificate(member, HOURS, SESSIONS, { from: '2025-01-01', to: '2026-04-01' }, env);
    expect(c.period).toEqual({ from: '2025-01-01', last: '2026-03-31' });
    expect(c.activities.map((a) => [a.date, a.sessionId, a.hours])).toEqual([
      ['2025-06-15', 's3', 1.5],
      ['2026-03-31', 's6', 1.1],
    ]);
    expect([c.count, c.totalHours, c.issued, c.club]).toEqual([2, 2.6, '2026-04-10', '读书会']);
  });

  it('without a period runs from the first entry to the day issued', () => {
    expect(buildCertificate(member, HOURS, SESSIONS, { from: null, to: null }, env).period).toEqual({ from: '2025-06-15', last: '2026-04-10' });
  });

  it('is refused for a purged member, and when there is nothing to certify', () => {
    expect(() => buildCertificate({ ...member, name: '(purged m2)', purged: true }, HOURS, SESSIONS, { from: null, to: null }, env)).toThrow(RuleError);
    expect(() => buildCertificate(member, HOURS, SESSIONS, { from: '2024-01-01', to: '2025-01-01' }, env)).toThrow(RuleError);
  });
});
