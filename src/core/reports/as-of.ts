// The club as a report sees it: as it stood at the end of the report's period, from what was recorded by the time
// the report is made for (its `now`: --as-of, CLUB_NOW or the clock). Applied to the store's data before any report
// builder runs, so that the builders need no date checks of their own and a report made again later with
// `--as-of T` is byte for byte the one made at T.
//
// Two cuts:
// - Recorded by T: a record recorded after T is left out, and a change recorded after T is undone (a session
//   cancelled, marked done or given its best performers later; a survey opened or closed later; a member's status
//   changed later). Events dated in the period but entered after T are left out too, and an attendance record
//   changed after T (a leave turned into a check-in) is read as the version recorded by T.
// - At the period's end E (when before T): a member who joined after E is absent and their status is the one they
//   had at E (status history by its dates); a task created after E is absent, and one done or cancelled after E is
//   open; a topic chosen after E is not chosen yet. Events dated in the period (check-ins entered the next morning,
//   points, answers) still count, whenever they were recorded.
// Edited fields (names, titles, times) are read as they are now. A time that was not kept (records from before
// schemaVersion 5) counts as before any T.
import { activityAt } from '../activities/approval.js';
import { startOfDate } from '../time.js';
import type { MemberSummary, Recorded, Task } from '../types.js';
import type { Attendance, Session } from '../sessions/types.js';
import type { Survey } from '../surveys/types.js';
import type { Registration } from '../activities/types.js';
import type { ClubData, Period } from './kpis.js';

export interface AsOf {
  /** The report's now: only what was recorded at or before it counts. */
  now: Date;
  period: Period;
  tz: string;
}

export function clubAsOf(data: ClubData, cut: AsOf): ClubData {
  const recordedBy = before(cut.now.getTime());
  const atEnd = before(Math.min(startOfDate(cut.period.to, cut.tz).getTime(), cut.now.getTime()));
  const recorded = (r: Recorded) => recordedBy(r.recordedAt);
  return {
    members: each(data.members, (m) => memberAt(m, cut.period.to, recordedBy, atEnd)),
    sessions: data.sessions.filter(recorded).map((s) => sessionAt(s, recordedBy, atEnd)),
    attendance: each(data.attendance, (a) => attendanceAt(a, recordedBy)),
    ledger: each(data.ledger, (e) => (recorded(e) ? e : null)),
    tasks: data.tasks.filter((t) => recorded(t) && atEnd(t.createdAt)).map((t) => taskAt(t, atEnd)),
    surveys: data.surveys.filter(recorded).map((s) => surveyAt(s, recordedBy)),
    responses: each(data.responses, (r) => (recorded(r) ? r : null)),
    feedback: data.feedback.filter(recorded),
    // A plan as it stood at the period's end: the steps taken by then (its status follows from the last). Who a
    // session expects follows from it; places as they stood.
    ...(data.activities ? { activities: data.activities.flatMap((a) => activityAt(a, atEnd)) } : {}),
    ...(data.registrations ? { registrations: data.registrations.flatMap((r) => registrationAt(r, recordedBy)) } : {}),
    ...(data.traits ? { traits: data.traits } : {}),
    ...(data.hours ? { hours: data.hours.filter(recorded) } : {}),
    // The reading sections cut these to the report's now themselves (src/core/reading/report.ts).
    ...(data.books ? { books: data.books } : {}),
    ...(data.shelves ? { shelves: data.shelves } : {}),
    ...(data.readingTasks ? { readingTasks: data.readingTasks } : {}),
  };
}

/**
 * Each record as it stood (null: not yet there): `list` itself when every one stood as it is, so that what a report
 * derives from the array once (indexes by id, by session) is shared with the data it was cut from.
 */
function each<T>(list: readonly T[], at: (record: T) => T | null): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const record = list[i]!;
    const then = at(record);
    if (out === null && then === record) continue;
    out ??= list.slice(0, i);
    if (then !== null) out.push(then);
  }
  return out ?? list;
}

/**
 * A registration as it stood by then: one made later is left out; a place cancelled later was still held (or
 * waited for, when its promotion came later too); a promotion recorded later was still on the waitlist. A
 * registration cancelled later that was never promoted is taken to have held a place.
 */
