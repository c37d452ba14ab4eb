// The points ledger by hand and its views (SPEC §5): add, deduct, redeem, balances, history, leaderboard.
// The ledger is append-only: every change is a new entry; a correction is a new entry too.
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { compareNames } from '../collation.js';
import { allocateId, compareIds } from '../ids.js';
import { describeMember, resolveMember } from '../members/reference.js';
import { instantDate } from '../time.js';
import { counted } from '../words.js';
import type { Counters, Member, MemberSummary, Recorded } from '../types.js';
import type { LedgerEntry, LedgerKind } from './ledger.js';
import { balanceOf } from './ledger.js';
import { t } from '../../i18n/index.js';

export const MAX_POINTS = 1_000_000;

/** Points typed on the command line: a positive whole number, nothing else. */
export function parsePoints(text: string): number {
  const digits = String(text).trim();
  if (!/^\d+$/.test(digits) || Number(digits) < 1 || Number(digits) > MAX_POINTS) {
    throw new UsageError(t('points.invalidPointsExpectedA', { text: JSON.stringify(text), MAX_POINTS }));
  }
  return Number(digits);
}

export interface LedgerState {
  members: readonly Member[];
  /** The entries read (all of them, unless `balances` is given: then only a part, or none, may be). */
  ledger: readonly LedgerEntry[];
  counters: Counters;
  /** Every member's balance, when the store kept them (then the ledger need not be read whole). */
  balances?: ReadonlyMap<string, number> | undefined;
}

const balanceIn = (state: LedgerState, memberId: string) => (state.balances ? (state.balances.get(memberId) ?? 0) : balanceOf(state.ledger, memberId));

export function bookManual(state: LedgerState, ref: string, points: number, kind: 'award' | 'deduct', reason: string | undefined, env: CoreEnv) {
  const why = reason === undefined ? '' : oneLineText('--reason', reason, 500);
  if (!why) throw new UsageError(t('points.missingReason'), t('points.sayWhyForThe'));
  const member = resolveMember(state.members, ref);
  if (member.purged) throw new RuleError(t('points.wasPurged', { id: member.id }));
  const { id, counters } = allocateId(state.counters, 'ledger');
  const entry: LedgerEntry = { id, memberId: member.id, delta: kind === 'award' ? points : -points, kind, reason: why, at: nowInstant(env), ref: null, rule: null };
  const balance = balanceIn(state, member.id) + entry.delta;
  return { ledger: [...state.ledger, entry], counters, entry, member, balance };
}

export interface BalanceRow {
  memberId: string;
  name: string;
  balance: number;
}

/** Balances of active members, and of anyone else whose balance is not zero. */
export function balanceSheet(members: readonly Member[], sums: ReadonlyMap<string, number>): BalanceRow[] {
  return members
    .filter((m) => m.status === 'active' || (sums.get(m.id) ?? 0) !== 0)
    .map((m) => ({ memberId: m.id, name: m.name, balance: sums.get(m.id) ?? 0 }));
}

export interface HistoryRow extends LedgerEntry {
  balance: number;
}

export function history(ledger: readonly LedgerEntry[], memberId: string): HistoryRow[] {
  let running = 0;
  return ledger
    .filter((e) => e.memberId === memberId)
    .map((e) => {
      running += e.delta;
      return { ...e, balance: running };
    });
}

export interface LeaderRow {
  rank: number;
  memberId: string;
  name: string;
  earned: number;
}

const EARNED: ReadonlySet<LedgerKind> = new Set(['award', 'auto']);

/**
 * Points earned in [from, to) (dates in the club's zone): award + auto entries, reversals included. Ties share a rank
 * (1, 2, 2, 4) and are listed by name.
 */
export function leaderboard(members: readonly Pick<MemberSummary, 'id' | 'name'>[], ledger: readonly LedgerEntry[], range: { from: string; to: string }, tz: string, lang: 'zh' | 'en'): LeaderRow[] {
  const earned = new Map<string, number>();
  for (const e of ledger) {
    if (!EARNED.has(e.kind)) continue;
    const date = instantDate(e.at, tz);
    if (date < range.from || date >= range.to) continue;
    earned.set(e.memberId, (earned.get(e.memberId) ?? 0) + e.delta);
  }
  const byName = compareNames(lang);
  const names = new Map(members.map((m) => [m.id, m.name]));
  const rows = [...earned.entries()]
    .filter(([, points]) => points > 0)
    .map(([memberId, points]) => ({ memberId, name: names.get(memberId) ?? memberId, earned: points }))
    .sort((a, b) => b.earned - a.earned || byName(a.name, b.name) || compareIds(a.memberId, b.memberId));
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || row.earned !== rows[i - 1]!.earned) rank = i + 1;
    return { rank, ...row };
  });
}

export interface Reward extends Recorded {
  id: string;
  name: string;
  cost: number;
  /** null: unlimited. */
  stock: number | null;
  createdAt: string;
}

export function addReward(rewards: readonly Reward[], counters: Counters, input: { name: string; cost: number; stock: number | null }, env: CoreEnv) {
  const name = oneLineText('NAME', input.name, 100);
  if (!name) throw new UsageError(t('points.invalidRewardName', { name: JSON.stringify(input.name) }));
  if (rewards.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw new RuleError(t('points.thereIsAlreadyA', { name: JSON.stringify(name) }));
  const { id, counters: next } = allocateId(counters, 'reward');
  const reward: Reward = { id, name, cost: input.cost, stock: input.stock, createdAt: nowInstant(env) };
  return { rewards: [...rewards, reward], counters: next, reward };
}

export function findReward(rewards: readonly Reward[], ref: string): Reward {
  const wanted = ref.trim().toLowerCase();
  const byId = rewards.find((r) => r.id === wanted);
  if (byId) return byId;
  const byName = rewards.filter((r) => r.name.toLowerCase() === wanted);
  if (byName.length === 1) return byName[0]!;
  throw new NotFoundError(t('points.noReward', { ref: JSON.stringify(ref) }), t('points.seeClubRewardList'));
}

/** Refused when the balance is below the cost or the stock is out; a balance never goes below zero. */
export function redeem(state: LedgerState & { rewards: readonly Reward[] }, memberRef: string, rewardRef: string, env: CoreEnv) {
  const member = resolveMember(state.members, memberRef);
  if (member.status !== 'active') throw new RuleError(t('points.isNotAnActive', { member: describeMember(member) }));
  const reward = findReward(state.rewards, rewardRef);
  if (reward.stock !== null && reward.stock <= 0) throw new RuleError(t('points.isOutOfStock', { id: reward.id, name: reward.name }));
  const balance = balanceIn(state, member.id);
  if (balance < reward.cost) throw new RuleError(t('points.hasCosts', { id: member.id, name: member.name, value: counted(balance, 'point'), name2: reward.name, cost: reward.cost }));
  const { id, counters } = allocateId(state.counters, 'ledger');
  const entry: LedgerEntry = { id, memberId: member.id, delta: -reward.cost, kind: 'redeem', reason: reward.name, at: nowInstant(env), ref: reward.id, rule: null };
  const updated: Reward = { ...reward, stock: reward.stock === null ? null : reward.stock - 1 };
  return {
    ledger: [...state.ledger, entry],
    rewards: state.rewards.map((r) => (r.id === reward.id ? updated : r)),
    counters,
    entry,
    member,
    reward: updated,
    balance: balance - reward.cost,
  };
}
