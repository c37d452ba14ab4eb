'use strict';
// What the two report references share: the club as the report sees it (read once, cut to the report's now and
// period as club does), held sessions with their tallies, labels and number formats. Plain loops over JSON.parse'd
// files; the bench checks the result against club's byte for byte.
const { readJson, readBlockEntries, readBlocks, addDays, localDate, activeOn, fail, requireEveryoneAudience, now: reportNow } = require('./common.cjs');

const DAY = 86_400_000;

/** Everything a report reads: attendance and the ledger only around [from, to), padded as club pads them. */
function loadClub(dir, period) {
  const meta = readJson(dir, 'store.json');
  const settings = meta.settings;
  const now = reportNow();
  const at = now.getTime();
  // Recorded by now: most records are days older, and their text settles it without parsing.
  const surely = new Date(at - 2 * DAY).toISOString().slice(0, 10);
  const recordedBy = (instant) => instant === undefined || instant === null || instant < surely || Date.parse(instant) <= at;
  const end = period.to;
  // At the period's end, as the report sees it: recorded by now and dated before the period's last day is over.
  const atEnd = (instant) => instant === undefined || instant === null || (localDate(instant) < end && recordedBy(instant));

  const sessions = [];
  for (const s of readBlocks(dir, 'sessions')) {
    if (!recordedBy(s.recordedAt)) continue;
    let x = s;
    if (x.status === 'cancelled' && !recordedBy(x.cancelledAt)) x = { ...x, status: 'scheduled', cancelReason: null, cancelledAt: null };
    if (x.status === 'done' && !recordedBy(x.doneAt)) x = { ...x, status: 'scheduled', doneAt: null };
    if (x.bestPollClosed && !recordedBy(x.bestChosenAt)) x = { ...x, best: [], bestPollClosed: false, bestChosenAt: null };
    if (x.topicPollClosed && !atEnd(x.topicChosenAt)) x = { ...x, topic: null, topicPollClosed: false, topicChosenAt: null };
    sessions.push(x);
  }
  requireEveryoneAudience(dir, sessions);
  for (const name of ['hours.json', 'books.json', 'readingTasks.json']) if (readJson(dir, name).length > 0) fail(`${name} is not empty: not covered`);

  const members = [];
  const roster = readBlockEntries(dir, 'roster');
  for (const id in roster) {
    const m = roster[id];
    const history = m.history.filter((h) => recordedBy(h.at) && h.date < end);
    const warnings = m.warnings.filter((w) => atEnd(w.at));
    if (history.length === m.history.length && warnings.length === m.warnings.length) members.push(m);
    else if (history.length > 0) members.push({ ...m, status: history[history.length - 1].status, joinedAt: history.some((h) => h.status === 'active') ? m.joinedAt : null, history, warnings });
  }

  // Partitions: attendance by sessions of the padded window (16 sessions a file), the ledger by the spans its index
  // (ledger.index.json) keeps for each file.
  const from = addDays(period.from, -40);
  const to = addDays(period.to, 40);
  const buckets = new Set();
  for (const s of sessions) {
    const d = localDate(s.startsAt);
    if (d >= from && d < to) buckets.add(`attendance.s${Math.floor(Number(s.id.slice(1)) / 16)}.json`);
  }
  const attendance = [];
  const ledgerFiles = [];
  const lo = Date.parse(`${from}T00:00:00Z`) - DAY;
  const hi = Date.parse(`${to}T00:00:00Z`) + DAY;
  for (const file in readJson(dir, 'attendance.index.json')) {
    if (buckets.has(file)) {
      for (const a of readJson(dir, file)) {
        if (recordedBy(a.recordedAt)) attendance.push(a);
        else if (a.earlier !== undefined && a.earlier.length > 0) fail('attendance changed after the report\'s now is not covered');
      }
    }
  }
  const ledgerIndex = readJson(dir, 'ledger.index.json');
  for (const file in ledgerIndex) {
    const span = ledgerIndex[file];
    if (span.from !== null && Date.parse(span.to) >= lo && Date.parse(span.from) < hi) ledgerFiles.push(file);
  }
  const ledger = [];
  for (const file of ledgerFiles) for (const e of readJson(dir, file)) if (recordedBy(e.recordedAt)) ledger.push(e);

  const tasks = [];
  for (const t of readJson(dir, 'tasks.json')) {
    if (!recordedBy(t.recordedAt) || !atEnd(t.createdAt)) continue;
    if (t.status === 'done' && !atEnd(t.doneAt)) tasks.push({ ...t, status: 'open', doneAt: null });
    else if (t.status === 'cancelled' && t.cancelledAt !== undefined && !atEnd(t.cancelledAt)) fail('a task cancelled after the period is not covered');
    else tasks.push(t);
  }
  const surveys = [];
  for (const s of readJson(dir, 'surveys.json')) {
    if (!recordedBy(s.recordedAt)) continue;
    if (s.openedAt !== null && !recordedBy(s.openedAt)) surveys.push({ ...s, status: 'draft', openedAt: null, closedAt: null, activeAtOpen: null });
    else if (s.closedAt !== null && !recordedBy(s.closedAt)) surveys.push({ ...s, status: 'open', closedAt: null });
    else surveys.push(s);
  }
  const responses = readJson(dir, 'responses.json').filter((r) => recordedBy(r.recordedAt));
  const feedback = readJson(dir, 'feedback.json').filter((f) => recordedBy(f.recordedAt));
  return { settings, now, members, sessions, attendance, ledger, tasks, surveys, responses, feedback };
}

