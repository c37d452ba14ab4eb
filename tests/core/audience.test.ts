// Who a session expects (its audience) and its no-shows: the pure rules (SPEC §9, §14 "Activities").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceResolver, effectiveAudience, expectedMembers, parseAudience } from '../../src/core/activities/audience.js';
import { noShowsAt, noShowsIn } from '../../src/core/activities/noshow.js';
import type { Activity, Registration } from '../../src/core/activities/types.js';
import { attendanceSheet, isHeld, memberAttendance, sessionDate, sessionTally, tallySheet } from '../../src/core/attendance/rules.js';
import { attendanceBySession } from '../helpers/attendance-definition.js';
import { UsageError } from '../../src/core/errors.js';
import { clubAsOf } from '../../src/core/reports/as-of.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Member } from '../../src/core/types.js';
import { calendarOf, viewCalendar, serializeCalendar } from '../../src/store/calendar.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-04-01T00:00:00+08:00');

const session = (id: string, date: string, over: Partial<Session> = {}): Session =>
  ({ id, title: 't', type: 'competition', startsAt: `${date}T19:30:00+08:00`, endsAt: `${date}T21:00:00+08:00`, status: 'done', best: [], ...over }) as unknown as Session;
const member = (id: string, history: Array<[string, string]>, over: Partial<Member> = {}): Member =>
  ({ id, name: `成员${id}`, status: history.at(-1)![0], role: 'member', tags: [], history: history.map(([status, date]) => ({ status, date, reason: null, at: `${date}T10:00:00+08:00` })), ...over }) as unknown as Member;
const reg = (sessionId: string, memberId: string, status: Registration['status'] = 'registered', at = '2026-03-01T10:00:00+08:00'): Registration =>
  ({ sessionId, memberId, status, at, note: null, source: 'manual', by: null, promotedAt: null, cancelledAt: null }) as Registration;
const mark = (sessionId: string, memberId: string, status: Attendance['status']): Attendance =>
  ({ sessionId, memberId, status, at: '2026-03-10T19:30:00+08:00', reason: null, forced: false, source: 'manual', by: null }) as Attendance;
const plan = (sessionId: string, capacity: number | null): Activity =>
  ({ sessionId, status: 'approved', plan: { theme: 'x', capacity, eligibility: { minPoints: null, minDaysMember: null, roles: [] }, risks: [], budget: [] }, history: [] }) as unknown as Activity;

describe('parseAudience', () => {
  it.each([
    ['all', 'all'],
    [' Registered ', 'registered'],
    ['role:volunteer', 'role:volunteer'],
    ['Role:Admin', 'role:admin'],
    ['role：donor', 'role:donor'],
    ['tag:读书', 'tag:读书'],
    ['tag: 摄影 小组', 'tag:摄影 小组'],
  ])('%j → %j', (input, out) => expect(parseAudience(input)).toBe(out));

  it.each([['everyone'], ['role:chef'], ['tag:'], ['role:'], [''], ['tag:a\u0007b']])('refuses %j with exit 2 naming the forms', (input) => {
    expect(() => parseAudience(input)).toThrow(UsageError);
  });

  it('names the allowed forms, and the member roles for a bad role', () => {
    expect(() => parseAudience('everyone')).toThrow(/all\|registered\|role:R\|tag:T/);
    expect(() => parseAudience('role:chef')).toThrow(/member\|admin\|owner\|volunteer\|donor/);
  });
});

describe('effectiveAudience', () => {
  const s = session('s1', '2026-03-10');
  it.each([
    ['no plan, no registrations', s, [], [], 'all'],
    ['a plan with a capacity', s, [plan('s1', 8)], [], 'registered'],
    ['a plan without a capacity', s, [plan('s1', null)], [], 'all'],
    ['registrations (even only cancelled)', s, [], [reg('s1', 'm1', 'cancelled')], 'registered'],
    ['another session’s registrations', s, [plan('s2', 8)], [reg('s2', 'm1')], 'all'],
    ['a stored audience wins', { ...s, audience: 'tag:读书' }, [plan('s1', 8)], [reg('s1', 'm1')], 'tag:读书'],
    ['a stored all wins over places', { ...s, audience: 'all' }, [plan('s1', 8)], [], 'all'],
  ] as const)('%s', (_label, sess, activities, registrations, out) => {
    expect(effectiveAudience(sess as Session, activities as readonly Activity[], registrations as readonly Registration[])).toBe(out);
  });
});

