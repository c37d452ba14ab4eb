// kill -9 at random moments during writes: the store always validates and holds a gap-free prefix of the writes,
// at least every write that reported success; temp files left by a killed writer are cleaned up by the next write.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { BIN, clubOk } from '../helpers/spawn.js';

const WRITES = Number(process.env.CLUB_CRASH_WRITES ?? 200);
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-crash-'));
  await clubOk(dir, ['init', '--name', 'crash', '--lang', 'en', '--timezone', 'UTC']);
  await clubOk(dir, ['member', 'add', 'Alice']);
});
afterAll(() => cleanup());

/** Runs one write and kills it with SIGKILL after `killAfterMs` (unless it finished first). */
function writeAndMaybeKill(n: number, killAfterMs: number): Promise<{ ok: boolean; killed: boolean }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CLUB_ACTOR: 'crash' };
    delete env.NODE_ENV;
    const child = spawn(process.execPath, [BIN, 'points', 'add', 'Alice', '1', '--reason', `w${n}`], { cwd: dir, env, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, killed: killed && code !== 0 });
    });
  });
}

describe('kill -9 during writes', () => {
  it(`leaves a valid store holding a gap-free prefix of ${WRITES} writes`, async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const succeeded: number[] = [];
    let kills = 0;
    for (let n = 1; n <= WRITES; n++) {
      // Kill times spread over the whole life of a write (start-up ~100 ms, lock, commit, journal).
      const r = await writeAndMaybeKill(n, Math.floor(rand() * 400));
      if (r.ok) succeeded.push(n);
      if (r.killed) kills += 1;
    }
    expect(kills).toBeGreaterThan(WRITES / 10);
    await clubOk(dir, ['check', '--json']);
    const history = JSON.parse((await clubOk(dir, ['points', 'history', 'Alice', '--json'])).stdout) as Array<{ reason: string }>;
    const applied = history.map((h) => Number(h.reason.slice(1)));
    // Each write either happened once or not at all, in order: no duplicates, nothing out of order.
    expect(new Set(applied).size).toBe(applied.length);
    expect([...applied].sort((a, b) => a - b)).toEqual(applied);
    // Every write that reported success is there.
    for (const n of succeeded) expect(applied).toContain(n);
    // A killed write may or may not have committed, but the ledger never holds a write that is not followed by
    // the ones that succeeded after it: the store is always some prefix of the committed writes.
    const balance = JSON.parse((await clubOk(dir, ['points', 'balance', 'Alice', '--json'])).stdout).balance;
    expect(balance).toBe(applied.length);
    // The next write removes the temp files of killed writers.
    await clubOk(dir, ['points', 'add', 'Alice', '1', '--reason', 'final']);
    expect(readdirSync(join(dir, '.club')).filter((f) => f.endsWith('.tmp') || f === 'journal.json')).toEqual([]);
  }, 600_000);
});
