// Member attendance by its definition: one held session and one member at a time, for property tests to hold
// memberAttendance (which counts between a member's status changes, by bisection) to.
import { activeOn, isHeld, sessionDate } from '../../src/core/attendance/rules.js';
import type { MemberAttendance } from '../../src/core/attendance/rules.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Member } from '../../src/core/types.js';

export function attendanceBySession(
  members: readonly Member[],
  sessions: readonly Session[],
  marks: readonly Attendance[],
  ofSession: (s: Session) => ReadonlySet<string> | null,
  clock: { now: Date; tz: string; range?: { from: string | null; to: string | null } },
): MemberAttendance[] {
  const { now, tz, range = { from: null, to: null } } = clock;
  return members.map((m) => {
    const row: MemberAttendance = { memberId: m.id, name: m.name, attended: 0, expected: 0, late: 0, excused: 0, absent: 0, rate: null };
    for (const s of sessions) {
      const date = sessionDate(s, tz);
      if (!isHeld(s, now) || (range.from !== null && date < range.from) || (range.to !== null && date >= range.to) || !activeOn(m, date)) continue;
      const status = marks.filter((r) => r.sessionId === s.id && r.memberId === m.id).at(-1)?.status ?? 'absent';
      const audience = ofSession(s);
      const inAudience = audience === null || audience.has(m.id);
      if (!inAudience && status !== 'present' && status !== 'late') continue;
      if (status === 'present' || status === 'late') row.attended += 1;
      if (status === 'late') row.late += 1;
      if (status === 'excused') row.excused += 1;
      else row.expected += 1;
      if (status === 'absent') row.absent += 1;
    }
    row.rate = row.expected > 0 ? row.attended / row.expected : null;
    return row;
  });
}
