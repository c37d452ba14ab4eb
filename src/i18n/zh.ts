// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'import.xls': '旧版二进制 Excel 文件（.xls）无法读取',
  'import.xlsHint': '请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV（UTF-8）后再导入',
  'import.xlsxEncoding': '--encoding 只用于 CSV 文件：此文件是 xlsx 工作簿，编码由文件自身决定',
  'import.sheetNotXlsx': '--sheet 只用于 xlsx 工作簿：此文件是文本（CSV）',
  'import.xlsxUnreadable': '文件看起来是 xlsx 工作簿，但无法读取：{reason}',
  'import.xlsxNoSheet': '工作簿中没有工作表',
  'import.xlsxEmptySheet': '工作表 {sheet} 为空：需要表头行',
  'import.xlsxNoSuchSheet': '没有工作表 {sheet}（现有工作表：{sheets}）',
  'import.xlsxTooLarge': '工作簿解压后超过 {max} MB，已拒绝（名单或问卷导出远小于此；这可能是压缩炸弹）',
  'import.xlsxTooManyRows': '工作表有 {rows} 行，超过导入上限 {max} 行',
  'import.requiredBlank': '必答题留空，已按未作答导入：{list}',
  'import.linesList': '第 {lines} 行',
  'import.readAs': '已按 {encoding} 读取 {file}',
  'import.readSheet': '已读取 {file} 的工作表 {sheet}',
  'import.badStatusFlag': '无效的 --status：{value}（应为 applicant 或 active）',
};
