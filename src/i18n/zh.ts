// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'out.isDir': '--out {path} 是一个文件夹：请给出文件名',
  'out.notDir': '--out {path}：路径中有一部分不是文件夹',
  'out.noFolder': '无法写入 {path}：所在文件夹不存在',
  'out.denied': '无法写入 {path}：没有权限',
  'out.io': '无法写入 {path}：{code}',
  'out.inStore': '--out {path} 位于俱乐部数据目录之内',
  'out.inStore.hint': '请把报告和导出文件写到 .club 文件夹之外；数据目录只能由 club 命令修改',
  'template.forbidden': '{where}：第 {line} 行：报告模板中不允许使用{what}',
  'template.forbidden.hint': '模板只能用 {{name}} 输出值；每个值都会按 Markdown 转义',
  'template.unescaped': '不转义的输出（{{{ }}}、{{& }}）',
  'template.partial': '局部模板（{{> }}）',
  'template.decorator': '装饰器（{{* }}）',
  'template.prototype': '原型路径 {path}',
  'template.helper': ' {name} 助手函数',
  'cli.argNotUtf8': '第 {n} 个参数不是 UTF-8 文本：{arg}',
  'cli.argNotUtf8.hint': '请检查终端或脚本的编码（如 LANG=zh_CN.UTF-8），或用 iconv -f GBK -t UTF-8 转换文件',
};
