// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'storeTemplates.badName': 'not a template name: {name} (a file name such as weekly.zh.md.hbs)',
} as const;

export type MessageKey = keyof typeof en;
