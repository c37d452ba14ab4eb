import type { AccessEntry } from '../../store/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function accessList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  // The settings hold the club's language, for the messages and headers below; the roster names linked members.
  const { roster } = await store.read([], { roster: true });
  const entries = await store.listAccess();
  return list(
    entries.map((e): AccessEntry => ({ user: e.user, role: e.role, memberId: e.memberId })),
    [
      { header: t('access.col.user'), key: 'user', value: (e: AccessEntry) => e.user },
      { header: t('access.col.role'), key: 'role', value: (e) => e.role },
      { header: t('access.col.member'), key: 'memberId', value: (e) => (e.memberId === null ? '' : [e.memberId, roster?.get(e.memberId)?.name].filter(Boolean).join(' ')) },
    ],
    { empty: t('access.none') },
  );
}
