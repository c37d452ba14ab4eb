// What the reports show (issue 18, items 5–7): one rounding from the exact fraction, top lists cut by rank, the
// chart without empty weeks, the period's other events, and the at-risk list in order of severity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRate, formatRateChange, formatScore, formatScoreChange, percentOf, percentTenths } from '../../src/core/percent.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import type { ClubData } from '../../src/core/reports/kpis.js';
import { buildMonthlyReport } from '../../src/core/reports/monthly.js';
import { parseMonth, parseWeek } from '../../src/core/reports/period.js';
import { buildWeeklyReport } from '../../src/core/reports/weekly.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { MemberStatus, MemberSummary } from '../../src/core/types.js';
import { renderTemplate } from '../../src/io/markdown.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-04-02T12:00:00+08:00');
const env = (lang: 'zh' | 'en') => ({ now: NOW, settings: { ...defaultSettings({ name: '读书会', lang, timezone: TZ, weekStart: 'monday' }) }, actor: 't' });

describe('one rounding, from the exact fraction', () => {
  it.each([
    [14, 17, '82.4%'], // 82.352941…: 82.3% came from rounding an already-rounded 0.8235
    [1, 8, '12.5%'],
    [1, 3, '33.3%'],
    [2, 3, '66.7%'],
    [5, 8, '62.5%'],
    [7, 16, '43.8%'], // 43.75: a half goes up
    [1, 2000, '0.1%'], // 0.05
    [3, 2000, '0.2%'], // 0.15: 0.0015 is 0.00149999… as a double
    [1, 400, '0.3%'], // 0.25
    [2001, 2000, '100.1%'], // 100.05
    [0, 5, '0.0%'],
    [5, 5, '100.0%'],
    [0, 0, '—'],
  ])('%i/%i shows %s', (num, den, shown) => {
    expect(percentOf(num, den)).toBe(shown);
    if (den) expect(formatRate(num / den)).toBe(shown);
  });

  it('the unrounded JSON fraction shows as the exact fraction does, for every a/b up to 400', () => {
    for (let b = 1; b <= 400; b++) for (let a = 0; a <= b; a++) if (formatRate(a / b) !== percentOf(a, b)) expect(`${a}/${b}: ${formatRate(a / b)}`).toBe(percentOf(a, b));
    expect(percentTenths(14, 17)).toBe(824);
  });

  it.each([
    [100 / 3, '33.3'], // 2 promoters, 1 detractor of 3
    [-100 / 3, '-33.3'],
    [(1 * 100) / 16, '6.3'], // 6.25
    [(-1 * 100) / 16, '-6.3'],
    [(7 * 100) / 17, '41.2'], // 41.176…
    [100, '100.0'],
    [0, '0.0'],
    [null, '—'],
  ])('NPS %s shows %s', (nps, shown) => expect(formatScore(nps)).toBe(shown));

  it('changes show in points, signed', () => {
    expect(formatRateChange(14 / 17 - 0.8)).toBe('+2.4 pp'); // 2.35294…
    expect(formatRateChange(1 / 3 - 2)).toBe('−166.7 pp');
    expect(formatRateChange(0)).toBe('±0.0 pp');
    expect(formatScoreChange(100 / 3 - 50)).toBe('−16.7');
  });
});