describe('expected members', () => {
  const members = [
    member('m1', [['active', '2026-01-01']], { role: 'volunteer', tags: ['读书'] }),
    member('m2', [['active', '2026-01-01']], { tags: ['摄影'] }),
    member('m3', [['active', '2026-03-20']], { role: 'volunteer' }),
    member('m4', [['active', '2026-01-01'], ['left', '2026-03-05']], { role: 'volunteer' }),
  ];
  const traits = new Map(members.map((m) => [m.id, { role: m.role, tags: m.tags }]));
  const at = (audience?: string) => session('s1', '2026-03-10', audience ? { audience } : {});
  const ids = (s: Session, data: Parameters<typeof expectedMembers>[2] = { traits }) => expectedMembers(s, members, data, TZ).map((m) => m.id);

  it('all: members active at the start', () => expect(ids(at())).toEqual(['m1', 'm2']));
  it('role:R: those with the role, active at the start', () => expect(ids(at('role:volunteer'))).toEqual(['m1']));
  it('tag:T: those with the tag', () => expect(ids(at('tag:摄影'))).toEqual(['m2']));
  it('registered: places held, not the waitlist or cancelled, and only members then', () => {
    const registrations = [reg('s1', 'm2'), reg('s1', 'm1', 'waitlisted'), reg('s1', 'm3'), reg('s1', 'm4', 'cancelled')];
    expect(ids(at(), { registrations })).toEqual(['m2']);
  });
  it('a plan with places and nobody registered expects nobody', () => expect(ids(at(), { activities: [plan('s1', 8)], registrations: [] })).toEqual([]));
  it('asks for traits rather than guess a role audience without them', () => {
    expect(() => audienceResolver({ registrations: [] })(at('role:admin'))).toThrow(/roles and tags/);
  });
});

