// Attended/expected of many sessions at once, from the members' attendance marks, without a sheet of every member for
// each session (`session list` tallies every held session of the club: 5,000 sessions of 50,000 members at the
// largest size the bench seeds). The rules are sessionTally's (src/core/attendance/rules.ts): the same openTally,
// countMark and closeTally, only fed every session's marks in one pass.
import { closeTally, countMark, openTally } from '../attendance/rules.js';
import type { AttendanceMark, OpenTally, SessionTally } from '../attendance/rules.js';
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
  const open = new Map<string, OpenTally>();
  for (const session of sessions) open.set(session.id, openTally(session, members, tz, audienceOf(session)));
  for (const mark of marks) {
    const tally = open.get(mark.sessionId);
    if (tally) countMark(tally, mark.memberId, mark.status);
  }
  const out = new Map<string, SessionTally>();
  for (const [id, tally] of open) out.set(id, closeTally(tally));
  return out;
}
