#!/usr/bin/env node
'use strict';
// Reference for `club report monthly --month YYYY-MM` (a zh club, the built-in template) on a folder store: the same
// Markdown from the same files, read with JSON.parse and plain loops, with no lock, digest or validation. The bench
// runs it beside club and fails if the bytes differ.
const { activeDays, activeOn, addDays, fail, flag, localDate, storeDir, write } = require('./common.cjs');
const { activeCounter, barCells, cancelledIn, dayLabel, discipline, finish, heldSessions, loadClub, md, membership, nameOrder, pct, pointTotals, rateChange, recordsBySession, redemptionsAndDeductions, score, scoreChange, tallies, topEarners, typeLabel, weekContaining } = require('./report.cjs');

const dir = storeDir();
const monthText = flag('month');
if (!monthText || monthText.length !== 7) fail('give --month YYYY-MM');
const monthRange = (mo) => {
  const [y, m] = mo.split('-').map(Number);
  return { from: `${mo}-01`, to: m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, month: mo };
};
const previousMonth = (mo) => {
  const [y, m] = mo.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const month = monthRange(monthText);
const previous = monthRange(previousMonth(monthText));
const club = loadClub(dir, month);
const { settings, members, ledger } = club;
if (settings.lang !== 'zh') fail('only a zh club is covered');
const today = isoIn(club.now, club.sessions).slice(0, 10);
const byId = new Map(members.map((m) => [m.id, m]));
const names = new Map(members.map((m) => [m.id, m.name]));
const name = (id) => (id ? (names.get(id) ?? id) : null);
const order = nameOrder('zh');
const activeCount = activeCounter(members);
const bySession = recordsBySession(club.attendance);
const held = heldSessions(club);

/** The report's now as a local date: the club's instants carry its offset, so the offset of any of them serves. */
function isoIn(now, sessions) {
  const sample = sessions[0]?.startsAt;
  const offset = sample ? sample.slice(19) : 'Z';
  if (offset === 'Z') return now.toISOString();
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}

function kpis(p) {
  const m = membership(members, p, activeOn);
  const h = tallies(club, held, p, activeCount, byId, bySession);
  let attended = 0;
  let expected = 0;
  for (const x of h) {
    attended += x.attended;
    expected += x.expected;
  }
  const sat = [];
  const nps = [];
  const surveyById = new Map(club.surveys.map((s) => [s.id, s]));
  for (const r of club.responses) {
    if (r.date < p.from || r.date >= p.to) continue;
    const survey = surveyById.get(r.surveyId);
    if (!survey) continue;
    for (const q of survey.questions) {
      const a = r.answers[q.id];
      if (typeof a !== 'number') continue;
      if (q.type === 'rating' && q.satisfaction && q.scale === 5) sat.push(a);
      if (q.type === 'nps') nps.push(a);
    }
  }
  const points = pointTotals(ledger, p);
  let due = 0;
  let onTime = 0;
  for (const t of club.tasks) {
    if (t.due === null || t.status === 'cancelled' || t.due < p.from || t.due >= p.to) continue;
    due += 1;
    if (t.status === 'done' && t.doneAt !== null && localDate(t.doneAt) <= t.due) onTime += 1;
  }
  return {
    ...m,
    sessionsHeld: h.length,
    held: h,
    participationRate: expected === 0 ? null : attended / expected,
    satisfaction: satisfactionShare(sat),
    nps: npsOf(nps),
    pointsIssued: points.issued,
    taskCompletionRate: due === 0 ? null : onTime / due,
  };
}

function satisfactionShare(values) {
  if (values.length === 0) return null;
  let n = 0;
  for (const v of values) if (v >= 4) n += 1;
  return n / values.length;
}
function npsOf(values) {
  if (values.length === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const v of values) {
    if (v >= 9) promoters += 1;
    else if (v <= 6) detractors += 1;
  }
  return ((promoters - detractors) * 100) / values.length;
}

const now = kpis(month);
const before = kpis(previous);
let first = month.month;
for (let i = 0; i < 11; i++) first = previousMonth(first);
const year = { from: `${first}-01`, to: month.to };
const yearKpis = membership(members, year, activeOn);
const targets = { growthRate: settings['targets.growthRate'], retentionRate: settings['targets.retentionRate'], participationRate: settings['targets.participationRate'], satisfaction: settings['targets.satisfaction'] };

const L = [];
L.push(`# ${md(settings.name)} 月度进展报告 · ${md(month.month)}`, '', `统计区间 ${month.from} 至 ${month.to}（不含）　·　生成于 ${today}`, '', '## 核心指标', '');
L.push('| 指标 | 本月 | 上月 | 变化 | 目标 | 达成 |', '| --- | ---: | ---: | ---: | ---: | :---: |');
const value = (format, x) => (typeof x !== 'number' ? '—' : format === 'rate' ? pct(x) : format === 'score' ? score(x) : String(x));
const change = (format, a, b) => {
  if (a === null || b === null) return '—';
  const x = a - b;
  if (format === 'rate') return rateChange(x);
  if (format === 'score') return scoreChange(x);
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x)}`;
};
const row = (label, format, v, prev, target = null) => {
  const met = target === null || v === null ? '—' : v >= target ? '✅' : '❌';
  L.push(`| ${label} | ${value(format, v)} | ${value(format, prev)} | ${change(format, v, prev)} | ${target === null ? '—' : `≥ ${value(format, target)}`} | ${met} |`);
};
row('期末成员', 'count', now.activeEnd, before.activeEnd);
row('新成员', 'count', now.newMembers, before.newMembers);
row('退出', 'count', now.departed, before.departed);
row('本月增长率', 'rate', now.growthRate, before.growthRate);
row('本月留存率', 'rate', now.retentionRate, before.retentionRate);
row('近12个月增长率', 'rate', yearKpis.growthRate, null, targets.growthRate);
row('近12个月留存率', 'rate', yearKpis.retentionRate, null, targets.retentionRate);
row('活动场次', 'count', now.sessionsHeld, before.sessionsHeld);
row('参与率', 'rate', now.participationRate, before.participationRate, targets.participationRate);
row('满意度', 'rate', now.satisfaction, before.satisfaction, targets.satisfaction);
row('NPS', 'score', now.nps, before.nps);
row('发放积分', 'count', now.pointsIssued, before.pointsIssued);
row('任务按时完成率', 'rate', now.taskCompletionRate, before.taskCompletionRate);
L.push('', `近12个月（${year.from} 至 ${year.to}）的增长率与留存率对照年度目标；参与率与满意度对照月度目标。表中满意度与 NPS 只计 ${md(month.month)} 提交的回答；“问卷”一节按本月结束的每份问卷的全部回答计算。`, '');
// No hours are recorded (loadClub refuses a club with some).
L.push('志愿服务：本月及此前12个月没有服务时长记录。', '', '## 活动类型', '');
const types = new Map();
for (const h of now.held) types.set(typeLabel(h.session.type), (types.get(typeLabel(h.session.type)) ?? 0) + 1);
if (types.size > 0) {
  L.push('| 类型 | 场次 |', '| --- | ---: |');
  for (const [type, count] of [...types].sort((a, b) => b[1] - a[1])) L.push(`| ${md(type)} | ${count} |`);
} else L.push('本月没有举行活动。');
const cancelled = cancelledIn(club.sessions, month).map((s) => `${dayLabel(s.startsAt)} ${md(s.title)}（${s.id}${s.cancelReason ? `，${md(s.cancelReason)}` : ''}）`);
L.push('', `取消的活动：${cancelled.join('；') || '无'}`, '', '## 本月讨论的主题', '');
const topics = now.held.filter((h) => h.session.topic);
if (topics.length > 0) for (const h of topics) L.push(`- ${dayLabel(h.session.startsAt)} · ${md(h.session.title)}：${md(h.session.topic)}`);
else L.push('本月活动没有记录主题。');

// Weeks overlapping the month (up to today), each counting its sessions inside the month.
const weeks = [];
for (let w = weekContaining(month.from, settings.weekStart); w.from < month.to && w.from <= today; w = weekContaining(w.to, settings.weekStart)) {
  let n = 0;
  let attended = 0;
  let expected = 0;
  for (const h of now.held) {
    if (h.date < w.from || h.date >= w.to) continue;
    n += 1;
    attended += h.attended;
    expected += h.expected;
  }
  const rate = expected ? attended / expected : null;
  const filled = rate === null ? 0 : barCells(rate, 20);
  weeks.push({ week: w.week, sessions: n, attended, expected, rate, bar: rate === null ? '' : `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}` });
}
const charted = weeks.filter((w) => w.rate !== null);
L.push('', '## 每周参与率', '', '```mermaid', 'xychart-beta', '    title "每周参与率 (%)"');
L.push(`    x-axis [${charted.map((w) => `"${w.week.slice(5)}"`).join(', ')}]`, '    y-axis "参与率 %" 0 --> 100', `    bar [${charted.map((w) => score(w.rate * 100)).join(', ')}]`, '```', '');
L.push('没有活动的周不画柱。', '', '| 周 | 场次 | 出勤/应到 | 参与率 | |', '| --- | ---: | ---: | ---: | --- |');
for (const w of weeks) L.push(`| ${w.week} | ${w.sessions} | ${w.attended}/${w.expected} | ${pct(w.rate)} | ${w.bar} |`);

