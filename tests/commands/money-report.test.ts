// `club money report` and `club money export --format ledger` on both stores (SPEC §10, §14 "Money"): a December with
// donations (one anonymous, one in kind) and paid, approved and rejected expenses (written as records: the expense
// commands are built on another branch) matches a hand count to the fen, and hledger reads the exported journal to
// the same totals. hledger missing: that test is skipped with the reason, unless CI is set.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore } from '../../src/store/open.js';
import { hledgerMissing as missing, hledgerTotals } from '../helpers/hledger.js';
import { expense } from '../helpers/money-records.js';
import { describePg, dropDatabase, newDatabase, newLogin } from '../helpers/pg.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

const NOW = '2027-01-02T10:00:00+08:00';

interface Club {
  dir: string;
  club(argv: string[], viewer?: boolean): Promise<RunResult>;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-money-');
  const club: Club['club'] = (argv) => run(t.dir, argv, { now: NOW, env: { CLUB_LANG: 'zh' } });
  expect((await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-11-01T09:00:00+08:00' })).code).toBe(0);
  return { dir: t.dir, club, env: {}, cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-money-pg-');
  const d = await newDatabase('money');
  expect((await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-11-01T09:00:00+08:00' })).code).toBe(0);
  const viewer = await newLogin('money_v');
  const club: Club['club'] = (argv, asViewer = false) =>
    run(t.dir, argv, { now: NOW, env: { CLUB_LANG: 'zh', CLUB_STORE: asViewer ? d.url(viewer.user, viewer.password) : d.url(), CLUB_ACTOR: '' } });
  expect((await club(['access', 'grant', viewer.user, '--role', 'viewer'])).code).toBe(0);
  return {
    dir: t.dir,
    club,
    env: { CLUB_STORE: d.url() },
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const hledgerMissing = missing();

function money(make: () => Promise<Club>): void {
  let c: Club;
  const ok = async (argv: string[], viewer = false): Promise<RunResult> => {
    const r = await c.club(argv, viewer);
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  beforeAll(async () => {
    c = await make();
    await ok(['member', 'add', '杨洪勇']);
    await ok(['member', 'add', '雅风']);
    await ok(['donor', 'add', '荆州图书馆', '--organisation']);
    await ok(['donation', 'add', '杨洪勇', '--amount', '500', '--date', '2026-12-01', '--purpose', '购书; 2026-01-01 * x  Assets:Cash  1 CNY']);
    await ok(['donation', 'add', '雅风', '--amount', '128.50', '--date', '2026-12-31', '--anonymous']);
    await ok(['donation', 'add', '荆州图书馆', '--in-kind', '投影仪', '--date', '2026-12-10']);
    await ok(['donation', 'add', '荆州图书馆', '--amount', '1000', '--date', '2027-01-01']);
    await ok(['session', 'add', '诗词大赛', '--at', '2026-12-15 19:00']);
    await ok(['session', 'add', '元旦读书会', '--at', '2027-01-03 19:00']);
    const store = await openStore({ flag: undefined, env: c.env, cwd: c.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(NOW), warn: () => undefined });
    try {
      await store.update(['expenses', 'budgets'], (draft) => {
        const budget = (sessionId: string, category: 'materials' | 'rewards', amount: number) => ({ sessionId, category, amount, note: null, at: '2026-12-01T10:00:00+08:00', by: 'm1', forced: false });
        draft.budgets = [budget('s1', 'materials', 15000), budget('s1', 'rewards', 30000), budget('s2', 'materials', 5000)];
        draft.expenses = [
          { ...expense('e1', 5660, 'materials', 'paid', '2026-12-02', '笔记本 | (code) ; 注释'), overBudget: true },
          expense('e2', 10005, 'materials', 'paid', '2026-12-31'),
          expense('e3', 30000, 'rewards', 'paid', '2026-12-15'),
          expense('e4', 999, 'tech', 'paid', '2026-11-30'),
          expense('e5', 12345, 'tech', 'approved', null),
          expense('e6', 77777, 'other', 'rejected', null),
        ];
        return { result: null, audit: { summary: 'test expenses' } };
      });
    } finally {
      await store.close();
    }
  });
  afterAll(async () => c?.cleanup());

  it('gives December to the fen: income by donation date, spending by pay date, in kind apart, anonymous as 匿名', async () => {
    const r = (await ok(['money', 'report', '--month', '2026-12', '--json'], true)).json();
    expect(r).toMatchObject({ income: '628.50', spending: '456.65', balance: '171.85', currency: 'CNY', period: { from: '2026-12-01', to: '2027-01-01', last: '2026-12-31' } });
    expect(r.byCategory).toEqual([
      { category: 'materials', spending: '156.65', expenses: 2 },
      { category: 'rewards', spending: '300.00', expenses: 1 },
    ]);
    expect(r.inKind).toEqual([{ id: 'd3', date: '2026-12-10', donorId: 'o1', donor: '荆州图书馆', inKind: '投影仪', purpose: null, anonymous: false }]);
    const same = (await ok(['money', 'report', '--from', '2026-12-01', '--to', '2027-01-01', '--json'])).json();
    expect(same).toEqual(r);
    const all = (await ok(['money', 'report', '--json'])).json();
    expect(all).toMatchObject({ income: '1628.50', spending: '466.64', balance: '1161.86', period: { from: null, to: null } });
    const table = (await ok(['money', 'report', '--month', '2026-12'])).stdout;
    expect(table).toContain('171.85 CNY');
    expect(table).toContain('物资');
    expect((await c.club(['money', 'report', '--month', '2026-12', '--from', '2026-12-01'])).code).toBe(2);
  });

  it('gives the monthly report a money section: totals, budget vs actual of the month, unthanked donations', async () => {
    const r = (await ok(['report', 'monthly', '--month', '2026-12', '--json'], true)).json();
    expect(r.money).toMatchObject({ currency: 'CNY', income: '628.50', spending: '456.65', balance: '171.85' });
    expect(r.money.byCategory.map((c: any) => [c.category, c.spending])).toEqual([
      ['materials', '156.65'],
      ['rewards', '300.00'],
    ]);
    // s1 (15 December) only: s2 is in January. Every hand-made expense is s1's; the rejected one is not spent.
    expect(r.money.budgets).toEqual([
      { sessionId: 's1', title: '诗词大赛', date: '2026-12-15', category: 'materials', budget: '150.00', spent: '156.65', paid: '156.65', remaining: '-6.65', over: true },
      { sessionId: 's1', title: '诗词大赛', date: '2026-12-15', category: 'rewards', budget: '300.00', spent: '300.00', paid: '300.00', remaining: '0.00', over: false },
    ]);
    expect(r.money.overBudget).toEqual([{ id: 'e1', sessionId: 's1', category: 'materials', amount: '56.60', status: 'paid' }]);
    expect(r.money.unthanked.count).toBe(3);
    expect(r.money.unthanked.donations.map((d: any) => [d.id, d.donor])).toEqual([
      ['d1', '杨洪勇'],
      ['d3', '荆州图书馆'],
      ['d2', '匿名'],
    ]);
    const md = (await ok(['report', 'monthly', '--month', '2026-12'])).stdout;
    expect(md).toContain('## 财务');
    expect(md).toContain('结余 **171.85 CNY**');
    expect(md).toContain('| 2026-12-15 诗词大赛 | 物资 | 150.00 | 156.65 ⚠️ | 156.65 | -6.65 |');
    expect(md).toContain('尚未致谢的捐赠：3 笔');
    expect(md).not.toContain('雅风');
    // A month before any money was recorded (as of then) has no section.
    const before = await c.club(['report', 'monthly', '--month', '2026-11', '--as-of', '2026-11-30', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.json().money).toBeUndefined();
  });

  it.skipIf(hledgerMissing !== null)(`exports a journal whose hledger balance equals the report${hledgerMissing ? ` (skipped: ${hledgerMissing})` : ''}`, async () => {
    const file = join(c.dir, 'club.journal');
    await ok(['money', 'export', '--format', 'ledger', '--out', file], true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const journal = readFileSync(file, 'utf8');
    expect(journal).not.toContain('雅风');
    expect(journal).not.toContain('投影仪');
    for (const period of [
      { from: '2026-12-01', to: '2027-01-01' },
      { from: '2026-11-01', to: '2026-12-01' },
      { from: '2026-12-15', to: '2027-01-02' },
    ]) {
      const report = (await ok(['money', 'report', '--from', period.from, '--to', period.to, '--json'])).json();
      expect(hledgerTotals(file, period), `${period.from}..${period.to}`).toEqual({ income: report.income, spending: report.spending, balance: report.balance });
    }
    // --month writes only that month.
    const december = (await ok(['money', 'export', '--format', 'ledger', '--month', '2026-12'])).stdout;
    expect(december).not.toContain('e4');
    expect(december).toContain('Expenses:Materials');
  });
}

describe('money report on a folder store', () => money(folderClub));
describePg('money report on a database', () => money(databaseClub));
