import { UsageError } from '../../core/errors.js';
import { SETTING_KEYS, isSettingKey } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function configGet(ctx: Context, [key]: unknown[]): Promise<Output> {
  const name = String(key);
  if (!isSettingKey(name)) throw new UsageError(t('store.unknownSetting', { name: JSON.stringify(name) }), t('store.settings', { value: SETTING_KEYS.join(', ') }));
  const store = await ctx.openStore();
  const { meta } = await store.read([]);
  const value = meta.settings[name];
  return { kind: 'text', text: String(value), data: { key: name, value } };
}
