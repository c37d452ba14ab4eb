#!/usr/bin/env node
'use strict';
// Reference for `club report weekly --week YYYY-Www` (a zh club, the built-in template) on a folder store: the same
// Markdown from the same files, read with JSON.parse and plain loops, with no lock, digest or validation. The bench
// runs it beside club and fails if the bytes differ.
const { activeOn, addDays, fail, flag, localDate, storeDir, write } = require('./common.cjs');
const { activeCounter, cancelledIn, clockTime, dayLabel, discipline, finish, heldSessions, loadClub, md, membership, nameOrder, parseWeek, pct, pointTotals, recordsBySession, redemptionsAndDeductions, tallies, topEarners, typeLabel } = require('./report.cjs');

const dir = storeDir();
const weekText = flag('week');
if (!weekText || !weekText.includes('-W')) fail('give --week YYYY-Www');
const settings0 = JSON.parse(require('node:fs').readFileSync(`${dir}/store.json`, 'utf8')).settings;
const week = parseWeek(weekText, settings0.weekStart);
const club = loadClub(dir, week);
const { settings, members, ledger } = club;
if (settings.lang !== 'zh') fail('only a zh club is covered');
const offset = club.sessions[0]?.startsAt.slice(19) ?? 'Z';
const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
const today = new Date(club.now.getTime() + minutes * 60_000).toISOString().slice(0, 10);
const byId = new Map(members.map((m) => [m.id, m]));
const names = new Map(members.map((m) => [m.id, m.name]));
const name = (id) => (id ? (names.get(id) ?? id) : null);
const bySession = recordsBySession(club.attendance);
const held = tallies(club, heldSessions(club), week, activeCounter(members), byId, bySession);
const m = membership(members, week, activeOn);
let attended = 0;
let expected = 0;
for (const h of held) {
  attended += h.attended;
  expected += h.expected;
}
const points = pointTotals(ledger, week);

const L = [];
L.push(`# ${md(settings.name)} 周报 · ${week.week}`, '', `${week.from} 至 ${addDays(week.to, -1)}　·　生成于 ${today}`, '', '## 本周概览', '');
L.push('| 活动场次 | 参与率 | 新成员 | 退出 | 发放积分 |', '| ---: | ---: | ---: | ---: | ---: |');
L.push(`| ${held.length} | ${pct(expected === 0 ? null : attended / expected)} | ${m.newMembers} | ${m.departed} | ${points.issued} |`, '', '## 活动', '');
if (held.length > 0) {
  L.push('| 日期 | 时间 | 活动 | 主题 | 类型 | 主持 | 出勤/应到 | 出勤率 | 最佳表现 |', '| --- | --- | --- | --- | --- | --- | ---: | ---: | --- |');
  for (const h of held) {
    const s = h.session;
    const best = s.best.map((id) => name(id)).join('、');
    L.push(`| ${dayLabel(s.startsAt)} | ${clockTime(s.startsAt)} | ${md(s.title)} | ${s.topic ? md(s.topic) : '—'} | ${typeLabel(s.type)} | ${s.hostId ? md(name(s.hostId)) : '—'} | ${h.attended}/${h.expected} | ${pct(h.expected ? h.attended / h.expected : null)} | ${best ? md(best) : '—'} |`);
  }
} else L.push('本周没有举行活动。');
const cancelled = cancelledIn(club.sessions, week);
L.push('');
if (cancelled.length > 0) {
  L.push('**取消的活动：**');
  for (const s of cancelled) L.push(`- ${dayLabel(s.startsAt)} ${clockTime(s.startsAt)} ${md(s.title)}（${s.id}）${s.cancelReason ? `：${md(s.cancelReason)}` : ''}`);
  L.push('');
} else L.push('**取消的活动：**无');

