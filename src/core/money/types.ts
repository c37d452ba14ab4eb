// Money (SPEC §10, §14 "Money"): budgets per session and category, expenses with receipts and four-eyes approval,
// donors and donations. Amounts are integer fen/cents (amount.ts), never floating point. Every record carries
// recordedAt (its commit time).
import type { Recorded } from '../types.js';
import type { BudgetCategory } from '../activities/types.js';

// The categories are the plan's (an approved plan's budget becomes the session's budgets).
export { BUDGET_CATEGORIES, type BudgetCategory } from '../activities/types.js';

/** What a session may spend on one category, keyed by session and category. */
export interface Budget extends Recorded {
  sessionId: string;
  category: BudgetCategory;
  /** Integer fen. */
  amount: number;
  note: string | null;
  /** When and by whom (actorKey) it was last set. */
  at: string;
  by: string | null;
  /** Set with --force on an approved activity (recorded, SPEC §14). */
  forced: boolean;
}

export const EXPENSE_STATUSES = ['submitted', 'approved', 'rejected', 'paid'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

/** A receipt file kept in the store under its SHA-256 (0600); `name` is the file's name as given, for people. */
export interface ReceiptRef {
  sha256: string;
  name: string;
  size: number;
}

export interface Expense extends Recorded {
  id: string;
  /** Integer fen. */
  amount: number;
  category: BudgetCategory;
  sessionId: string | null;
  /** The member paid back, or null when the payee is not a member (then `payee` holds its name). */
  payeeId: string | null;
  payee: string | null;
  note: string;
  /** The day the money was spent (club zone). */
  date: string;
  status: ExpenseStatus;
  /** actorKey of each step: the login on a database, --by resolved on a folder. */
  submittedBy: string | null;
  submittedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  reason: string | null;
  paidBy: string | null;
  /** The day it was paid (club zone; `pay --date`): spending counts by this date. */
  paidOn: string | null;
  paidAt: string | null;
  /** Over the remaining budget of its session and category when added or approved, and let through with --force. */
  overBudget: boolean;
  receipts: ReceiptRef[];
}

export const DONOR_KINDS = ['person', 'organisation'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

/** A person or an organisation that gives, a member or not. */
export interface Donor extends Recorded {
  id: string;
  name: string;
  kind: DonorKind;
  memberId: string | null;
  /**
   * Made on the fly by an anonymous first donation, and not yet named by a donation in the open or by `donor add`:
   * shown only to those who see donors (SPEC §14 "Money"); on a database its name and member are kept from the others.
   */
  anonymous: boolean;
  createdAt: string;
}

export interface Donation extends Recorded {
  id: string;
  /**
   * null only as a database gives it to a role below the treasurer's for an anonymous donation (the donor is hidden
   * where the data lives: SPEC §14); a stored donation always has its donor.
   */
  donorId: string | null;
  /** Integer fen; null for a gift in kind only. */
  amount: number | null;
  /** What was given in kind (not in the totals nor the journal). */
  inKind: string | null;
  date: string;
  purpose: string | null;
  /** Shown as 匿名 / Anonymous everywhere but to the treasurer and in the thank-you letter. */
  anonymous: boolean;
  thankedAt: string | null;
  at: string;
  by: string | null;
}
