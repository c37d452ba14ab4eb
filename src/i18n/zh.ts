// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'history.toNotAfterFrom': '--to {to} 不晚于 --from {from}：--from 是包含的第一天，--to 是不包含的第一天',
  'history.toNotAfterFromHint': '例如三月：--from 2026-03-01 --to 2026-04-01',
  'history.badAsOf': '无效的 --as-of：{value}',
  'history.badAsOfHint': '日期或时间，例如 --as-of "2026-03-08 23:59" 或 2026-03-08T23:59:00+08:00',
};
