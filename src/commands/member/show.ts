import { memberAttendance } from '../../core/attendance/rules.js';
import type { MemberAttendance } from '../../core/attendance/rules.js';
import { resolveMember } from '../../core/members/reference.js';
import { isOverdue } from '../../core/tasks/tasks.js';
import { toDateString } from '../../core/time.js';
import type { Member } from '../../core/types.js';
import type { Store } from '../../store/types.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { readingStanding } from '../../core/reading/rules.js';
import { renderProfile } from './shared.js';
import { AUDIENCE_COLLECTIONS, sessionAudiences } from '../session/audience.js';
import { renderReading } from '../reading/profile.js';

export default async function show(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  // Balances and each member's attendance statuses as the store keeps them: neither the ledger nor attendance is read.
  // Only the members the reference may name are read, with their balances and statuses (by id, that member; by name,
  // those the store finds it among). The sessions are counted from their summaries (the calendar), not read whole.
  const snapshot = await store.read(['members', 'tasks', 'readingTasks', ...AUDIENCE_COLLECTIONS], { balances: true, presence: true, calendar: true, memberRefs: [ref as string] });
  const { meta, members, balances, presence, tasks, readingTasks } = snapshot;
  const sessions = snapshot.calendar!;
  const member = resolveMember(members, ref as string);
  const points = balances?.get(member.id) ?? 0;
  const referrer = member.referrerId ? await findReferrer(store, members, member.referrerId) : undefined;
  const today = toDateString(ctx.now, meta.settings.timezone);
  const openTasks = tasks.filter((t) => t.ownerId === member.id && t.status === 'open').map((t) => ({ ...t, overdue: isOverdue(t, today, member.status) }));
  // Absences only at the sessions the member was expected at (their audience).
  const audienceOf = await sessionAudiences(store, { ...snapshot, sessions });
  const [{ memberId: _id, name: _name, ...attendanceSummary }] = memberAttendance([member], sessions, presence!.marksOf(member.id), { from: null, to: null }, ctx.now, meta.settings.timezone, audienceOf) as [MemberAttendance];
  const reading = readingStanding(member, readingTasks, ctx.now, meta.settings);
  const readingJson = { misses: reading.misses.length, removalDue: reading.removalDue, warnings: reading.warning ? [reading.warning] : [] };
  return {
    kind: 'item',
    data: { ...member, points, attendance: attendanceSummary, openTasks, reading: readingJson },
    render: (style) => renderProfile(member, { points, attendance: attendanceSummary, referrer, openTasks }, style) + renderReading(reading, style),
  };
}

/** The referrer, from the members read, or by its id when only the member shown was read. */
async function findReferrer(store: Store, members: readonly Member[], id: string): Promise<Member | undefined> {
  return members.find((m) => m.id === id) ?? (await store.read(['members'], { memberIds: [id] })).members.find((m) => m.id === id);
}
