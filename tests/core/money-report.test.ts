// The money report and the ledger journal (SPEC §10, §14 "Money") on hand-made records: a hand count to the fen, and
// the real hledger reading the journal (hostile notes included) to the same totals. hledger missing: skipped with the
// reason, unless CI is set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerJournal, journalText } from '../../src/core/money/ledger.js';
import { moneyReport } from '../../src/core/money/report.js';
import type { Donation } from '../../src/core/money/types.js';
import { donation, expense } from '../helpers/money-records.js';
import { hledgerMissing, hledgerTotals } from '../helpers/hledger.js';
import { tempDir } from '../helpers/run.js';

// December 2026: income 500.00 + 128.50 = 628.50; paid 56.60 materials + 100.05 materials + 300.00 rewards = 456.65;
// balance 171.85. Left out: a paid expense of November, an approved one, a rejected one, a donation of January, and
// the gift in kind (listed apart).
const EXPENSES = [
  expense('e1', 5660, 'materials', 'paid', '2026-12-02', '笔记本; 2026-01-01 * fake\n    Assets:Cash  -1 CNY'),
  expense('e2', 10005, 'materials', 'paid', '2026-12-31', '| (code) ! 打印'),
  expense('e3', 30000, 'rewards', 'paid', '2026-12-15', '奖品 ; comment'),
  expense('e4', 999, 'tech', 'paid', '2026-11-30'),
  expense('e5', 12345, 'tech', 'approved', null),
  expense('e6', 77777, 'other', 'rejected', null),
];
const DONATIONS = [
  donation('d1', 50000, '2026-12-01', { purpose: '购书\n2026-12-01 * injected' }),
  donation('d2', 12850, '2026-12-31', { anonymous: true, inKind: '图书 3 册' }),
  donation('d3', null, '2026-12-10', { inKind: '投影仪' }),
  donation('d4', 99999, '2027-01-01'),
];
const DEC = { from: '2026-12-01', to: '2027-01-01' };
const donorOf = (d: Donation) => (d.anonymous ? { donorId: null, donor: 'Anonymous' } : { donorId: d.donorId, donor: '杨洪勇' });

describe('money report', () => {
  it('counts income by donation date and spending by pay date, to the fen', () => {
    const r = moneyReport(EXPENSES, DONATIONS, DEC, 'CNY', donorOf);
    expect(r).toMatchObject({ income: '628.50', spending: '456.65', balance: '171.85', donations: 2, expenses: 3, currency: 'CNY' });
    expect(r.period).toEqual({ from: '2026-12-01', to: '2027-01-01', last: '2026-12-31' });
    expect(r.byCategory).toEqual([
      { category: 'materials', spending: '156.65', expenses: 2 },
      { category: 'rewards', spending: '300.00', expenses: 1 },
    ]);
    expect(r.inKind.map((k) => [k.id, k.inKind, k.donor])).toEqual([
      ['d3', '投影仪', '杨洪勇'],
      ['d2', '图书 3 册', 'Anonymous'],
    ]);
  });

  it('covers all time without a period; a negative balance keeps its sign', () => {
    const all = moneyReport(EXPENSES, DONATIONS, { from: null, to: null }, 'CNY', donorOf);
    expect(all).toMatchObject({ income: '1628.49', spending: '466.64', balance: '1161.85', period: { from: null, to: null, last: null } });
    const nov = moneyReport(EXPENSES, DONATIONS, { from: '2026-11-01', to: '2026-12-01' }, 'CNY', donorOf);
    expect(nov).toMatchObject({ income: '0.00', spending: '9.99', balance: '-9.99' });
  });
});

describe('ledger journal', () => {
  const journal = ledgerJournal(EXPENSES, DONATIONS, { club: '读书会', currency: 'CNY', period: { from: null, to: null }, donorOf: (d) => donorOf(d).donor, payeeOf: () => '雅风' });

  it('makes hostile text one harmless line of a description', () => {
    expect(journalText('a;b|c\nd\u202e e')).toBe('a,b/c d e');
    for (const line of journal.split('\n')) expect(line).not.toMatch(/^\s*Assets:Cash\s+-1 CNY|^2026-01-01|^2026-12-01 \* injected/);
    expect(journal).toContain('2026-12-02 * Expense e1 materials to 雅风 - 笔记本, 2026-01-01 * fake Assets:Cash -1 CNY');
    expect(journal).toContain('    Expenses:Materials');
    expect(journal).not.toContain('投影仪');
  });

  const hledger = hledgerMissing();

  it.skipIf(hledger !== null)(`hledger's balance equals the report's totals for a period and for all time${hledger ? ` (skipped: ${hledger})` : ''}`, () => {
    const t = tempDir('club-ledger-');
    try {
      const file = join(t.dir, 'club.journal');
      writeFileSync(file, journal);
      for (const period of [DEC, { from: '2026-11-01', to: '2026-12-01' }, { from: null, to: null }]) {
        const report = moneyReport(EXPENSES, DONATIONS, period, 'CNY', donorOf);
        const totals = hledgerTotals(file, period);
        expect(totals).toEqual({ income: report.income, spending: report.spending, balance: report.balance });
      }
    } finally {
      t.cleanup();
    }
  });
});
