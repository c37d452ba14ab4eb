// What happened in a report's period besides the sessions held, shared by the weekly and the monthly report
// (SPEC §14, "JSON shapes of part two"): cancelled sessions, warnings, removals, topics discussed, leaves,
// redemptions and deductions. The community rules ask for rewards and penalties to be published.
import { activeOn, sessionDate } from '../attendance/rules.js';
import { compareNames } from '../collation.js';
import type { Lang } from '../settings.js';
import { instantDate, sortByInstant } from '../time.js';
import type { ClubData, HeldSession, Period } from './kpis.js';
import { clockTime, displayName, localDate, statusLabel } from './labels.js';

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
  const byId = new Map(data.members.map((m) => [m.id, m]));
  const name = (id: string) => {
    const m = byId.get(id);
    return m ? displayName(m, redact) : id;
  };

  const cancelledSessions = sortByInstant(
    data.sessions.filter((s) => s.status === 'cancelled' && inPeriod(sessionDate(s, tz))),
    (s) => s.startsAt,
  ).map((s) => ({ id: s.id, date: sessionDate(s, tz), day: localDate(s.startsAt, tz, lang), time: clockTime(s.startsAt, tz), title: s.title, reason: s.cancelReason }));

  const warnings: PeriodEvents['warnings'] = [];
  const removals: PeriodEvents['removals'] = [];
  for (const m of data.members) {
    for (const w of m.warnings) {
      const date = instantDate(w.at, tz);
      if (inPeriod(date)) warnings.push({ name: displayName(m, redact), date, reason: w.reason });
    }
    for (const h of m.history) {
      if ((h.status === 'left' || h.status === 'removed') && inPeriod(h.date)) removals.push({ name: displayName(m, redact), date: h.date, status: statusLabel(h.status, lang), reason: h.reason });
    }
  }
  const byDate = <T extends { date: string }>(list: T[]) => list.map((x, i) => ({ x, i })).sort((a, b) => (a.x.date < b.x.date ? -1 : a.x.date > b.x.date ? 1 : a.i - b.i)).map(({ x }) => x);

  const topics = held
    .filter((h) => h.session.topic)
    .map(({ session: s }) => ({ session: s.id, date: sessionDate(s, tz), day: localDate(s.startsAt, tz, lang), title: s.title, topic: s.topic! }));

  // A leave counts where the member was active at the session (as on its sheet).
  const heldIds = new Map(held.map((h) => [h.session.id, sessionDate(h.session, tz)]));
  const leaves = new Map<string, { count: number; forced: number; sessions: string[] }>();
  for (const a of data.attendance) {
    if (a.status !== 'excused') continue;
    const date = heldIds.get(a.sessionId);
    const member = byId.get(a.memberId);
    if (date === undefined || !member || !activeOn(member, date)) continue;
    const row = leaves.get(a.memberId) ?? { count: 0, forced: 0, sessions: [] };
    row.count += 1;
    if (a.forced) row.forced += 1;
    row.sessions.push(a.sessionId);
    leaves.set(a.memberId, row);
  }
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


/**
 * The first `n` places of a ranking (rank 1, 1, 3, …): everyone tied at the cut is in, so who is listed depends on
 * the points only, never on the order names sort in (the same people in zh and en).
 */
export function topRanks<T extends { rank: number }>(rows: readonly T[], n: number): T[] {
  return rows.filter((r) => r.rank <= n);
}
