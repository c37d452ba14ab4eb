import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

/** `club store upgrade`: a database made by an older club brought to this one's schemaVersion (a folder upgrades itself). */
export default async function storeUpgrade(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { from, to, created, indexed } = await store.upgrade();
  const location = store.location;
  if (from === to && indexed) return { kind: 'done', data: { kind: store.kind, location, from, to, upgraded: true, created }, message: t('upgrade.nameIndex', { location }) };
  if (from === to) return { kind: 'done', data: { kind: store.kind, location, from, to, upgraded: false, created }, message: t('upgrade.current', { location, version: to }) };
  return {
    kind: 'done',
    data: { kind: store.kind, location, from, to, upgraded: true, created },
    message: [t('upgrade.done', { location, from, to }), ...(created.length ? [t('upgrade.created', { tables: created.join(', ') })] : [])].join('\n'),
  };
}