describe('attendance with an audience', () => {
  // A club of 20; a competition with 8 places: participation expects 8, not 20.
  const members = Array.from({ length: 20 }, (_, i) => member(`m${i + 1}`, [['active', '2026-01-01']]));
  const s1 = session('s1', '2026-03-10');
  const registrations = Array.from({ length: 8 }, (_, i) => reg('s1', `m${i + 1}`));
  const records = [...Array.from({ length: 6 }, (_, i) => mark('s1', `m${i + 1}`, 'present')), mark('s1', 'm7', 'excused'), mark('s1', 'm15', 'late'), mark('s1', 'm16', 'excused')];
  const audienceOf = audienceResolver({ registrations });

  it('expects the 8 registered (less leave), counts a walk-in as expected and attended, ignores others', () => {
    // m7 on leave; m15 came without a place (a walk-in); m16's leave is for a session not expected of them.
    expect(sessionTally(s1, members, records, TZ, audienceOf)).toEqual({ expected: 8, attended: 7, present: 6, late: 1, excused: 1, absent: 1 });
    expect(tallySheet(attendanceSheet(s1, members, records, NOW, TZ, audienceOf))).toEqual(sessionTally(s1, members, records, TZ, audienceOf));
    // Without an audience it is the club of 20.
    expect(sessionTally(s1, members, records, TZ).expected).toBe(18);
  });

  it('lists on the sheet only the audience and those with a record', () => {
    const sheet = attendanceSheet(s1, members, records, NOW, TZ, audienceOf);
    expect(sheet.map((r) => [r.memberId, r.status, r.expected, r.audience])).toEqual([
      ...Array.from({ length: 6 }, (_, i) => [`m${i + 1}`, 'present', true, true]),
      ['m7', 'excused', true, true],
      ['m8', 'absent', true, true],
      ['m15', 'late', true, false],
      ['m16', 'excused', false, false],
    ]);
  });

  it('counts absences per member only where they were expected', () => {
    const rows = memberAttendance(members, [s1], records, { from: null, to: null }, NOW, TZ, audienceOf);
    const row = (id: string) => rows.find((r) => r.memberId === id)!;
    expect(row('m8')).toMatchObject({ expected: 1, absent: 1, attended: 0, rate: 0 });
    expect(row('m20')).toMatchObject({ expected: 0, absent: 0, rate: null });
    expect(row('m15')).toMatchObject({ expected: 1, attended: 1, late: 1, rate: 1 });
    expect(row('m16')).toMatchObject({ expected: 0, excused: 0, rate: null });
  });

  it('agrees with counting session by session and member by member, whatever the audiences', () => {
    const bySession = (ms: Member[], sessions: Session[], marks: Attendance[], of: (s: Session) => ReadonlySet<string> | null) => attendanceBySession(ms, sessions, marks, of, { now: NOW, tz: TZ });
    // March, and a few days of April: after NOW, sessions not yet held.
    const day = fc.integer({ min: 1, max: 34 }).map((d) => (d <= 31 ? `2026-03-${String(d).padStart(2, '0')}` : `2026-04-0${d - 31}`));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ status: fc.constantFrom('active', 'left'), date: day }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(day, fc.constantFrom('all', 'registered', 'role:volunteer', 'tag:读书', undefined), fc.constantFrom('done', 'scheduled', 'cancelled')), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(7), fc.constantFrom('present', 'late', 'excused', 'absent')), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(7), fc.constantFrom('registered', 'waitlisted', 'cancelled')), { maxLength: 20 }),
        (histories, days, rawMarks, rawRegs) => {
          const ms = histories.map((h, i) =>
            member(`m${i + 1}`, h.sort((a, b) => (a.date < b.date ? -1 : 1)).map((c) => [c.status, c.date]), { role: i % 2 ? 'volunteer' : 'member', tags: i % 3 ? [] : ['读书'] }),
          );
          const sessions = days.map(([date, audience, status], i) => session(`s${i + 1}`, date, { status: status as Session['status'], ...(audience ? { audience } : {}) }));
          const marks = rawMarks.map(([s, m, status]) => mark(`s${s + 1}`, `m${m + 1}`, status as Attendance['status']));
          const seen = new Set<string>();
          const registrations = rawRegs.filter(([s, m]) => !seen.has(`${s}/${m}`) && seen.add(`${s}/${m}`)).map(([s, m, st]) => reg(`s${s + 1}`, `m${m + 1}`, st as Registration['status']));
          const of = audienceResolver({ registrations, traits: new Map(ms.map((m) => [m.id, { role: m.role, tags: m.tags }])) });
          const expected = bySession(ms, sessions, marks, of);
          expect(memberAttendance(ms, sessions, marks, { from: null, to: null }, NOW, TZ, of)).toEqual(expected);
          // The same from the sessions in another order, and from the calendar the store writes of them, scanned.
          expect(memberAttendance(ms, [...sessions].reverse(), marks, { from: null, to: null }, NOW, TZ, of)).toEqual(expected);
          expect(memberAttendance(ms, viewCalendar(Buffer.from(serializeCalendar(calendarOf(sessions)))), marks, { from: null, to: null }, NOW, TZ, of)).toEqual(expected);
          // A range: only the sessions of its days.
          const range = { from: '2026-03-08', to: '2026-03-20' };
          const inRange = sessions.filter((x) => sessionDate(x, TZ) >= range.from && sessionDate(x, TZ) < range.to);
          expect(memberAttendance(ms, viewCalendar(Buffer.from(serializeCalendar(calendarOf([...sessions].reverse())))), marks, range, NOW, TZ, of)).toEqual(bySession(ms, inRange, marks, of));
          // A held session's tally (session list tallies only those) as its sheet counts it.
          for (const s of sessions.filter((x) => isHeld(x, NOW))) expect(sessionTally(s, ms, marks, TZ, of)).toEqual(tallySheet(attendanceSheet(s, ms, marks, NOW, TZ, of)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('no-shows', () => {
  const members = [
    member('m1', [['active', '2026-01-01']]),
    member('m2', [['active', '2026-01-01']]),
    member('m3', [['active', '2026-01-01']]),
    member('m4', [['active', '2026-01-01'], ['left', '2026-03-08']]),
    member('m5', [['active', '2026-01-01']]),
    member('m6', [['active', '2026-01-01']]),
  ];
  const s1 = session('s1', '2026-03-10');
  const registrations = [reg('s1', 'm1'), reg('s1', 'm2'), reg('s1', 'm3'), reg('s1', 'm4'), reg('s1', 'm5', 'waitlisted'), reg('s1', 'm6', 'cancelled')];
  const records = [mark('s1', 'm1', 'present'), mark('s1', 'm3', 'excused')];

  it('flags a registered member without a check-in; not one on leave, one who left before, the waitlist or cancelled', () => {
    expect(noShowsAt(s1, members, records, registrations, TZ, NOW)).toEqual(['m2']);
  });
  it('an explicit absent record is a no-show too', () => {
    expect(noShowsAt(s1, members, [...records, mark('s1', 'm2', 'absent')], registrations, TZ, NOW)).toEqual(['m2']);
  });
  it('only once the session has ended (marked done, or past its end), never when cancelled', () => {
    const during = new Date('2026-03-10T20:00:00+08:00');
    expect(noShowsAt({ ...s1, status: 'scheduled' }, members, records, registrations, TZ, during)).toEqual([]);
    expect(noShowsAt({ ...s1, status: 'scheduled' }, members, records, registrations, TZ, NOW)).toEqual(['m2']);
    expect(noShowsAt({ ...s1, status: 'done' }, members, records, registrations, TZ, during)).toEqual(['m2']);
    expect(noShowsAt({ ...s1, status: 'cancelled' }, members, records, registrations, TZ, NOW)).toEqual([]);
  });
  it('over a range, in session order', () => {
    const s2 = session('s2', '2026-03-03');
    const s3 = session('s3', '2026-03-20');
    const regs = [...registrations, reg('s2', 'm5'), reg('s3', 'm6')];
    expect(noShowsIn([s1, s3, s2], members, records, regs, { from: '2026-03-01', to: '2026-03-15' }, TZ, NOW)).toEqual([
      { sessionId: 's2', memberId: 'm5' },
      { sessionId: 's1', memberId: 'm2' },
    ]);
  });
});

describe('places as a report as of an earlier time sees them', () => {
  const empty = { members: [], sessions: [], attendance: [], ledger: [], tasks: [], surveys: [], responses: [], feedback: [] };
  const cut = (registrations: Registration[], now: string) =>
    clubAsOf({ ...empty, registrations }, { now: new Date(now), period: { from: '2026-03-01', to: '2026-04-01' }, tz: TZ }).registrations!.map((r) => [r.memberId, r.status]);
  const at = '2026-03-01T10:00:00+08:00';
  const later = '2026-03-05T10:00:00+08:00';
  it.each([
    ['made later: not there yet', { ...reg('s1', 'm1', 'registered', later), recordedAt: later }, []],
    ['cancelled later: still held a place', { ...reg('s1', 'm1', 'cancelled', at), cancelledAt: later, recordedAt: later }, [['m1', 'registered']]],
    ['promoted later: still waiting', { ...reg('s1', 'm1', 'registered', at), promotedAt: later, recordedAt: later }, [['m1', 'waitlisted']]],
    ['promoted and cancelled later: still waiting', { ...reg('s1', 'm1', 'cancelled', at), promotedAt: later, cancelledAt: later, recordedAt: later }, [['m1', 'waitlisted']]],
    ['recorded by then: as it is', { ...reg('s1', 'm1', 'cancelled', at), cancelledAt: at, recordedAt: at }, [['m1', 'cancelled']]],
  ] as const)('%s', (_label, r, out) => {
    expect(cut([r as Registration], '2026-03-03T10:00:00+08:00')).toEqual(out);
  });
});