// Each held session's sheet: every member active that day, absent without a record.
const absent = new Map();
const leaves = [];
const best = new Map();
for (const h of held) {
  const s = h.session;
  const label = `${s.id} ${dayLabel(s.startsAt)}`;
  const records = new Map((bySession.get(s.id) ?? []).map((r) => [r.memberId, r]));
  for (const mem of members) {
    const record = records.get(mem.id);
    if (!activeOn(mem, h.date)) continue;
    const status = record ? record.status : 'absent';
    if (status === 'absent') {
      const list = absent.get(mem.id);
      if (list) list.push(label);
      else absent.set(mem.id, [label]);
    }
    if (status === 'excused') leaves.push(`- ${md(name(mem.id))}：${md(label)}${record.reason ? `，${md(record.reason)}` : ''}${record.forced ? '（超出每周请假次数）' : ''}`);
  }
  // A record of someone not active that day is not on the sheet as expected; an excused one still lists.
  for (const [id, record] of records) {
    const mem = byId.get(id);
    if (mem && activeOn(mem, h.date)) continue;
    if (record.status === 'excused') fail('a leave of someone not active that day is not covered');
  }
  for (const id of s.best) {
    const list = best.get(id);
    if (list) list.push(s.id);
    else best.set(id, [s.id]);
  }
}
L.push('', '## 出勤', '');
if (absent.size > 0) {
  L.push('**无故缺席：**');
  for (const [id, list] of absent) L.push(`- ${md(name(id))}（${md(list.join('、'))}）`);
  L.push('');
} else L.push('**无故缺席：**无');
L.push('');
if (leaves.length > 0) {
  L.push('**请假：**', ...leaves, '');
} else L.push('**请假：**无');
L.push('', `**最佳表现：**${[...best].map(([id, list]) => `${md(name(id))}（${md(list.join('、'))}）`).join('、') || '无'}`, '');
const at = club.now.getTime();
const upcoming = club.sessions.filter((s) => s.status !== 'cancelled' && Date.parse(s.startsAt) > at).map((s) => ({ s, t: Date.parse(s.startsAt) }));
upcoming.sort((a, b) => a.t - b.t);
const next = upcoming.find(({ s }) => s.topic)?.s;
L.push(`**下次主题：**${next ? `${md(next.topic)}（${next.id}，${dayLabel(next.startsAt)}）` : '待定'}`, '', '## 积分', '');
L.push(`本周发放 ${points.issued} 分，扣除 ${points.deducted} 分，兑换 ${points.redeemed} 分。`, '');
const earners = topEarners(ledger, names, week, nameOrder('zh'), 5);
if (earners.length > 0) {
  L.push('| 排名 | 成员 | 获得积分 |', '| ---: | --- | ---: |');
  for (const r of earners) L.push(`| ${r.rank} | ${md(r.name)} | ${r.earned} |`);
  L.push('');
}
const rd = redemptionsAndDeductions(ledger, names, week);
L.push(`- 兑换：${rd.redemptions}`, `- 扣分：${rd.deductions}`, '', '## 成员', '');
const inWeek = (date) => date >= week.from && date < week.to;
const joined = members.filter((x) => x.history.some((h) => h.status === 'active' && inWeek(h.date))).map((x) => `${md(x.name)}（${x.joinedAt ?? ''}）`);
const pending = members.filter((x) => x.status === 'applicant').map((x) => `${md(x.name)}（${x.history[x.history.length - 1]?.date ?? ''}${x.referrerId ? `，推荐人 ${md(name(x.referrerId))}` : ''}）`);
const endDay = today < week.to ? today : week.to;
const GONE = new Set(['left', 'removed', 'rejected']);
const overdue = (t) => !(t.ownerId && GONE.has(byId.get(t.ownerId)?.status)) && t.status === 'open' && t.due !== null && t.due < endDay;
const onboarding = club.tasks.filter((t) => t.kind === 'onboarding' && overdue(t)).map((t) => `${md(name(t.ownerId) ?? '')}（截止 ${t.due}）`);
L.push(`- 新成员：${joined.join('、') || '无'}`, `- 待审核申请：${pending.join('、') || '无'}`, `- 成长计划逾期未交：${onboarding.join('、') || '无'}`, '', '## 纪律', '');
const { warnings, removals } = discipline(members, week);
L.push(`- 本周警告：${warnings.map((w) => `${md(w.name)}（${w.date}，${md(w.reason)}）`).join('；') || '无'}`);
L.push(`- 本周退出/移除：${removals.map((r) => `${md(r.name)}（${r.date}，${r.status}${r.reason ? `，${md(r.reason)}` : ''}）`).join('；') || '无'}`, '', '## 任务', '');
const owner = (t) => name(t.ownerId);
const done = club.tasks.filter((t) => t.status === 'done' && t.doneAt && inWeek(localDate(t.doneAt))).map((t) => `${md(t.title)}${owner(t) ? `（${md(owner(t))}）` : ''}`);
const open = club.tasks.filter((t) => t.status === 'open' && !overdue(t)).map((t) => `${md(t.title)}${owner(t) ? `（${md(owner(t))}${t.due ? `，${t.due}` : ''}）` : ''}`);
const late = club.tasks.filter((t) => overdue(t)).map((t) => `${md(t.title)}${owner(t) ? `（${md(owner(t))}，${t.due}）` : ''}`);
L.push(`- 本周完成：${done.join('；') || '无'}`, `- 进行中：${open.join('；') || '无'}`, `- 已逾期：${late.join('；') || '无'}`, '', '## 下周安排', '');
const nextTo = addDays(week.to, 7);
const nextWeek = club.sessions.filter((s) => s.status !== 'cancelled' && localDate(s.startsAt) >= week.to && localDate(s.startsAt) < nextTo).map((s) => ({ s, t: Date.parse(s.startsAt) }));
nextWeek.sort((a, b) => a.t - b.t);
if (nextWeek.length > 0) {
  L.push('| 日期 | 时间 | 活动 | 主题 | 主持 | 地点 |', '| --- | --- | --- | --- | --- | --- |');
  for (const { s } of nextWeek) L.push(`| ${dayLabel(s.startsAt)} | ${clockTime(s.startsAt)} | ${md(s.title)} | ${s.topic ? md(s.topic) : '—'} | ${s.hostId ? md(name(s.hostId)) : '—'} | ${s.place ? md(s.place) : '—'} |`);
} else L.push('下周暂无安排。');
write(finish(L));
