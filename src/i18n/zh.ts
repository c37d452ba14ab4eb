// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'cli.argNotUtf8': '第 {n} 个参数不是 UTF-8 文本：{arg}',
  'cli.argNotUtf8.hint': '请检查终端或脚本的编码（如 LANG=zh_CN.UTF-8），或用 iconv -f GBK -t UTF-8 转换文件',
};
