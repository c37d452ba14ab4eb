import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function accessRevoke(ctx: Context, [user]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  // The settings hold the club's language, for the messages and headers below.
  await store.read([]);
  await store.revokeAccess(String(user));
  return { kind: 'done', data: { user: String(user) }, message: t('access.revoked', { user: String(user) }) };
}
