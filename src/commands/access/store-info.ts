import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function storeInfo(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { kind, location, schemaVersion, user, role } = await store.info();
  return {
    kind: 'item',
    data: { kind, location, schemaVersion, user, role },
    render: (style) =>
      keyValues(
        [
          [t('access.info.kind'), kind],
          [t('access.info.location'), location],
          [t('access.info.schemaVersion'), schemaVersion],
          [t('access.info.user'), user],
          [t('access.info.role'), role],
        ],
        style,
        ctx.columns,
      ),
  };
}
