// The attendance rules (SPEC §5): who is expected at a session, who is late, what is derived absent, the weekly
// leave limit, and each member's attended/expected over a range. Pure: data, settings and `now` in, data out.
import { t } from '../../i18n/index.js';
import { RuleError } from '../errors.js';
import type { Settings, WeekStart } from '../settings.js';
import { addDaysToDate, datesAscend, instantDate } from '../time.js';
import type { MemberSummary } from '../types.js';
import type { Attendance, AttendanceStatus, SessionSummary } from '../sessions/types.js';
import type { AudienceOf } from '../activities/audience.js';
import { CANCELLED, dayDate, dayInZone, dayNumber, isTimeline, sessionIdOf, sessionNumber, timelineOf } from '../sessions/timeline.js';
import type { SessionTimeline } from '../sessions/timeline.js';

/** Everyone active at the start is expected (section 6), when no audience is given. */
const everyone: AudienceOf = Object.assign(() => null, { special: new Set<string>() });

/** Present or late: they came. */
export const came = (status: AttendanceStatus | undefined): boolean => status === 'present' || status === 'late';

/** Is the member active on `date` (YYYY-MM-DD)? Active from the start of the day they became active until the start
 * of the day they left, by their status history. */
export function activeOn(member: { readonly history: ReadonlyArray<Pick<MemberSummary['history'][number], 'status' | 'date'>> }, date: string): boolean {
  let status: string | null = null;
  for (const change of member.history) {
    if (change.date <= date) status = change.status;
  }
  return status === 'active';
}

/**
 * Whether the member was active on some day of [from, to) (dates; a null bound is open): active on `from`, or became
 * active on a later day of the range. Status changes only on the dates in the history.
 */
export function activeDuring(member: MemberSummary, range: { from: string | null; to: string | null }): boolean {
  if (range.from !== null && activeOn(member, range.from)) return true;
  return member.history.some((h) => h.status === 'active' && (range.from === null || h.date > range.from) && (range.to === null || h.date < range.to) && activeOn(member, h.date));
}

export function sessionDate(session: Pick<SessionSummary, 'startsAt'>, tz: string): string {
  return instantDate(session.startsAt, tz);
}

/**
 * Whether the member may take part in the session (be checked in, take leave, vote, be picked best): they must have
 * been active at its start, whatever their status now (SPEC §14). Refused with the date they joined, unless `force`,
 * when the returned note says it was recorded anyway.
 */
export function requireMemberAtStart(member: MemberSummary, session: SessionSummary, tz: string, force: boolean): string | null {
  const date = sessionDate(session, tz);
  if (activeOn(member, date)) return null;
  const who = `${member.id} ${member.name}`;
  const joined = member.history.find((h) => h.status === 'active' && h.date > date)?.date ?? null;
  const message = joined
    ? t('checkin.joinedAfter', { member: who, joined, session: session.id, date })
    : t('checkin.notMemberOn', { member: who, session: session.id, date, status: member.status });
  if (!force) throw new RuleError(message, t('checkin.forceHint'));
  return t('checkin.forced', { message });
}

/** Sessions starting on a date in [from, to) in the club's zone; a null bound is open. */
export function sessionsInRange<S extends Pick<SessionSummary, 'startsAt'>>(sessions: readonly S[], range: { from: string | null; to: string | null }, tz: string): S[] {
  return sessions.filter((s) => {
    const date = sessionDate(s, tz);
    return (range.from === null || date >= range.from) && (range.to === null || date < range.to);
  });
}

// How many members were active on a date, by binary search over the status-history transitions of all members:
// a report over a year of sessions asks this for every session.
const activeCounts = new WeakMap<readonly MemberSummary[], { dates: string[]; counts: number[] }>();

export function activeCountOn(members: readonly MemberSummary[], date: string): number {
  let index = activeCounts.get(members);
  if (!index) {
    const events: Array<[string, number]> = [];
    for (const m of members) {
      let active = false;
      for (const change of m.history) {
        const now = change.status === 'active';
        if (now !== active) events.push([change.date, now ? 1 : -1]);
        active = now;
      }
    }
    events.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const dates: string[] = [];
    const counts: number[] = [];
    let running = 0;
    for (const [d, delta] of events) {
      running += delta;
      if (dates.length && dates[dates.length - 1] === d) counts[counts.length - 1] = running;
      else {
        dates.push(d);
        counts.push(running);
      }
    }
    index = { dates, counts };
    activeCounts.set(members, index);
  }
  let lo = 0;
  let hi = index.dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.dates[mid]! <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : index.counts[found]!;
}