function member(id: string, name: string, history: Array<[MemberStatus, string, string?]>, warnings: Array<[string, string]> = []): MemberSummary {
  return {
    id, name, status: history.at(-1)![0], joinedAt: history.find(([s]) => s === 'active')?.[1] ?? null, referrerId: null,
    warnings: warnings.map(([at, reason]) => ({ at, reason })),
    history: history.map(([status, date, reason]) => ({ status, date, at: `${date}T00:00:00+08:00`, reason: reason ?? null })),
  };
}
function session(id: string, date: string, opts: Partial<Session> = {}): Session {
  return { id, title: '读书会', type: 'reading', startsAt: `${date}T21:30:00+08:00`, endsAt: `${date}T23:00:00+08:00`, durationMinutes: 90, hostId: null, topic: null, place: null, status: 'done', seriesId: null, cancelReason: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, cancelledAt: null, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-01-01T10:00:00+08:00', ...opts };
}
const att = (sessionId: string, memberId: string, status: Attendance['status'], forced = false): Attendance => ({ sessionId, memberId, status, at: '2026-03-03T21:30:00+08:00', reason: null, forced, source: 'manual', by: null });
const entry = (id: string, memberId: string, delta: number, kind: LedgerEntry['kind'], date: string, reason = 'r'): LedgerEntry => ({ id, memberId, delta, kind, reason, at: `${date}T12:00:00+08:00`, ref: null, rule: null });
const empty: ClubData = { members: [], sessions: [], attendance: [], ledger: [], tasks: [], surveys: [], responses: [], feedback: [] };

describe('top earners', () => {
  // Nine distinct places, then 张伟 and 阿明 tied at tenth, then one below the cut. 张 comes before 阿 by code point
  // (English rules for Han) and after it in pinyin: a cut by position would keep a different person in each language.
  const names = ['Ada', 'Ben', 'Cy', 'Di', 'Ed', 'Flo', 'Gil', 'Hu', 'Ivy', '张伟', '阿明', 'Jo'];
  const points = [20, 19, 18, 17, 16, 15, 14, 13, 12, 5, 5, 3];
  const data: ClubData = {
    ...empty,
    members: names.map((n, i) => member(`m${i + 1}`, n, [['active', '2026-01-01']])),
    ledger: points.map((p, i) => entry(`p${i + 1}`, `m${i + 1}`, p, 'award', '2026-03-10')),
  };

  it('holds everyone tied at the cut: 11 people in the top 10, the same ones in zh and en', () => {
    const zh = buildMonthlyReport(data, parseMonth('2026-03'), env('zh'), { redact: false }).topEarners;
    const en = buildMonthlyReport(data, parseMonth('2026-03'), env('en'), { redact: false }).topEarners;
    expect(zh).toHaveLength(11);
    expect(zh.slice(-2)).toEqual([{ rank: 10, name: '阿明', earned: 5 }, { rank: 10, name: '张伟', earned: 5 }]);
    expect(en.slice(-2).map((r) => r.rank)).toEqual([10, 10]);
    expect(new Set(en.map((r) => r.name))).toEqual(new Set(zh.map((r) => r.name)));
    expect(zh.map((r) => r.name)).not.toContain('Jo');
  });

  it('the weekly top 5 holds ties at fifth place too', () => {
    const weekly = buildWeeklyReport({ ...data, ledger: points.map((p, i) => entry(`p${i + 1}`, `m${i + 1}`, i < 4 ? p : 9, 'award', '2026-03-10')) }, parseWeek('2026-W11', 'monday'), env('en'), { redact: false });
    expect(weekly.points.topEarners).toHaveLength(12); // four places, then eight members tied at fifth
    expect(weekly.points.topEarners.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5]);
  });
});

// March 2026, five sessions held (s1 03-03, s5 03-05, s2 03-17, s7 03-24, s4 03-31), s3 03-10 cancelled. Everyone
// is active from January unless said; no record means absent. discipline.absenceLimit is 2, the window is the 30
// days from 03-02, so every March session is in it.
//   Zed: absent 5 -> 0/5, 5 absences: both rules
//   Kim: left 03-28; absent at the 4 sessions before -> 0/4, 4 absences: both rules (active in March, left now)
//   Amy: present at s1 -> 1/5 = 20%, 4 absences: both rules
//   Gus: present s1 s5, excused s2, absent s7 s4 -> 2/4 = 50%, 2 absences: one rule
//   Bob, Eve: present s1 s5 s2, absent s7 s4 -> 3/5 = 60%, 2 absences: one rule (then by name)
//   Dan: excused s1 s5 s2 (s2 over the limit) s7, absent s4 -> 0/1, 1 absence: one rule
//   Hal: present at all five: not at risk. Lea: left 02-20, never active in March: not at risk.
const march: ClubData = {
  ...empty,
  members: [
    member('m1', 'Zed', [['active', '2026-01-05']], [['2026-03-05T22:00:00+08:00', '刷屏'], ['2026-02-05T22:00:00+08:00', '二月的警告']]),
    member('m2', 'Kim', [['active', '2026-01-05'], ['left', '2026-03-28', '搬家']]),
    member('m3', 'Amy', [['active', '2026-01-05']]),
    member('m4', 'Gus', [['active', '2026-01-05']]),
    member('m5', 'Eve', [['active', '2026-01-05']]),
    member('m6', 'Bob', [['active', '2026-01-05']]),
    member('m7', 'Dan', [['active', '2026-01-05']]),
    member('m8', 'Hal', [['active', '2026-01-05']]),
    member('m9', 'Lea', [['active', '2026-01-05'], ['left', '2026-02-20', '工作忙']]),
  ],
  sessions: [
    session('s1', '2026-03-03'),
    session('s2', '2026-03-17', { topic: '《活着》' }),
    session('s3', '2026-03-10', { status: 'cancelled', cancelReason: '停电', topic: '《围城》' }),
    session('s4', '2026-03-31'),
    session('s5', '2026-03-05'),
    session('s7', '2026-03-24', { topic: '《三体》' }),
  ],
  attendance: [
    att('s1', 'm3', 'present'),
    ...['s1', 's5'].map((s) => att(s, 'm4', 'present')),
    att('s2', 'm4', 'excused'),
    ...['s1', 's5', 's2'].flatMap((s) => [att(s, 'm5', 'present'), att(s, 'm6', 'present')]),
    ...['s1', 's5', 's2', 's7'].map((s) => att(s, 'm7', 'excused', s === 's2')),
    ...['s1', 's5', 's2', 's7', 's4'].map((s) => att(s, 'm8', 'present')),
  ],
  ledger: [
    entry('p1', 'm1', -30, 'redeem', '2026-03-10', '购书卡'),
    entry('p2', 'm3', -2, 'deduct', '2026-03-12', '无故缺席'),
    entry('p3', 'm8', -10, 'redeem', '2026-02-27', '书签'), // February
    entry('p4', 'm8', 20, 'award', '2026-03-20'),
  ],
};

