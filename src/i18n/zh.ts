// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'purge.confirm': "永久抹去 {id} {name} 的个人信息？",
  'purge.changed': "已清除 {id}：改动的记录：{changes}",
  'purge.backupsRewritten': "已重写 .club/backups/ 中的 {count} 个自动备份，去掉了 {id}：{files}",
  'purge.backupsUnreadable': "无法读取 .club/backups/ 中的 {files}（不是 JSON）：请手动检查其中是否还有被清除成员的信息",
  'purge.outBackups': "用 club backup --out 写到别处的备份仍含有 {id} 的信息：请删除它们，或把每个备份恢复到新的存储、在那里清除 {id} 后重新备份",
  'task.cancelledWithOwner': "  − 任务 {id}「{title}」已取消",
  'task.cancelled': "已取消 {id} {title}",
};
