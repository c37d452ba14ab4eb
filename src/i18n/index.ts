// Messages in the admin's language. The language is CLUB_LANG, then the club's `lang` setting (known once the store
// has been read), then the locale (LC_ALL, LC_MESSAGES, LANG: zh* is Chinese, anything else English).
// JSON keys, error codes, exit codes and command names never go through here.
import { en, type MessageKey } from './en.js';
import { zh } from './zh.js';

export type { MessageKey };
export type Lang = 'zh' | 'en';

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, zh };

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
  const template = catalogues[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * An enum value (a status, a role) as a table shows it: `enum.<value>` in the current language, or the value itself
 * where the catalogue has no word for it. JSON and CSV keep the value.
 */
export function enumLabel(value: string): string {
  const key = `enum.${value}`;
  return key in catalogues[current] ? catalogues[current][key as MessageKey] : value;
}

/** A table's column header: `col.<header>` in the current language, or the header as given (already translated). */
export function columnLabel(header: string): string {
  const key = `col.${header}`;
  return key in catalogues[current] ? catalogues[current][key as MessageKey] : header;
}

/** Both catalogues, for the completeness test. */
export const CATALOGUES = catalogues;
