// 30 parallel `club register` processes (the built CLI, one member each) for a session with 8 places, on a folder
// store and on a database: exactly 8 registered and 22 waitlisted, arrival order (`at`) = commit order (the audit
// log's), waitlist positions 1…22 with no gap or duplicate, every process exits 0, and `club check` is clean.
// Run `node scripts/build.mjs` first. No timing is asserted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase } from '../helpers/pg.js';
import { setPlan, testPlan } from '../helpers/plans.js';
import { tempDir } from '../helpers/run.js';
import { clubOk, clubProcess } from '../helpers/spawn.js';

const WRITERS = 30;
const PLACES = 8;
/** Each lock wait is bounded by 10 s; 30 writers queued on 2 busy cores may wait longer. This test is about order. */
const QUEUE = { CLUB_LOCK_WAIT_MS: '60000', CLUB_LANG: 'en' };

const cleanups: Array<() => void | Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

interface Target {
  dir: string;
  /** Arguments that name the store (none for a folder store found from the cwd). */
  store: string[];
  /** Environment of every process (a database's password). */
  env: Record<string, string>;
  /** The environment setPlan opens the store with. */
  planEnv: Record<string, string>;
}

async function folderTarget(): Promise<Target> {
  const t = tempDir('club-e2e-register-');
  cleanups.push(t.cleanup);
  return { dir: t.dir, store: [], env: {}, planEnv: {} };
}

async function databaseTarget(): Promise<Target> {
  const t = tempDir('club-e2e-register-pg-');
  cleanups.push(t.cleanup);
  const d = await newDatabase('parreg');
  cleanups.push(() => dropDatabase(d.db));
  const bare = d.url().replace(/:[^:@/]*@/, '@');
  return { dir: t.dir, store: ['--store', bare], env: { PGPASSWORD: d.owner.password }, planEnv: { CLUB_STORE: d.url() } };
}

async function raceFor(target: Target): Promise<void> {
  const club = (args: string[], env: Record<string, string> = {}) => clubProcess(target.dir, [...target.store, ...args], { ...target.env, ...env });
  const ok = (args: string[]) => clubOk(target.dir, [...target.store, ...args], { ...target.env, CLUB_LANG: 'en' });
  await ok(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  writeFileSync(join(target.dir, 'members.csv'), `姓名\n${Array.from({ length: WRITERS }, (_, i) => `成员${i + 1}`).join('\n')}\n`);
  await ok(['member', 'import', 'members.csv']);
  // Well after the members joined (today, by the real clock): everyone was a member at its start.
  await ok(['session', 'add', '读书竞赛', '--at', '2099-06-01 14:00', '--type', 'competition']);
  await setPlan(target.dir, target.planEnv, 's1', testPlan({ capacity: PLACES }));
  const logBefore = (JSON.parse((await ok(['log', '--json'])).stdout) as unknown[]).length;

  const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => club(['register', 's1', `m${i + 1}`, '--json'], QUEUE)));
  expect(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);

  const rows = JSON.parse((await ok(['register', 'list', 's1', '--json'])).stdout) as Array<{ memberId: string; status: string; position: number | null; at: string }>;
  const registered = rows.filter((r) => r.status === 'registered');
  const waitlisted = rows.filter((r) => r.status === 'waitlisted');
  expect(registered).toHaveLength(PLACES);
  expect(waitlisted).toHaveLength(WRITERS - PLACES);
  expect(new Set(rows.map((r) => r.memberId)).size).toBe(WRITERS);
  expect(waitlisted.map((r) => r.position)).toEqual(Array.from({ length: WRITERS - PLACES }, (_, i) => i + 1));
  // Arrival order: every `at` strictly later than the one before, the places to the first eight.
  const times = rows.map((r) => Date.parse(r.at));
  for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
  // …and it is the order in which the commands committed, as the audit log records them.
  const log = (JSON.parse((await ok(['log', '--json'])).stdout) as Array<{ summary: string }>).slice(logBefore);
  const committed = log.map((e) => /^registered for s1: (m\d+) (registered|waitlisted)$/.exec(e.summary)).map((m) => m && [m[1], m[2]]);
  expect(committed).toEqual(rows.map((r) => [r.memberId, r.status]));
  // What each process said it got is what the list says.
  for (const r of results) {
    const [mine] = JSON.parse(r.stdout) as Array<{ memberId: string; status: string; position: number | null }>;
    const row = rows.find((x) => x.memberId === mine!.memberId)!;
    expect([mine!.status, mine!.position]).toEqual([row.status, row.position]);
  }
  await ok(['check']);
}

describe('30 parallel register processes for 8 places', () => {
  it('on a folder store: 8 registered, 22 waitlisted in commit order, positions 1…22, check clean', async () => {
    await raceFor(await folderTarget());
  }, 300_000);
});

describePg('30 parallel register processes for 8 places', () => {
  it('on a database store: 8 registered, 22 waitlisted in commit order, positions 1…22, check clean', async () => {
    await raceFor(await databaseTarget());
  }, 300_000);
});
