#!/usr/bin/env node
'use strict';
// Reference for `club member show m<N>` (a zh club, a table at no terminal) on a folder store: the same text from the
// same files — the member's block, the calendar of sessions, the member's attendance marks and balance, the tasks —
// read with JSON.parse and plain loops, with no lock, digest or validation. The bench runs it beside club and fails if
// the bytes differ. It covers what the seeded clubs hold (no referrer, open task, warning, reading plan or audience)
// and refuses the rest with exit 2.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { activeDays, countMarks, fail, localDate, now, readJson, storeDir, write } = require('./common.cjs');

const dir = storeDir();
const id = process.argv.slice(2).find((a) => /^m\d+$/.test(a));
if (!id) fail('give a member id (m2)');
const settings = readJson(dir, 'store.json').settings;
if (settings.lang !== 'zh') fail('only a zh club is covered');
const block = Math.floor(Number(id.slice(1)) / 1000);
const member = readJson(dir, `members.b${block}.json`).find((m) => m.id === id);
if (!member) fail(`no member ${id}`);
if (member.referrerId || member.warnings.length) fail('a referrer or warnings are not covered');
if (readJson(dir, 'tasks.json').some((t) => t.ownerId === id && t.status === 'open')) fail('open tasks are not covered');
if (readJson(dir, 'readingTasks.json').length) fail('a reading plan is not covered');
if (readJson(dir, 'activities.json').length || readJson(dir, 'registrations.json').length) fail('plans and registrations are not covered');
const balance = readJson(dir, `balances.b${block}.json`)[id] ?? 0;
const marks = readJson(dir, `presence.b${block}.json`)[id] ?? '';

// The held sessions (not cancelled, started by now), from the calendar's lines as the store writes them,
// `"s12":["<start>","<end>","<status>"]` (or `…,"<audience>"]`): scanned line by line, as club reads them, rather than
// parsed whole (JSON.parse made five objects and strings a session, and at 5x the large club 5,000 sessions).
const at = now().getTime();
const held = new Map();
const dates = [];
const calendar = readFileSync(join(dir, 'calendar.json'), 'latin1');
for (let line = calendar.indexOf('\n') + 1; line > 0 && line < calendar.length; ) {
  let end = calendar.indexOf('\n', line);
  if (end < 0) end = calendar.length;
  if (calendar.charCodeAt(line) === 0x22) {
    const key = calendar.indexOf('"', line + 1);
    const sid = calendar.slice(line + 1, key);
    const startTo = calendar.indexOf('"', key + 4);
    const start = calendar.slice(key + 4, startTo);
    const statusFrom = calendar.indexOf('"', startTo + 3) + 3;
    const statusTo = calendar.indexOf('"', statusFrom);
    // An audience other than everyone is not covered (its text is ASCII when it is `all`).
    if (calendar.charCodeAt(statusTo + 1) === 0x2c && calendar.slice(statusTo + 2, calendar.lastIndexOf(']', end)) !== '"all"') fail(`session ${sid} has an audience`);
    if (calendar.slice(statusFrom, statusTo) !== 'cancelled' && Date.parse(start) <= at) {
      held.set(sid, localDate(start));
      dates.push(localDate(start));
    }
  }
  line = end + 1;
}
dates.sort();
const a = { attended: 0, expected: activeDays(member, dates), late: 0, excused: 0 };
a.absent = a.expected;
countMarks(member, marks, held, a);

// Tenths of a percent, half-up in integers, as club rounds.
const percent = (num, den) => {
  const tenths = Math.floor((2000 * num + den) / (2 * den));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
};
const STATUS = { active: '在册', applicant: '申请中', rejected: '未通过', left: '已退出', removed: '已移除' };
const ROLE = { member: '成员', admin: '管理员', owner: '所有者' };
const width = (s) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pairs = [
  ['昵称', member.nick],
  ['角色', ROLE[member.role]],
  ['入会日期', member.joinedAt],
  ['城市', member.city],
  ['标签', member.tags.length ? member.tags.join(', ') : null],
  ['QQ', member.qq],
  ['微信', member.wechat],
  ['邮箱', member.email],
  ['手机', member.phone],
  ['备注', member.note],
  ['积分', balance],
  ['出勤', a.expected > 0 ? `${percent(a.attended, a.expected)}  ${a.attended}/${a.expected} （迟到 ${a.late}，请假 ${a.excused}，缺席 ${a.absent}）` : null],
].filter(([, v]) => v !== null && v !== undefined);
if (!STATUS[member.status] || !ROLE[member.role]) fail('an unknown status or role');
const labelWidth = Math.max(...pairs.map(([k]) => width(k)));
const lines = [`${member.name} ${member.id}  ${STATUS[member.status]}`];
for (const [k, v] of pairs) lines.push(`${k}${' '.repeat(labelWidth - width(k))}  ${String(v).replace(/[\r\n]+/g, ' ')}`);
lines.push('', '状态记录');
for (const h of member.history) lines.push(`  ${h.date}  ${STATUS[h.status]}${h.reason ? `  ${h.reason}` : ''}${h.by ? `  — ${h.by}` : ''}`);
write(`${lines.join('\n')}\n`);
