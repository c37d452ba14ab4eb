// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'storeTemplates.badName': '模板名不对：{name}（应是文件名，如 weekly.zh.md.hbs）',
};