L.push('', '## 积分榜（前10）', '');
const earners = topEarners(ledger, names, month, order, 10);
if (earners.length > 0) {
  L.push('| 排名 | 成员 | 本月积分 |', '| ---: | --- | ---: |');
  for (const r of earners) L.push(`| ${r.rank} | ${md(r.name)} | ${r.earned} |`);
} else L.push('本月没有发放积分。');
const rd = redemptionsAndDeductions(ledger, names, month);
L.push('', '## 积分兑换与扣分', '', `- 兑换：${rd.redemptions}`, `- 扣分：${rd.deductions}`, '', '## 最佳表现', '');
const bestCounts = new Map();
for (const h of now.held) for (const id of h.session.best) bestCounts.set(id, (bestCounts.get(id) ?? 0) + 1);
const threshold = settings['best.monthlyPrizeThreshold'];
if (bestCounts.size > 0) {
  const best = [...bestCounts].map(([id, count]) => ({ name: name(id), count })).sort((a, b) => b.count - a.count || order(a.name, b.name));
  L.push('| 成员 | 次数 | 月度奖励（≥' + threshold + '次） |', '| --- | ---: | :---: |');
  for (const b of best) L.push(`| ${md(b.name)} | ${b.count} | ${threshold > 0 && b.count >= threshold ? '🏆' : '—'} |`);
} else L.push('本月没有评选最佳表现。');

