import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const ok = async (argv: string[], now = '2026-03-01T10:00:00+08:00') => {
  const r = await club(argv, { now });
  if (r.code !== 0) throw new Error(`club ${argv.join(' ')}: ${r.stderr}`);
  return r;
};

beforeEach(async () => {
  ({ club, cleanup } = await freshClub());
  for (const name of ['张三', '李四', '王五', '赵六']) await ok(['member', 'add', name, '--joined', '2026-02-01']);
});
afterEach(() => cleanup());

const balances = async (now = '2026-04-01T10:00:00+08:00') =>
  Object.fromEntries((await club(['points', 'balance', '--json'], { now })).json().map((r: { name: string; balance: number }) => [r.name, r.balance]));

describe('points', () => {
  it('after a month of meetings, each balance equals what the rules say by hand', async () => {
    await ok(['session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '4', '--host', '张三']);
    // s1: 张三 present 2, 李四 late 1, 王五 present 2 -> changed to excused (reversed), 赵六 absent
    await ok(['checkin', 's1', '张三', '王五'], '2026-03-03T21:31:00+08:00');
    await ok(['checkin', 's1', '李四'], '2026-03-03T21:50:00+08:00');
    await ok(['checkin', 's1', '王五', '--status', 'excused', '--force'], '2026-03-03T22:00:00+08:00');
    await ok(['checkin', 's1', '张三', '王五'], '2026-03-03T21:31:00+08:00'); // 王五 back to present: +2 again; 张三 unchanged
    await ok(['checkin', 's1', '张三'], '2026-03-03T21:31:00+08:00'); // repeated: nothing
    await ok(['session', 'done', 's1'], '2026-03-03T23:10:00+08:00'); // host 张三 +5
    await ok(['session', 'done', 's1'], '2026-03-03T23:20:00+08:00'); // again: nothing
    // s2: everyone present, best performer 李四 (+3)
    await ok(['checkin', 's2', '张三', '李四', '王五', '赵六'], '2026-03-05T21:30:00+08:00');
    await ok(['best', 'vote', 's2', '李四', '--by', '张三'], '2026-03-05T23:00:00+08:00');
    await ok(['best', 'close', 's2'], '2026-03-05T23:01:00+08:00');
    // s3: cancelled after 赵六 checked in: his 2 points reversed
    await ok(['checkin', 's3', '赵六'], '2026-03-10T21:00:00+08:00');
    await ok(['session', 'cancel', 's3'], '2026-03-10T21:05:00+08:00');
    // manual entries and a correction
    await ok(['points', 'add', '赵六', '5', '--reason', '组织线下活动'], '2026-03-12T10:00:00+08:00');
    await ok(['points', 'deduct', '赵六', '5', '--reason', '更正：记错人了'], '2026-03-12T10:05:00+08:00');
    await ok(['points', 'add', '王五', '5', '--reason', '组织线下活动'], '2026-03-12T10:06:00+08:00');
    // a redemption
    await ok(['reward', 'add', '购书卡', '--cost', '6', '--stock', '1']);
    await ok(['reward', 'redeem', '张三', '购书卡'], '2026-03-20T10:00:00+08:00');
    expect((await club(['reward', 'redeem', '李四', '购书卡'], { now: '2026-03-20T10:00:00+08:00' })).code).toBe(1);

    // 张三: 2 + 5 + 2 - 6 = 3; 李四: 1 + 2 + 3 = 6; 王五: 2 - 2 + 2 + 2 + 5 = 9; 赵六: 2 + 2 - 2 + 5 - 5 = 2
    expect(await balances()).toEqual({ 张三: 3, 李四: 6, 王五: 9, 赵六: 2 });
    const board = (await club(['points', 'leaderboard', '--month', '2026-03', '--json'], { now: '2026-04-01T10:00:00+08:00' })).json();
    // earned (award + auto): 张三 9, 李四 6, 王五 9, 赵六 7 (the deduct is not earning)
    expect(board.map((r: { rank: number; name: string; earned: number }) => `${r.rank} ${r.name} ${r.earned}`)).toEqual(['1 王五 9', '1 张三 9', '3 赵六 7', '4 李四 6']);
    const history = (await club(['points', 'history', '王五', '--json'])).json();
    expect(history.map((h: { kind: string; delta: number }) => `${h.kind} ${h.delta}`)).toEqual(['auto 2', 'auto -2', 'auto 2', 'auto 2', 'award 5']);
    expect(history.at(-1).balance).toBe(9);
    expect((await club(['member', 'list', '--sort', 'points', '--json'])).json().map((m: { name: string }) => m.name)).toEqual(['王五', '李四', '张三', '赵六']);
  });

  it('refuses bad amounts with exit 2 and unknown members with exit 1, changing nothing', async () => {
    for (const amount of ['0', '-5', '2.5', 'ten']) expect((await club(['points', 'add', '张三', amount, '--reason', 'x'])).code).toBe(2);
    expect((await club(['points', 'add', '张三', '5'])).code).toBe(2);
    expect((await club(['points', 'add', '无名', '5', '--reason', 'x'])).code).toBe(1);
    expect((await club(['points', 'leaderboard', '--month', '2026-13'])).code).toBe(2);
    expect((await club(['points', 'leaderboard', '--month', '2026-03', '--from', '2026-03-01'])).code).toBe(2);
    expect((await club(['reward', 'add', '书', '--cost', 'free'])).code).toBe(2);
    expect((await club(['reward', 'redeem', '张三', '不存在'])).code).toBe(1);
    expect(await balances()).toEqual({ 张三: 0, 李四: 0, 王五: 0, 赵六: 0 });
  });

  it('limits the leaderboard and takes a date range', async () => {
    await ok(['points', 'add', '张三', '3', '--reason', 'a'], '2026-03-02T10:00:00+08:00');
    await ok(['points', 'add', '李四', '2', '--reason', 'a'], '2026-03-03T10:00:00+08:00');
    await ok(['points', 'add', '王五', '1', '--reason', 'a'], '2026-04-03T10:00:00+08:00');
    const top = await club(['points', 'leaderboard', '--from', '2026-03-01', '--to', '2026-05-01', '--limit', '2', '--json']);
    expect(top.json().map((r: { name: string }) => r.name)).toEqual(['张三', '李四']);
    const thisMonth = await club(['points', 'leaderboard', '--json'], { now: '2026-04-10T10:00:00+08:00' });
    expect(thisMonth.json().map((r: { name: string }) => r.name)).toEqual(['王五']);
  });
});
