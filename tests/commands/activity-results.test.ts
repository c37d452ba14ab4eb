// `activity evaluate` against a hand count, and the `activity results` announcement, on a folder store and on a
// database store. Members, sessions, check-ins, points and the survey go through the commands; plans,
// registrations, staff duties and hours (other commands' work) are written through the Store interface.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityPlan, HoursEntry, Registration, StaffDuty } from '../../src/core/activities/types.js';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { dropDatabase, newDatabase, newLogin, pgSkipReason } from '../helpers/pg.js';
import { freshClub, run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

const SETUP = '2026-01-02T10:00:00+08:00';
const LATER = '2026-04-01T10:00:00+08:00';

interface Club {
  kind: 'folder' | 'postgres';
  dir: string;
  club(argv: string[], o?: RunOptions): Promise<RunResult>;
  open(now?: string): Promise<Store>;
  /** Runs `club` as a viewer (a database login with the viewer role); null on a folder store. */
  asViewer: ((argv: string[]) => Promise<RunResult>) | null;
  cleanup(): Promise<void>;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-act-results-');
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: SETUP });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    kind: 'folder',
    dir: t.dir,
    club: (argv, o = {}) => run(t.dir, argv, { now: LATER, ...o }),
    open: (now = LATER) => openStore({ flag: undefined, env: {}, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(now), warn: () => undefined }),
    asViewer: null,
    cleanup: async () => t.cleanup(),
  };
}

