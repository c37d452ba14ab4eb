import { describe, expect, it } from 'vitest';
import type { CoreEnv } from '../../src/core/env.js';
import { RuleError, UsageError } from '../../src/core/errors.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { removeMember } from '../../src/core/members/lifecycle.js';
import { checkIn, recordLeave } from '../../src/core/attendance/checkin.js';
import { activeOn, attendanceSheet, isLate, memberAttendance, tallySheet, weekOf } from '../../src/core/attendance/rules.js';
import { recurrenceDates, recurrenceStarts, parseWeekdays } from '../../src/core/sessions/schedule.js';
import { addSessions } from '../../src/core/sessions/sessions.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import { toInstantString } from '../../src/core/time.js';
import type { Member } from '../../src/core/types.js';
import { emptyCounters } from '../../src/core/ids.js';

const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const env = (now: string, over: Partial<typeof settings> = {}): CoreEnv => ({ now: new Date(now), settings: { ...settings, ...over }, actor: 'admin' });
const counters = emptyCounters();

describe('recurrence', () => {
  const base = { hour: 21, minute: 30, tz: 'Asia/Shanghai' };
  it.each([
    ['weekly tue,thu until', { date: '2026-03-03', repeat: 'weekly', on: [2, 4], until: '2026-03-17' }, ['2026-03-03', '2026-03-05', '2026-03-10', '2026-03-12', '2026-03-17']],
    ['weekly from a Wednesday on tue,thu', { date: '2026-03-04', repeat: 'weekly', on: [2, 4], count: 3 }, ['2026-03-05', '2026-03-10', '2026-03-12']],
    ['weekly on the first day', { date: '2026-03-07', repeat: 'weekly', count: 3 }, ['2026-03-07', '2026-03-14', '2026-03-21']],
    ['biweekly', { date: '2026-03-03', repeat: 'biweekly', count: 3 }, ['2026-03-03', '2026-03-17', '2026-03-31']],
    ['monthly on the 31st skips short months', { date: '2026-01-31', repeat: 'monthly', count: 3 }, ['2026-01-31', '2026-03-31', '2026-05-31']],
    ['monthly until', { date: '2026-03-14', repeat: 'monthly', until: '2026-05-14' }, ['2026-03-14', '2026-04-14', '2026-05-14']],
  ] as const)('%s', (_label, input, dates) => {
    expect(recurrenceDates({ ...base, ...input, on: 'on' in input ? [...input.on] : undefined } as never)).toEqual(dates);
  });

  it('keeps 19:00 local time across the daylight-saving change', () => {
    const starts = recurrenceStarts({ date: '2026-03-24', hour: 19, minute: 0, repeat: 'weekly', count: 3, tz: 'Europe/Berlin' });
    expect(starts.map((d) => toInstantString(d, 'Europe/Berlin'))).toEqual(['2026-03-24T19:00:00+01:00', '2026-03-31T19:00:00+02:00', '2026-04-07T19:00:00+02:00']);
  });

  it.each([
    [{ repeat: 'weekly' }, /exactly one of --until/],
    [{ repeat: 'weekly', until: '2026-03-01', count: 2 }, /exactly one/],
    [{ repeat: 'weekly', until: '2026-02-01' }, /before the first session/],
    [{ repeat: 'weekly', count: 0 }, /invalid --count/],
    [{ repeat: 'daily', until: '2036-01-01' }, /more than 500/],
    [{ repeat: 'monthly', on: [2], count: 2 }, /--on is for weekly/],
  ])('refuses %j', (input, message) => {
    expect(() => recurrenceDates({ ...base, date: '2026-03-03', ...input } as never)).toThrow(message);
  });

  it('parses weekdays in English and Chinese', () => {
    expect(parseWeekdays('tue,thu')).toEqual([2, 4]);
    expect(parseWeekdays('周二，周四')).toEqual([2, 4]);
    expect(parseWeekdays('Sunday sat')).toEqual([0, 6]);
    expect(() => parseWeekdays('someday')).toThrow(UsageError);
  });
});

function club(): { members: Member[]; sessions: Session[] } {
  let state: MemberState = { members: [], tasks: [], counters };
  for (const [name, joined] of [['杨洪勇', '2026-01-01'], ['雅风', '2026-01-01'], ['李雷', '2026-03-04'], ['王五', '2026-01-01']] as const) {
    state = addMember(state, { fields: { name }, joined, status: 'active' }, env('2026-03-04T12:00:00+08:00')).state;
  }
  state = removeMember(state, '王五', { reason: '毕业' }, env('2026-03-04T12:00:00+08:00')).state;
  const start = { date: '2026-03-03', hour: 21, minute: 30, instant: new Date('2026-03-03T21:30:00+08:00') };
  const { state: s } = addSessions({ sessions: [], counters: state.counters }, state.members, { title: '读书会', start, repeat: { repeat: 'weekly', on: [2, 4], count: 4 } }, env('2026-03-01T00:00:00+08:00'));
  return { members: [...state.members], sessions: [...s.sessions] };
}