L.push('', '## 问卷', '');
const closed = club.surveys.filter((s) => s.closedAt !== null && localDate(s.closedAt) >= month.from && localDate(s.closedAt) < month.to);
if (closed.length > 0) {
  L.push('| 问卷 | 回收 | 回收率 | 满意度（全部回答） | NPS（全部回答） |', '| --- | ---: | ---: | ---: | ---: |');
  for (const s of closed) {
    const mine = club.responses.filter((r) => r.surveyId === s.id);
    let sat = null;
    let nps = null;
    let npsSeen = false;
    for (const q of s.questions) {
      const answers = [];
      for (const r of mine) if (q.id in r.answers) answers.push(r.answers[q.id]);
      if (q.type === 'rating' && sat === null && q.scale === 5) sat = satisfactionShare(answers);
      if (q.type === 'nps' && !npsSeen) {
        npsSeen = true;
        nps = npsOf(answers);
      }
    }
    L.push(`| ${md(s.title)} | ${mine.length} | ${pct(s.activeAtOpen ? mine.length / s.activeAtOpen : null)} | ${pct(sat)} | ${score(nps)} |`);
  }
} else L.push('本月没有结束的问卷。');

L.push('', '## 意见箱', '');
const feedback = club.feedback.filter((f) => f.date >= month.from && f.date < month.to);
if (feedback.length > 0) for (const f of feedback) L.push(`- ${f.date}${name(f.memberId) ? `（${md(name(f.memberId))}）` : '（匿名）'}：${md(f.text)}`);
else L.push('本月没有收到意见。');

