// One rule for who counts at a session (SPEC §5, §6, §14 "Activities"), pinned on one week of a small club: a session
// tallied alone (sessionTally, the reports), many tallied in one pass over every mark (sessionTallies, `session list`),
// the attendance sheet (`session show`) and each member's attended/expected (`attendance`) count the same marks.
import { describe, expect, it } from 'vitest';
import { audienceResolver, traitsOf } from '../../src/core/activities/audience.js';
import { attendanceSheet, expectedAt, memberAttendance, sessionTally, tallySheet } from '../../src/core/attendance/rules.js';
import { sessionTallies } from '../../src/core/sessions/tally.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Member } from '../../src/core/types.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-03-20T12:00:00+08:00');

const session = (id: string, date: string, over: Partial<Session> = {}): Session =>
  ({ id, title: '读书分享', type: 'meeting', startsAt: `${date}T19:30:00+08:00`, endsAt: `${date}T21:00:00+08:00`, status: 'done', best: [], ...over }) as unknown as Session;
const member = (id: string, name: string, history: Array<[string, string]>, tags: string[] = []): Member =>
  ({ id, name, status: history.at(-1)![0], role: 'member', tags, history: history.map(([status, date]) => ({ status, date, reason: null, at: `${date}T10:00:00+08:00` })) }) as unknown as Member;
const mark = (sessionId: string, memberId: string, status: Attendance['status']): Attendance =>
  ({ sessionId, memberId, status, at: '2026-03-09T19:30:00+08:00', reason: status === 'excused' ? '出差' : null, forced: false, source: 'manual', by: null }) as Attendance;

// The week of Monday 2026-03-09: Monday's and Friday's sessions for everyone, Wednesday's for the photographers.
const members = [
  member('m1', '杨洪勇', [['active', '2026-01-01']], ['摄影']),
  member('m2', '雅风', [['active', '2026-01-01']]),
  member('m3', '林小满', [['active', '2026-03-11']], ['摄影']), // joined on the Wednesday
  member('m4', '周末', [['active', '2026-01-01'], ['left', '2026-03-12']]), // left on the Thursday
  member('m5', '陈一', [['active', '2026-01-01']], ['摄影']),
];
const sessions = [session('s1', '2026-03-09'), session('s2', '2026-03-11', { audience: 'tag:摄影' }), session('s3', '2026-03-13')];
const records = [
  // Monday: m3 is not a member yet and m9 never was (neither counts); m4 on leave; m5 did not come.
  mark('s1', 'm1', 'present'),
  mark('s1', 'm2', 'late'),
  mark('s1', 'm3', 'present'),
  mark('s1', 'm4', 'excused'),
  mark('s1', 'm9', 'present'),
  // Wednesday, photographers only: m3 joined that day and came late; m2 came anyway (expected and attended); m4's
  // leave is from a session that did not expect them (nothing); m1 on leave; m5 did not come.
  mark('s2', 'm1', 'excused'),
  mark('s2', 'm2', 'present'),
  mark('s2', 'm3', 'late'),
  mark('s2', 'm4', 'excused'),
  // Friday: m4 has left (their check-in does not count); m1 marked absent, m5 did not come.
  mark('s3', 'm1', 'absent'),
  mark('s3', 'm2', 'excused'),
  mark('s3', 'm3', 'present'),
  mark('s3', 'm4', 'present'),
];
const audienceOf = audienceResolver({ registrations: [], traits: traitsOf(members) });

const expectedTallies = {
  s1: { expected: 3, attended: 2, present: 1, late: 1, excused: 1, absent: 1 },
  s2: { expected: 3, attended: 2, present: 1, late: 1, excused: 1, absent: 1 },
  s3: { expected: 3, attended: 1, present: 1, late: 0, excused: 1, absent: 2 },
};

describe('who counts at a session: one rule for every path', () => {
  it('expectedAt: active then, and in the audience or came anyway', () => {
    expect(expectedAt(true, true, undefined)).toBe(true);
    expect(expectedAt(true, true, 'excused')).toBe(true);
    expect(expectedAt(true, false, 'present')).toBe(true);
    expect(expectedAt(true, false, 'late')).toBe(true);
    expect(expectedAt(true, false, 'excused')).toBe(false);
    expect(expectedAt(true, false, 'absent')).toBe(false);
    expect(expectedAt(false, true, 'present')).toBe(false);
  });

  it('a session tallied alone (the reports)', () => {
    expect(Object.fromEntries(sessions.map((s) => [s.id, sessionTally(s, members, records, TZ, audienceOf)]))).toEqual(expectedTallies);
  });

  it('every session in one pass over the marks, in any order (session list)', () => {
    expect(Object.fromEntries(sessionTallies(sessions, members, records, TZ, audienceOf))).toEqual(expectedTallies);
    expect(Object.fromEntries(sessionTallies(sessions, members, [...records].reverse(), TZ, audienceOf))).toEqual(expectedTallies);
  });

  it('the attendance sheet (session show)', () => {
    expect(Object.fromEntries(sessions.map((s) => [s.id, tallySheet(attendanceSheet(s, members, records, NOW, TZ, audienceOf))]))).toEqual(expectedTallies);
  });

  it("each member's attended/expected over the week (attendance), adding up to the sessions'", () => {
    const rows = memberAttendance(members, sessions, records, { from: '2026-03-09', to: '2026-03-16' }, NOW, TZ, audienceOf);
    expect(rows.map(({ memberId, attended, expected, late, excused, absent }) => ({ memberId, attended, expected, late, excused, absent }))).toEqual([
      { memberId: 'm1', attended: 1, expected: 2, late: 0, excused: 1, absent: 1 },
      { memberId: 'm2', attended: 2, expected: 2, late: 1, excused: 1, absent: 0 },
      { memberId: 'm3', attended: 2, expected: 2, late: 1, excused: 0, absent: 0 },
      { memberId: 'm4', attended: 0, expected: 0, late: 0, excused: 1, absent: 0 },
      { memberId: 'm5', attended: 0, expected: 3, late: 0, excused: 0, absent: 3 },
    ]);
    const totals = (counts: ReadonlyArray<{ attended: number; expected: number; excused: number; absent: number }>) =>
      Object.fromEntries((['attended', 'expected', 'excused', 'absent'] as const).map((key) => [key, counts.reduce((n, c) => n + c[key], 0)]));
    expect(totals(rows)).toEqual(totals(Object.values(expectedTallies)));
  });
});
