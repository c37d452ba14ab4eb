// Issue #19, "done when": two admins and a clerk, three database logins on one PostgreSQL, run a week of the reading
// group in parallel from three shells; the result equals the same week on a folder store, and the audit log names
// the real logins. The built CLI, as three people's shells run it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, newLogin } from '../helpers/pg.js';
import type { Login, TestDatabase } from '../helpers/pg.js';
import { clubOk, clubProcess } from '../helpers/spawn.js';

const SURVEY = `title: 本周满意度
questions:
  - id: q1
    type: rating
    text: 你对本周读书会满意吗
    required: true
    satisfaction: true
  - id: q2
    type: nps
    text: 你会推荐给朋友吗
    required: true
`;

/** Who runs a step: the store and environment of one person. */
interface Person {
  name: string;
  /** --store: clubProcess keeps CLUB_STORE out of the child's environment. */
  store: string;
  env: Record<string, string>;
}

type Step = string[];

const T0 = '2026-12-07T09:00:00+08:00';
const T1 = '2026-12-13T23:00:00+08:00';
const T2 = '2026-12-14T10:00:00+08:00';

const setup: Step[] = [
  ['member', 'add', '杨洪勇', '--phone', '13800138000', '--qq', '12345678', '--nick', '荆州+杨洪勇'],
  ['member', 'add', '雅风', '--wechat', 'yafeng88'],
  ['member', 'add', '王芳', '--email', 'wangfang@example.org'],
  ['member', 'add', '李雷', '--phone', '13900139000'],
  ['member', 'add', '韩梅梅', '--qq', '87654321'],
  ['session', 'add', '读书会', '--at', '2026-12-08 21:30', '--repeat', 'weekly', '--on', 'tue,thu,sat', '--until', '2026-12-13', '--type', 'reading'],
  ['reward', 'add', '购书卡', '--cost', '3', '--stock', '3'],
  ['survey', 'create', '--from', 'survey.yaml'],
  ['survey', 'open', 'v1'],
];

// The three shells of the week, run at once. Each person's steps are in order; between people, any order.
const admin1: Step[] = [
  ['points', 'add', '杨洪勇', '3', '--reason', '领读'],
  ['points', 'add', '雅风', '3', '--reason', '领读'],
  ['reward', 'redeem', '杨洪勇', '购书卡'],
  ['task', 'add', '整理书单', '--due', '2026-12-15'],
  ['task', 'add', '联系场地', '--due', '2026-12-16'],
  ['member', 'warn', '韩梅梅', '--reason', '连续缺席'],
  ['points', 'deduct', '李雷', '1', '--reason', '迟交笔记'],
];
const admin2: Step[] = [
  ['session', 'done', 's1'],
  ['session', 'done', 's2'],
  ['session', 'done', 's3'],
];
const clerk: Step[] = [
  ['checkin', 's1', '杨洪勇', '雅风', '王芳', '--at', '2026-12-08 21:30'],
  ['checkin', 's1', '李雷', '--status', 'late'],
  ['leave', '韩梅梅', '--session', 's2', '--reason', '出差'],
  ['checkin', 's2', '杨洪勇', '雅风', '--at', '2026-12-10 21:30'],
  ['checkin', 's3', '杨洪勇', '王芳', '--at', '2026-12-12 21:50'],
  ['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1": 5, "q2": 9}'],
  ['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1": 4, "q2": 10}'],
];

const reads: Record<string, Step> = {
  members: ['member', 'list', '--json'],
  leaderboard: ['points', 'leaderboard', '--json'],
  attendance: ['attendance', '--json'],
  sessions: ['session', 'list', '--json'],
  tasks: ['task', 'list', '--json'],
  results: ['survey', 'results', 'v1', '--json'],
  weekly: ['report', 'weekly', '--week', '2026-W50', '--json'],
  monthly: ['report', 'monthly', '--month', '2026-12', '--json'],
  weeklyText: ['report', 'weekly', '--week', '2026-W50'],
};

async function runAll(cwd: string, who: Person, steps: Step[], now: string): Promise<void> {
  for (const step of steps) await clubOk(cwd, ['--store', who.store, ...step], { ...who.env, CLUB_NOW: now });
}

