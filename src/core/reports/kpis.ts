// The KPIs of SPEC §6, computed exactly as defined there. Period P = [from, to) in the club's time zone; dates are
// `YYYY-MM-DD`. A member is active from the start of the day they became active until the start of the day their
// status became left or removed (their status history says when).
import type { Book, ReadingTask, Shelf } from '../reading/types.js';
import { isHeld, sessionDate, sessionTally } from '../attendance/rules.js';
import { audienceResolver } from '../activities/audience.js';
import type { MemberTraits } from '../activities/audience.js';
import type { Activity, HoursEntry, Registration } from '../activities/types.js';
import type { LedgerEntry } from '../points/ledger.js';
import type { Attendance, Session } from '../sessions/types.js';
import { periodMeasures } from '../surveys/results.js';
import type { Feedback, Survey, SurveyResponse } from '../surveys/types.js';
import { addDaysToDate, instantDate, sortByInstant } from '../time.js';
import type { MemberSummary, Task } from '../types.js';

export interface Period {
  from: string;
  /** Exclusive. */
  to: string;
}

export interface ClubData {
  members: readonly MemberSummary[];
  sessions: readonly Session[];
  attendance: readonly Attendance[];
  ledger: readonly LedgerEntry[];
  tasks: readonly Task[];
  surveys: readonly Survey[];
  responses: readonly SurveyResponse[];
  feedback: readonly Feedback[];
  /** Sessions' plans and their approval (absent: none); with registrations, who each session expects (its audience). */
  activities?: readonly Activity[];
  /** Places: who a session of registered members expects, and its no-shows (absent: none). */
  registrations?: readonly Registration[];
  /** Members' roles and tags, by id, when some session's audience is a role or a tag. */
  traits?: ReadonlyMap<string, MemberTraits>;
  /** Volunteer hours (the monthly report's volunteer figures); absent: none read. */
  hours?: readonly HoursEntry[];
  /** The reading plan (books, the weekly shelves, reading tasks); absent: none read. Cut to the report's now by the reading sections themselves. */
  books?: readonly Book[];
  shelves?: readonly Shelf[];
  readingTasks?: readonly ReadingTask[];
}

export interface Kpis {
  activeStart: number;
  newMembers: number;
  departed: number;
  activeEnd: number;
  growthRate: number | null;
  retentionRate: number | null;
  sessionsHeld: number;
  participationRate: number | null;
  satisfaction: number | null;
  nps: number | null;
  pointsIssued: number;
  pointsDeducted: number;
  pointsRedeemed: number;
  taskCompletionRate: number | null;
}

const inPeriod = (date: string, p: Period) => date >= p.from && date < p.to;
// Unrounded (SPEC §14): what people read is rounded once, from these, by core/percent.ts.
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Transitions into and out of active within P, from the status history. */
export function membershipChanges(member: MemberSummary, p: Period): { joined: number; departed: number } {
  let joined = 0;
  let departed = 0;
  let previous: string | null = null;
  for (const change of member.history) {
    if (inPeriod(change.date, p)) {
      if (change.status === 'active' && previous !== 'active') joined += 1;
      if ((change.status === 'left' || change.status === 'removed') && previous === 'active') departed += 1;
    }
    previous = change.status;
  }
  return { joined, departed };
}

export interface HeldSession {
  session: Session;
  attended: number;
  expected: number;
}

export function heldSessions(data: ClubData, p: Period, now: Date, tz: string): HeldSession[] {
  return heldByDate(data, now, tz)
    .filter((h) => inPeriod(h.date, p))
    .map((h) => h.held());
}

// The held sessions of a report's data in start order, each with its date and its tally computed once: a monthly
// report asks for the month, the month before, its weeks and the last 30 days, and a large club has 1,000 sessions
// of up to 10,000 members each.
interface HeldIndex {
  members: readonly MemberSummary[];
  attendance: readonly Attendance[];
  registrations: ClubData['registrations'];
  activities: ClubData['activities'];
  traits: ClubData['traits'];
  key: string;
  list: Array<{ date: string; held: () => HeldSession }>;
}
const heldCache = new WeakMap<readonly Session[], HeldIndex>();

