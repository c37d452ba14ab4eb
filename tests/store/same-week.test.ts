// The same week on both stores: one scripted week of a club (CJK members and contacts, a weekly series, check-ins
// with late and leave, points, a reward, a survey, tasks, reports) run in-process on a folder store and on a database
// store with the same clock per step. What the club prints about that week must not depend on where it is kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, type TestDatabase } from '../helpers/pg.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

const SURVEY = SPEC_SURVEY;

/** The week: each step's argv and the clock it runs at (Asia/Shanghai). */
const WEEK: Array<[string, string[]]> = [
  ['2026-03-01T10:00:00+08:00', ['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--qq', '1023919001', '--phone', '+86 138 0000 0001', '--city', '荆州', '--tag', '读书']],
  ['2026-03-01T10:01:00+08:00', ['member', 'add', '雅风', '--email', 'yafeng@example.org', '--wechat', 'yafeng_88', '--city', '武汉']],
  ['2026-03-01T10:02:00+08:00', ['member', 'apply', '李雷', '--referrer', '杨洪勇', '--qq', '987654321']],
  ['2026-03-01T10:03:00+08:00', ['member', 'approve', '李雷']],
  ['2026-03-01T10:04:00+08:00', ['member', 'add', '韩梅梅', '--phone', '+86 139 0000 0002', '--tag', '摄影']],
  ['2026-03-01T10:05:00+08:00', ['member', 'add', '王小明', '--email', 'xm@example.org']],
  ['2026-03-01T10:06:00+08:00', ['session', 'add', '周二读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--until', '2026-03-12']],
  ['2026-03-01T10:07:00+08:00', ['reward', 'add', '购书卡', '--cost', '10', '--stock', '5']],
  ['2026-03-01T10:08:00+08:00', ['survey', 'create', '--from', 'survey.json']],
  ['2026-03-01T10:09:00+08:00', ['survey', 'open', 'v1']],
  ['2026-03-02T09:00:00+08:00', ['task', 'add', '整理3月读书笔记', '--owner', '雅风', '--due', '2026-03-06']],
  ['2026-03-02T09:01:00+08:00', ['task', 'add', '订会议室', '--session', 's2', '--due', '2026-03-04']],
  ['2026-03-03T21:35:00+08:00', ['checkin', 's1', '杨洪勇', '雅风', '李雷']],
  ['2026-03-03T21:58:00+08:00', ['checkin', 's1', '韩梅梅']],
  ['2026-03-04T08:00:00+08:00', ['leave', '雅风', '--session', 's2', '--reason', '出差']],
  ['2026-03-04T09:00:00+08:00', ['session', 'done', 's1']],
  ['2026-03-05T21:31:00+08:00', ['checkin', 's2', '杨洪勇', '李雷']],
  ['2026-03-05T21:50:00+08:00', ['checkin', 's2', '韩梅梅', '--status', 'late']],
  ['2026-03-06T10:00:00+08:00', ['points', 'add', '雅风', '10', '--reason', '分享读书笔记']],
  ['2026-03-06T10:01:00+08:00', ['points', 'deduct', '王小明', '2', '--reason', '无故缺席']],
  ['2026-03-06T10:02:00+08:00', ['reward', 'redeem', '雅风', '购书卡']],
  ['2026-03-06T11:00:00+08:00', ['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1": 5, "q2": 9, "q3": "读书分享", "q4": ["讲座"], "q5": "多组织线下活动"}']],
  ['2026-03-06T11:05:00+08:00', ['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1": 4, "q2": 6, "q3": "主题讨论", "q4": ["讲座", "展览"]}']],
  ['2026-03-07T09:00:00+08:00', ['task', 'done', 't6']],
];

const END = '2026-03-08T22:00:00+08:00';
/** What is compared: the --json of these, and the reports. */
const VIEWS: string[][] = [
  ['member', 'list', '--json'],
  ['points', 'leaderboard', '--json'],
  ['attendance', '--json'],
  ['survey', 'results', 'v1', '--json'],
  ['task', 'list', '--json'],
  ['report', 'weekly'],
  ['report', 'monthly', '--json'],
];

interface Club {
  location: string;
  club(argv: string[], now: string): Promise<RunResult>;
}

async function weekOn(club: Club): Promise<{ steps: string[]; views: string[] }> {
  const steps: string[] = [];
  for (const [now, argv] of WEEK) {
    const r = await club.club(argv, now);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    steps.push(normalise(r.stdout, club.location));
  }
  const views: string[] = [];
  for (const argv of VIEWS) {
    const r = await club.club(argv, END);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    views.push(normalise(r.stdout, club.location));
  }
  return { steps, views };
}

const normalise = (text: string, location: string): string => text.split(location).join('<store>');

describePg('the same week on a folder store and on a database store', () => {
  let d: TestDatabase;
  const temps: Array<() => void> = [];
  let folder: { steps: string[]; views: string[] };
  let database: { steps: string[]; views: string[] };

  beforeAll(async () => {
    const f = tempDir('club-week-folder-');
    const p = tempDir('club-week-pg-');
    temps.push(f.cleanup, p.cleanup);
    for (const dir of [f.dir, p.dir]) writeFileSync(join(dir, 'survey.json'), JSON.stringify(SURVEY));
    const env = { CLUB_LANG: 'zh' };
    const init = ['--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];
    const fi = await run(f.dir, ['init', ...init], { now: WEEK[0]![0], env });
    if (fi.code !== 0) throw new Error(`init: ${fi.stderr}`);
    d = await newDatabase('week');
    const pi = await run(p.dir, ['init', '--store', d.url(), ...init], { now: WEEK[0]![0], env });
    if (pi.code !== 0) throw new Error(`init --store: ${pi.stderr}`);
    folder = await weekOn({ location: join(f.dir, '.club'), club: (argv, now) => run(f.dir, argv, { now, env }) });
    const location = (await run(p.dir, ['store', 'info', '--json'], { now: END, env: { ...env, CLUB_STORE: d.url() } })).json().location as string;
    database = await weekOn({ location, club: (argv, now) => run(p.dir, argv, { now, env: { ...env, CLUB_STORE: d.url() } }) });
  });
  afterAll(async () => {
    for (const c of temps) c();
    if (d) await dropDatabase(d.db);
  });

  it.each(VIEWS.map((argv, i) => [argv.join(' '), i] as const))('prints the same `club %s`', (_name, i) => {
    expect(database.views[i]).toBe(folder.views[i]);
    expect(folder.views[i]!.length).toBeGreaterThan(20);
  });

  it('prints the same thing at every step of the week', () => {
    expect(database.steps).toEqual(folder.steps);
  });

  it('holds the week in what it compares (not two empty clubs)', () => {
    const members = JSON.parse(folder.views[0]!) as Array<{ name: string }>;
    expect(members.map((m) => m.name)).toEqual(['杨洪勇', '雅风', '李雷', '韩梅梅', '王小明']);
    const results = JSON.parse(folder.views[3]!) as { responses: number };
    expect(results.responses).toBe(2);
    expect(folder.views[5]).toContain('读书会');
    const monthly = JSON.parse(folder.views[6]!) as Record<string, unknown>;
    expect(Object.keys(monthly).length).toBeGreaterThan(3);
  });
});
