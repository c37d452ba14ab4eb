// 60 parallel `points add M 1` processes beside two CPU hogs on a 2-core machine: the lock serializes them, every
// waiter keeps waiting while the others commit (none gives up with exit 4), and not one award is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubOk, clubProcess } from '../helpers/spawn.js';

const WRITERS = 60;
let dir: string;
let cleanup: () => void;
let hogs: ChildProcess[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-e2e-points-'));
  await clubOk(dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  await clubOk(dir, ['member', 'add', '杨洪勇']);
});
afterAll(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
  hogs = [];
  cleanup();
});

describe('parallel awards on a loaded machine', () => {
  it(`${WRITERS} parallel points add m1 1 beside two \`yes > /dev/null\` give exactly +${WRITERS}, all exit 0`, async () => {
    // `yes > /dev/null`, twice: both cores busy for the whole run.
    hogs = [0, 1].map(() => spawn('yes', [], { stdio: 'ignore' }));
    let results;
    try {
      results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => clubProcess(dir, ['points', 'add', 'm1', '1', '--reason', `第${i}轮`], { CLUB_LANG: 'en' })));
    } finally {
      for (const hog of hogs) hog.kill('SIGKILL');
      hogs = [];
    }
    expect(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);
    const balance = JSON.parse((await clubOk(dir, ['points', 'balance', 'm1', '--json'])).stdout);
    expect(balance).toEqual({ memberId: 'm1', name: '杨洪勇', balance: WRITERS });
    const history = JSON.parse((await clubOk(dir, ['points', 'history', 'm1', '--json'])).stdout);
    expect(new Set(history.map((h: { id: string }) => h.id)).size).toBe(WRITERS);
    await clubOk(dir, ['check']);
  }, 300_000);
});
