import { approveMember } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput, parseJoined } from './shared.js';

export default async function approve(ctx: Context, [refs]: unknown[], opts: { joined?: string }): Promise<Output> {
  const changes = await changeMembers(
    ctx,
    refs as string[],
    (state, ref, env, meta) => approveMember(state, ref, { joined: parseJoined(ctx, meta, opts.joined) }, env),
    (c) => `approved ${c.member.id}`,
  );
  return changedOutput(ctx, changes, 'approved');
}
