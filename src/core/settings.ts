// The club's settings (SPEC §7): one table of keys, defaults and parsers, so `config set`, `init` and the store
// schema agree on what a valid value is.
import { UsageError } from './errors.js';
import { oneLineText } from './text.js';
import { SESSION_TYPES } from './sessions/types.js';
import { t } from '../i18n/index.js';

export type Lang = 'zh' | 'en';
export type WeekStart = 'monday' | 'sunday';

export interface Settings {
  name: string;
  lang: Lang;
  timezone: string;
  weekStart: WeekStart;
  'attendance.lateAfterMinutes': number;
  'leave.perWeek': number;
  'discipline.absenceLimit': number;
  'discipline.warningsBeforeRemoval': number;
  'onboarding.planDueDays': number;
  'points.attendance': number;
  'points.late': number;
  'points.host': number;
  'points.bestPerformer': number;
  'best.monthlyPrizeThreshold': number;
  'topic.voteCap': number;
  'targets.growthRate': number;
  'targets.retentionRate': number;
  'targets.participationRate': number;
  'targets.satisfaction': number;
  'approval.types': string;
  'discipline.noShowLimit': number;
  'evaluation.surveyDays': number;
  'reading.days': number;
  'reading.bigBookDays': number;
  'reading.missesBeforeRemoval': number;
  'points.readingNote': number;
  currency: string;
}
export type SettingKey = keyof Settings;

type Kind = 'text' | 'lang' | 'timezone' | 'weekStart' | 'count' | 'fraction' | 'sessionTypes' | 'currency';

interface SettingDef {
  kind: Kind;
  help: string;
}

export const SETTING_DEFS: Record<SettingKey, SettingDef> = {
  name: { kind: 'text', help: 'club name' },
  lang: { kind: 'lang', help: 'report language (zh|en)' },
  timezone: { kind: 'timezone', help: 'IANA time zone, e.g. Asia/Shanghai' },
  weekStart: { kind: 'weekStart', help: 'first day of the week (monday|sunday)' },
  'attendance.lateAfterMinutes': { kind: 'count', help: 'check-ins later than this are late' },
  'leave.perWeek': { kind: 'count', help: 'excused absences allowed per member per week' },
  'discipline.absenceLimit': { kind: 'count', help: 'unexcused absences in 30 days that put a member at risk' },
  'discipline.warningsBeforeRemoval': { kind: 'count', help: 'warnings after which removal is due' },
  'onboarding.planDueDays': { kind: 'count', help: 'days to submit the growth plan after joining (0: off)' },
  'points.attendance': { kind: 'count', help: 'points for attending on time' },
  'points.late': { kind: 'count', help: 'points for attending late' },
  'points.host': { kind: 'count', help: 'points for hosting a session marked done' },
  'points.bestPerformer': { kind: 'count', help: 'points for each best-performer title' },
  'best.monthlyPrizeThreshold': { kind: 'count', help: 'best-performer titles in a month that earn the prize' },
  'topic.voteCap': { kind: 'count', help: 'votes counted per topic poll' },
  'targets.growthRate': { kind: 'fraction', help: 'yearly growth target' },
  'targets.retentionRate': { kind: 'fraction', help: 'yearly retention target' },
  'targets.participationRate': { kind: 'fraction', help: 'participation target for each period' },
  'targets.satisfaction': { kind: 'fraction', help: 'satisfaction target for each period' },
  'approval.types': { kind: 'sessionTypes', help: 'session types whose activities need an approved plan (comma-separated; empty: none)' },
  'discipline.noShowLimit': { kind: 'count', help: 'no-shows in 60 days that put a member at risk' },
  'evaluation.surveyDays': { kind: 'count', help: "days after an activity in which its survey's answers count" },
  'reading.days': { kind: 'count', help: 'days to read a book: a reading task is due this many days after it starts' },
  'reading.bigBookDays': { kind: 'count', help: 'days to read a big book' },
  'reading.missesBeforeRemoval': { kind: 'count', help: 'missed reading tasks in 60 days that make removal due' },
  'points.readingNote': { kind: 'count', help: 'automatic points for reading notes handed in on time' },
  currency: { kind: 'currency', help: 'the currency of every amount: an ISO 4217 code such as CNY, USD, EUR' },
};