describe('the monthly report', () => {
  const report = buildMonthlyReport(march, parseMonth('2026-03'), env('en'), { redact: false });

  it('orders the at-risk list by rules hit, unexcused absences, participation, then name, and holds only members active in the month', () => {
    expect(report.atRisk.map((r) => `${r.name} ${r.rules} ${r.unexcused} ${formatRate(r.rate)}`)).toEqual([
      'Zed 2 5 0.0%',
      'Kim 2 4 0.0%',
      'Amy 2 4 20.0%',
      'Gus 1 2 50.0%',
      'Bob 1 2 60.0%',
      'Eve 1 2 60.0%',
      'Dan 1 1 0.0%',
    ]);
    // Each rule hit is named, and the reasons read in the same order, joined in the report's language.
    expect(report.atRisk.slice(0, 4).map((r) => `${r.rulesHit.join('+')}: ${r.reason}`)).toEqual([
      'participation+absences: participation below 50%; 5 unexcused absences in 30 days',
      'participation+absences: participation below 50%; 4 unexcused absences in 30 days',
      'participation+absences: participation below 50%; 4 unexcused absences in 30 days',
      'absences: 2 unexcused absences in 30 days',
    ]);
    const zh = buildMonthlyReport(march, parseMonth('2026-03'), env('zh'), { redact: false });
    expect(zh.atRisk[0]!.reason).toBe('本月出勤率低于50%；30天内无故缺席5次');
  });

  it('skips weeks without sessions in the Mermaid and the text chart (no 0% bar)', () => {
    // W09 holds only 03-01, W11 only the cancelled s3: no sessions. W10 s1 s5, W12 s2, W13 s7, W14 s4.
    expect(report.chart.labels).toEqual(['W10', 'W12', 'W13', 'W14']);
    expect(report.chart.values).not.toContain(0);
    expect(report.weeklyParticipation.map((w) => `${w.week.slice(5)} ${w.sessions} ${w.bar === '' ? 'no bar' : 'bar'}`)).toEqual(['W09 0 no bar', 'W10 2 bar', 'W11 0 no bar', 'W12 1 bar', 'W13 1 bar', 'W14 1 bar']);
    // W10: s1 Zed Kim Amy Gus Eve Bob Hal of 8 active, Dan excused: expected 7, attended Amy Gus Eve Bob Hal = 5;
    //      s5 the same but Amy absent: 4 of 7 -> 9/14 = 64.2857… %
    expect(report.chart.values[0]).toBeCloseTo((9 / 14) * 100, 10);
  });

  it('lists cancelled sessions, topics, leave, redemptions, deductions, warnings and removals of the month', () => {
    expect(report.cancelledSessions).toEqual([{ id: 's3', date: '2026-03-10', day: 'Tue 10 Mar', time: '21:30', title: '读书会', reason: '停电' }]);
    expect(report.topics.map((t) => `${t.session} ${t.topic}`)).toEqual(['s2 《活着》', 's7 《三体》']);
    expect(report.leaves).toEqual([
      { name: 'Dan', count: 4, forced: 1, sessions: ['s1', 's2', 's5', 's7'] },
      { name: 'Gus', count: 1, forced: 0, sessions: ['s2'] },
    ]);
    expect(report.redemptions).toEqual([{ date: '2026-03-10', name: 'Zed', reward: '购书卡', points: 30 }]);
    expect(report.deductions).toEqual([{ date: '2026-03-12', name: 'Amy', points: 2, reason: '无故缺席' }]);
    expect(report.warnings).toEqual([{ name: 'Zed', date: '2026-03-05', reason: '刷屏' }]);
    expect(report.removals).toEqual([{ name: 'Kim', date: '2026-03-28', status: 'left', reason: '搬家' }]);
  });

  it('prints them in the Markdown, in zh and en', async () => {
    const en = await renderTemplate(readFileSync(join(import.meta.dirname, '../../templates/monthly.en.md.hbs'), 'utf8'), report as never, 'monthly.en');
    expect(en).toContain('Cancelled: Tue 10 Mar 读书会 (s3, 停电)');
    expect(en).toContain('- Redeemed: Zed, 购书卡 (30 points, 2026-03-10)');
    expect(en).toContain('| Dan | 4 | 1 | s1, s2, s5, s7 |');
    expect(en).toContain('bar [64.3, 50.0, 14.3, 14.3]'); // 9/14; s2 3/6 (Dan, Gus excused); s7 1/7 (Dan excused); s4 1/7 (Kim gone)
    const zhReport = buildMonthlyReport(march, parseMonth('2026-03'), env('zh'), { redact: false });
    const zh = await renderTemplate(readFileSync(join(import.meta.dirname, '../../templates/monthly.zh.md.hbs'), 'utf8'), zhReport as never, 'monthly.zh');
    expect(zh).toContain('- 扣分：Amy，2 分（2026-03-12，无故缺席）');
    expect(zh).toContain('- 本月退出/移除：Kim（2026-03-28，退出，搬家）');
  });

  it('the weekly report lists the week\'s cancelled sessions, warnings and removals', () => {
    const w11 = buildWeeklyReport(march, parseWeek('2026-W11', 'monday'), env('zh'), { redact: false });
    expect(w11.cancelledSessions.map((s) => `${s.id} ${s.day} ${s.reason}`)).toEqual(['s3 3月10日 周二 停电']);
    const w10 = buildWeeklyReport(march, parseWeek('2026-W10', 'monday'), env('zh'), { redact: false });
    expect(w10.warnings).toEqual([{ name: 'Zed', date: '2026-03-05', reason: '刷屏' }]);
    expect(w10.cancelledSessions).toEqual([]);
    const w13 = buildWeeklyReport(march, parseWeek('2026-W13', 'monday'), env('zh'), { redact: false });
    expect(w13.removals).toEqual([{ name: 'Kim', date: '2026-03-28', status: '退出', reason: '搬家' }]);
  });
});