function heldByDate(data: ClubData, now: Date, tz: string): HeldIndex['list'] {
  const key = `${now.getTime()} ${tz}`;
  const cached = heldCache.get(data.sessions);
  if (
    cached &&
    cached.key === key &&
    cached.members === data.members &&
    cached.attendance === data.attendance &&
    cached.registrations === data.registrations &&
    cached.activities === data.activities &&
    cached.traits === data.traits
  )
    return cached.list;
  const audienceOf = audienceResolver(data);
  const list = sortByInstant(
    data.sessions.filter((s) => isHeld(s, now)),
    (s) => s.startsAt,
  ).map((session) => {
      let held: HeldSession | undefined;
      const tally = (): HeldSession => {
        const { attended, expected } = sessionTally(session, data.members, data.attendance, tz, audienceOf);
        return { session, attended, expected };
      };
      return { date: sessionDate(session, tz), held: () => (held ??= tally()) };
    });
  heldCache.set(data.sessions, { members: data.members, attendance: data.attendance, registrations: data.registrations, activities: data.activities, traits: data.traits, key, list });
  return list;
}

/** The membership part of the KPIs: all the trailing-year figures of the monthly report need. */
export function membershipKpis(members: readonly MemberSummary[], p: Period): Pick<Kpis, 'activeStart' | 'newMembers' | 'departed' | 'activeEnd' | 'growthRate' | 'retentionRate'> {
  const dayBefore = addDaysToDate(p.from, -1);
  const lastDay = addDaysToDate(p.to, -1);
  let activeStart = 0;
  let retained = 0;
  let newMembers = 0;
  let departed = 0;
  // One pass over the members, and one over each member's history, allocating nothing: a large club has 10,000
  // and the monthly report asks for three periods. The counts are activeOn's and membershipChanges'.
  for (const m of members) {
    let before: string | null = null;
    let last: string | null = null;
    let previous: string | null = null;
    for (const change of m.history) {
      if (change.date <= dayBefore) before = change.status;
      if (change.date <= lastDay) last = change.status;
      if (change.date >= p.from && change.date < p.to) {
        if (change.status === 'active' && previous !== 'active') newMembers += 1;
        if ((change.status === 'left' || change.status === 'removed') && previous === 'active') departed += 1;
      }
      previous = change.status;
    }
    if (before === 'active') {
      activeStart += 1;
      if (last === 'active') retained += 1;
    }
  }
  const activeEnd = activeStart + newMembers - departed;
  return { activeStart, newMembers, departed, activeEnd, growthRate: ratio(activeEnd - activeStart, activeStart), retentionRate: ratio(retained, activeStart) };
}

export function computeKpis(data: ClubData, p: Period, now: Date, tz: string): Kpis {
  const membership = membershipKpis(data.members, p);
  const held = heldSessions(data, p, now, tz);
  const attended = held.reduce((n, h) => n + h.attended, 0);
  const expected = held.reduce((n, h) => n + h.expected, 0);

  // The period's answers only: periodMeasures reads each answer of each response it is given.
  const measures = periodMeasures(data.surveys, data.responses.filter((r) => inPeriod(r.date, p)), p);

  let pointsIssued = 0;
  let pointsDeducted = 0;
  let pointsRedeemed = 0;
  for (const e of data.ledger) {
    if (!inPeriod(instantDate(e.at, tz), p)) continue;
    if (e.kind === 'award' || e.kind === 'auto') pointsIssued += e.delta;
    else if (e.kind === 'deduct') pointsDeducted -= e.delta;
    else if (e.kind === 'redeem') pointsRedeemed -= e.delta;
  }

  // A cancelled task is no longer to be done: it counts neither as done nor as missed.
  const due = data.tasks.filter((t) => t.due !== null && t.status !== 'cancelled' && inPeriod(t.due, p));
  const onTime = due.filter((t) => t.status === 'done' && t.doneAt !== null && instantDate(t.doneAt, tz) <= t.due!);

  return {
    ...membership,
    sessionsHeld: held.length,
    participationRate: ratio(attended, expected),
    satisfaction: measures.satisfaction,
    nps: measures.nps.nps,
    pointsIssued,
    pointsDeducted,
    pointsRedeemed,
    taskCompletionRate: ratio(onTime.length, due.length),
  };
}