/**
 * Whether a member counts at a session (SPEC §5, §6): they were active on its date, and in its audience or came
 * anyway (present or late; an absence or a leave of someone outside the audience counts for nothing). The one rule of
 * the sheets, the session tallies and each member's attendance.
 */
export function expectedAt(activeThen: boolean, inAudience: boolean, status: AttendanceStatus | undefined): boolean {
  return activeThen && (inAudience || came(status));
}

/**
 * A held session's tally while its marks are counted (sessionTally for one session, sessionTallies in
 * src/core/sessions/tally.ts for many in one pass over the marks): start it, count each member's mark once, finish it.
 */
export interface OpenTally {
  readonly date: string;
  readonly audience: ReadonlySet<string> | null;
  readonly byId: ReadonlyMap<string, MemberSummary>;
  readonly tally: SessionTally;
}

/** Opens a session's tally: expected are its audience active on its date (everyone active then without one). */
export function openTally(session: Pick<SessionSummary, 'startsAt'>, members: readonly MemberSummary[], tz: string, audience: ReadonlySet<string> | null): OpenTally {
  const date = sessionDate(session, tz);
  const byId = membersById(members);
  let expected = 0;
  if (audience === null) expected = activeCountOn(members, date);
  else for (const id of audience) if (byId.has(id) && activeOn(byId.get(id)!, date)) expected += 1;
  return { date, audience, byId, tally: { expected, attended: 0, present: 0, late: 0, excused: 0, absent: 0 } };
}

/**
 * Counts one member's mark (at most one per member and session): it counts by expectedAt, and makes someone outside
 * the audience who came expected. A mark of someone not among the members counts for nothing.
 */
export function countMark(open: OpenTally, memberId: string, status: AttendanceStatus): void {
  const m = open.byId.get(memberId);
  if (!m) return;
  const inAudience = open.audience === null || open.audience.has(memberId);
  if (!expectedAt(activeOn(m, open.date), inAudience, status)) return;
  const { tally } = open;
  if (!inAudience) tally.expected += 1;
  if (status === 'present') tally.present += 1;
  else if (status === 'late') tally.late += 1;
  else if (status === 'excused') tally.excused += 1;
}

/** The counts of an open tally: attended present + late, absent the expected with no other mark, the excused not expected. */
export function closeTally({ tally }: OpenTally): SessionTally {
  tally.attended = tally.present + tally.late;
  tally.absent = tally.expected - tally.attended - tally.excused;
  tally.expected -= tally.excused;
  return tally;
}

/**
 * The tally of a held session without building its sheet: counts, then the session's own records. Only its audience
 * is expected; a member outside it who came anyway counts as expected and attended (they took part).
 */
export function sessionTally(session: SessionSummary, members: readonly MemberSummary[], records: readonly Attendance[], tz: string, audienceOf: AudienceOf = everyone): SessionTally {
  const open = openTally(session, members, tz, audienceOf(session));
  for (const r of recordsBySession(records).get(session.id)?.values() ?? []) countMark(open, r.memberId, r.status);
  return closeTally(open);
}

const byIdCache = new WeakMap<readonly MemberSummary[], Map<string, MemberSummary>>();
function membersById(members: readonly MemberSummary[]): Map<string, MemberSummary> {
  let map = byIdCache.get(members);
  if (!map) byIdCache.set(members, (map = new Map(members.map((m) => [m.id, m]))));
  return map;
}

/** A session is held when it is not cancelled and has started (SPEC §6). */
export function isHeld(session: Pick<SessionSummary, 'startsAt' | 'status'>, now: Date): boolean {
  return session.status !== 'cancelled' && Date.parse(session.startsAt) <= now.getTime();
}

/** A check-in more than `lateAfterMinutes` after the start is late. */
export function isLate(checkIn: Date, session: Pick<SessionSummary, 'startsAt'>, lateAfterMinutes: number): boolean {
  return checkIn.getTime() > new Date(session.startsAt).getTime() + lateAfterMinutes * 60_000;
}

