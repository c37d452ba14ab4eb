import { basename, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { defaultSettings, isValidTimeZone, parseSettingValue } from '../../core/settings.js';
import type { Lang, WeekStart } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { initStore } from '../../store/init.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { isDatabaseUrl } from '../../store/pg/link.js';
import { t, useClubLang } from '../../i18n/index.js';

interface Opts {
  owner?: string;
  link?: boolean;
  name?: string;
  lang?: string;
  timezone?: string;
  weekStart?: string;
}

export default async function init(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  const explicit = ctx.storeFlag ?? (ctx.env.CLUB_STORE || undefined);
  const database = explicit !== undefined && isDatabaseUrl(explicit) ? explicit : undefined;
  const dir = explicit ? resolve(ctx.cwd, explicit) : resolve(ctx.cwd, STORE_DIR_NAME);
  const folder = database !== undefined ? databaseName(database) : basename(explicit ? (basename(dir) === STORE_DIR_NAME ? resolve(dir, '..') : dir) : ctx.cwd);

  let name = opts.name;
  let lang = opts.lang;
  let timezone = opts.timezone;
  if (ctx.canPrompt && name === undefined) {
    name = await ctx.prompter.input({ message: t('store.clubName'), default: folder, required: true });
    lang ??= await ctx.prompter.select<string>({
      message: t('store.reportLanguage'),
      choices: [
        { name: '中文 (zh)', value: 'zh' },
        { name: 'English (en)', value: 'en' },
      ],
      default: defaultLang(ctx.env, name),
    });
    timezone ??= await ctx.prompter.input({
      message: t('store.timeZoneIanaE'),
      default: systemTimeZone(),
      validate: (value) => (isValidTimeZone(value.trim()) ? true : t('store.notAZone')),
    });
  }
  const settings = defaultSettings({
    name: parseSettingValue('name', name ?? folder),
    lang: parseSettingValue('lang', lang ?? defaultLang(ctx.env, name ?? folder)) as Lang,
    timezone: parseSettingValue('timezone', timezone ?? systemTimeZone()),
    weekStart: parseSettingValue('weekStart', opts.weekStart ?? 'monday') as WeekStart,
  });
  if (!settings.name) throw new UsageError(t('store.missingName'));
  if (database !== undefined) {
    // As for a folder: the new club's own language from here on (unless CLUB_LANG says otherwise).
    useClubLang(settings.lang);
    const { initDatabaseStore } = await import('./init-pg.js');
    return initDatabaseStore(ctx, database, settings, opts);
  }
  if (opts.owner !== undefined || opts.link) throw new UsageError(t('pgs.dbOnly'), t('pgs.dbOnly.hint'));
  const meta = await initStore(dir, { fs: ctx.fs, settings, now: ctx.now, actor: ctx.actor, command: ctx.command });
  const where = dir === resolve(ctx.cwd, STORE_DIR_NAME) ? STORE_DIR_NAME : dir;
  // The new club speaks its own language from its first message (unless CLUB_LANG says otherwise).
  useClubLang(meta.settings.lang);
  return {
    kind: 'done',
    data: { dir, schemaVersion: meta.schemaVersion, settings: meta.settings },
    message: t('store.createdTheStoreFor', { name: settings.name, where, lang: settings.lang, timezone: settings.timezone, weekStart: settings.weekStart }),
  };
}

/** Chinese for a club with a Chinese name (周末徒步社) or on a Chinese system; English otherwise. */
function defaultLang(env: NodeJS.ProcessEnv, name?: string): Lang {
  if (name !== undefined && /\p{Script=Han}/u.test(name)) return 'zh';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The database's name in a URL, as the default club name. */
function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'club';
  } catch {
    return 'club';
  }
}
