// Counting a member's held sessions by bisection over the starts in order (rules.ts, searchHeld), which holds only
// where dates ascend with instants, against the definition (one session and one member at a time), in zones made to
// put their clocks back across midnight and in real ones that did. With zone rules installed, as the CLI installs
// the system's: without them (ICU) the sessions are counted day by day.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { audienceResolver } from '../../src/core/activities/audience.js';
import type { Registration } from '../../src/core/activities/types.js';
import { memberAttendance, searchPays, sessionDate } from '../../src/core/attendance/rules.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { datesAscend, useZoneRules } from '../../src/core/time.js';
import type { Member } from '../../src/core/types.js';
import type { ZoneRules } from '../../src/core/zone.js';
import { systemZoneRules } from '../../src/io/zoneinfo.js';
import { calendarOf, serializeCalendar, viewCalendar } from '../../src/store/calendar.js';
import { attendanceBySession } from '../helpers/attendance-definition.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.UTC(2026, 2, 1);

const session = (id: string, ms: number, over: Partial<Session> = {}): Session =>
  ({ id, title: 't', type: 'competition', startsAt: new Date(ms).toISOString(), endsAt: new Date(ms + HOUR).toISOString(), status: 'done', best: [], ...over }) as unknown as Session;
const member = (id: string, history: Array<[string, string]>, over: Partial<Member> = {}): Member =>
  ({ id, name: `成员${id}`, status: history.at(-1)![0], role: 'member', tags: [], history: history.map(([status, date]) => ({ status, date, reason: null, at: `${date}T10:00:00Z` })), ...over }) as unknown as Member;
const mark = (sessionId: string, memberId: string, status: Attendance['status']): Attendance =>
  ({ sessionId, memberId, status, at: new Date(BASE).toISOString(), reason: null, forced: false, source: 'manual', by: null }) as Attendance;
const reg = (sessionId: string, memberId: string, status: Registration['status']): Registration =>
  ({ sessionId, memberId, status, at: new Date(BASE).toISOString(), note: null, source: 'manual', by: null, promotedAt: null, cancelledAt: null }) as Registration;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

afterEach(() => useZoneRules(undefined));

/** Each zone a name of its own: dates of instants are memoized by zone name. */
let zones = 0;
function installZone(rules: ZoneRules): string {
  const tz = `Test/Zone${++zones}`;
  useZoneRules((name) => (name === tz ? rules : null));
  return tz;
}