export function checkInStatus(checkIn: Date, session: Pick<SessionSummary, 'startsAt'>, settings: Settings): 'present' | 'late' {
  return isLate(checkIn, session, settings['attendance.lateAfterMinutes']) ? 'late' : 'present';
}

export type SheetStatus = AttendanceStatus | 'pending';

// Records by session, built once per attendance array: reports ask for many sheets of the same data.
const bySessionCache = new WeakMap<readonly AttendanceMark[], Map<string, Map<string, AttendanceMark>>>();

/** What a member's attendance summary needs of a record. */
export type AttendanceMark = Pick<Attendance, 'sessionId' | 'memberId' | 'status'>;

export function recordsBySession<R extends AttendanceMark>(records: readonly R[]): Map<string, Map<string, R>> {
  let index = bySessionCache.get(records) as Map<string, Map<string, R>> | undefined;
  if (!index) {
    index = new Map();
    for (const r of records) {
      let session = index.get(r.sessionId);
      if (!session) index.set(r.sessionId, (session = new Map()));
      session.set(r.memberId, r);
    }
    bySessionCache.set(records, index);
  }
  return index;
}

export interface SheetRow {
  memberId: string;
  name: string;
  status: SheetStatus;
  /** True when the member was active at the session's start and in its audience, or came anyway. */
  expected: boolean;
  /** True when the member was active at the session's start. */
  member: boolean;
  /** True when the member is in the session's audience (whether or not a member then). */
  audience: boolean;
  record: Attendance | null;
}

/**
 * The attendance sheet of one session: every member of its audience active at its start, and anyone else with a
 * record. A member without a record is absent once the session has started (derived), pending before. A member
 * outside the audience who came anyway is expected and attended; one outside it who did not come is not expected.
 */
export function attendanceSheet(session: SessionSummary, members: readonly MemberSummary[], records: readonly Attendance[], now: Date, tz: string, audienceOf: AudienceOf = everyone): SheetRow[] {
  const date = sessionDate(session, tz);
  const byMember = recordsBySession(records).get(session.id) ?? new Map<string, Attendance>();
  const started = new Date(session.startsAt).getTime() <= now.getTime();
  const audience = audienceOf(session);
  const rows: SheetRow[] = [];
  for (const m of members) {
    const record = byMember.get(m.id) ?? null;
    const member = activeOn(m, date);
    const inAudience = audience === null || audience.has(m.id);
    if (!(member && inAudience) && !record) continue;
    const expected = expectedAt(member, inAudience, record?.status);
    rows.push({ memberId: m.id, name: m.name, status: record?.status ?? (started ? 'absent' : 'pending'), expected, member, audience: inAudience, record });
  }
  return rows;
}

export interface SessionTally {
  /** Members active at the start, less the excused. */
  expected: number;
  /** Present + late. */
  attended: number;
  present: number;
  late: number;
  excused: number;
  absent: number;
}

/** Counts over the members expected at the session: a record of someone who was not active then does not count. */
export function tallySheet(rows: SheetRow[]): SessionTally {
  const expectedRows = rows.filter((r) => r.expected);
  const count = (s: SheetStatus) => expectedRows.filter((r) => r.status === s).length;
  const excused = count('excused');
  return {
    expected: expectedRows.length - excused,
    attended: count('present') + count('late'),
    present: count('present'),
    late: count('late'),
    excused: count('excused'),
    absent: count('absent'),
  };
}

/** The first and last day (inclusive) of the week that holds `date`. */
export function weekOf(date: string, weekStart: WeekStart): { from: string; to: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 Sunday
  const offset = weekStart === 'sunday' ? weekday : (weekday + 6) % 7;
  const from = addDaysToDate(date, -offset);
  return { from, to: addDaysToDate(from, 6) };
}

/**
 * Excused absences the member already has in the week of `session` (other sessions only). The leave limit refuses
 * one more when there are `leave.perWeek` of them.
 */
export function leavesInWeek<S extends SessionSummary>(
  memberId: string,
  session: SessionSummary,
  sessions: readonly S[],
  records: readonly Attendance[],
  settings: Settings,
): Array<{ session: S; record: Attendance }> {
  const tz = settings.timezone;
  const week = weekOf(sessionDate(session, tz), settings.weekStart);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const out: Array<{ session: S; record: Attendance }> = [];
  for (const r of records) {
    if (r.memberId !== memberId || r.status !== 'excused' || r.sessionId === session.id) continue;
    const other = byId.get(r.sessionId);
    if (!other || other.status === 'cancelled') continue;
    const date = sessionDate(other, tz);
    if (date >= week.from && date <= week.to) out.push({ session: other, record: r });
  }
  return out;
}

