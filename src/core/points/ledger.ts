// The points ledger: append-only entries; a balance is the sum of a member's entries (SPEC §5, points).
import type { Recorded } from '../types.js';

export const LEDGER_KINDS = ['award', 'deduct', 'auto', 'redeem'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry extends Recorded {
  id: string;
  memberId: string;
  delta: number;
  kind: LedgerKind;
  reason: string;
  at: string;
  /** The session, reward or other record the entry is about. */
  ref: string | null;
  /** For automatic entries, the rule and state they book (`attendance:present`, `host`, `best`, `…:reversal`). */
  rule: string | null;
}

/** Balances of every member that has ledger entries. */
export function balances(ledger: readonly LedgerEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of ledger) out.set(entry.memberId, (out.get(entry.memberId) ?? 0) + entry.delta);
  return out;
}

export function balanceOf(ledger: readonly LedgerEntry[], memberId: string): number {
  let sum = 0;
  for (const entry of ledger) if (entry.memberId === memberId) sum += entry.delta;
  return sum;
}
