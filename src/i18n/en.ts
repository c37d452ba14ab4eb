// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'history.toNotAfterFrom': '--to {to} is not after --from {from}: --from is the first day included, --to the first day left out',
  'history.toNotAfterFromHint': 'e.g. --from 2026-03-01 --to 2026-04-01 for March',
  'history.badAsOf': 'invalid --as-of: {value}',
  'history.badAsOfHint': 'a date or a time, e.g. --as-of "2026-03-08 23:59" or 2026-03-08T23:59:00+08:00',
} as const;

export type MessageKey = keyof typeof en;
