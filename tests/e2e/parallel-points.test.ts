// 50 parallel `points add M 1` processes: the lock serializes them and not one award is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-e2e-points-'));
  await clubProcess(dir, ['init', '--name', 'P', '--lang', 'en', '--timezone', 'UTC']);
  await clubProcess(dir, ['member', 'add', '杨洪勇']);
});
afterAll(() => cleanup());

describe('parallel awards', () => {
  it('50 parallel points add M 1 give exactly +50', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clubProcess(dir, ['points', 'add', '杨洪勇', '1', '--reason', `round ${i}`])));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const balance = JSON.parse((await clubProcess(dir, ['points', 'balance', '杨洪勇', '--json'])).stdout);
    expect(balance).toEqual({ memberId: 'm1', name: '杨洪勇', balance: 50 });
    const history = JSON.parse((await clubProcess(dir, ['points', 'history', 'm1', '--json'])).stdout);
    expect(new Set(history.map((h: { id: string }) => h.id)).size).toBe(50);
    expect((await clubProcess(dir, ['check'])).code).toBe(0);
  });
});