describe('attendance rules', () => {
  const { members, sessions } = club();
  const [s1, s2, s3] = sessions as [Session, Session, Session, Session];

  it('knows who was active on a date from the status history', () => {
    const wang = members.find((m) => m.name === '王五')!;
    expect([activeOn(wang, '2026-03-03'), activeOn(wang, '2026-03-04'), activeOn(members[2]!, '2026-03-03'), activeOn(members[2]!, '2026-03-04')]).toEqual([true, false, false, true]);
  });

  it.each([
    ['2026-03-03T21:40:00+08:00', false],
    ['2026-03-03T21:40:01+08:00', true],
    ['2026-03-03T20:00:00+08:00', false],
  ])('a check-in at %s is late: %s', (at, late) => {
    expect(isLate(new Date(at), s1, 10)).toBe(late);
  });

  it('derives absence for active members without a record, pending before the start', () => {
    const records: Attendance[] = [{ sessionId: s1.id, memberId: 'm1', status: 'present', at: s1.startsAt, reason: null, forced: false, source: 'manual', by: null }];
    const sheet = attendanceSheet(s1, members, records, new Date('2026-03-04T00:00:00+08:00'), 'Asia/Shanghai');
    expect(sheet.map((r) => [r.name, r.status])).toEqual([['杨洪勇', 'present'], ['雅风', 'absent'], ['王五', 'absent']]);
    expect(tallySheet(sheet)).toMatchObject({ expected: 3, attended: 1, absent: 2 });
    const before = attendanceSheet(s3, members, [], new Date('2026-03-04T00:00:00+08:00'), 'Asia/Shanghai');
    expect(before.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it.each([
    ['2026-03-05', 'monday', '2026-03-02', '2026-03-08'],
    ['2026-03-08', 'monday', '2026-03-02', '2026-03-08'],
    ['2026-03-08', 'sunday', '2026-03-08', '2026-03-14'],
    ['2026-03-07', 'sunday', '2026-03-01', '2026-03-07'],
  ] as const)('the week of %s (%s start) is %s..%s', (date, start, from, to) => {
    expect(weekOf(date, start)).toEqual({ from, to });
  });

  it('limits leave per week, naming the other leave; --force records it as forced', () => {
    const state = { members, sessions, attendance: [] as Attendance[] };
    const e = env('2026-03-02T12:00:00+08:00');
    const first = recordLeave(state, '雅风', s1.id, { reason: '出差', force: false }, e);
    const next = { ...state, attendance: first.attendance };
    expect(() => recordLeave(next, '雅风', s2.id, { reason: '考试', force: false }, e)).toThrow(RuleError);
    expect(() => recordLeave(next, '雅风', s2.id, { reason: '考试', force: false }, e)).toThrow(/s1 读书会 \(2026-03-03\); leave.perWeek is 1/);
    expect(recordLeave(next, '雅风', s3.id, { reason: '下周', force: false }, e).changes).toHaveLength(1);
    const forced = recordLeave(next, '雅风', s2.id, { reason: '考试', force: true }, e);
    expect(forced.changes[0]!.record).toMatchObject({ status: 'excused', forced: true, reason: '考试' });
    const two = recordLeave(next, '雅风', s2.id, { reason: '考试', force: false }, env('2026-03-02T12:00:00+08:00', { 'leave.perWeek': 2 }));
    expect(two.changes[0]!.record.forced).toBe(false);
  });

  it('checking in again changes the record and never duplicates it', () => {
    const e = env('2026-03-03T21:45:00+08:00');
    const state = { members, sessions, attendance: [] as Attendance[] };
    const once = checkIn(state, s1.id, { members: [members[0]!], at: e.now, source: 'manual' }, e);
    expect(once.changes[0]!.after).toBe('late');
    const again = checkIn({ ...state, attendance: once.attendance }, s1.id, { members: [members[0]!], at: e.now, source: 'manual' }, e);
    expect(again.changes).toEqual([]);
    expect(again.unchanged.map((m) => m.id)).toEqual(['m1']);
    const changed = checkIn({ ...state, attendance: once.attendance }, s1.id, { members: [members[0]!], status: 'present', at: e.now, source: 'manual' }, e);
    expect(changed.attendance).toHaveLength(1);
    expect(changed.changes[0]).toMatchObject({ before: 'late', after: 'present' });
  });

  it('computes attended/expected per member over held sessions, excused not expected', () => {
    const rec = (s: Session, memberId: string, status: Attendance['status']): Attendance => ({ sessionId: s.id, memberId, status, at: s.startsAt, reason: null, forced: false, source: 'manual', by: null });
    const records = [rec(s1, 'm1', 'present'), rec(s2, 'm1', 'late'), rec(s1, 'm2', 'excused'), rec(s2, 'm3', 'present')];
    const cancelled = sessions.map((s) => (s.id === s3.id ? { ...s, status: 'cancelled' as const } : s));
    const stats = memberAttendance(members, cancelled, records, { from: null, to: null }, new Date('2026-03-11T00:00:00+08:00'), 'Asia/Shanghai');
    const by = Object.fromEntries(stats.map((s) => [s.name, [s.attended, s.expected, s.rate]]));
    expect(by).toEqual({ 杨洪勇: [2, 2, 1], 雅风: [0, 1, 0], 李雷: [1, 1, 1], 王五: [0, 1, 0] });
  });
});
