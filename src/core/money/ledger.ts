// `club money export --format ledger` (SPEC §10, §14 "Money"): a plain-text journal that hledger and ledger read.
// One transaction per money donation (by its date) and per paid expense (by its pay date): Assets:Cash against
// Income:Donations or Expenses:<Category>. Gifts in kind are not money and stay out, as they stay out of the report's
// totals, so `hledger -f FILE balance --depth 1 -b FROM -e TO` gives the money report's income, spending and balance.
// Descriptions come from people's text: made one line, without `;` (a comment) or `|` (hledger's payee|note split),
// and always after a fixed word, so nothing typed can start a code `(…)`, a status mark or a second date.
import { formatAmount } from './amount.js';
import { moneyDonations, paidExpenses } from './report.js';
import type { MoneyPeriod } from './report.js';
import type { BudgetCategory, Donation, Expense } from './types.js';

/** The account of a category: Expenses:Materials. */
export const expenseAccount = (category: BudgetCategory): string => `Expenses:${category[0]!.toUpperCase()}${category.slice(1)}`;

/** Text for a description: one line, no comment or payee separators, no controls or bidi marks, at most 80 characters. */
export function journalText(text: string): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/;/g, ',')
    .replace(/\|/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : flat;
}

/** An amount with the club's currency after it: `128.50 CNY` (a three-letter code: hledger needs no quotes). */
const money = (fen: number, currency: string): string => `${formatAmount(fen)} ${currency}`;

function transaction(date: string, description: string, lines: Array<[string, number]>, currency: string): string {
  const width = Math.max(...lines.map(([account]) => account.length)) + 4;
  return [`${date} * ${description}`, ...lines.map(([account, fen]) => `    ${account.padEnd(width)}${money(fen, currency).padStart(16)}`)].join('\n');
}

export interface LedgerInput {
  club: string;
  currency: string;
  period: MoneyPeriod;
  /** How a donation's donor is named in the journal (an anonymous one as such). */
  donorOf: (d: Donation) => string;
  /** How an expense's payee is named. */
  payeeOf: (e: Expense) => string | null;
}

export function ledgerJournal(expenses: readonly Expense[], donations: readonly Donation[], input: LedgerInput): string {
  const entries: Array<{ date: string; order: number; text: string }> = [];
  for (const d of moneyDonations(donations, input.period)) {
    const purpose = d.purpose ? ` - ${journalText(d.purpose)}` : '';
    const text = transaction(d.date, `Donation ${d.id} from ${journalText(input.donorOf(d))}${purpose}`, [['Assets:Cash', d.amount!], ['Income:Donations', -d.amount!]], input.currency);
    entries.push({ date: d.date, order: 0, text });
  }
  for (const e of paidExpenses(expenses, input.period)) {
    const payee = input.payeeOf(e);
    const description = `Expense ${e.id} ${e.category}${payee ? ` to ${journalText(payee)}` : ''}${e.note ? ` - ${journalText(e.note)}` : ''}`;
    entries.push({ date: e.paidOn!, order: 1, text: transaction(e.paidOn!, description, [[expenseAccount(e.category), e.amount], ['Assets:Cash', -e.amount]], input.currency) });
  }
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const span = input.period.from || input.period.to ? `${input.period.from ?? '…'} to ${input.period.to ?? '…'} (the last day left out)` : 'all time';
  const head = [`; ${journalText(input.club)}: money journal, ${span}`, `; amounts in ${input.currency}; gifts in kind are not in this journal`, `commodity 1000.00 ${input.currency}`];
  return `${[head.join('\n'), ...entries.map((e) => e.text)].join('\n\n')}\n`;
}