/** The week for these four people; returns every read's output. */
async function week(cwd: string, owner: Person, a1: Person, a2: Person, c: Person): Promise<Record<string, string>> {
  writeFileSync(join(cwd, 'survey.yaml'), SURVEY);
  await runAll(cwd, owner, setup, T0);
  await Promise.all([runAll(cwd, a1, admin1, T1), runAll(cwd, a2, admin2, T1), runAll(cwd, c, clerk, T1)]);
  const out: Record<string, string> = {};
  for (const [name, step] of Object.entries(reads)) out[name] = (await clubOk(cwd, ['--store', owner.store, ...step], { ...owner.env, CLUB_NOW: T2 })).stdout;
  return out;
}

describePg('a week of the reading group by three logins in parallel (issue #19)', () => {
  let dir: string;
  let db: TestDatabase;
  let logins: { admin1: Login; admin2: Login; clerk: Login };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'club-pg-week-'));
    db = await newDatabase('club_week');
    logins = { admin1: await newLogin('week_admin'), admin2: await newLogin('week_admin'), clerk: await newLogin('week_clerk') };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(db.db);
  });

  it('equals the same week on a folder store, and the audit log names the logins', async () => {
    // The database: each person connects as their own login, the password in PGPASSWORD (not in the URL).
    const url = (login: Login) => db.url(login.user, '').replace(/:@/, '@');
    const on = (login: Login): Person => ({ name: login.user, store: url(login), env: { PGPASSWORD: login.password, CLUB_ACTOR: '' } });
    const owner = on(db.owner);
    await clubOk(dir, ['init', '--store', owner.store, '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { ...owner.env, CLUB_NOW: '2026-12-07T08:00:00+08:00' });
    for (const [login, role] of [
      [logins.admin1, 'admin'],
      [logins.admin2, 'admin'],
      [logins.clerk, 'clerk'],
    ] as const) {
      await clubOk(dir, ['--store', owner.store, 'access', 'grant', login.user, '--role', role], { ...owner.env, CLUB_NOW: '2026-12-07T08:00:00+08:00' });
    }
    const onDb = await week(dir, owner, on(logins.admin1), on(logins.admin2), on(logins.clerk));

    // The same people on a folder store, named by CLUB_ACTOR as the logins are named on the database.
    const folder = join(dir, 'folder');
    const as = (login: Login): Person => ({ name: login.user, store: folder, env: { CLUB_ACTOR: login.user } });
    await clubOk(dir, ['init', '--store', folder, '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { CLUB_NOW: '2026-12-07T08:00:00+08:00' });
    const onFolder = await week(dir, as(db.owner), as(logins.admin1), as(logins.admin2), as(logins.clerk));

    // Ledger ids follow who committed first; everything the people read is the same.
    for (const name of Object.keys(reads)) expect({ name, out: onDb[name] }).toEqual({ name, out: onFolder[name] });
    const weekly = JSON.parse(onDb.weekly!) as { kpis?: unknown };
    expect(weekly).toBeTypeOf('object');
    expect(onDb.members).toContain('"name":"杨洪勇"');

    // The audit log: every change by the login that made it; --by is gone, CLUB_ACTOR is ignored for the actor.
    const log = JSON.parse((await clubOk(dir, ['--store', owner.store, 'log', '--json'], owner.env)).stdout) as Array<{ actor: string; summary: string }>;
    const actors = new Set(log.map((e) => e.actor));
    expect([...actors].sort()).toEqual([db.owner.user, logins.admin1.user, logins.admin2.user, logins.clerk.user].sort());
    const byClerk = log.filter((e) => e.actor === logins.clerk.user).length;
    expect(byClerk).toBe(clerk.length);

    // The clerk may not do an admin's work: exit 5, nothing changed.
    const refused = await clubProcess(dir, ['--store', url(logins.clerk), 'member', 'add', '张三'], on(logins.clerk).env);
    expect(refused.code).toBe(5);
    const after = await clubOk(dir, ['--store', owner.store, 'member', 'list', '--json'], { ...owner.env, CLUB_NOW: T2 });
    expect(after.stdout).toBe(onDb.members);
  }, 240_000);
});
