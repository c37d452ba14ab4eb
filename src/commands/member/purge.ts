import { RuleError, UsageError } from '../../core/errors.js';
import { purgeMember } from '../../core/members/lifecycle.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput } from './shared.js';

export default async function purge(ctx: Context, [ref]: unknown[], opts: { yes?: boolean }): Promise<Output> {
  if (!opts.yes) {
    if (!ctx.canPrompt) throw new UsageError('missing --yes: purging erases personal data for good', `club member purge ${String(ref)} --yes`);
    const store = await ctx.openStore();
    const member = resolveMember((await store.read(['members'])).members, ref as string);
    const ok = await ctx.prompter.confirm({ message: `Erase the personal data of ${member.id} ${member.name} for good?`, default: false });
    if (!ok) throw new RuleError('nothing purged');
  }
  const changes = await changeMembers(ctx, [ref as string], (state, r) => purgeMember(state, r), (c) => `purged the personal data of ${c.member.id}`);
  // The name is gone by now: say what happened to whom by id.
  return changedOutput(ctx, changes, 'purged', (m) => `the personal data of ${m.id}`);
}