/** Members active on a date, by the transitions of every member's history (a binary search a date). */
function activeCounter(members) {
  const events = [];
  for (const m of members) {
    let was = false;
    for (const h of m.history) {
      const is = h.status === 'active';
      if (is !== was) events.push([h.date, is ? 1 : -1]);
      was = is;
    }
  }
  events.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const dates = [];
  const counts = [];
  let n = 0;
  for (const [d, delta] of events) {
    n += delta;
    if (dates.length > 0 && dates[dates.length - 1] === d) counts[counts.length - 1] = n;
    else {
      dates.push(d);
      counts.push(n);
    }
  }
  return (date) => {
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid] <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : counts[lo - 1];
  };
}

/** The held sessions (not cancelled, started by now) in start order, each with its date. */
function heldSessions(club) {
  const at = club.now.getTime();
  const held = club.sessions.filter((s) => s.status !== 'cancelled' && Date.parse(s.startsAt) <= at).map((s) => ({ s, t: Date.parse(s.startsAt) }));
  held.sort((a, b) => a.t - b.t);
  return held.map(({ s }) => ({ session: s, date: localDate(s.startsAt) }));
}

/** Each held session of [from, to) with its tally: attended and expected (active members less the excused). */
function tallies(club, held, period, activeCount, byId, bySession) {
  const out = [];
  for (const h of held) {
    if (h.date < period.from || h.date >= period.to) continue;
    let expected = activeCount(h.date);
    let attended = 0;
    for (const a of bySession.get(h.session.id) ?? []) {
      const m = byId.get(a.memberId);
      if (m === undefined || !activeOn(m, h.date)) continue;
      if (a.status === 'present' || a.status === 'late') attended += 1;
      else if (a.status === 'excused') expected -= 1;
    }
    out.push({ session: h.session, date: h.date, attended, expected });
  }
  return out;
}

/** The attendance records by session, the last record of a member at a session winning. */
function recordsBySession(attendance) {
  const map = new Map();
  for (const a of attendance) {
    let bySession = map.get(a.sessionId);
    if (bySession === undefined) map.set(a.sessionId, (bySession = new Map()));
    bySession.set(a.memberId, a);
  }
  const out = new Map();
  for (const [id, records] of map) out.set(id, [...records.values()]);
  return out;
}

/** Points issued, deducted and redeemed in [from, to) by the entries' local dates. */
function pointTotals(ledger, p) {
  let issued = 0;
  let deducted = 0;
  let redeemed = 0;
  for (const e of ledger) {
    const d = localDate(e.at);
    if (d < p.from || d >= p.to) continue;
    if (e.kind === 'award' || e.kind === 'auto') issued += e.delta;
    else if (e.kind === 'deduct') deducted -= e.delta;
    else if (e.kind === 'redeem') redeemed -= e.delta;
  }
  return { issued, deducted, redeemed };
}

/** Names in the club's language order (ICU, as club): made on the first comparison of two different names. */
function nameOrder(lang) {
  let collator;
  return (a, b) => {
    if (a === b) return 0;
    collator ??= new Intl.Collator(lang === 'zh' ? 'zh-Hans-CN' : 'en', { numeric: true });
    return collator.compare(a, b);
  };
}