export interface MemberAttendance {
  memberId: string;
  name: string;
  attended: number;
  expected: number;
  late: number;
  excused: number;
  absent: number;
  /** attended / expected; null when nothing was expected. */
  rate: number | null;
}

/**
 * Per-member attended/expected over the held sessions starting in [from, to) (dates, club zone): a row per member, in
 * their order. A member is expected only at the sessions whose audience they are in (or that they came to anyway).
 * The sessions come as summaries or as a timeline (the store's calendar, timeline.ts).
 */
export function memberAttendance(
  members: readonly MemberSummary[],
  sessions: readonly SessionSummary[] | SessionTimeline,
  records: readonly AttendanceMark[],
  range: { from: string | null; to: string | null },
  now: Date,
  tz: string,
  audienceOf: AudienceOf = everyone,
  countBy: CountBy = 'auto',
): MemberAttendance[] {
  const held = heldSessions(isTimeline(sessions) ? sessions : timelineOf(sessions), range, now, tz, audienceOf, countBy === 'auto' ? members.length : countBy);
  // Every held session a member was active for counts as absent, until a record says otherwise. A member's status
  // changes only on the dates in their history, so the sessions they were active for are counted between those dates
  // (a binary search each), not one session at a time: a large club has 10,000 members and a year 100 sessions.
  const stats = new Map<string, MemberAttendance>();
  for (const m of members) {
    const active = activeSessionCount(m, held);
    stats.set(m.id, { memberId: m.id, name: m.name, attended: 0, expected: active, late: 0, excused: 0, absent: active, rate: null });
  }
  const byId = membersById(members);
  for (const [n, audience] of held.targeted) {
    const date = held.dateOf(n)!;
    for (const id of audience) {
      const member = byId.get(id);
      if (!member || !activeOn(member, date)) continue;
      const st = stats.get(id)!;
      st.expected += 1;
      st.absent += 1;
    }
  }
  for (const [sessionId, bySession] of recordsBySession(records)) {
    const n = sessionNumber(sessionId);
    const date = held.dateOf(n);
    if (date === undefined) continue;
    const audience = held.targeted.get(n);
    for (const [memberId, record] of bySession) {
      const member = byId.get(memberId);
      const inAudience = !audience || audience.has(memberId);
      if (!member || !expectedAt(activeOn(member, date), inAudience, record.status)) continue;
      const st = stats.get(memberId)!;
      if (!inAudience) {
        // Outside the audience: nothing expected of them, but one who came anyway took part.
        st.expected += 1;
        st.attended += 1;
        if (record.status === 'late') st.late += 1;
        continue;
      }
      if (record.status === 'absent') continue;
      st.absent -= 1;
      if (record.status === 'excused') {
        st.excused += 1;
        st.expected -= 1;
      } else {
        st.attended += 1;
        if (record.status === 'late') st.late += 1;
      }
    }
  }
  for (const st of stats.values()) st.rate = st.expected > 0 ? st.attended / st.expected : null;
  return [...stats.values()];
}

/**
 * How memberAttendance counts each member's held sessions: by bisection over the starts in order ('search': no loop
 * over the sessions, for a few members among many sessions: a profile), or over every session's day ('days': a loop
 * over the sessions, then a plain bisection a member, for many members: a report); 'auto' picks by their numbers.
 * Both give the same counts (the tests hold each to the definition).
 */
export type CountBy = 'auto' | 'search' | 'days';

interface HeldSessions {
  /** How many of the held sessions for everyone come before day number `day` (all of them for null). */
  countBefore(day: number | null): number;
  /** The held sessions for a part of the club, by number: their audience. */
  targeted: Map<number, ReadonlySet<string>>;
  /** A held session's date, by number; undefined for one not held in the range. */
  dateOf(n: number): string | undefined;
}

/**
 * The held sessions in the range, for everyone and for a part of the club, with a date made only for the sessions
 * asked about. Counted by binary search over the starts in order (searchHeld) when that pays (`countBy`: the number of
 * members counted, for searchPays, or the way asked for) and the zone's dates ascend over them, else day by day over
 * every session (countHeld).
 */
