// Attended/expected of many sessions at once, from the members' attendance marks, without a sheet of every member for
// each session (`session list` tallies every held session of the club: 5,000 sessions of 50,000 members at the
// largest size the bench seeds). The counts are sessionTally's (src/core/attendance/rules.ts), session by session.
import { activeCountOn, activeOn, came, sessionDate } from '../attendance/rules.js';
import type { AttendanceMark, SessionTally } from '../attendance/rules.js';
import type { AudienceOf } from '../activities/audience.js';
import type { MemberSummary } from '../types.js';
import type { Session } from './types.js';

/**
 * The tally of each of `sessions` (held ones: a member without a mark counts as absent), by session id. `marks` are
 * the attendance marks of any sessions (those of other sessions are passed over), at most one per member and session;
 * a mark of someone who is not in `members`, or was not active on the session's date, does not count. Only a
 * session's audience is expected; someone outside it who came anyway counts as expected and attended.
 */
export function sessionTallies(
  sessions: readonly Session[],
  members: readonly MemberSummary[],
  marks: Iterable<AttendanceMark>,
  tz: string,
  audienceOf: AudienceOf,
): Map<string, SessionTally> {
  const byId = new Map(members.map((m) => [m.id, m]));
  const state = new Map<string, { date: string; audience: ReadonlySet<string> | null; tally: SessionTally }>();
  for (const session of sessions) {
    const date = sessionDate(session, tz);
    const audience = audienceOf(session);
    let expected = 0;
    if (audience === null) expected = activeCountOn(members, date);
    else for (const id of audience) if (byId.has(id) && activeOn(byId.get(id)!, date)) expected += 1;
    state.set(session.id, { date, audience, tally: { expected, attended: 0, present: 0, late: 0, excused: 0, absent: 0 } });
  }
  for (const mark of marks) {
    const s = state.get(mark.sessionId);
    if (!s) continue;
    const m = byId.get(mark.memberId);
    if (!m || !activeOn(m, s.date)) continue;
    if (s.audience !== null && !s.audience.has(m.id)) {
      if (!came(mark.status)) continue;
      s.tally.expected += 1;
    }
    if (mark.status === 'present') s.tally.present += 1;
    else if (mark.status === 'late') s.tally.late += 1;
    else if (mark.status === 'excused') s.tally.excused += 1;
  }
  const out = new Map<string, SessionTally>();
  for (const [id, { tally }] of state) {
    tally.attended = tally.present + tally.late;
    tally.absent = tally.expected - tally.attended - tally.excused;
    tally.expected -= tally.excused;
    out.set(id, tally);
  }
  return out;
}