/** The first n places of the month's or week's earners (ties share a rank and are listed by name, then id). */
function topEarners(ledger, names, p, order, n) {
  const earned = new Map();
  for (const e of ledger) {
    if (e.kind !== 'award' && e.kind !== 'auto') continue;
    const d = localDate(e.at);
    if (d < p.from || d >= p.to) continue;
    earned.set(e.memberId, (earned.get(e.memberId) ?? 0) + e.delta);
  }
  const rows = [];
  for (const [id, points] of earned) if (points > 0) rows.push({ id, name: names.get(id) ?? id, earned: points });
  rows.sort((a, b) => b.earned - a.earned || order(a.name, b.name) || Number(a.id.slice(1)) - Number(b.id.slice(1)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = [];
  let rank = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i === 0 || rows[i].earned !== rows[i - 1].earned) rank = i + 1;
    if (rank > n) break;
    out.push({ rank, name: rows[i].name, earned: rows[i].earned });
  }
  return out;
}

// Labels and formats (as club's report templates show them).
const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const TYPES = { discussion: '主题讨论', reading: '读书', training: '培训', social: '联谊', competition: '比赛', exhibition: '展览', other: '其他' };
const typeLabel = (type) => TYPES[type];
const STATUS_LABELS = { applicant: '申请中', active: '正式成员', rejected: '未通过', left: '退出', removed: '移除' };
const weekdayOf = (date) => new Date(`${date}T00:00:00Z`).getUTCDay();
/** "3月3日 周二". */
const dayLabel = (instant) => `${Number(instant.slice(5, 7))}月${Number(instant.slice(8, 10))}日 ${ZH_WEEKDAYS[weekdayOf(instant.slice(0, 10))]}`;
const clockTime = (instant) => instant.slice(11, 16);

function roundHalfUp(value, scale) {
  const y = Math.abs(value * scale);
  const r = Math.floor(y + 0.5 + 1e-9);
  return value < 0 && r !== 0 ? -r : r;
}
const oneDecimal = (tenths) => {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? '-' : ''}${Math.floor(abs / 10)}.${abs % 10}`;
};
const pct = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${oneDecimal(roundHalfUp(x, 1000))}%` : '—');
const score = (x) => (typeof x === 'number' && Number.isFinite(x) ? oneDecimal(roundHalfUp(x, 10)) : '—');
const sign = (tenths) => (tenths > 0 ? '+' : tenths < 0 ? '−' : '±');
const rateChange = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${sign(roundHalfUp(x, 1000))}${oneDecimal(Math.abs(roundHalfUp(x, 1000)))} pp` : '—');
const scoreChange = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${sign(roundHalfUp(x, 10))}${oneDecimal(Math.abs(roundHalfUp(x, 10)))}` : '—');
const barCells = (rate, width) => Math.min(width, Math.max(0, roundHalfUp(rate, width)));

/**
 * Text for Markdown as club escapes it: the characters that would format, with a backslash; & as &amp;; @ broken up.
 * Control characters, bidi marks and addresses (://, www.) are not covered.
 */
function md(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x61c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x2028 || code === 0x2029) fail('text with control characters is not covered');
    if (c === '&') out += '&amp;';
    else if (c === '@') out += '\\@';
    else if ('\\`*_[]<>|#~'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  if (text.includes('://') || text.toLowerCase().includes('www.')) fail('text with an address is not covered');
  return out;
}

/** A report's lines as club prints them: runs of blank lines as one, no trailing blank lines, one final newline. */
function finish(lines) {
  const out = [];
  for (const line of lines.join('\n').split('\n')) {
    if (line === '' && out.length > 0 && out[out.length - 1] === '') continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1].trimEnd() === '') out.pop();
  return `${out.join('\n').trimEnd()}\n`;
}

