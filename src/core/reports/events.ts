// What happened in a report's period besides the sessions held, shared by the weekly and the monthly report
// (SPEC §14, "JSON shapes of part two"): cancelled sessions, warnings, removals, topics discussed, leaves,
// redemptions and deductions. The community rules ask for rewards and penalties to be published.
import { activeOn, sessionDate } from '../attendance/rules.js';
import { compareNames } from '../collation.js';
import type { Lang } from '../settings.js';
import { instantDate, sortByInstant } from '../time.js';
import type { ClubData, HeldSession, Period } from './kpis.js';
import type { Attendance } from '../sessions/types.js';
import type { MemberSummary } from '../types.js';
import { clockTime, displayName, localDate, statusLabel } from './labels.js';
import { memberIndex } from './members.js';

export interface PeriodEvents {
  cancelledSessions: Array<{ id: string; date: string; day: string; time: string; title: string; reason: string | null }>;
  warnings: Array<{ name: string; date: string; reason: string }>;
  removals: Array<{ name: string; date: string; status: string; reason: string | null }>;
  topics: Array<{ session: string; date: string; day: string; title: string; topic: string }>;
  /** Excused absences at the sessions held in the period, per member: most first, then by name. */
  leaveSummary: Array<{ name: string; count: number; forced: number; sessions: string[] }>;
  redemptions: Array<{ date: string; name: string; reward: string; points: number }>;
  deductions: Array<{ date: string; name: string; points: number; reason: string }>;
}

export function periodEvents(data: ClubData, p: Period, held: readonly HeldSession[], opts: { tz: string; lang: Lang; redact: boolean }): PeriodEvents {
  const { tz, lang, redact } = opts;
  const inPeriod = (date: string) => date >= p.from && date < p.to;
  const byId = memberIndex(data.members);
  const name = (id: string) => {
    const m = byId.get(id);
    return m ? displayName(m, redact) : id;
  };

  const cancelledSessions = sortByInstant(
    data.sessions.filter((s) => s.status === 'cancelled' && inPeriod(sessionDate(s, tz))),
    (s) => s.startsAt,
  ).map((s) => ({ id: s.id, date: sessionDate(s, tz), day: localDate(s.startsAt, tz, lang), time: clockTime(s.startsAt, tz), title: s.title, reason: s.cancelReason }));

  const { warnings, removals } = memberEvents(data.members, p, opts);
  const byDate = <T extends { date: string }>(list: T[]) => list.map((x, i) => ({ x, i })).sort((a, b) => (a.x.date < b.x.date ? -1 : a.x.date > b.x.date ? 1 : a.i - b.i)).map(({ x }) => x);

  const topics = held
    .filter((h) => h.session.topic)
    .map(({ session: s }) => ({ session: s.id, date: sessionDate(s, tz), day: localDate(s.startsAt, tz, lang), title: s.title, topic: s.topic! }));

  const leaves = leavesAt(data.attendance, new Map(held.map((h) => [h.session.id, sessionDate(h.session, tz)])), byId);
  const byName = compareNames(lang);
  const leaveSummary = [...leaves.entries()]
    .map(([id, row]) => ({ name: name(id), ...row, sessions: [...row.sessions].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))) }))
    .sort((a, b) => b.count - a.count || byName(a.name, b.name));

  const inLedger = sortByInstant(
    data.ledger.filter((e) => (e.kind === 'redeem' || e.kind === 'deduct') && inPeriod(instantDate(e.at, tz))),
    (e) => e.at,
  );
  const redemptions = inLedger.filter((e) => e.kind === 'redeem').map((e) => ({ date: instantDate(e.at, tz), name: name(e.memberId), reward: e.reason, points: -e.delta }));
  const deductions = inLedger.filter((e) => e.kind === 'deduct').map((e) => ({ date: instantDate(e.at, tz), name: name(e.memberId), points: -e.delta, reason: e.reason }));

  return { cancelledSessions, warnings: byDate(warnings), removals: byDate(removals), topics, leaveSummary, redemptions, deductions };
}

// The loops over every member and every attendance record are functions of their own: a loop this long gets
// optimized while it runs, and optimizing it inside periodEvents optimizes all of periodEvents (tens of ms).

/** Warnings given and departures (left, removed) in the period, from every member's record. */
function memberEvents(members: readonly MemberSummary[], p: Period, opts: { tz: string; lang: Lang; redact: boolean }): Pick<PeriodEvents, 'warnings' | 'removals'> {
  const warnings: PeriodEvents['warnings'] = [];
  const removals: PeriodEvents['removals'] = [];
  for (const m of members) {
    for (const w of m.warnings) {
      const date = instantDate(w.at, opts.tz);
      if (date >= p.from && date < p.to) warnings.push({ name: displayName(m, opts.redact), date, reason: w.reason });
    }
    for (const h of m.history) {
      if ((h.status === 'left' || h.status === 'removed') && h.date >= p.from && h.date < p.to) removals.push({ name: displayName(m, opts.redact), date: h.date, status: statusLabel(h.status, opts.lang), reason: h.reason });
    }
  }
  return { warnings, removals };
}

/** Excused absences at the held sessions (id → date) per member, where the member was active (as on its sheet). */
function leavesAt(attendance: readonly Attendance[], heldDates: ReadonlyMap<string, string>, byId: ReadonlyMap<string, MemberSummary>) {
  const leaves = new Map<string, { count: number; forced: number; sessions: string[] }>();
  for (const a of attendance) {
    if (a.status !== 'excused') continue;
    const date = heldDates.get(a.sessionId);
    const member = byId.get(a.memberId);
    if (date === undefined || !member || !activeOn(member, date)) continue;
    const row = leaves.get(a.memberId) ?? { count: 0, forced: 0, sessions: [] };
    row.count += 1;
    if (a.forced) row.forced += 1;
    row.sessions.push(a.sessionId);
    leaves.set(a.memberId, row);
  }
  return leaves;
}

/**
 * The first `n` places of a ranking (rank 1, 1, 3, …): everyone tied at the cut is in, so who is listed depends on
 * the points only, never on the order names sort in (the same people in zh and en).
 */
export function topRanks<T extends { rank: number }>(rows: readonly T[], n: number): T[] {
  return rows.filter((r) => r.rank <= n);
}
