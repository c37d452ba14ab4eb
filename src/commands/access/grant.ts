import type { AccessRole } from '../../core/access.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function accessGrant(ctx: Context, [user]: unknown[], opts: { role: AccessRole; member?: string }): Promise<Output> {
  const store = await ctx.openStore();
  // Read first in any case: the settings hold the club's language, for the messages below.
  const { members } = await store.read(opts.member === undefined ? [] : ['members']);
  const member = opts.member === undefined ? null : resolveMember(members ?? [], opts.member);
  const entry = await store.grantAccess(String(user), opts.role, member?.id ?? null);
  const message = member
    ? t('access.grantedMember', { user: entry.user, role: entry.role, member: `${member.id} ${member.name}` })
    : t('access.granted', { user: entry.user, role: entry.role });
  return { kind: 'done', data: { user: entry.user, role: entry.role, memberId: entry.memberId }, message };
}
