import { removeMember } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput } from './shared.js';

export default async function remove(ctx: Context, [ref]: unknown[], opts: { reason?: string; status?: string }): Promise<Output> {
  const changes = await changeMembers(
    ctx,
    [ref as string],
    (state, r, env) => removeMember(state, r, { reason: opts.reason, status: opts.status }, env),
    (c) => `${c.member.id} ${c.member.status}`,
  );
  return changedOutput(ctx, changes, 'marked');
}
