import { resolveMember } from '../../core/members/reference.js';
import { balanceOf } from '../../core/points/ledger.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderProfile } from './shared.js';

export default async function show(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { members, ledger, tasks } = await store.read(['members', 'ledger', 'tasks']);
  const member = resolveMember(members, ref as string);
  const points = balanceOf(ledger, member.id);
  const referrer = member.referrerId ? members.find((m) => m.id === member.referrerId) : undefined;
  const openTasks = tasks.filter((t) => t.ownerId === member.id && t.status === 'open');
  return {
    kind: 'item',
    data: { ...member, points, openTasks },
    render: (style) => renderProfile(member, { points, referrer, openTasks }, style),
  };
}