// Leaves at the month's held sessions, where the member was active: most first, then by name.
L.push('', '## 请假', '');
const heldDates = new Map(now.held.map((h) => [h.session.id, h.date]));
const leaves = new Map();
for (const a of club.attendance) {
  if (a.status !== 'excused') continue;
  const date = heldDates.get(a.sessionId);
  const m = byId.get(a.memberId);
  if (date === undefined || m === undefined || !activeOn(m, date)) continue;
  let r = leaves.get(a.memberId);
  if (!r) leaves.set(a.memberId, (r = { count: 0, forced: 0, sessions: [] }));
  r.count += 1;
  if (a.forced) r.forced += 1;
  r.sessions.push(a.sessionId);
}
if (leaves.size > 0) {
  L.push('| 成员 | 请假次数 | 超出每周次数 | 活动 |', '| --- | ---: | ---: | --- |');
  const rows = [...leaves].map(([id, r]) => ({ name: name(id), ...r, sessions: r.sessions.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))) })).sort((a, b) => b.count - a.count || order(a.name, b.name));
  for (const r of rows) L.push(`| ${md(r.name)} | ${r.count} | ${r.forced} | ${md(r.sessions.join('、'))} |`);
} else L.push('本月没有请假。');

// At risk: members active in the month with participation below 50%, or absenceLimit unexcused absences in the 30
// days before the month's end (no registrations, so no no-shows).
L.push('', '## 需要关注的成员', '');
function attendanceOf(range) {
  const dates = [];
  const dateOf = new Map();
  for (const h of held) {
    if (h.date < range.from || h.date >= range.to) continue;
    dates.push(h.date);
    dateOf.set(h.session.id, h.date);
  }
  dates.sort();
  const stats = new Map();
  for (const m of members) {
    const active = activeDays(m, dates);
    stats.set(m.id, { attended: 0, expected: active, absent: active });
  }
  for (const [sessionId, records] of bySession) {
    const date = dateOf.get(sessionId);
    if (date === undefined) continue;
    for (const r of records) {
      const m = byId.get(r.memberId);
      if (m === undefined || !activeOn(m, date) || r.status === 'absent') continue;
      const st = stats.get(r.memberId);
      st.absent -= 1;
      if (r.status === 'excused') st.expected -= 1;
      else st.attended += 1;
    }
  }
  return stats;
}
const stats = attendanceOf(month);
const recent = attendanceOf({ from: addDays(month.to, -30), to: month.to });
const limit = settings['discipline.absenceLimit'];
const warnLimit = settings['discipline.warningsBeforeRemoval'];
const activeDuring = (m, p) => activeOn(m, p.from) || m.history.some((h) => h.status === 'active' && h.date > p.from && h.date < p.to && activeOn(m, h.date));
const atRisk = [];
const removalDue = [];
for (const m of members) {
  if (m.status === 'active' && warnLimit > 0 && m.warnings.length >= warnLimit) removalDue.push(`${md(m.name)}（${m.warnings.length}次警告）`);
  if (!activeDuring(m, month)) continue;
  const st = stats.get(m.id);
  const rate = st.expected > 0 ? st.attended / st.expected : null;
  const low = rate !== null && rate < 0.5;
  const absences = recent.get(m.id).absent;
  const tooMany = limit > 0 && absences >= limit;
  if (!low && !tooMany) continue;
  const reason = [low ? '本月出勤率低于50%' : null, tooMany ? `30天内无故缺席${absences}次` : null].filter(Boolean).join('；');
  atRisk.push({ name: m.name, rate, unexcused: absences, rules: (low ? 1 : 0) + (tooMany ? 1 : 0), reason });
}
atRisk.sort((a, b) => b.rules - a.rules || b.unexcused - a.unexcused || (a.rate ?? 2) - (b.rate ?? 2) || order(a.name, b.name));
if (atRisk.length > 0) {
  L.push('| 成员 | 本月出勤率 | 30天内无故缺席 | 原因 |', '| --- | ---: | ---: | --- |');
  for (const r of atRisk) L.push(`| ${md(r.name)} | ${pct(r.rate)} | ${r.unexcused} | ${md(r.reason)} |`);
} else L.push('暂无。');

const { warnings, removals } = discipline(members, month);
L.push('', '## 纪律', '');
L.push(`- 本月警告：${warnings.map((w) => `${md(w.name)}（${w.date}，${md(w.reason)}）`).join('；') || '无'}`);
L.push(`- 本月退出/移除：${removals.map((r) => `${md(r.name)}（${r.date}，${r.status}${r.reason ? `，${md(r.reason)}` : ''}）`).join('；') || '无'}`);
L.push(`- 警告已达上限、应予移除：${removalDue.join('；') || '无'}`);
write(finish(L));
