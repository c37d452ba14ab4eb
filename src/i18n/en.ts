// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'out.isDir': '--out {path} is a folder: give a file name',
  'out.notDir': '--out {path}: a part of the path is not a folder',
  'out.noFolder': 'cannot write {path}: its folder does not exist',
  'out.denied': 'cannot write {path}: permission denied',
  'out.io': 'cannot write {path}: {code}',
  'out.inStore': '--out {path} is inside the club store',
  'out.inStore.hint': 'write reports and exports outside the .club folder; the store is changed only by club commands',
  'template.forbidden': '{where}: line {line}: {what} is not allowed in report templates',
  'template.forbidden.hint': 'templates print values with {{name}} only; every value is escaped for Markdown',
  'template.unescaped': 'unescaped output ({{{ }}}, {{& }})',
  'template.partial': 'a partial ({{> }})',
  'template.decorator': 'a decorator ({{* }})',
  'template.prototype': 'the prototype path {path}',
  'template.helper': 'the {name} helper',
  'cli.argNotUtf8': 'argument {n} is not UTF-8 text: {arg}',
  'cli.argNotUtf8.hint': 'check the terminal or script encoding (e.g. LANG=zh_CN.UTF-8), or convert the file with iconv -f GBK -t UTF-8',
} as const;

export type MessageKey = keyof typeof en;
