// Messages in the admin's language. The language is CLUB_LANG, then the club's `lang` setting (known once the store
// has been read), then the locale (LC_ALL, LC_MESSAGES, LANG: zh* is Chinese, anything else English).
// JSON keys, error codes, exit codes and command names never go through here.
import { loadCatalogue } from './catalogue.js';
import type { MessageKey } from './en.js';

export type { MessageKey };
export type Lang = 'zh' | 'en';

const catalogues: Partial<Record<Lang, Record<MessageKey, string>>> = {};

/** A language's messages, loaded the first time one is asked for. */
function catalogue(lang: Lang): Record<MessageKey, string> {
  return (catalogues[lang] ??= loadCatalogue(lang));
}

let fromEnv: Lang | undefined;
let current: Lang = 'en';

function fromLocale(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

function parseLang(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  return v.startsWith('zh') ? 'zh' : v.startsWith('en') ? 'en' : undefined;
}

/** Called once per run, before anything is printed: CLUB_LANG if set, else the locale until the club's is known. */
export function useEnvLang(env: NodeJS.ProcessEnv): Lang {
  fromEnv = parseLang(env.CLUB_LANG);
  current = fromEnv ?? fromLocale(env);
  return current;
}

/** Called when the store's settings are read: the club's `lang`, unless CLUB_LANG chose already. */
export function useClubLang(lang: Lang): void {
  if (!fromEnv) current = lang;
}

export function currentLang(): Lang {
  return current;
}

/** The message `key` in the current language (or `lang`), with its {placeholders} filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number | null | undefined> = {}, lang: Lang = current): string {
  const template = catalogue(lang)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * An enum value (a status, a role) as a table shows it: `enum.<value>` in the current language, or the value itself
 * where the catalogue has no word for it. JSON and CSV keep the value.
 */
export function enumLabel(value: string): string {
  const key = `enum.${value}`;
  const messages = catalogue(current);
  return key in messages ? messages[key as MessageKey] : value;
}

/** A table's column header: `col.<header>` in the current language, or the header as given (already translated). */
export function columnLabel(header: string): string {
  const key = `col.${header}`;
  const messages = catalogue(current);
  return key in messages ? messages[key as MessageKey] : header;
}

/** Whether the current language's catalogue has `key` (for keys made at run time, such as a setting's help). */
export function hasMessage(key: string): key is MessageKey {
  return key in catalogue(current);
}