function registrationAt(r: Registration, recordedBy: Before): Registration[] {
  if (recordedBy(r.recordedAt)) return [r];
  if (!recordedBy(r.at)) return [];
  const promotedLater = r.promotedAt !== null && !recordedBy(r.promotedAt);
  if (r.status === 'cancelled' && !recordedBy(r.cancelledAt)) return [{ ...r, status: promotedLater ? 'waitlisted' : 'registered', cancelledAt: null, ...(promotedLater ? { promotedAt: null } : {}) }];
  if (r.status === 'registered' && promotedLater) return [{ ...r, status: 'waitlisted', promotedAt: null }];
  return [r];
}

/** Whether an instant (ISO 8601 with offset) is at or before `limit`; a missing one counts as before. */
type Before = (instant: string | null | undefined) => boolean;

function before(limit: number): Before {
  // Most records are days older than the limit: comparing the text of their date settles those without parsing
  // (two days of margin cover any offset).
  const surely = new Date(limit - 2 * 86_400_000).toISOString().slice(0, 10);
  return (instant) => instant == null || instant < surely || Date.parse(instant) <= limit;
}

/** The member as they stood: status changes recorded after T or taking effect after the period are undone. */
function memberAt(m: MemberSummary, periodTo: string, recordedBy: Before, atEnd: Before): MemberSummary | null {
  // Nearly every member stands as recorded: that is settled without copying anything (a large club has 10,000).
  if (m.history.every((h) => recordedBy(h.at) && h.date < periodTo) && m.warnings.every((w) => atEnd(w.at))) return m;
  const history = m.history.filter((h) => recordedBy(h.at) && h.date < periodTo);
  const warnings = m.warnings.filter((w) => atEnd(w.at));
  // Not yet an applicant or a member then.
  if (history.length === 0) return null;
  const status = history.at(-1)!.status;
  const joinedAt = history.some((h) => h.status === 'active') ? m.joinedAt : null;
  return { ...m, status, joinedAt, history, warnings };
}

/** The version of an attendance record recorded by then, if any (a later check-in replaced an earlier leave). */
function attendanceAt(a: Attendance, recordedBy: Before): Attendance | null {
  if (recordedBy(a.recordedAt)) return a;
  const earlier = a.earlier ?? [];
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (recordedBy(earlier[i]!.recordedAt)) return { sessionId: a.sessionId, memberId: a.memberId, ...earlier[i]!, ...(i > 0 ? { earlier: earlier.slice(0, i) } : {}) };
  }
  return null;
}

function taskAt(t: Task, atEnd: Before): Task {
  // Done or cancelled later is open then.
  if (t.status === 'done' && !atEnd(t.doneAt)) return { ...t, status: 'open', doneAt: null };
  if (t.status === 'cancelled' && t.cancelledAt !== undefined && !atEnd(t.cancelledAt)) {
    const { cancelledAt: _at, cancelReason: _reason, ...open } = t;
    return { ...open, status: 'open' };
  }
  return t;
}

function sessionAt(s: Session, recordedBy: Before, atEnd: Before): Session {
  let next = s;
  const change = (fields: Partial<Session>) => (next = { ...next, ...fields });
  if (s.status === 'cancelled' && !recordedBy(s.cancelledAt)) change({ status: 'scheduled', cancelReason: null, cancelledAt: null });
  if (s.status === 'done' && !recordedBy(s.doneAt)) change({ status: 'scheduled', doneAt: null });
  if (s.bestPollClosed && !recordedBy(s.bestChosenAt)) change({ best: [], bestPollClosed: false, bestChosenAt: null });
  if (s.topicPollClosed && !atEnd(s.topicChosenAt)) change({ topic: null, topicPollClosed: false, topicChosenAt: null });
  return next;
}

function surveyAt(s: Survey, recordedBy: Before): Survey {
  if (s.openedAt !== null && !recordedBy(s.openedAt)) return { ...s, status: 'draft', openedAt: null, closedAt: null, activeAtOpen: null };
  if (s.closedAt !== null && !recordedBy(s.closedAt)) return { ...s, status: 'open', closedAt: null };
  return s;
}
