import { describe, expect, it } from 'vitest';
import type { CoreEnv } from '../../src/core/env.js';
import { RuleError, UsageError } from '../../src/core/errors.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { balanceOf, balances } from '../../src/core/points/ledger.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { addReward, balanceSheet, bookManual, history, leaderboard, parsePoints, redeem } from '../../src/core/points/points.js';
import { defaultSettings } from '../../src/core/settings.js';
import { monthRange } from '../../src/core/time.js';
import type { Member } from '../../src/core/types.js';
import { emptyCounters } from '../../src/core/ids.js';

const env: CoreEnv = { now: new Date('2026-03-15T12:00:00+08:00'), settings: defaultSettings({ name: 'x', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }), actor: 'admin' };
const counters = emptyCounters();

function people(names: string[]): Member[] {
  let state: MemberState = { members: [], tasks: [], counters };
  for (const name of names) state = addMember(state, { fields: { name }, joined: '2026-01-01', status: 'active' }, env).state;
  return [...state.members];
}

let n = 0;
const entry = (memberId: string, delta: number, kind: LedgerEntry['kind'], at = '2026-03-10T10:00:00+08:00'): LedgerEntry => ({ id: `p${++n}`, memberId, delta, kind, reason: 'r', at, ref: null, rule: null });

describe('parsePoints', () => {
  it.each(['1', '50', ' 7 '])('accepts %j', (t) => expect(parsePoints(t)).toBe(Number(t)));
  it.each(['0', '-1', '1.5', 'five', '', '1e3', '1000001'])('refuses %j', (t) => expect(() => parsePoints(t)).toThrow(UsageError));
});

describe('balances', () => {
  it('are the sum of the entries, corrections included', () => {
    const ledger = [entry('m1', 5, 'award'), entry('m1', -2, 'deduct'), entry('m2', 2, 'auto'), entry('m2', -2, 'auto'), entry('m2', 1, 'auto'), entry('m1', -3, 'redeem')];
    expect(Object.fromEntries(balances(ledger))).toEqual({ m1: 0, m2: 1 });
    expect(balanceOf(ledger, 'm2')).toBe(1);
    expect(history(ledger, 'm1').map((h) => h.balance)).toEqual([5, 3, 0]);
  });

  it('lists active members with zero and former members only when not zero', () => {
    const members = people(['甲', '乙']);
    const former = { ...members[1]!, status: 'left' as const };
    expect(balanceSheet([members[0]!, former], balances([]))).toEqual([{ memberId: 'm1', name: '甲', balance: 0 }]);
    expect(balanceSheet([members[0]!, former], balances([entry('m2', 4, 'award')])).map((r) => r.balance)).toEqual([0, 4]);
  });

  it('books manual entries with a reason', () => {
    const members = people(['甲']);
    const r = bookManual({ members, ledger: [], counters }, '甲', 5, 'award', '分享', env);
    expect(r.entry).toMatchObject({ id: 'p1', memberId: 'm1', delta: 5, kind: 'award', reason: '分享', ref: null });
    expect(bookManual({ members, ledger: r.ledger, counters: r.counters }, 'm1', 2, 'deduct', '迟到', env).balance).toBe(3);
    expect(() => bookManual({ members, ledger: [], counters }, '甲', 5, 'award', ' ', env)).toThrow(UsageError);
  });
});

describe('leaderboard', () => {
  const members = people(['张三', '李四', '王五', '赵六', '阿七']);
  const march = monthRange('2026-03')!;

  it('ranks points earned in the period, ties sharing a rank (1, 2, 2, 4) sorted by name', () => {
    const ledger = [
      entry('m1', 10, 'award'),
      entry('m2', 6, 'auto'),
      entry('m3', 4, 'award'),
      entry('m3', 2, 'auto'),
      entry('m4', 3, 'auto'),
      entry('m5', 9, 'award', '2026-02-28T23:59:00+08:00'), // February
      entry('m4', 50, 'redeem'), // not earned
      entry('m2', -5, 'deduct'), // not earned
    ];
    expect(leaderboard(members, ledger, march, 'Asia/Shanghai', 'zh').map((r) => `${r.rank} ${r.name} ${r.earned}`)).toEqual(['1 张三 10', '2 李四 6', '2 王五 6', '4 赵六 3']);
  });

  it('includes reversals and uses the club time zone for the period', () => {
    const ledger = [entry('m1', 2, 'auto', '2026-03-31T23:30:00+08:00'), entry('m2', 2, 'auto', '2026-03-31T16:30:00Z'), entry('m1', -2, 'auto', '2026-03-20T10:00:00+08:00'), entry('m1', 1, 'auto')];
    expect(leaderboard(members, ledger, march, 'Asia/Shanghai', 'zh').map((r) => `${r.rank} ${r.name} ${r.earned}`)).toEqual(['1 张三 1']);
  });

  it('is empty for an empty month', () => {
    expect(leaderboard(members, [], march, 'Asia/Shanghai', 'zh')).toEqual([]);
  });
});

describe('rewards', () => {
  const members = people(['甲', '乙']);
  const withReward = (stock: number | null) => addReward([], counters, { name: '购书卡', cost: 10, stock }, env);

  it('redeems: debits the cost and takes one from the stock', () => {
    const { rewards, counters: c } = withReward(2);
    const r = redeem({ members, ledger: [entry('m1', 12, 'award')], counters: c, rewards }, '甲', '购书卡', env);
    expect(r.entry).toMatchObject({ kind: 'redeem', delta: -10, ref: 'r1', memberId: 'm1' });
    expect(r.balance).toBe(2);
    expect(r.reward.stock).toBe(1);
  });

  it.each([
    ['a balance below the cost', 9, 5, /has 9 points; 购书卡 costs 10/],
    ['a balance of one point', 1, 5, /has 1 point; 购书卡 costs 10/],
    ['an empty stock', 100, 0, /out of stock/],
  ])('refuses %s', (_label, balance, stock, message) => {
    const { rewards, counters: c } = withReward(stock);
    expect(() => redeem({ members, ledger: [entry('m1', balance, 'award')], counters: c, rewards }, '甲', 'r1', env)).toThrow(message);
  });

  it('never takes a balance below zero, and unlimited stock stays unlimited', () => {
    const { rewards, counters: c } = withReward(null);
    let ledger = [entry('m1', 25, 'award')];
    let rw = rewards;
    for (let i = 0; i < 2; i++) {
      const r = redeem({ members, ledger, counters: c, rewards: rw }, 'm1', 'r1', env);
      ledger = r.ledger;
      rw = r.rewards;
    }
    expect(balanceOf(ledger, 'm1')).toBe(5);
    expect(rw[0]!.stock).toBeNull();
    expect(() => redeem({ members, ledger, counters: c, rewards: rw }, 'm1', 'r1', env)).toThrow(RuleError);
    expect(() => addReward(rw, c, { name: '购书卡', cost: 1, stock: null }, env)).toThrow(/already/);
  });
});
