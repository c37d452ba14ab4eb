// Issue #23, "done when": a quarterly report's KPIs match a hand count of its three months, on both stores. The club
// (Asia/Shanghai) has three members since March 2025, one who joins in February (month 2) and one who leaves in
// March (month 3), five sessions of which one is cancelled, two leaves, a late check-in, points given, deducted and
// redeemed, survey answers in each month, tasks on time, late and cancelled, and volunteer hours. Every expected
// number below is counted by hand from that story (the comments say how), never computed by the code under test.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase } from '../helpers/pg.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

interface Club {
  dir: string;
  club(argv: string[], now: string): Promise<RunResult>;
  cleanup(): Promise<void>;
}

const INIT = ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];

async function folderClub(): Promise<Club> {
  const t = tempDir('club-periods-');
  const club: Club['club'] = (argv, now) => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh' } });
  const init = await club(INIT, '2025-02-01T09:00:00+08:00');
  expect(init.code, init.stderr).toBe(0);
  return { dir: t.dir, club, cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-periods-pg-');
  const d = await newDatabase('periods');
  const club: Club['club'] = (argv, now) => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh', CLUB_STORE: d.url() } });
  const init = await run(t.dir, [...INIT, '--store', d.url()], { now: '2025-02-01T09:00:00+08:00' });
  expect(init.code, init.stderr).toBe(0);
  return {
    dir: t.dir,
    club,
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const SURVEY = JSON.stringify({
  title: '季度满意度',
  questions: [
    { id: 'q1', type: 'rating', text: '满意吗', scale: 5, satisfaction: true },
    { id: 'q2', type: 'nps', text: '会推荐吗' },
  ],
});

/** Builds the quarter's story; each step must succeed. */
async function story(c: Club): Promise<void> {
  const dir = c.dir;
  const ok = async (argv: string[], now: string) => {
    const r = await c.club(argv, now);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  // No automatic onboarding tasks: the tasks below are the only ones.
  await ok(['config', 'set', 'onboarding.planDueDays', '0'], '2025-02-01T09:01:00+08:00');
  for (const name of ['杨洪勇', '雅风', '王芳']) await ok(['member', 'add', name, '--joined', '2025-03-01'], '2025-03-01T10:00:00+08:00');
  // m1 杨洪勇, m2 雅风, m3 王芳; m4 李雷 joins in February (month 2).
  await ok(['member', 'add', '李雷', '--joined', '2026-02-10'], '2026-02-10T10:00:00+08:00');
  // 王芳 leaves in March (month 3): not active from 2026-03-10.
  await ok(['member', 'remove', '王芳', '--reason', '搬家'], '2026-03-10T10:00:00+08:00');

  const dates = ['2026-01-06', '2026-01-20', '2026-02-17', '2026-02-24', '2026-03-17'];
  // The quarter's sessions are planned on 2 January.
  for (const [i, d] of dates.entries()) await ok(['session', 'add', '读书会', '--at', `${d} 21:30`, '--duration', '60', '--type', 'reading'], `2026-01-02T09:0${i}:00+08:00`);
  // s4 (2026-02-24) is cancelled.
  await ok(['session', 'cancel', 's4', '--reason', '停电'], '2026-02-23T09:00:00+08:00');
  // Leaves: 王芳 at s2, 雅风 at s3.
  await ok(['leave', '王芳', '--session', 's2', '--reason', '出差'], '2026-01-19T09:00:00+08:00');
  await ok(['leave', '雅风', '--session', 's3', '--reason', '加班'], '2026-02-16T09:00:00+08:00');
  // Check-ins, entered two minutes after the start (present: 2 points, late: 1).
  await ok(['checkin', 's1', '杨洪勇', '雅风'], '2026-01-06T21:32:00+08:00');
  await ok(['checkin', 's2', '杨洪勇'], '2026-01-20T21:32:00+08:00');
  await ok(['checkin', 's2', '雅风', '--status', 'late'], '2026-01-20T21:50:00+08:00');
  await ok(['checkin', 's3', '杨洪勇', '李雷'], '2026-02-17T21:32:00+08:00');
  await ok(['checkin', 's5', '杨洪勇', '雅风', '李雷'], '2026-03-17T21:32:00+08:00');
  // Points: 5 given in February; 1 deducted and a 3-point reward redeemed in March.
  await ok(['points', 'add', '杨洪勇', '5', '--reason', '分享书单'], '2026-02-18T10:00:00+08:00');
  await ok(['points', 'deduct', '雅风', '1', '--reason', '迟到'], '2026-03-18T10:00:00+08:00');
  await ok(['reward', 'add', '书签', '--cost', '3', '--stock', '5'], '2026-03-18T10:01:00+08:00');
  await ok(['reward', 'redeem', '雅风', '书签'], '2026-03-18T10:02:00+08:00');
  // A survey answered once in each month.
  writeFileSync(join(dir, 'survey.json'), SURVEY);
  await ok(['survey', 'create', '--from', join(dir, 'survey.json')], '2026-01-02T10:00:00+08:00');
  await ok(['survey', 'open', 'v1'], '2026-01-02T10:01:00+08:00');
  await ok(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1": 5, "q2": 10}'], '2026-01-25T10:00:00+08:00');
  await ok(['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1": 3, "q2": 6}'], '2026-02-20T10:00:00+08:00');
  await ok(['survey', 'answer', 'v1', '--member', '李雷', '--answers', '{"q1": 4, "q2": 8}'], '2026-03-20T10:00:00+08:00');
  // Tasks: t1 done on time (January), t2 done late (February), t3 cancelled, t4 done on its due day (March).
  await ok(['task', 'add', '整理书单', '--owner', '杨洪勇', '--due', '2026-01-15'], '2026-01-02T10:00:00+08:00');
  await ok(['task', 'add', '联系场地', '--owner', '雅风', '--due', '2026-02-15'], '2026-01-02T10:01:00+08:00');
  await ok(['task', 'add', '做海报', '--owner', '杨洪勇', '--due', '2026-03-15'], '2026-01-02T10:02:00+08:00');
  await ok(['task', 'add', '写总结', '--owner', '李雷', '--due', '2026-03-20'], '2026-03-01T10:00:00+08:00');
  await ok(['task', 'done', 't1'], '2026-01-14T20:00:00+08:00');
  await ok(['task', 'done', 't2'], '2026-02-20T20:00:00+08:00');
  await ok(['task', 'cancel', 't3'], '2026-03-01T10:05:00+08:00');
  await ok(['task', 'done', 't4'], '2026-03-20T23:00:00+08:00');
  // Volunteer hours: 2 at s3 (February), 1.5 at s5 (March).
  await ok(['hours', 'add', '杨洪勇', '--session', 's3', '--hours', '2'], '2026-02-18T10:00:00+08:00');
  await ok(['hours', 'add', '雅风', '--session', 's5', '--hours', '1.5'], '2026-03-18T10:00:00+08:00');
  // s6 in April takes registrations (after the quarter: none of its figures).
  await ok(['session', 'add', '春日读书会', '--at', '2026-04-20 14:00', '--type', 'training', '--place', '图书馆'], '2026-03-20T10:00:00+08:00');
  await ok(['register', 's6', '李雷'], '2026-03-21T10:00:00+08:00');
}

const AFTER = '2026-04-10T10:00:00+08:00';

function quarterHandCount(make: () => Promise<Club>): void {
  let c: Club;
  beforeAll(async () => {
    c = await make();
    await story(c);
  }, 120_000);
  afterAll(async () => c?.cleanup());

  it("a quarter's KPIs are the hand count of its three months, not an average of them", async () => {
    const r = await c.club(['report', 'quarterly', '--quarter', '2026-Q1', '--json'], AFTER);
    expect(r.code, r.stderr).toBe(0);
    const q = r.json();
    expect(q.period).toEqual({ from: '2026-01-01', to: '2026-04-01', last: '2026-03-31', quarter: '2026-Q1' });
    expect(q.kpis).toEqual({
      // 杨洪勇, 雅风, 王芳 were active before 1 January.
      activeStart: 3,
      // 李雷 joined on 10 February.
      newMembers: 1,
      // 王芳 left on 10 March.
      departed: 1,
      // 3 + 1 − 1.
      activeEnd: 3,
      // (3 − 3) / 3.
      growthRate: 0,
      // Of the three at the start, 杨洪勇 and 雅风 are still active on 31 March.
      retentionRate: 2 / 3,
      // s1, s2, s3, s5: s4 was cancelled.
      sessionsHeld: 4,
      // expected: s1 3 (m1 m2 m3), s2 3 − 1 leave = 2, s3 4 (李雷 joined) − 1 leave = 3, s5 3 (王芳 left) = 3 → 11;
      // attended: s1 2, s2 2 (one late), s3 2, s5 3 → 9. (The months' average would be (4/5 + 2/3 + 3/3) / 3.)
      participationRate: 9 / 11,
      // Ratings 5, 3, 4: two of three are 4 or more.
      satisfaction: 2 / 3,
      // NPS 10 (promoter), 6 (detractor), 8 (passive): (1 − 1) / 3.
      nps: 0,
      // Check-ins: s1 2+2, s2 2+1, s3 2+2, s5 2+2+2 = 17; plus the 5 given in February.
      pointsIssued: 22,
      pointsDeducted: 1,
      pointsRedeemed: 3,
      // Due in the quarter: t1 (on time), t2 (late), t4 (on its due day); t3 cancelled is left out → 2 / 3.
      taskCompletionRate: 2 / 3,
      // 2 + 1.5.
      volunteerHours: 3.5,
      // Nobody gave hours in the 12 months before January.
      volunteerRetention: null,
    });
    expect(q.months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    const [jan, feb, mar] = q.months.map((m: { kpis: Record<string, unknown> }) => m.kpis);
    // January: s1 2/3 and s2 2/2; points 4 + 3; one answer (5, 10); t1 on time.
    expect(jan).toMatchObject({ activeStart: 3, newMembers: 0, departed: 0, activeEnd: 3, growthRate: 0, retentionRate: 1, sessionsHeld: 2, participationRate: 4 / 5, satisfaction: 1, nps: 100, pointsIssued: 7, taskCompletionRate: 1, volunteerHours: 0 });
    // February: 李雷 joins (3 → 4); s3 2/3 (s4 cancelled); points 4 + 5; answer (3, 6); t2 late; 2 hours.
    expect(feb).toMatchObject({ activeStart: 3, newMembers: 1, departed: 0, activeEnd: 4, growthRate: 1 / 3, retentionRate: 1, sessionsHeld: 1, participationRate: 2 / 3, satisfaction: 0, nps: -100, pointsIssued: 9, pointsDeducted: 0, taskCompletionRate: 0, volunteerHours: 2 });
    // March: 王芳 leaves (4 → 3); s5 3/3; points 6, 1 deducted, 3 redeemed; answer (4, 8); t4 on time; 1.5 hours.
    expect(mar).toMatchObject({ activeStart: 4, newMembers: 0, departed: 1, activeEnd: 3, growthRate: -1 / 4, retentionRate: 3 / 4, sessionsHeld: 1, participationRate: 1, satisfaction: 1, nps: 0, pointsIssued: 6, pointsDeducted: 1, pointsRedeemed: 3, taskCompletionRate: 1, volunteerHours: 1.5 });
    // Targets: participation 9/11 ≥ 0.7 met, satisfaction 2/3 < 0.8 not. Growth and retention (yearly targets) are
    // held against the 12 months 2025-04-01..2026-03-31: at the start 3 members, at the end 3 → growth 0 < 0.2, not
    // met; 2 of the 3 still active → retention 2/3 ≥ 0.6, met.
    expect(q.targets).toEqual({ growthRate: 0.2, retentionRate: 0.6, participationRate: 0.7, satisfaction: 0.8 });
    expect(q.trailing12m).toEqual({ from: '2025-04-01', to: '2026-04-01', growthRate: 0, retentionRate: 2 / 3 });
    expect(q.met).toEqual({ growthRate: false, retentionRate: true, participationRate: true, satisfaction: false });
  });

  it("each month's row is that month's monthly report, and --last in April is the first quarter", async () => {
    const q = (await c.club(['report', 'quarterly', '--quarter', '2026-Q1', '--json'], AFTER)).json();
    for (const [i, month] of ['2026-01', '2026-02', '2026-03'].entries()) {
      const m = await c.club(['report', 'monthly', '--month', month, '--json'], AFTER);
      expect(m.code, m.stderr).toBe(0);
      expect(q.months[i].kpis, month).toEqual(m.json().kpis);
    }
    const last = await c.club(['report', 'quarterly', '--last', '--json'], AFTER);
    expect(last.json()).toEqual(q);
    // --as-of: the quarter as it stood on 26 February, the same as a report made then (王芳 had not left, March had
    // not begun: two months, 李雷 new, nobody departed).
    const asOf = await c.club(['report', 'quarterly', '--quarter', '2026-Q1', '--as-of', '2026-02-26 12:00', '--json'], AFTER);
    expect(asOf.code, asOf.stderr).toBe(0);
    const then = await c.club(['report', 'quarterly', '--json'], '2026-02-26T12:00:00+08:00');
    expect(asOf.json()).toEqual(then.json());
    expect(asOf.json().months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02']);
    expect(asOf.json().kpis).toMatchObject({ newMembers: 1, departed: 0, activeEnd: 4, sessionsHeld: 3 });
  });

  it('report period clips the months at its edges and heads the report with the last day included', async () => {
    // 15 January to 17 February included: s2 (2/2) and s3 (2/3) → 4/5.
    const r = await c.club(['report', 'period', '--from', '2026-01-15', '--to', '2026-02-18', '--json'], AFTER);
    expect(r.code, r.stderr).toBe(0);
    const p = r.json();
    expect(p.months.map((m: { month: string; from: string; to: string }) => [m.month, m.from, m.to])).toEqual([
      ['2026-01', '2026-01-15', '2026-02-01'],
      ['2026-02', '2026-02-01', '2026-02-18'],
    ]);
    expect(p.kpis.participationRate).toBe(4 / 5);
    expect(p.kpis.sessionsHeld).toBe(2);
    const md = await c.club(['report', 'period', '--from', '2026-01-15', '--to', '2026-02-18'], AFTER);
    expect(md.stdout).toContain('统计区间 2026-01-15 至 2026-02-17');
    expect(md.stdout).toContain('| 参与率 | 80.0% | ≥ 70.0% | ✅ |');
  });

  it('the yearly report sums the year and lists only the months begun by its now', async () => {
    const r = await c.club(['report', 'yearly', '--json'], AFTER);
    expect(r.code, r.stderr).toBe(0);
    const y = r.json();
    expect(y.period).toEqual({ from: '2026-01-01', to: '2027-01-01', last: '2026-12-31', year: '2026' });
    expect(y.months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(y.kpis).toMatchObject({ sessionsHeld: 4, participationRate: 9 / 11, pointsIssued: 22, newMembers: 1, departed: 1 });
  });

  it('every period report and the newsletter render well-formed Markdown tables in zh and en', async () => {
    for (const kind of [['quarterly', '--last'], ['yearly'], ['period', '--from', '2026-01-15', '--to', '2026-02-18'], ['newsletter', '--month', '2026-03']]) {
      for (const lang of ['zh', 'en']) {
        const r = await c.club(['report', ...kind, '--lang', lang], kind[0] === 'newsletter' ? '2026-03-25T12:00:00+08:00' : AFTER);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout, `${kind[0]} ${lang}`).not.toMatch(/\{\{|undefined|NaN|\[object/);
        const tables = marked.lexer(r.stdout, { gfm: true }).filter((t) => t.type === 'table') as Array<{ header: unknown[]; rows: unknown[][] }>;
        expect(tables.length, `${kind[0]} ${lang}`).toBeGreaterThanOrEqual(kind[0] === 'newsletter' ? 0 : 3);
        for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.header.length);
      }
    }
  });

  it("the newsletter tells the month's sessions, what is coming with registration, new members and volunteers", async () => {
    // Made on 26 February: what was recorded later (王芳 leaving, March's hours) is not there yet.
    const r = await c.club(['report', 'newsletter', '--json'], '2026-02-26T12:00:00+08:00');
    expect(r.code, r.stderr).toBe(0);
    const n = r.json();
    expect(n.period).toMatchObject({ month: '2026-02', from: '2026-02-01', to: '2026-03-01', last: '2026-02-28' });
    // s3 held (杨洪勇 and 李雷 came); s4 was cancelled.
    expect(n.news.map((s: { id: string; attended: number }) => [s.id, s.attended])).toEqual([['s3', 2]]);
    expect(n.figures).toEqual({ sessionsHeld: 1, attended: 2, newMembers: 1, volunteerHours: 2 });
    expect(n.welcome).toEqual([{ name: '李雷', date: '2026-02-10' }]);
    expect(n.volunteers).toEqual([{ name: '杨洪勇', hours: 2, sessions: 1 }]);
    // Coming: from the 26th to the end of March: s5 only (s6 did not exist yet).
    expect(n.coming.from).toBe('2026-02-26');
    expect(n.coming.last).toBe('2026-03-31');
    expect(n.coming.sessions.map((s: { id: string }) => s.id)).toEqual(['s5']);
    expect('donors' in n).toBe(false);
    // --redact: names shortened for a newsletter posted in public.
    const redacted = (await c.club(['report', 'newsletter', '--redact', '--json'], '2026-02-26T12:00:00+08:00')).json();
    expect([redacted.welcome[0].name, redacted.volunteers[0].name]).toEqual(['李＊', '杨＊＊']);

    const march = await c.club(['report', 'newsletter', '--month', '2026-03'], '2026-03-25T12:00:00+08:00');
    expect(march.code, march.stderr).toBe(0);
    expect(march.stdout).toContain('# 读书会 月度简报 · 2026-03');
    expect(march.stdout).toContain('3 人参加');
    expect(march.stdout).toContain('## 近期活动（2026-03-25 至 2026-04-30）');
    // s6 takes registrations: one registered, no limit, open.
    expect(march.stdout).toMatch(/4月20日 周一 14:00 · 春日读书会\*\*（培训，图书馆）\n {2}报名中：已报名 1 人/);
    expect(march.stdout).toContain('- 雅风：1.5 小时（1 场活动）');
    expect(march.stdout).not.toContain('感谢捐赠者');
  });

  // Last in this club: it adds money records.
  it("thanks the month's donors once the club keeps money: an anonymous gift as 匿名, a gift recorded later not yet", async () => {
    const ok = async (argv: string[], now: string) => {
      const r = await c.club(argv, now);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    };
    await ok(['donor', 'add', '星光书店', '--organisation'], '2026-03-02T09:00:00+08:00');
    await ok(['donation', 'add', '星光书店', '--amount', '500', '--date', '2026-03-02', '--purpose', '购书'], '2026-03-02T09:01:00+08:00');
    await ok(['donation', 'add', '雅风', '--amount', '88.80', '--date', '2026-03-05', '--anonymous'], '2026-03-05T09:00:00+08:00');
    await ok(['donation', 'add', '星光书店', '--in-kind', '书签 50 枚', '--date', '2026-03-20'], '2026-03-26T09:00:00+08:00');
    await ok(['donation', 'add', '星光书店', '--amount', '10', '--date', '2026-02-27'], '2026-03-02T09:02:00+08:00');
    const n = (await c.club(['report', 'newsletter', '--month', '2026-03', '--json'], '2026-03-25T12:00:00+08:00')).json();
    expect(n.donors).toEqual([
      { name: '星光书店', amount: '500.00', inKind: null },
      { name: '匿名', amount: '88.80', inKind: null },
    ]);
    const text = (await c.club(['report', 'newsletter', '--month', '2026-03', '--redact'], '2026-03-27T12:00:00+08:00')).stdout;
    expect(text).toContain('## 感谢捐赠者');
    expect(text).toContain('- 星＊＊＊：500.00');
    expect(text).toContain('- 匿名：88.80');
    expect(text).toContain('（书签 50 枚）');
    expect(text).not.toContain('雅风：88');
  });
}

describe('quarterly report against a hand count, folder store', () => quarterHandCount(folderClub));
describePg('quarterly report against a hand count, database store', () => quarterHandCount(databaseClub));

describe('--last on quarter and year boundaries in Asia/Shanghai', () => {
  const t = tempDir('club-periods-last-');
  const club = (argv: string[], now: string) => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh' } });
  // 23:30 on 31 December in Shanghai is 15:30 UTC the same day; 00:30 on 1 January is still 31 December in UTC.
  const NEW_YEARS_EVE = '2026-12-31T23:30:00+08:00';
  const NEW_YEARS_NIGHT = '2027-01-01T00:30:00+08:00';
  beforeAll(async () => {
    for (const [argv, now] of [
      [INIT, '2026-09-01T09:00:00+08:00'],
      [['member', 'add', '杨洪勇', '--joined', '2026-09-01'], '2026-09-01T09:01:00+08:00'],
      // s1 starts at 23:00 on 31 December (15:00 UTC): the last quarter of 2026. s2 at 00:15 on 1 January (16:15 UTC
      // on 31 December): the first quarter of 2027.
      [['session', 'add', '跨年夜读', '--at', '2026-12-31 23:00', '--duration', '20'], '2026-12-01T09:00:00+08:00'],
      [['session', 'add', '新年第一读', '--at', '2027-01-01 00:15', '--duration', '10'], '2026-12-01T09:01:00+08:00'],
    ] as const) {
      const r = await club([...argv], now);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(() => t.cleanup());
  const period = async (argv: string[], now: string) => {
    const r = await club([...argv, '--json'], now);
    expect(r.code, r.stderr).toBe(0);
    return r.json();
  };

  it('at 23:30 on 31 December the current quarter and year are still 2026; --last is Q3 and 2025', async () => {
    expect((await period(['report', 'quarterly'], NEW_YEARS_EVE)).period.quarter).toBe('2026-Q4');
    expect((await period(['report', 'quarterly', '--last'], NEW_YEARS_EVE)).period).toEqual({ from: '2026-07-01', to: '2026-10-01', last: '2026-09-30', quarter: '2026-Q3' });
    expect((await period(['report', 'yearly'], NEW_YEARS_EVE)).period.year).toBe('2026');
    expect((await period(['report', 'yearly', '--last'], NEW_YEARS_EVE)).period).toEqual({ from: '2025-01-01', to: '2026-01-01', last: '2025-12-31', year: '2025' });
    // The 23:00 session has begun and is the quarter's one session held.
    expect((await period(['report', 'quarterly'], NEW_YEARS_EVE)).kpis.sessionsHeld).toBe(1);
  });

  it('at 00:30 on 1 January (still 31 December in UTC) --last is 2026-Q4 and 2026, and holds only the 23:00 session', async () => {
    expect((await period(['report', 'quarterly'], NEW_YEARS_NIGHT)).period.quarter).toBe('2027-Q1');
    const q = await period(['report', 'quarterly', '--last'], NEW_YEARS_NIGHT);
    expect(q.period).toEqual({ from: '2026-10-01', to: '2027-01-01', last: '2026-12-31', quarter: '2026-Q4' });
    expect(q.kpis.sessionsHeld).toBe(1);
    expect(q.months.map((m: { month: string }) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    const y = await period(['report', 'yearly', '--last'], NEW_YEARS_NIGHT);
    expect(y.period.year).toBe('2026');
    expect(y.kpis.sessionsHeld).toBe(1);
    // The 00:15 session belongs to 2027.
    expect((await period(['report', 'yearly'], NEW_YEARS_NIGHT)).kpis.sessionsHeld).toBe(1);
    expect((await period(['report', 'quarterly'], NEW_YEARS_NIGHT)).months.map((m: { month: string }) => m.month)).toEqual(['2027-01']);
  });

  it('a bad --quarter or --year, and --to not after --from, exit 2', async () => {
    for (const argv of [
      ['report', 'quarterly', '--quarter', '2026-Q5'],
      ['report', 'yearly', '--year', '26'],
      ['report', 'period', '--from', '2026-12-01', '--to', '2026-12-01'],
      ['report', 'period', '--from', '2026-12-01'],
    ]) {
      const r = await club(argv, NEW_YEARS_EVE);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--quarter|--year|--to|--from/);
    }
  });
});

describe('period report templates', () => {
  it('eject copies quarterly.zh into the store, and the report then renders the override', async () => {
    const t = tempDir('club-periods-tpl-');
    const club = (argv: string[]) => run(t.dir, argv, { now: '2026-04-10T10:00:00+08:00', env: { CLUB_LANG: 'zh' } });
    try {
      expect((await club(INIT)).code).toBe(0);
      const eject = await club(['template', 'eject', 'quarterly.zh']);
      expect(eject.code, eject.stderr).toBe(0);
      const file = join(t.dir, '.club', 'templates', 'quarterly.zh.md.hbs');
      writeFileSync(file, `# 我们的季报 {{period.quarter}}\n${readFileSync(file, 'utf8')}`);
      const r = await club(['report', 'quarterly', '--last']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^# 我们的季报 2026-Q1\n# 读书会 季度报告 · 2026-Q1/);
      const listed = (await club(['template', 'list', '--json'])).json() as Array<{ name: string; source: string }>;
      expect(listed.filter((x) => x.source === 'override').map((x) => x.name)).toEqual(['quarterly.zh']);
      expect(listed.map((x) => x.name)).toEqual(expect.arrayContaining(['yearly.en', 'period.zh', 'newsletter.en']));
    } finally {
      t.cleanup();
    }
  });
});