describe('satisfaction: one rounding in every table, and labelled apart from the survey section', () => {
  // 17 answers in March to a satisfaction question, 14 of them 4 or 5; the survey closed in March also has 3
  // answers from February (all 5). NPS: 17 answers in March, 10 promoters, 3 detractors -> 7/17 = 41.176…
  const responses = Array.from({ length: 20 }, (_, i) => ({
    surveyId: 'v1', n: i + 1, memberId: null, date: i < 3 ? '2026-02-27' : '2026-03-20', at: null,
    answers: i < 3 ? { q1: 5, q2: 10 } : { q1: i - 3 < 14 ? 4 : 2, q2: i - 3 < 10 ? 9 : i - 3 < 14 ? 7 : 3 },
  }));
  const data: ClubData = {
    ...empty,
    members: [member('m1', 'Zed', [['active', '2026-01-05']])],
    surveys: [{ id: 'v1', title: '满意度调查', anonymous: true, status: 'closed', openedAt: '2026-02-20T10:00:00+08:00', closedAt: '2026-03-25T10:00:00+08:00', activeAtOpen: 25, createdAt: '2026-02-20T10:00:00+08:00',
      questions: [{ id: 'q1', type: 'rating', text: 'sat', required: true, scale: 5, satisfaction: true }, { id: 'q2', type: 'nps', text: 'nps', required: true }] }],
    responses,
  };

  it('shows 14/17 as 82.4% and NPS with one decimal, and says which answers each counts', async () => {
    const report = buildMonthlyReport(data, parseMonth('2026-03'), env('zh'), { redact: false });
    expect(report.kpis.satisfaction).toBe(14 / 17);
    const md = await renderTemplate(readFileSync(join(import.meta.dirname, '../../templates/monthly.zh.md.hbs'), 'utf8'), report as never, 'monthly.zh');
    expect(md).toContain('| 满意度 | 82.4% |');
    expect(md).toContain('| NPS | 41.2 |');
    // The survey over all its 20 answers: 17/20 satisfied = 85.0%, NPS (13 - 3) / 20 = 50.0; response rate 20/25.
    expect(md).toContain('| 满意度调查 | 20 | 80.0% | 85.0% | 50.0 |');
    expect(md).toContain('表中满意度与 NPS 只计 2026-03 提交的回答');
    expect(md).toContain('满意度（全部回答）');
    // Any template shows NPS the same way, also one ejected before `score` that uses `num`.
    expect(await renderTemplate('{{num kpis.nps}}|{{score kpis.nps}}|{{pct kpis.satisfaction}}|{{num kpis.sessionsHeld}}', report as never, 't')).toBe('41.2|41.2|82.4%|0');
  });
});