function heldSessions(timeline: SessionTimeline, range: { from: string | null; to: string | null }, now: Date, tz: string, audienceOf: AudienceOf, countBy: number | 'search' | 'days'): HeldSessions {
  const from = range.from === null ? -Infinity : dayNumber(range.from);
  const to = range.to === null ? Infinity : dayNumber(range.to);
  const nowMs = now.getTime();
  const { numbers, starts, statuses } = timeline;
  const dayOf = dayInZone(tz);
  /** The day of the session at place `i` when it was held (not cancelled, started: isHeld) in the range; else NaN. */
  const heldDay = (i: number): number => {
    const ms = starts[i]!;
    if (statuses[i] === CANCELLED || !(ms <= nowMs)) return Number.NaN;
    const day = dayOf(ms);
    return day < from || day >= to ? Number.NaN : day;
  };
  // The sessions the audience may set apart without an audience of their own (registrations, a capacity): their
  // numbers, so that the others are not each given an id to ask about. Most clubs have none.
  const special = audienceOf.special === undefined ? null : new Set([...audienceOf.special].map(sessionNumber));
  /** The audience of the held session at place `i`, when it is for a part of the club; null when for everyone. */
  const audienceAt = (i: number): ReadonlySet<string> | null => {
    const n = numbers[i]!;
    const stored = timeline.audiences.get(n);
    return stored === undefined && special !== null && !special.has(n) ? null : audienceOf({ id: sessionIdOf(n), audience: stored });
  };
  const dates = new Map<number, string>();
  const dateOf = (n: number): string | undefined => {
    let date = dates.get(n);
    if (date === undefined) {
      const i = placeOf(numbers, n);
      const day = i < 0 ? Number.NaN : heldDay(i);
      if (Number.isNaN(day)) return undefined;
      dates.set(n, (date = dayDate(day)));
    }
    return date;
  };
  const held = { from, to, nowMs, heldDay, audienceAt };
  const search = typeof countBy === 'number' ? searchPays(countBy, numbers.length) : countBy === 'search';
  const counted = special === null || !search ? null : searchHeld(timeline, held, dayOf, tz, special);
  return { ...(counted ?? countHeld(timeline, held, special)), dateOf };
}

/**
 * Whether counting `members` members' sessions by bisection over the starts costs less than the loop over `sessions`
 * sessions: the bisection works out about log2(sessions) days for each of a member's history's dates (two, mostly),
 * the loop a day for each session.
 */
export const searchPays = (members: number, sessions: number): boolean => members * 2 * Math.log2(sessions + 1) < sessions;

interface HeldRules {
  from: number;
  to: number;
  nowMs: number;
  heldDay(i: number): number;
  audienceAt(i: number): ReadonlySet<string> | null;
}

/**
 * The count by binary search, with no loop over the sessions (a member's profile at 5x the large club counted 5,000
 * sessions one by one): the starts sorted (natively), and the held sessions for everyone in the range are those
 * between three places in that order (from, to, now), less the few set apart (cancelled, for a part of the club).
 * A day's place is found by bisection on the starts' days, which holds only when dates ascend with the instants
 * (datesAscend); null when they are not known to, and the sessions are counted day by day.
 */
