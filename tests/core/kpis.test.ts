import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { compareNames } from '../../src/core/collation.js';
import { computeKpis, membershipKpis } from '../../src/core/reports/kpis.js';
import { buildMonthlyReport } from '../../src/core/reports/monthly.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { ClubData } from '../../src/core/reports/kpis.js';
import { isoWeek, parseWeek, trailingYear, parseMonth, weekContaining } from '../../src/core/reports/period.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Member, MemberStatus, Task } from '../../src/core/types.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-04-02T12:00:00+08:00');

function member(id: string, history: Array<[MemberStatus, string]>): Member {
  return {
    id, name: id, nick: null, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: history.at(-1)![0], tags: [],
    joinedAt: history.find(([s]) => s === 'active')?.[1] ?? null, referrerId: null, note: null, warnings: [],
    history: history.map(([status, date]) => ({ status, date, at: `${date}T10:00:00+08:00`, reason: null, by: null })), createdAt: '2026-01-01T10:00:00+08:00', purged: false,
  };
}
function session(id: string, date: string, status: Session['status'] = 'done'): Session {
  return { id, title: id, type: 'reading', startsAt: `${date}T21:30:00+08:00`, endsAt: `${date}T23:00:00+08:00`, durationMinutes: 90, hostId: null, topic: null, place: null, status, seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-01-01T10:00:00+08:00' };
}
const att = (sessionId: string, memberId: string, status: Attendance['status']): Attendance => ({ sessionId, memberId, status, at: '2026-03-03T21:30:00+08:00', reason: null, forced: false, source: 'manual', by: null });
const entry = (id: string, memberId: string, delta: number, kind: LedgerEntry['kind'], date: string): LedgerEntry => ({ id, memberId, delta, kind, reason: 'r', at: `${date}T12:00:00+08:00`, ref: null, rule: null });
const task = (id: string, due: string | null, doneAt: string | null): Task => ({ id, title: id, ownerId: null, due, status: doneAt ? 'done' : 'open', doneAt, sessionId: null, kind: null, createdAt: '2026-01-01T10:00:00+08:00' });

// March 2026 by hand:
//  m1 active since Jan; m2 active since Feb, left 2026-03-15; m3 joined 2026-03-01; m4 joined 2026-03-10;
//  m5 left 2026-03-01 (departed on the first day: active just before March, departed in March);
//  m6 applicant only; m7 joined Jan, removed Feb 10, restored 2026-03-20 (active again in March).
const data: ClubData = {
  members: [
    member('m1', [['active', '2026-01-05']]),
    member('m2', [['active', '2026-02-01'], ['left', '2026-03-15']]),
    member('m3', [['applicant', '2026-02-20'], ['active', '2026-03-01']]),
    member('m4', [['active', '2026-03-10']]),
    member('m5', [['active', '2026-01-01'], ['left', '2026-03-01']]),
    member('m6', [['applicant', '2026-03-05']]),
    member('m7', [['active', '2026-01-01'], ['removed', '2026-02-10'], ['active', '2026-03-20']]),
  ],
  // s1 03-03: active m1, m2, m3 -> m1 present, m2 excused, m3 absent: attended 1, expected 2
  // s2 03-12: active m1, m2, m3, m4 -> m1 late, m3 present, m4 present, m2 absent: attended 3, expected 4
  // s3 03-19 cancelled; s4 03-26: active m1, m3, m4, m7 -> m1, m7 present: attended 2, expected 4
  // s5 04-05 not yet started; s6 02-26 in February
  sessions: [session('s1', '2026-03-03'), session('s2', '2026-03-12'), session('s3', '2026-03-19', 'cancelled'), session('s4', '2026-03-26', 'scheduled'), session('s5', '2026-04-05', 'scheduled'), session('s6', '2026-02-26')],
  attendance: [att('s1', 'm1', 'present'), att('s1', 'm2', 'excused'), att('s2', 'm1', 'late'), att('s2', 'm3', 'present'), att('s2', 'm4', 'present'), att('s3', 'm1', 'present'), att('s4', 'm1', 'present'), att('s4', 'm7', 'present'), att('s6', 'm1', 'present')],
  ledger: [
    entry('p1', 'm1', 2, 'auto', '2026-03-03'),
    entry('p2', 'm1', -2, 'auto', '2026-03-05'), // a reversal in the month
    entry('p3', 'm1', 1, 'auto', '2026-03-05'),
    entry('p4', 'm3', 10, 'award', '2026-03-20'),
    entry('p5', 'm3', -3, 'deduct', '2026-03-21'),
    entry('p6', 'm1', -5, 'redeem', '2026-03-22'),
    entry('p7', 'm1', 4, 'award', '2026-02-28'), // February
  ],
  // due in March: t1 done on its due day, t2 done a day late, t3 open, t4 due in April
  tasks: [task('t1', '2026-03-10', '2026-03-10T23:00:00+08:00'), task('t2', '2026-03-12', '2026-03-13T09:00:00+08:00'), task('t3', '2026-03-31', null), task('t4', '2026-04-03', null)],
  surveys: [
    { id: 'v1', title: 's', anonymous: false, status: 'closed', openedAt: null, closedAt: null, activeAtOpen: 4, createdAt: '2026-03-01T10:00:00+08:00',
      questions: [{ id: 'q1', type: 'rating', text: 'sat', required: true, scale: 5, satisfaction: true }, { id: 'q2', type: 'nps', text: 'nps', required: true }, { id: 'q3', type: 'rating', text: 'other', required: false, scale: 5, satisfaction: false }] },
  ],
  responses: [
    { surveyId: 'v1', n: 1, memberId: 'm1', date: '2026-03-20', at: null, answers: { q1: 5, q2: 10, q3: 1 } },
    { surveyId: 'v1', n: 2, memberId: 'm3', date: '2026-03-21', at: null, answers: { q1: 3, q2: 6, q3: 1 } },
    { surveyId: 'v1', n: 3, memberId: 'm4', date: '2026-03-22', at: null, answers: { q1: 4, q2: 8 } },
    { surveyId: 'v1', n: 4, memberId: 'm2', date: '2026-02-27', at: null, answers: { q1: 1, q2: 0 } },
  ],
  feedback: [],
};

describe('KPIs by hand (March 2026)', () => {
  const k = computeKpis(data, parseMonth('2026-03'), NOW, TZ);
  it.each([
    ['activeStart', 3], // m1, m2, m5 (m5 leaves on 03-01: active just before March)
    ['newMembers', 3], // m3, m4, and m7 restored
    ['departed', 2], // m2, m5
    ['activeEnd', 4], // 3 + 3 - 2: m1, m3, m4, m7
    ['growthRate', 1 / 3], // unrounded in JSON (SPEC §14)
    ['retentionRate', 1 / 3], // of m1, m2, m5 only m1 is active at the end
    ['sessionsHeld', 3], // s1, s2, s4 (s3 cancelled, s5 not started, s6 February)
    ['participationRate', 0.6], // (1 + 3 + 2) / (2 + 4 + 4)
    ['satisfaction', 2 / 3], // q1 in March: 5, 3, 4 -> 2 of 3 (q3 is not a satisfaction question; February's 1 is out)
    ['nps', 0], // 10, 6, 8 -> 1 promoter, 1 detractor
    ['pointsIssued', 11], // 2 - 2 + 1 + 10
    ['pointsDeducted', 3],
    ['pointsRedeemed', 5],
    ['taskCompletionRate', 1 / 3], // t1 of t1, t2, t3
  ] as const)('%s = %s', (key, value) => {
    expect(k[key]).toBe(value);
  });

  it('counts the first and last days of the period: left on the last day is not retained, joined on the first is new', () => {
    const members = [
      member('m1', [['active', '2026-01-05'], ['left', '2026-03-31']]),
      member('m2', [['active', '2026-01-05'], ['left', '2026-04-01']]),
      member('m3', [['active', '2026-03-01']]),
      member('m4', [['active', '2026-01-05'], ['removed', '2026-02-28'], ['active', '2026-03-31']]),
    ];
    // Active the day before March: m1, m2. Still active on 03-31: m2 (m1 left that day). New: m3 (03-01), m4 (back 03-31).
    expect(membershipKpis(members, parseMonth('2026-03'))).toEqual({ activeStart: 2, newMembers: 2, departed: 1, activeEnd: 3, growthRate: 0.5, retentionRate: 0.5 });
  });

  it('leaves cancelled tasks out of taskCompletionRate', () => {
    const cancelled: Task = { ...task('t9', '2026-03-20', null), status: 'cancelled', cancelledAt: '2026-03-18T10:00:00+08:00' };
    expect(computeKpis({ ...data, tasks: [...data.tasks, cancelled] }, parseMonth('2026-03'), NOW, TZ).taskCompletionRate).toBe(1 / 3);
  });

  it('is empty and null-safe for a month with nothing in it', () => {
    const empty = computeKpis({ members: [], sessions: [], attendance: [], ledger: [], tasks: [], surveys: [], responses: [], feedback: [] }, parseMonth('2026-03'), NOW, TZ);
    expect(empty).toEqual({ activeStart: 0, newMembers: 0, departed: 0, activeEnd: 0, growthRate: null, retentionRate: null, sessionsHeld: 0, participationRate: null, satisfaction: null, nps: null, pointsIssued: 0, pointsDeducted: 0, pointsRedeemed: 0, taskCompletionRate: null });
  });

  it('counts a week too', () => {
    const w = computeKpis(data, parseWeek('2026-W11', 'monday'), NOW, TZ); // 03-09 .. 03-16
    expect(w).toMatchObject({ sessionsHeld: 1, participationRate: 0.75, newMembers: 1, departed: 1 });
  });
});

describe('periods', () => {
  it.each([
    ['2026-01-01', 2026, 1],
    ['2026-03-05', 2026, 10],
    ['2027-01-01', 2026, 53],
    ['2024-12-30', 2025, 1],
  ])('ISO week of %s is %i-W%i', (date, year, week) => expect(isoWeek(date)).toEqual({ year, week }));
  it('parses weeks with Monday or Sunday start', () => {
    expect(parseWeek('2026-W10', 'monday')).toEqual({ from: '2026-03-02', to: '2026-03-09', week: '2026-W10' });
    expect(parseWeek('2026-W10', 'sunday')).toEqual({ from: '2026-03-01', to: '2026-03-08', week: '2026-W10' });
    expect(weekContaining('2026-03-08', 'monday').from).toBe('2026-03-02');
    expect(weekContaining('2026-03-08', 'sunday').from).toBe('2026-03-08');
    expect(() => parseWeek('2026-W54', 'monday')).toThrow(/has no week 54/);
  });
  it('takes the 12 months ending with a month', () => {
    expect(trailingYear(parseMonth('2026-03'))).toEqual({ from: '2025-04-01', to: '2026-04-01' });
  });
});

describe('fast tallies', () => {
  it('sessionTally agrees with the full attendance sheet for every session of the demo club', async () => {
    const { buildDemoClub } = await import('../../src/core/demo.js');
    const { attendanceSheet, sessionTally, tallySheet } = await import('../../src/core/attendance/rules.js');
    const { defaultSettings } = await import('../../src/core/settings.js');
    const now = new Date('2026-03-26T12:00:00+08:00');
    const club = buildDemoClub(now, defaultSettings({ name: 'x', lang: 'zh', timezone: TZ, weekStart: 'monday' }));
    const held = club.sessions.filter((s) => new Date(s.startsAt) <= now);
    expect(held.length).toBeGreaterThan(20);
    for (const s of held) {
      expect([s.id, sessionTally(s, club.members, club.attendance, TZ)]).toEqual([s.id, tallySheet(attendanceSheet(s, club.members, club.attendance, now, TZ))]);
    }
  });
});

describe('names in the club language order', () => {
  it('orders tied best performers of the monthly report by pinyin in zh and by English rules in en, not by the machine locale', () => {
    // 张 (U+5F20) comes before 李 (U+674E) by code point and in the root collation; by pinyin li comes before zhang.
    const named: ClubData = {
      ...data,
      members: data.members.map((m) => (m.id === 'm1' ? { ...m, name: '张三' } : m.id === 'm3' ? { ...m, name: '李四' } : m)),
      sessions: data.sessions.map((s) => (s.id === 's1' ? { ...s, best: ['m1'] } : s.id === 's2' ? { ...s, best: ['m3'] } : s)),
    };
    const report = (lang: 'zh' | 'en') =>
      buildMonthlyReport(named, parseMonth('2026-03'), { now: NOW, actor: 't', settings: { ...defaultSettings({ name: 'c', lang, timezone: TZ, weekStart: 'monday' }) } }, { redact: false });
    expect(report('zh').bestPerformers.map((b) => b.name)).toEqual(['李四', '张三']);
    expect(report('en').bestPerformers.map((b) => b.name)).toEqual(['张三', '李四']);
  });

  it('compares with ICU collation: pinyin, digits as numbers, case only when asked', () => {
    expect(['赵六', '张三', '王五', '李四', '欧阳娜娜', '安琪'].sort(compareNames('zh'))).toEqual(['安琪', '李四', '欧阳娜娜', '王五', '张三', '赵六']);
    expect(['Member 10', 'member 2', 'Member 1'].sort(compareNames('en'))).toEqual(['Member 1', 'member 2', 'Member 10']);
    expect(compareNames('en', { base: true })('Ana', 'ana')).toBe(0);
    expect(compareNames('en')('Ana', 'ana')).not.toBe(0);
    expect(compareNames('zh')('王五', '王五')).toBe(0);
  });
});
