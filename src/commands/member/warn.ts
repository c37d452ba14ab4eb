import { warnMember } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput } from './shared.js';

export default async function warn(ctx: Context, [ref]: unknown[], opts: { reason?: string }): Promise<Output> {
  const changes = await changeMembers(
    ctx,
    [ref as string],
    (state, r, env) => warnMember(state, r, opts.reason, env),
    (c) => `warned ${c.member.id}`,
  );
  return changedOutput(ctx, changes, 'warned');
}
