import { SETTING_DEFS, SETTING_KEYS } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { hasMessage, t } from '../../i18n/index.js';

interface Row {
  key: string;
  value: unknown;
  meaning: string;
}

export default async function configList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { meta } = await store.read([]);
  const rows: Row[] = SETTING_KEYS.map((key) => ({ key, value: meta.settings[key], meaning: settingHelp(key, SETTING_DEFS[key].help) }));
  return list(
    rows,
    [
      { header: 'key', key: 'key', value: (r) => r.key },
      { header: 'value', key: 'value', value: (r) => r.value, display: (r, s) => s.cyan(String(r.value)) },
      { header: 'meaning', key: 'meaning', value: (r) => r.meaning, display: (r, s) => s.dim(r.meaning) },
    ],
    { empty: t('store.noSettings'), json: meta.settings },
  );
}

/** A setting's meaning in the admin's language; a setting added without a catalogue entry shows its English help. */
function settingHelp(key: string, fallback: string): string {
  const id = `settings.help.${key}`;
  return hasMessage(id) ? t(id) : fallback;
}