describe('counting held sessions by bisection', () => {
  it('says whether dates ascend: not over a zone putting its clocks back across midnight, else yes', () => {
    // Back from 00:30 to 23:30 the day before at BASE + 10 days (UTC+3 → UTC+2 at 21:30 UTC).
    const back = BASE + 10 * DAY - 2.5 * HOUR;
    const tz = installZone({ at: [back], offset: [2 * 3600], initial: 3 * 3600 });
    expect(datesAscend(tz, BASE, back - 1)).toBe(true);
    expect(datesAscend(tz, back, BASE + 20 * DAY)).toBe(true);
    expect(datesAscend(tz, BASE, BASE + 20 * DAY)).toBe(false);
    // Forward across midnight, or back within a day: they ascend.
    const forward = installZone({ at: [back], offset: [5 * 3600], initial: 3 * 3600 });
    expect(datesAscend(forward, BASE, BASE + 20 * DAY)).toBe(true);
    const within = installZone({ at: [BASE + 10 * DAY + 2 * HOUR], offset: [2 * 3600], initial: 3 * 3600 });
    expect(datesAscend(within, BASE, BASE + 20 * DAY)).toBe(true);
    // Without rules (ICU) nothing is known to ascend.
    useZoneRules(undefined);
    expect(datesAscend('Asia/Shanghai', BASE, BASE + DAY)).toBe(false);
  });

  it('is the way a member’s profile counts, and a report of every member counts day by day', () => {
    // member show at the large club and at 5x; attendance or a report of 10,000 members over 1,000 sessions, 300 over 200, 500 over 5,000.
    expect([searchPays(1, 1000), searchPays(1, 5000), searchPays(3, 200)]).toEqual([true, true, true]);
    expect([searchPays(10_000, 1000), searchPays(300, 200), searchPays(500, 5000)]).toEqual([false, false, false]);
  });

  it('says so of real zones: Shanghai since 1978 and New York ascend; St. John’s, back at 00:01 until 2011, does not', () => {
    useZoneRules(systemZoneRules({}));
    expect(datesAscend('Asia/Shanghai', Date.UTC(1978, 0, 1), Date.UTC(2030, 0, 1))).toBe(true);
    expect(datesAscend('America/New_York', Date.UTC(1990, 0, 1), Date.UTC(2030, 0, 1))).toBe(true);
    expect(datesAscend('America/St_Johns', Date.UTC(2010, 6, 1), Date.UTC(2011, 0, 1))).toBe(false);
    expect(datesAscend('America/St_Johns', Date.UTC(2012, 0, 1), Date.UTC(2030, 0, 1))).toBe(true);
  });

  it('agrees with the definition in any zone, held sessions, audiences and histories (property)', () => {
    // Offsets of whole quarter hours within ±14 h: large jumps put the clocks back across midnight often.
    const offset = fc.integer({ min: -56, max: 56 }).map((q) => q * 900);
    const zone = fc.record({
      initial: offset,
      changes: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 40 * 96 }), offset), { maxLength: 4, selector: ([at]) => at }),
    });
    const ascending = { yes: 0, no: 0 };
    fc.assert(
      fc.property(
        zone,
        // Sessions: at a quarter hour of 45 days, or a few ms either side of a transition; some at the same instant.
        fc.array(fc.tuple(fc.integer({ min: -2 * 96, max: 45 * 96 }), fc.integer({ min: -1, max: 4 }), fc.constantFrom('all', 'registered', 'tag:读书', undefined, undefined, undefined), fc.constantFrom('done', 'done', 'scheduled', 'cancelled')), { minLength: 1, maxLength: 12 }),
        fc.array(fc.array(fc.tuple(fc.constantFrom('active', 'left'), fc.integer({ min: -3, max: 48 })), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(5), fc.constantFrom('present', 'late', 'excused', 'absent')), { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(5), fc.constantFrom('registered', 'waitlisted')), { maxLength: 10 }),
        fc.option(fc.tuple(fc.integer({ min: -3, max: 48 }), fc.integer({ min: 0, max: 20 }))),
        (z, rawSessions, histories, rawMarks, rawRegs, rawRange) => {
          const changes = [...z.changes].sort(([a], [b]) => a - b);
          const rules: ZoneRules = { at: changes.map(([q]) => BASE + q * 900_000), offset: changes.map(([, o]) => o), initial: z.initial };
          const tz = installZone(rules);
          const sessions = rawSessions.map(([q, near, audience, status], i) => {
            // near 0..3: a transition's instant, 1 ms before it, or 1 ms after; else a quarter hour.
            const at = near >= 0 && near < 3 && rules.at.length > 0 ? rules.at[Math.abs(q) % rules.at.length]! + (near - 1) : BASE + q * 900_000;
            return session(`s${i + 1}`, at, { status: status as Session['status'], ...(audience ? { audience } : {}) });
          });
          const ms = histories.map((h, i) =>
            member(
              `m${i + 1}`,
              h.map(([status, d]) => [status, dateOf(BASE + d * DAY)] as [string, string]).sort((a, b) => (a[1] < b[1] ? -1 : 1)),
              { tags: i % 2 ? [] : ['读书'] },
            ),
          );
          const marks = rawMarks.map(([s, m, status]) => mark(`s${(s % sessions.length) + 1}`, `m${(m % ms.length) + 1}`, status as Attendance['status']));
          const seen = new Set<string>();
          const registrations = rawRegs.filter(([s, m]) => !seen.has(`${s}/${m}`) && seen.add(`${s}/${m}`)).map(([s, m, st]) => reg(`s${s + 1}`, `m${m + 1}`, st as Registration['status']));
          const of = audienceResolver({ registrations, traits: new Map(ms.map((m) => [m.id, { role: m.role, tags: m.tags }])) });
          const now = new Date(BASE + 30 * DAY);
          const range = rawRange === null ? { from: null, to: null } : { from: dateOf(BASE + rawRange[0] * DAY), to: dateOf(BASE + (rawRange[0] + rawRange[1]) * DAY) };
          const starts = sessions.map((s) => Date.parse(s.startsAt)).sort((a, b) => a - b);
          if (datesAscend(tz, starts[0]!, starts.at(-1)!)) ascending.yes += 1;
          else ascending.no += 1;
          const expected = attendanceBySession(ms, sessions, marks, of, { now, tz, range });
          const calendar = viewCalendar(Buffer.from(serializeCalendar(calendarOf([...sessions].reverse()))));
          for (const way of ['search', 'days', 'auto'] as const) {
            expect(memberAttendance(ms, sessions, marks, range, now, tz, of, way)).toEqual(expected);
            expect(memberAttendance(ms, calendar, marks, range, now, tz, of, way)).toEqual(expected);
          }
          // Every session's date as the definition has it, for the sheet of a session (the zone at work, not UTC).
          for (const s of sessions) expect(sessionDate(s, tz)).toBe(dateOf(Date.parse(s.startsAt) + offsetAt(rules, Date.parse(s.startsAt))));
        },
      ),
      { numRuns: 400 },
    );
    // Both ways of counting were held to the definition, and the bisection in zones where it holds and where not.
    expect(ascending.yes).toBeGreaterThan(40);
    expect(ascending.no).toBeGreaterThan(40);
  });

  it('agrees with the definition around St. John’s last change at 00:01, with the system’s zone rules', () => {
    useZoneRules(systemZoneRules({}));
    const tz = 'America/St_Johns';
    // Back from 00:01 (UTC−2:30) to 23:01 the day before (UTC−3:30) at 02:31 UTC on 7 November 2010.
    const back = Date.UTC(2010, 10, 7, 2, 31);
    const sessions = [-DAY, -60_000, -1, 0, 1, 30 * 60_000, DAY].map((d, i) => session(`s${i + 1}`, back + d));
    expect(sessions.map((s) => sessionDate(s, tz))).toEqual(['2010-11-06', '2010-11-07', '2010-11-07', '2010-11-06', '2010-11-06', '2010-11-06', '2010-11-07']);
    const ms = [member('m1', [['active', '2010-11-06']]), member('m2', [['active', '2010-11-07']]), member('m3', [['active', '2010-11-01'], ['left', '2010-11-07']])];
    const now = new Date(back + 2 * DAY);
    const of = audienceResolver({ registrations: [] });
    for (const range of [{ from: null, to: null }, { from: '2010-11-06', to: '2010-11-07' }, { from: '2010-11-07', to: null }]) {
      const expected = attendanceBySession(ms, sessions, [], of, { now, tz, range });
      for (const way of ['search', 'days'] as const) expect(memberAttendance(ms, viewCalendar(Buffer.from(serializeCalendar(calendarOf(sessions)))), [], range, now, tz, of, way)).toEqual(expected);
    }
    expect(attendanceBySession(ms, sessions, [], of, { now, tz }).map((r) => r.expected)).toEqual([7, 3, 4]);
  });
});

/** The offset in ms of synthetic rules at an instant (no daylight rule). */
function offsetAt(rules: ZoneRules, ms: number): number {
  let offset = rules.initial;
  rules.at.forEach((at, i) => {
    if (ms >= at) offset = rules.offset[i]!;
  });
  return offset * 1000;
}
