// No-shows (SPEC §9, §14): a member holding a place (registered, not waitlisted or cancelled) at a session that has
// ended (marked done, or past its end and not cancelled, as `activity evaluate` counts them), who has no present or
// late record. Not a no-show: one on leave (excused), or one who was not
// an active member at the session's start (they left before it). A no-show is also absent; `discipline.noShowLimit`
// no-shows in the 60 days before a report's end put a member at risk.
import { activeOn, came, recordsBySession, sessionDate, sessionsInRange } from '../attendance/rules.js';
import type { AttendanceMark } from '../attendance/rules.js';
import type { Session } from '../sessions/types.js';
import type { MemberSummary } from '../types.js';
import { registrationsOf } from './registrations.js';
import type { Registration } from './types.js';

export interface NoShow {
  sessionId: string;
  memberId: string;
}

/** How many days before a report's end its no-shows are counted for the at-risk rule. */
export const NO_SHOW_DAYS = 60;

/** Marked done, or past its end and not cancelled: who did not come by now did not come. */
export function hasEnded(session: Session, now: Date): boolean {
  return session.status === 'done' || (session.status !== 'cancelled' && Date.parse(session.endsAt) <= now.getTime());
}

/** The ids of the session's no-shows, in the order the places were taken. */
export function noShowsAt(
  session: Session,
  members: ReadonlyArray<Pick<MemberSummary, 'id'> & Parameters<typeof activeOn>[0]>,
  records: readonly AttendanceMark[],
  registrations: readonly Registration[],
  tz: string,
  now: Date,
): string[] {
  if (!hasEnded(session, now)) return [];
  const date = sessionDate(session, tz);
  const marks = recordsBySession(records).get(session.id);
  const byId = new Map(members.map((m) => [m.id, m]));
  return registrationsOf(registrations, session.id)
    .registered.filter((r) => {
      const m = byId.get(r.memberId);
      if (!m || !activeOn(m, date)) return false;
      const status = marks?.get(r.memberId)?.status;
      return !came(status) && status !== 'excused';
    })
    .map((r) => r.memberId);
}

/** The no-shows at the sessions starting in [from, to) (dates, club zone), in session order. */
export function noShowsIn(
  sessions: readonly Session[],
  members: readonly MemberSummary[],
  records: readonly AttendanceMark[],
  registrations: readonly Registration[],
  range: { from: string | null; to: string | null },
  tz: string,
  now: Date,
): NoShow[] {
  const booked = new Set(registrations.map((r) => r.sessionId));
  const held = sessionsInRange(sessions, range, tz)
    .filter((s) => hasEnded(s, now) && booked.has(s.id))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || Number(a.id.slice(1)) - Number(b.id.slice(1)));
  return held.flatMap((s) => noShowsAt(s, members, records, registrations, tz, now).map((memberId) => ({ sessionId: s.id, memberId })));
}

/** No-shows per member over the range. */
export function noShowCounts(noShows: readonly NoShow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of noShows) counts.set(n.memberId, (counts.get(n.memberId) ?? 0) + 1);
  return counts;
}
