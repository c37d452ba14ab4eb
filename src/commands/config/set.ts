import { UsageError } from '../../core/errors.js';
import { SETTING_KEYS, isSettingKey, parseSettingValue } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function configSet(ctx: Context, [key, raw]: unknown[]): Promise<Output> {
  const name = String(key);
  if (!isSettingKey(name)) throw new UsageError(t('store.unknownSetting', { name: JSON.stringify(name) }), t('store.settings', { value: SETTING_KEYS.join(', ') }));
  const value = parseSettingValue(name, String(raw));
  const store = await ctx.openStore();
  const previous = await store.update([], (draft) => {
    const before = draft.meta.settings[name];
    if (before === value) return { result: before, audit: null };
    draft.meta = { ...draft.meta, settings: { ...draft.meta.settings, [name]: value } };
    return { result: before, audit: { summary: name === 'name' ? 'set name' : `set ${name} to ${JSON.stringify(value)} (was ${JSON.stringify(before)})` } };
  });
  const message = previous === value ? `${name} is already ${value}` : `${name} = ${value} (was ${previous})`;
  return { kind: 'done', data: { key: name, value, previous }, message };
}