/** The ISO week label of a date (YYYY-Www). */
function weekLabel(date) {
  const thursday = addDays(date, 3 - ((weekdayOf(date) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const monday1 = addDays(jan4, -((weekdayOf(jan4) + 6) % 7));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${monday1}T00:00:00Z`)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week (Monday or Sunday start) that holds a date. */
function weekContaining(date, weekStart) {
  const offset = weekStart === 'sunday' ? weekdayOf(date) : (weekdayOf(date) + 6) % 7;
  const from = addDays(date, -offset);
  return { from, to: addDays(from, 7), week: weekLabel(weekStart === 'sunday' ? addDays(from, 1) : from) };
}

/** `2026-W10` as a week. */
function parseWeek(text, weekStart) {
  const [y, w] = text.split('-W');
  const jan4 = `${y}-01-04`;
  const monday = addDays(addDays(jan4, -((weekdayOf(jan4) + 6) % 7)), (Number(w) - 1) * 7);
  return weekContaining(weekStart === 'sunday' ? addDays(monday, -1) : monday, weekStart);
}

/** New members and departures in [from, to): transitions into and out of active, by the history's dates. */
function membership(members, p, activeOnDay) {
  const dayBefore = addDays(p.from, -1);
  const lastDay = addDays(p.to, -1);
  let activeStart = 0;
  let retained = 0;
  let joined = 0;
  let departed = 0;
  for (const m of members) {
    if (activeOnDay(m, dayBefore)) {
      activeStart += 1;
      if (activeOnDay(m, lastDay)) retained += 1;
    }
    let previous = null;
    for (const h of m.history) {
      if (h.date >= p.from && h.date < p.to) {
        if (h.status === 'active' && previous !== 'active') joined += 1;
        if ((h.status === 'left' || h.status === 'removed') && previous === 'active') departed += 1;
      }
      previous = h.status;
    }
  }
  const activeEnd = activeStart + joined - departed;
  const ratio = (a, b) => (b === 0 ? null : a / b);
  return { activeStart, newMembers: joined, departed, activeEnd, growthRate: ratio(activeEnd - activeStart, activeStart), retentionRate: ratio(retained, activeStart) };
}

/** Warnings and removals dated in [from, to), in date order. */
function discipline(members, p) {
  const warnings = [];
  const removals = [];
  for (const m of members) {
    for (const w of m.warnings) {
      const date = localDate(w.at);
      if (date >= p.from && date < p.to) warnings.push({ name: m.name, date, reason: w.reason });
    }
    for (const h of m.history) if ((h.status === 'left' || h.status === 'removed') && h.date >= p.from && h.date < p.to) removals.push({ name: m.name, date: h.date, status: STATUS_LABELS[h.status], reason: h.reason });
  }
  const byDate = (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  // Array.prototype.sort is stable: equal dates keep the members' order.
  return { warnings: warnings.sort(byDate), removals: removals.sort(byDate) };
}

/** Redemptions and deductions in [from, to), in time order. */
function redemptionsAndDeductions(ledger, names, p) {
  const entries = [];
  for (const e of ledger) {
    if (e.kind !== 'redeem' && e.kind !== 'deduct') continue;
    const d = localDate(e.at);
    if (d >= p.from && d < p.to) entries.push({ e, t: Date.parse(e.at) });
  }
  entries.sort((a, b) => a.t - b.t);
  const name = (id) => names.get(id) ?? id;
  const redemptions = [];
  const deductions = [];
  for (const { e } of entries) {
    if (e.kind === 'redeem') redemptions.push(`${md(name(e.memberId))}，${md(e.reason)}（${-e.delta} 分，${localDate(e.at)}）`);
    else deductions.push(`${md(name(e.memberId))}，${-e.delta} 分（${localDate(e.at)}，${md(e.reason)}）`);
  }
  return { redemptions: redemptions.join('；') || '无', deductions: deductions.join('；') || '无' };
}

/** Cancelled sessions dated in [from, to), in start order. */
function cancelledIn(sessions, p) {
  const list = sessions.filter((s) => s.status === 'cancelled' && localDate(s.startsAt) >= p.from && localDate(s.startsAt) < p.to).map((s) => ({ s, t: Date.parse(s.startsAt) }));
  list.sort((a, b) => a.t - b.t);
  return list.map(({ s }) => s);
}

module.exports = { loadClub, activeCounter, heldSessions, tallies, recordsBySession, pointTotals, nameOrder, topEarners, typeLabel, STATUS_LABELS, dayLabel, clockTime, pct, score, rateChange, scoreChange, barCells, md, finish, weekLabel, weekContaining, parseWeek, membership, discipline, redemptionsAndDeductions, cancelledIn };
