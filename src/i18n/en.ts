// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'cli.argNotUtf8': 'argument {n} is not UTF-8 text: {arg}',
  'cli.argNotUtf8.hint': 'check the terminal or script encoding (e.g. LANG=zh_CN.UTF-8), or convert the file with iconv -f GBK -t UTF-8',
} as const;

export type MessageKey = keyof typeof en;
