import { memberAttendance } from '../../core/attendance/rules.js';
import type { MemberAttendance } from '../../core/attendance/rules.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderProfile } from './shared.js';

export default async function show(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, members, balances, tasks, sessions, attendance } = await store.read(['members', 'tasks', 'sessions', 'attendance'], { balances: true });
  const member = resolveMember(members, ref as string);
  const points = balances?.get(member.id) ?? 0;
  const referrer = member.referrerId ? members.find((m) => m.id === member.referrerId) : undefined;
  const openTasks = tasks.filter((t) => t.ownerId === member.id && t.status === 'open');
  const [{ memberId: _id, name: _name, ...attendanceSummary }] = memberAttendance([member], sessions, attendance, { from: null, to: null }, ctx.now, meta.settings.timezone) as [MemberAttendance];
  return {
    kind: 'item',
    data: { ...member, points, attendance: attendanceSummary, openTasks },
    render: (style) => renderProfile(member, { points, attendance: attendanceSummary, referrer, openTasks }, style),
  };
}
