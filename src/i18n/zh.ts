// The Chinese catalogue: the same keys as en.ts (the type makes a missing key a compile error).
import type { MessageKey } from './en.js';

export const zh: Record<MessageKey, string> = {
  'lang.name': '中文',
  'lock.busy': '存储正忙：{holder}已持有存储锁 {seconds} 秒（{dir}）',
  'lock.holder': '"club {command}"（{host} 上的进程 pid {pid}，操作者 {actor}，始于 {since}）',
  'lock.unknownHolder': '一个未登记身份的进程',
  'lock.busyHint': '请等那个命令结束；被强行终止的进程留下的锁几秒后会自动清除',
  'lock.lost': '工作期间失去了存储锁（暂停时间超过了锁的过期时限？）；没有写入任何内容',
  'lock.lostHint': '请重新运行该命令',
};