function searchHeld(timeline: SessionTimeline, held: HeldRules, dayOf: (ms: number) => number, tz: string, special: ReadonlySet<number>): Omit<HeldSessions, 'dateOf'> | null {
  const { numbers, starts, statuses, audiences } = timeline;
  const sorted = new Float64Array(starts as ArrayLike<number>).sort();
  // Starts that are not instants (NaN) sort last: they are never held.
  const instants = firstPlace(sorted.length, (k) => Number.isNaN(sorted[k]!));
  if (instants > 0 && !datesAscend(tz, sorted[0]!, sorted[instants - 1]!)) return null;
  const seen = new Map<number, number>();
  /** How many of the instants have a day before `day`. */
  const before = (day: number): number => {
    if (day === -Infinity) return 0;
    if (day === Infinity) return instants;
    let place = seen.get(day);
    if (place === undefined) seen.set(day, (place = firstPlace(instants, (k) => dayOf(sorted[k]!) >= day)));
    return place;
  };
  const hi = Math.min(before(held.to), firstPlace(instants, (k) => sorted[k]! > held.nowMs));
  const lo = Math.min(before(held.from), hi);
  // Set apart: the places (each first of its equal starts) of the cancelled sessions and of the held sessions for a
  // part of the club. No bound above splits equal starts, so a place is in [lo, hi) when its sessions are.
  const apart: number[] = [];
  const placeOfStart = (ms: number) => firstPlace(instants, (k) => sorted[k]! >= ms);
  for (let i = statuses.indexOf(CANCELLED); i >= 0; i = statuses.indexOf(CANCELLED, i + 1)) if (!Number.isNaN(starts[i]!)) apart.push(placeOfStart(starts[i]!));
  const targeted = new Map<number, ReadonlySet<string>>();
  for (const n of [...new Set([...audiences.keys(), ...special])].sort((a, b) => a - b)) {
    const i = placeOf(numbers, n);
    if (i < 0 || Number.isNaN(held.heldDay(i))) continue;
    const audience = held.audienceAt(i);
    if (audience === null) continue;
    targeted.set(n, audience);
    apart.push(placeOfStart(starts[i]!));
  }
  return {
    targeted,
    countBefore: (day) => {
      const end = day === null ? hi : Math.max(lo, Math.min(before(day), hi));
      let set = 0;
      for (const place of apart) if (place >= lo && place < end) set += 1;
      return end - lo - set;
    },
  };
}

/** The count day by day: every held session's day worked out once, the days for everyone sorted. */
function countHeld(timeline: SessionTimeline, held: HeldRules, special: ReadonlySet<number> | null): Omit<HeldSessions, 'dateOf'> {
  const { numbers, audiences } = timeline;
  const size = numbers.length;
  const anyAudience = audiences.size > 0 || special === null || special.size > 0;
  const targeted = new Map<number, ReadonlySet<string>>();
  let days = new Float64Array(size);
  let count = 0;
  let sorted = true;
  for (let i = 0; i < size; i++) {
    const day = held.heldDay(i);
    if (Number.isNaN(day)) continue;
    if (anyAudience) {
      const audience = held.audienceAt(i);
      if (audience !== null) {
        targeted.set(numbers[i]!, audience);
        continue;
      }
    }
    if (count > 0 && day < days[count - 1]!) sorted = false;
    days[count++] = day;
  }
  days = days.subarray(0, count);
  if (!sorted) days.sort();
  return { targeted, countBefore: (day) => countBefore(days, day) };
}

/** The first of places 0..size-1 at which `reached` holds (size when none), for a `reached` that holds from some place on. */
function firstPlace(size: number, reached: (k: number) => boolean): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The place of session `n` in a timeline's numbers (ascending), by bisection; -1 when it has none. */
function placeOf(numbers: ArrayLike<number>, n: number): number {
  const i = firstPlace(numbers.length, (k) => numbers[k]! >= n);
  return i < numbers.length && numbers[i] === n ? i : -1;
}

/** How many of the member's held sessions for everyone they were active for. */
function activeSessionCount(m: MemberSummary, held: Pick<HeldSessions, 'countBefore'>): number {
  const history = m.history;
  let sorted = true;
  for (let i = 1; i < history.length && sorted; i++) sorted = history[i - 1]!.date <= history[i]!.date;
  let active = 0;
  if (sorted) {
    // In date order (nearly every history), each change holds from its date until the next change's date (for no
    // day at all when the next is on the same day). No copies: a report asks this of every member of a large club.
    for (let i = 0; i < history.length; i++) {
      if (history[i]!.status !== 'active') continue;
      const next = history[i + 1];
      active += held.countBefore(next === undefined ? null : dayNumber(next.date)) - held.countBefore(dayNumber(history[i]!.date));
    }
    return active;
  }
  const changes = [...new Set(history.map((c) => c.date))].sort();
  changes.forEach((date, i) => {
    const next = changes[i + 1];
    if (activeOn(m, date)) active += held.countBefore(next === undefined ? null : dayNumber(next)) - held.countBefore(dayNumber(date));
  });
  return active;
}

/** How many of the sorted `days` come before `day` (all of them for null). */
function countBefore(days: Float64Array, day: number | null): number {
  if (day === null) return days.length;
  // Not firstPlace: a report asks this of every member, and an inlined loop is several times faster than a call of a
  // function given a function.
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