export const SETTING_KEYS = Object.keys(SETTING_DEFS) as SettingKey[];

export function defaultSettings(init: { name: string; lang: Lang; timezone: string; weekStart: WeekStart }): Settings {
  return {
    ...init,
    'attendance.lateAfterMinutes': 10,
    'leave.perWeek': 1,
    'discipline.absenceLimit': 2,
    'discipline.warningsBeforeRemoval': 2,
    'onboarding.planDueDays': 3,
    'points.attendance': 2,
    'points.late': 1,
    'points.host': 5,
    'points.bestPerformer': 3,
    'best.monthlyPrizeThreshold': 5,
    'topic.voteCap': 20,
    'targets.growthRate': 0.2,
    'targets.retentionRate': 0.6,
    'targets.participationRate': 0.7,
    'targets.satisfaction': 0.8,
    'approval.types': 'competition,exhibition,social',
    'discipline.noShowLimit': 3,
    'evaluation.surveyDays': 7,
    ...READING_DEFAULTS,
    ...MONEY_DEFAULTS,
  };
}

/** The reading plan's settings as a new club (and the upgrade to schemaVersion 7) gets them. */
export const READING_DEFAULTS = { 'reading.days': 7, 'reading.bigBookDays': 10, 'reading.missesBeforeRemoval': 2, 'points.readingNote': 2 } as const;

/** The money settings as a new club (and the upgrade to schemaVersion 8) gets them. */
export const MONEY_DEFAULTS = { currency: 'CNY' } as const;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_DEFS, key);
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses a value typed by a person for `key`; throws a UsageError naming the key and what is allowed. */
export function parseSettingValue<K extends SettingKey>(key: K, raw: string): Settings[K] {
  const def = SETTING_DEFS[key];
  const fail = (allowed: string): never => {
    throw new UsageError(t('store.invalidValueForExpected', { key, raw: JSON.stringify(raw), allowed }));
  };
  const text = raw.trim();
  switch (def.kind) {
    case 'text':
      if (!oneLineText(key, raw)) fail('a non-empty text');
      return text as Settings[K];
    case 'lang':
      if (text !== 'zh' && text !== 'en') fail('zh or en');
      return text as Settings[K];
    case 'weekStart':
      if (text !== 'monday' && text !== 'sunday') fail('monday or sunday');
      return text as Settings[K];
    case 'timezone':
      if (!isValidTimeZone(text)) fail('an IANA time zone such as Asia/Shanghai or Europe/Berlin');
      return text as Settings[K];
    case 'count': {
      if (!/^\d+$/.test(text)) fail('a whole number >= 0');
      const n = Number(text);
      if (!Number.isSafeInteger(n)) fail('a whole number >= 0');
      return n as Settings[K];
    }
    case 'fraction': {
      // Accept 0.7 or 70%: admins think of targets as percentages.
      const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
      const n = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      if (!(n >= 0 && n <= 1)) fail('a fraction between 0 and 1, e.g. 0.7 or 70%');
      return n as Settings[K];
    }
    case 'sessionTypes': {
      const types = text.split(/[,，\s]+/).filter(Boolean);
      const bad = types.filter((x) => !(SESSION_TYPES as readonly string[]).includes(x));
      if (bad.length) fail(`session types from ${SESSION_TYPES.join(', ')}, comma-separated`);
      return [...new Set(types)].join(',') as Settings[K];
    }
    case 'currency':
      if (!/^[A-Za-z]{3}$/.test(text)) fail('a three-letter currency code such as CNY, USD or EUR');
      return text.toUpperCase() as Settings[K];
  }
}

export function settingKind(key: SettingKey): Kind {
  return SETTING_DEFS[key].kind;
}

/** The session types whose activities need an approved plan (`approval.types`). */
export function approvalTypes(settings: Pick<Settings, 'approval.types'>): string[] {
  return settings['approval.types'].split(',').filter(Boolean);
}
