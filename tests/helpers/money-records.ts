// Hand-made money records for tests: expenses (built by the expense commands on another branch) and donations, as
// the store keeps them.
import type { Donation, Expense } from '../../src/core/money/types.js';

export const expense = (id: string, amount: number, category: Expense['category'], status: Expense['status'], paidOn: string | null, note = '材料'): Expense => ({
  id,
  amount,
  category,
  sessionId: 's1',
  payeeId: 'm1',
  payee: null,
  note,
  date: '2026-11-20',
  status,
  submittedBy: 'm1',
  submittedAt: '2026-11-20T10:00:00+08:00',
  approvedBy: status === 'approved' || status === 'paid' ? 'm2' : null,
  approvedAt: null,
  rejectedBy: status === 'rejected' ? 'm2' : null,
  rejectedAt: null,
  reason: null,
  paidBy: paidOn ? 'm2' : null,
  paidOn,
  paidAt: null,
  overBudget: false,
  receipts: [],
});

export const donation = (id: string, amount: number | null, date: string, extra: Partial<Donation> = {}): Donation => ({
  id,
  donorId: 'o1',
  amount,
  inKind: null,
  date,
  purpose: null,
  anonymous: false,
  thankedAt: null,
  at: `${date}T10:00:00+08:00`,
  by: 'm1',
  ...extra,
});

