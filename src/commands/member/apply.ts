import { addMember, membersToAdd } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput, fieldsFromOpts } from './shared.js';
import type { FieldOpts } from './shared.js';
import { t } from '../../i18n/index.js';

interface Opts extends FieldOpts {
  referrer: string;
}

export default async function apply(ctx: Context, [name]: unknown[], opts: Opts): Promise<Output> {
  const changes = await changeMembers(
    ctx,
    [''],
    (state, _ref, env) => addMember(state, { fields: fieldsFromOpts({ ...opts, name: name as string }), referrer: opts.referrer, status: 'applicant' }, env),
    (c) => `${c.member.id} applied`,
    membersToAdd({ fields: fieldsFromOpts({ ...opts, name: name as string }), referrer: opts.referrer }),
  );
  ctx.err(t('member.nextClubMemberApprove', { value: changes[0]!.member.id, value2: changes[0]!.member.id }));
  return changedOutput(ctx, changes, 'applied');
}
