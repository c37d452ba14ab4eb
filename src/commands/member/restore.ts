import { restoreMember } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput } from './shared.js';

export default async function restore(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const changes = await changeMembers(ctx, [ref as string], (state, r, env) => restoreMember(state, r, env), (c) => `restored ${c.member.id} to ${c.member.status}`);
  return changedOutput(ctx, changes, 'restored');
}
