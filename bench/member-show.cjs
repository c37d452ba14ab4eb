#!/usr/bin/env node
'use strict';
// Reference for `club member show m<N>` (a zh club, a table at no terminal) on a folder store: the same text from the
// same files — the member's block, the calendar of sessions, the member's attendance marks and balance, the tasks —
// read with JSON.parse and plain loops, with no lock, digest or validation. The bench runs it beside club and fails if
// the bytes differ. It covers what the seeded clubs hold (no referrer, open task, warning, reading plan or audience)
// and refuses the rest with exit 2.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { activeDays, countMarks, fail, now, readJson, storeDir, write, zoneOffsetMinutes } = require('./common.cjs');

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

// The held sessions (not cancelled, started by now), from the calendar's columns as the store writes them:
// {"sessions":[1,2,…],"starts":[ms,…],"statuses":"ddc…","audiences":{}}, one JSON.parse. Each session's date in the
// club's zone is counted as a day number (days since 1970), and the member's history dates likewise.
const at = now().getTime();
const tz = settings.timezone;
const dayOf = (date) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
const calendar = JSON.parse(readFileSync(join(dir, 'calendar.json'), 'utf8'));
// An audience other than everyone is not covered.
for (const n in calendar.audiences) if (calendar.audiences[n] !== 'all') fail(`session s${n} has an audience`);
const held = new Map();
const dates = [];
const { sessions, starts, statuses } = calendar;
for (let i = 0; i < sessions.length; i++) {
  const ms = starts[i];
  if (statuses.charCodeAt(i) === 0x63 /* c */ || ms === null || !(ms <= at)) continue;
  const day = Math.floor((ms + zoneOffsetMinutes(tz, ms) * 60_000) / 86_400_000);
  held.set(`s${sessions[i]}`, day);
  dates.push(day);
}
const history = { ...member, history: member.history.map((h) => ({ ...h, date: dayOf(h.date) })) };
dates.sort((x, y) => x - y);
const a = { attended: 0, expected: activeDays(history, dates), late: 0, excused: 0 };
a.absent = a.expected;
countMarks(history, marks, held, a);

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