async function databaseClub(): Promise<Club> {
  const d = await newDatabase('actresults');
  const t = tempDir('club-act-results-pg-');
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: SETUP });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const viewer = await newLogin('actviewer');
  const grant = await run(t.dir, ['access', 'grant', viewer.user, '--role', 'viewer'], { now: SETUP, env: { CLUB_STORE: d.url() } });
  if (grant.code !== 0) throw new Error(`grant failed: ${grant.stderr}`);
  return {
    kind: 'postgres',
    dir: t.dir,
    club: (argv, o = {}) => run(t.dir, argv, { now: LATER, ...o, env: { CLUB_STORE: d.url(), ...o.env } }),
    open: (now = LATER) =>
      openStore({ flag: undefined, env: { CLUB_STORE: d.url() }, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(now), warn: () => undefined }),
    asViewer: (argv) => run(t.dir, argv, { now: LATER, env: { CLUB_STORE: d.url(viewer.user, viewer.password) } }),
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const STORES: Array<[string, () => Promise<Club>]> = [
  ['a folder store', folderClub],
  [pgSkipReason() === null ? 'a database store' : `a database store (skipped: ${pgSkipReason()})`, databaseClub],
];

// Sixteen members; m13 and m14 are the staff, m15 and m16 carry hostile names.
const NAMES = ['杨洪勇', '雅风', '李雷', '韩梅梅', '王小明', '张三', '李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十', '郑十一'];
const HOSTILE = ['**x**', '[a](http://evil.example)'];

const plan = (capacity: number | null): ActivityPlan => ({
  theme: '春季辩论赛',
  form: null,
  content: null,
  participation: null,
  rewards: null,
  resources: null,
  risks: [],
  capacity,
  registrationDeadline: null,
  eligibility: { minPoints: null, minDaysMember: null, roles: [] },
  budget: [],
});
const approved = (sessionId: string, capacity: number | null): Activity => ({
  sessionId,
  status: 'approved',
  plan: plan(capacity),
  history: [{ step: 'approve', by: 'leader', at: SETUP, comment: null }],
});
const registration = (sessionId: string, n: number, status: Registration['status'], extra: Partial<Registration> = {}): Registration => ({
  sessionId,
  memberId: `m${n}`,
  status,
  at: `2026-03-0${1 + Math.floor(n / 10)}T10:${String(n).padStart(2, '0')}:00+08:00`,
  note: null,
  source: 'manual',
  by: null,
  promotedAt: null,
  cancelledAt: null,
  ...extra,
});

describe.each(STORES)('activity evaluate and results on %s', (name, make) => {
  if (name.includes('(skipped:')) return void it.skip(`needs PostgreSQL (${pgSkipReason() ?? 'not available'})`, () => undefined);
  let c: Club;
  async function ok(argv: string[], now = LATER, o: RunOptions = {}): Promise<RunResult> {
    const r = await c.club(argv, { now, ...o });
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  beforeAll(async () => {
    c = await make();
    for (const n of [...NAMES, ...HOSTILE]) await ok(['member', 'add', n, '--joined', '2026-01-01'], SETUP);
    // Competitions: s1..s3 and s5 held, s4 cancelled, s6 the one evaluated, s7 a later one; s8 a discussion.
    const competitions: Array<[string, string]> = [
      ['冬季赛', '2026-01-10 14:00'],
      ['寒假赛', '2026-02-07 14:00'],
      ['元宵赛', '2026-02-21 14:00'],
      ['取消的比赛', '2026-02-28 14:00'],
      ['三月预赛', '2026-03-07 14:00'],
      ['春季辩论赛', '2026-03-14 14:00'],
      ['四月赛', '2026-04-11 14:00'],
    ];
    for (const [title, at] of competitions) await ok(['session', 'add', title, '--at', at, '--type', 'competition', '--duration', '180', '--place', '社区活动中心'], SETUP);
    await ok(['session', 'add', '读书分享', '--at', '2026-03-10 20:00', '--type', 'discussion', '--host', HOSTILE[1]!], SETUP);
    await ok(['session', 'edit', 's6', '--host', '吴十'], SETUP);

    const store = await c.open(SETUP);
    try {
      await store.update(['activities', 'registrations', 'staff', 'hours'], (draft) => {
        draft.activities = [approved('s1', null), approved('s2', null), approved('s3', null), approved('s5', 10), approved('s6', 8), approved('s7', 8)];
        draft.registrations = [
          // s6: 12 sign up for 8 places; m3 and m5 cancel, m9 and m10 are promoted; m11 and m12 still wait.
          ...[1, 2, 4, 6, 7, 8].map((n) => registration('s6', n, 'registered')),
          ...[3, 5].map((n) => registration('s6', n, 'cancelled', { cancelledAt: '2026-03-10T09:00:00+08:00' })),
          ...[9, 10].map((n) => registration('s6', n, 'registered', { promotedAt: '2026-03-10T09:00:00+08:00' })),
          ...[11, 12].map((n) => registration('s6', n, 'waitlisted')),
          // s5: five registered for ten places.
          ...[1, 2, 3, 4, 5].map((n) => registration('s5', n, 'registered')),
        ];
        const duty = (sessionId: string, memberId: string, text: string): StaffDuty => ({ sessionId, memberId, duty: text, at: SETUP, by: null });
        draft.staff = [duty('s6', 'm13', '主持'), duty('s6', 'm14', '摄影'), duty('s8', 'm16', '[click](http://evil.example) **now**')];
        const hours = (id: string, memberId: string, sessionId: string, h: number): HoursEntry => ({ id, memberId, sessionId, hours: h, duty: null, at: SETUP, by: null });
        draft.hours = [hours('h1', 'm13', 's6', 2.5), hours('h2', 'm14', 's6', 1.5), hours('h3', 'm13', 's5', 3)];
        draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, hours: 3 } };
        return { result: null, audit: { summary: 'test data' } };
      });
    } finally {
      await store.close();
    }

    // s5: four of the five come; s3: two come without registering.
    await ok(['checkin', 's5', 'm1', 'm2', 'm3', 'm4'], '2026-03-07T14:05:00+08:00');
    await ok(['checkin', 's3', 'm1', 'm2'], '2026-02-21T14:05:00+08:00');
    for (const s of ['s1', 's2', 's3', 's5']) await ok(['session', 'done', s], '2026-03-08T10:00:00+08:00');
    await ok(['session', 'cancel', 's4', '--reason', '场地冲突'], '2026-02-20T10:00:00+08:00');
    // s6: seven of the eight registered come (m9 late), m10 does not.
    await ok(['checkin', 's6', 'm1', 'm2', 'm4', 'm6', 'm7', 'm8'], '2026-03-14T14:02:00+08:00');
    await ok(['checkin', 's6', 'm9', '--status', 'late'], '2026-03-14T14:30:00+08:00');
    await ok(['best', 'set', 's6', '杨洪勇', '雅风'], '2026-03-14T17:10:00+08:00');
    await ok(['session', 'done', 's6'], '2026-03-14T17:15:00+08:00');
    await ok(['reward', 'add', '奖杯', '--cost', '4', '--stock', '3'], '2026-03-14T17:20:00+08:00');
    await ok(['reward', 'redeem', '杨洪勇', '奖杯'], '2026-03-14T17:25:00+08:00');
    // The linked survey: answers on day 2 and day 7 count, day 9 does not; an unlinked survey never counts.
    const dir = c.dir;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, 'after.json'),
      JSON.stringify({ title: '赛后问卷', questions: [{ id: 'q1', type: 'rating', text: '满意度', scale: 5, satisfaction: true }, { id: 'q2', type: 'nps', text: '推荐' }] }),
    );
    expect((await ok(['survey', 'create', '--from', 'after.json', '--session', 's6', '--json'], '2026-03-14T18:00:00+08:00')).json().sessionId).toBe('s6');
    await ok(['survey', 'create', '--from', 'after.json'], '2026-03-14T18:01:00+08:00');
    for (const v of ['v1', 'v2']) await ok(['survey', 'open', v], '2026-03-14T18:02:00+08:00');
    const answer = (v: string, m: string, q1: number, q2: number, at: string) => ok(['survey', 'answer', v, '--member', m, '--answers', JSON.stringify({ q1, q2 })], at);
    await answer('v1', 'm1', 5, 10, '2026-03-16T10:00:00+08:00');
    await answer('v1', 'm2', 4, 9, '2026-03-16T11:00:00+08:00');
    await answer('v1', 'm4', 2, 3, '2026-03-16T12:00:00+08:00');
    await answer('v1', 'm7', 3, 7, '2026-03-21T23:30:00+08:00');
    await answer('v1', 'm6', 1, 0, '2026-03-23T10:00:00+08:00');
    await answer('v2', 'm8', 1, 0, '2026-03-16T10:00:00+08:00');
    // s8: the hostile names attend, one is best performer, one is staff.
    await ok(['checkin', 's8', 'm15', 'm16'], '2026-03-10T20:05:00+08:00');
    await ok(['best', 'set', 's8', 'm15'], '2026-03-10T21:00:00+08:00');
    await ok(['session', 'done', 's8'], '2026-03-10T21:30:00+08:00');
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
  });

  it('evaluates the activity as counted by hand', async () => {
    const e = (await ok(['activity', 'evaluate', 's6', '--json'])).json();
    expect(Object.keys(e).slice(0, 4)).toEqual(['session', 'title', 'type', 'date']);
    expect(e).toMatchObject({
      session: 's6',
      title: '春季辩论赛',
      type: 'competition',
      date: '2026-03-14',
      registered: 8,
      waitlisted: 2,
      attended: 7,
      noShows: 1,
      capacity: 8,
      fillRate: 1,
      attendanceRate: 7 / 8,
      // Day 2 (5, 4, 2) and day 7 (3) count; day 9 does not: 2 of 4 satisfied; promoters 2, detractors 1 of 4.
      satisfaction: 0.5,
      nps: 25,
      responses: 4,
      staffHours: 4,
      cost: '0.00',
      costPerAttendee: '0.00',
      walkIns: 0,
      surveys: ['v1'],
      surveyWindow: { from: '2026-03-14', to: '2026-03-22' },
    });
    const keys = ['session', 'registered', 'waitlisted', 'attended', 'noShows', 'capacity', 'fillRate', 'attendanceRate', 'satisfaction', 'nps', 'responses', 'staffHours', 'cost', 'costPerAttendee', 'previousOfType'];
    for (const key of keys) expect(e).toHaveProperty(key);
  });

  it('compares with the last three held competitions, newest first, skipping the cancelled one', async () => {
    const e = (await ok(['activity', 'evaluate', 's6', '--json'])).json();
    expect(e.previousOfType.map((p: { session: string }) => p.session)).toEqual(['s5', 's3', 's2']);
    expect(e.previousOfType[0]).toMatchObject({ session: 's5', registered: 5, attended: 4, noShows: 1, capacity: 10, fillRate: 0.5, attendanceRate: 0.8, staffHours: 3, responses: 0, satisfaction: null });
    expect(e.previousOfType[1]).toMatchObject({ session: 's3', registered: 0, attended: 2, walkIns: 2, noShows: 0, capacity: null, fillRate: null, attendanceRate: null });
    expect(e.previousOfType[0]).not.toHaveProperty('previousOfType');
    expect(e.previousAverage).toMatchObject({ registered: 5 / 3, attended: 2, fillRate: 0.5, attendanceRate: 0.8, satisfaction: null, staffHours: 1 });
  });

  it('shows the evaluation as a table in the club language, percentages to one decimal, against the average', async () => {
    const r = await ok(['activity', 'evaluate', 's6']);
    const lines = r.stdout.split('\n');
    const row = (label: string) =>
      lines
        .find((l) => l.startsWith(`│ ${label} `))
        ?.split('│')
        .slice(1, -1)
        .map((cell) => cell.trim());
    expect(row('报满率')).toEqual(['报满率', '100.0%', '50.0%', '+50.0 pp']);
    expect(row('到场率')).toEqual(['到场率', '87.5%', '80.0%', '+7.5 pp']);
    expect(row('报名未到')).toEqual(['报名未到', '1', '0.3', '+0.7']);
    expect(row('NPS')).toEqual(['NPS', '25.0', '-', '-']);
    expect(r.stdout).toContain('前 3 次平均');
    expect(lines[0]).toBe('春季辩论赛 s6  比赛 · 2026-03-14 · 已举行');
    expect(r.stdout).toContain('问卷 v1：统计 2026-03-14 至 2026-03-21 提交的回答');
    expect(r.stdout).toMatch(/对比前 3 场已举行的比赛活动：\n {2}s5 2026-03-07 三月预赛\n {2}s3 2026-02-21 元宵赛\n {2}s2 2026-02-07 寒假赛/);
  });

  it('writes the results announcement in Chinese', async () => {
    const r = await ok(['activity', 'results', 's6']);
    expect(r.stderr).toBe('');
    const md = r.stdout;
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 读书会｜春季辩论赛 活动结果');
    expect(lines).toContain('- 时间：2026-03-14 周六 14:00–17:00');
    expect(lines).toContain('- 地点：社区活动中心');
    expect(lines).toContain('- 主题：春季辩论赛');
    expect(lines).toContain('报名 8 人（名额 8 个，另有候补 2 人），实到 7 人。');
    expect(lines).toContain('**参与者：**杨洪勇、雅风、韩梅梅、张三、李四、王五、赵六');
    expect(md).toMatch(/## 获奖名单\n\n- 杨洪勇\n- 雅风\n/);
    expect(lines).toContain('| 杨洪勇 | 5 | 出席 2，最佳表现 3 |');
    expect(lines).toContain('| 吴十 | 5 | 主持 5 |');
    expect(lines).toContain('| 赵六 | 1 | 出席 1 |');
    expect(lines).toContain('**当天兑换：**杨洪勇，奖杯（4 分）');
    expect(lines).toContain('- 吴十：主持（2.5 小时）');
    expect(lines).toContain('- 郑十一：摄影（1.5 小时）');
    expect(lines).toContain('志愿服务共 4 小时。');
    expect(md).not.toContain('钱七、'); // the no-show is not a participant
  });

  it('writes it in English with --lang en, and --json prints what the template gets', async () => {
    const md = (await ok(['activity', 'results', 's6', '--lang', 'en'])).stdout;
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 读书会 · 春季辩论赛: results');
    expect(lines).toContain('- When: 2026-03-14 Sat 14:00–17:00');
    expect(lines).toContain('8 registered for 8 places, 2 more on the waitlist; 7 attended.');
    expect(md).toMatch(/## Winners\n\n- 杨洪勇\n- 雅风\n/);
    expect(lines).toContain('| 杨洪勇 | 5 | attendance 2, best performer 3 |');
    expect(lines).toContain('- 吴十: 主持 (2.5 h)');
    expect(lines).toContain('4 volunteer hours in all.');
    const data = (await ok(['activity', 'results', 's6', '--json'])).json();
    expect(data.figures).toEqual({ registered: 8, waitlisted: 2, attended: 7, capacity: 8 });
    expect(data.best.map((b: { memberId: string }) => b.memberId)).toEqual(['m1', 'm2']);
  });

  it('writes --out atomically, the same Markdown as stdout', async () => {
    const r = await ok(['activity', 'results', 's6', '--out', 'results.md']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('results.md');
    expect(readFileSync(join(c.dir, 'results.md'), 'utf8')).toBe((await ok(['activity', 'results', 's6'])).stdout);
  });

  it('prints hostile names and duties as literal text (a GFM parser finds no emphasis and no link)', async () => {
    const md = (await ok(['activity', 'results', 's8'])).stdout;
    const html = marked.parse(md, { gfm: true, async: false }) as string;
    expect(html).not.toMatch(/<a |href=|<em>/i);
    expect(html.match(/<strong>.*?<\/strong>/g)).toEqual(['<strong>参与者：</strong>']);
    expect(html).toContain('**x**');
    expect(html).toContain('[a](http://evil.example)');
    expect(html).toContain('[click](http://evil.example) **now**');
    expect(md).toMatch(/## 最佳表现\n\n- \\\*\\\*x\\\*\\\*\n/);
  });

  it('warns on stderr when the session is not held yet', async () => {
    const r = await ok(['activity', 'results', 's7']);
    expect(r.stderr).toContain('s7 尚未标记为已举行');
    expect(r.stdout.split('\n')[0]).toBe('# 读书会｜四月赛 活动结果');
  });

  it('takes an ejected results template from the store', async () => {
    expect((await ok(['template', 'eject', 'results.zh'])).code).toBe(0);
    expect((await ok(['template', 'list', '--json'])).json().find((t: { name: string }) => t.name === 'results.zh').source).toBe('override');
  });

  it('refuses a survey for a session that does not exist, creating nothing', async () => {
    const before = (await ok(['survey', 'list', '--json'])).json().length;
    const r = await c.club(['survey', 'create', '--from', 'after.json', '--session', 's99']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('s99');
    expect((await ok(['survey', 'list', '--json'])).json()).toHaveLength(before);
    const listed = (await ok(['survey', 'list', '--json'])).json();
    expect(listed.map((s: { sessionId: string | null }) => s.sessionId)).toEqual(['s6', null]);
    expect((await ok(['survey', 'show', 'v1', '--json'])).json().sessionId).toBe('s6');
  });

  it('lets a viewer evaluate and read the results (database store)', async () => {
    if (!c.asViewer) return;
    const e = await c.asViewer(['activity', 'evaluate', 's6', '--json']);
    expect(e.code).toBe(0);
    expect(e.json().registered).toBe(8);
    const r = await c.asViewer(['activity', 'results', 's6']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('实到 7 人');
  });
});

describe('survey create --session at a terminal', () => {
  it('links the survey the builder makes to the session', async () => {
    const { club, cleanup } = await freshClub();
    try {
      expect((await club(['session', 'add', '春季辩论赛', '--at', '2026-03-14 14:00', '--type', 'competition'], { now: SETUP })).code).toBe(0);
      const answers = ['赛后问卷', false, 'rating', '满意度', '5', true, true, 'done'];
      const r = await club(['survey', 'create', '--session', 's1'], { now: SETUP, tty: true, answers });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('关联活动 s1 春季辩论赛');
      expect((await club(['survey', 'show', 'v1', '--json'], { now: SETUP })).json()).toMatchObject({ title: '赛后问卷', sessionId: 's1' });
      // A session that does not exist: refused before the builder asks anything, and nothing is created.
      const offered: unknown[] = [];
      const refused = await club(['survey', 'create', '--session', 's2'], { now: SETUP, tty: true, answers: [...answers], offered });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('s2');
      expect(offered).toEqual([]);
      expect((await club(['survey', 'list', '--json'], { now: SETUP })).json()).toHaveLength(1);
    } finally {
      cleanup();
    }
  });
});
