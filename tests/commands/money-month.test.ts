// Issue #21, "done when", through the CLI on both stores: a month (March 2026, a zh club in Asia/Shanghai) with three
// activities (approval types, plans with budgets, approved by different people), eight expenses with receipts (one
// rejected, one over budget let through only with --force), two donations (one anonymous) and their thank-you
// letters gives a money report equal to a hand count to the fen, a ledger journal hledger balances to the same
// totals, a monthly report that shows it, the activity's cost per attendee, and a `club check` that verifies the
// receipts. On a folder store the people are --by; on a database, logins: the owner, three admins (the approval
// chains), two treasurers and a clerk.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedActivity, databaseClub, folderClub, type ActingClub, type ClubSetup } from '../helpers/acting-club.js';
import { hledgerMissing as missing, hledgerTotals } from '../helpers/hledger.js';
import { describePg } from '../helpers/pg.js';

type Who = 'a' | 'b' | 'c' | 't1' | 't2' | 'clerk';
type Club = ActingClub<Who>;

// m1…m8; on a folder store the first six are the people who act (--by).
const NAMES = ['杨洪勇', '雅风', '王芳', '李雷', '韩梅梅', '张伟', '刘洋', '荆州+张三'];

// Three admins (the approval chains), two treasurers and a clerk.
const SETUP: ClubSetup<Who> = {
  name: '读书会',
  label: 'money-month',
  day: '2026-02-01',
  people: {
    a: { by: '杨洪勇', role: 'admin' },
    b: { by: '雅风', role: 'admin' },
    c: { by: '王芳', role: 'admin' },
    t1: { by: '李雷', role: 'treasurer' },
    t2: { by: '韩梅梅', role: 'treasurer' },
    clerk: { by: '张伟', role: 'clerk' },
  },
};

const hledgerMissing = missing();

const PLAN = (theme: string, lines: Array<[string, string]>) =>
  `theme: ${theme}\nbudget:\n${lines.map(([category, amount]) => `  - category: ${category}\n    amount: "${amount}"\n`).join('')}`;

function moneyMonth(make: () => Promise<Club>): void {
  let c: Club;
  const ok: Club['ok'] = (argv, now, who) => c.ok(argv, now, who);
  const receipt = (name: string, text: string): string => {
    const file = join(c.dir, name);
    writeFileSync(file, text);
    return file;
  };

  /** A planned, submitted, reviewed and approved activity: three different admins, in the order given. */
  async function activity(id: string, title: string, at: string, type: string, lines: Array<[string, string]>, people: [Who, Who, Who], day: string): Promise<void> {
    const [plan, review, approve] = people;
    await approvedActivity(c, { id, title, at, type, plan: PLAN(title, lines) }, day, { add: 'a', plan, review, approve });
  }

  beforeAll(async () => {
    c = await make();
    for (const name of NAMES) await ok(['member', 'add', name], '2026-02-01T10:00:00+08:00');
    // Three activities in March, each of an approval type, approved by a different chain of people.
    await activity('s1', '春季读书知识竞赛', '2026-03-07 14:00', 'competition', [['rewards', '300'], ['materials', '150']], ['a', 'b', 'c'], '2026-02-10');
    await activity('s2', '好书插画展', '2026-03-14 10:00', 'exhibition', [['materials', '200'], ['promotion', '80']], ['b', 'c', 'a'], '2026-02-11');
    writeFileSync(join(c.dir, 's3.yaml'), PLAN('读书会联谊', [['personnel', '100'], ['other', '50']]));
    await ok(['session', 'add', '读书会联谊', '--at', '2026-03-28 18:30', '--type', 'social'], '2026-02-12T09:00:00+08:00', 'a');
    await ok(['activity', 'plan', 's3', '--file', 's3.yaml'], '2026-02-12T09:01:00+08:00', 'c');
    // A line the plan did not have, set by the treasurer before the approval (no --force needed yet).
    await ok(['budget', 'set', 's3', '--category', 'tech', '--amount', '60', '--note', '音响'], '2026-02-12T09:01:30+08:00', 't1');
    await ok(['activity', 'submit', 's3'], '2026-02-12T09:02:00+08:00', 'c');
    await ok(['activity', 'review', 's3', '--ok'], '2026-02-12T09:03:00+08:00', 'a');
    await ok(['activity', 'approve', 's3'], '2026-02-12T09:04:00+08:00', 'b');
  });
  afterAll(async () => c?.cleanup());

  it('takes eight expenses with receipts through approval and payment, four eyes, one rejected, one forced over budget', async () => {
    const add = (argv: string[], now: string, who: Who, name: string) =>
      ok(['expense', 'add', ...argv, '--receipt', receipt(name, `${name}: 收据 ${argv.join(' ')}\n`)], now, who);
    // e1: s1 rewards 128.50 to a member, paid 8 March.
    await add(['--amount', '128.5', '--category', 'rewards', '--session', 's1', '--payee', '雅风', '--note', '奖品书签'], '2026-03-01T10:00:00+08:00', 'clerk', 'e1-发票.txt');
    // e2: s2 materials 180.00, paid in February (before the month).
    await add(['--amount', '180', '--category', 'materials', '--session', 's2', '--payee', '画框店', '--note', '画框', '--date', '2026-02-25'], '2026-02-25T10:00:00+08:00', 'clerk', 'e2-画框.txt');
    await ok(['expense', 'approve', 'e2'], '2026-02-26T10:00:00+08:00', 't1');
    await ok(['expense', 'pay', 'e2', '--date', '2026-02-27'], '2026-02-27T10:00:00+08:00', 't1');
    // e3: s1 materials 56.60, submitted by a treasurer, approved and paid by the other.
    await add(['--amount', '¥56.60', '--category', 'materials', '--session', 's1', '--payee', '文具店', '--note', '笔记本'], '2026-03-02T10:00:00+08:00', 't1', 'e3-文具.txt');
    // Four eyes: the treasurer who submitted e3 may neither approve nor (after approval) pay it; nothing changes.
    const self = await c.club(['expense', 'approve', 'e3'], '2026-03-02T10:30:00+08:00', 't1');
    expect(self.code, self.stderr).toBe(1);
    await ok(['expense', 'approve', 'e3'], '2026-03-02T10:31:00+08:00', 't2');
    expect((await c.club(['expense', 'pay', 'e3', '--date', '2026-03-09'], '2026-03-02T10:32:00+08:00', 't1')).code).toBe(1);
    // s1 materials has 150.00 - 56.60 = 93.40 left: 100.05 is over it. Without --force: exit 1, nothing written.
    const over = await c.club(['expense', 'add', '--amount', '100.05', '--category', 'materials', '--session', 's1', '--payee', '打印店', '--note', '打印', '--receipt', receipt('e4-打印.txt', '打印 100.05\n')], '2026-03-02T11:00:00+08:00', 'clerk');
    expect(over.code, over.stderr).toBe(1);
    // Said in the club's language, naming the category as the plan and budget show do.
    expect(over.stderr).toContain('100.05 超出 s1 的 物资（materials） 剩余预算（剩 93.40）');
    expect((await ok(['expense', 'list', '--json'], '2026-03-02T11:00:30+08:00')).json().map((e: { id: string }) => e.id)).toEqual(['e1', 'e2', 'e3']);
    // e4: the same, forced.
    await ok(['expense', 'add', '--amount', '100.05', '--category', 'materials', '--session', 's1', '--payee', '打印店', '--note', '打印', '--receipt', join(c.dir, 'e4-打印.txt'), '--force'], '2026-03-02T11:01:00+08:00', 'clerk');
    // e5: s2 promotion 45.99.
    await add(['--amount', '45.99', '--category', 'promotion', '--session', 's2', '--payee', '图文快印', '--note', '海报'], '2026-03-05T10:00:00+08:00', 'clerk', 'e5-海报.txt');
    // e6: s3 other 30.00, rejected.
    await add(['--amount', '30', '--category', 'other', '--session', 's3', '--payee', '杨洪勇', '--note', '零食'], '2026-03-06T10:00:00+08:00', 'clerk', 'e6-零食.txt');
    // e7: s3 personnel 100.00, paid in April (after the month).
    await add(['--amount', '100', '--category', 'personnel', '--session', 's3', '--payee', '主持人', '--note', '主持'], '2026-03-06T11:00:00+08:00', 't2', 'e7-主持.txt');
    // e8: s3 tech 33.33, paid on the month's last day.
    await add(['--amount', '33.33', '--category', 'tech', '--session', 's3', '--payee', '音响租赁', '--note', '音响'], '2026-03-06T12:00:00+08:00', 'clerk', 'e8-音响.txt');

    // A clerk may submit but not approve (a database says so by exit 5; a folder's one person is its owner).
    if (c.kind === 'postgres') expect((await c.club(['expense', 'approve', 'e1'], '2026-03-07T09:03:00+08:00', 'clerk')).code).toBe(5);
    await ok(['expense', 'approve', 'e1'], '2026-03-07T09:04:00+08:00', 't1');
    // e4 is still over its budget at approval: --force again.
    expect((await c.club(['expense', 'approve', 'e4'], '2026-03-07T09:05:00+08:00', 't2')).code).toBe(1);
    await ok(['expense', 'approve', 'e4', '--force'], '2026-03-07T09:06:00+08:00', 't2');
    await ok(['expense', 'approve', 'e5'], '2026-03-07T09:07:00+08:00', 't2');
    await ok(['expense', 'reject', 'e6', '--reason', '没有正式发票'], '2026-03-07T09:08:00+08:00', 't1');
    await ok(['expense', 'approve', 'e7'], '2026-03-07T09:09:00+08:00', 't1');
    await ok(['expense', 'approve', 'e8'], '2026-03-07T09:10:00+08:00', 't2');
    // A rejected expense is never paid.
    expect((await c.club(['expense', 'pay', 'e6'], '2026-03-07T09:11:00+08:00', 't2')).code).toBe(1);

    await ok(['expense', 'pay', 'e1', '--date', '2026-03-08'], '2026-03-08T10:00:00+08:00', 't2');
    await ok(['expense', 'pay', 'e3', '--date', '2026-03-09'], '2026-03-09T10:00:00+08:00', 't2');
    await ok(['expense', 'pay', 'e4', '--date', '2026-03-10'], '2026-03-10T10:00:00+08:00', 't1');
    await ok(['expense', 'pay', 'e5', '--date', '2026-03-20'], '2026-03-20T10:00:00+08:00', 't1');
    await ok(['expense', 'pay', 'e8', '--date', '2026-03-31'], '2026-03-31T22:00:00+08:00', 't1');
    await ok(['expense', 'pay', 'e7', '--date', '2026-04-02'], '2026-04-02T10:00:00+08:00', 't1');

    const list = (await ok(['expense', 'list', '--json'], '2026-04-03T09:00:00+08:00')).json();
    expect(list.map((e: any) => [e.id, e.amount, e.status, e.overBudget, e.receipts.length])).toEqual([
      ['e1', '128.50', 'paid', false, 1],
      ['e2', '180.00', 'paid', false, 1],
      ['e3', '56.60', 'paid', false, 1],
      ['e4', '100.05', 'paid', true, 1],
      ['e5', '45.99', 'paid', false, 1],
      ['e6', '30.00', 'rejected', false, 1],
      ['e7', '100.00', 'paid', false, 1],
      ['e8', '33.33', 'paid', false, 1],
    ]);
    // Nobody paid what they submitted.
    for (const e of list.filter((x: any) => x.status === 'paid')) expect(e.paidBy).not.toBe(e.submittedBy);
  });

  it('takes two donations, one anonymous, and their letters, which name the donor and mark them thanked', async () => {
    await ok(['donor', 'add', '荆州图书馆', '--organisation'], '2026-03-04T10:00:00+08:00', 't1');
    await ok(['donation', 'add', '荆州图书馆', '--amount', '1,280.00', '--date', '2026-03-05', '--purpose', '购书'], '2026-03-05T10:00:00+08:00', 't1');
    await ok(['donation', 'add', '雅风', '--amount', '128.50', '--date', '2026-03-20', '--anonymous'], '2026-03-20T10:00:00+08:00', 't2');
    // Before the letters, the monthly report lists both as unthanked, the anonymous one as 匿名.
    const before = (await ok(['report', 'monthly', '--month', '2026-03', '--json'], '2026-04-03T09:00:00+08:00')).json();
    expect(before.money.unthanked.count).toBe(2);
    expect(before.money.unthanked.donations.map((d: any) => [d.id, d.donor])).toEqual([
      ['d1', '荆州图书馆'],
      ['d2', '匿名'],
    ]);
    const unthanked = (await ok(['donation', 'list', '--unthanked', '--json'], '2026-04-03T09:00:00+08:00', 't1')).json();
    expect(unthanked.map((d: any) => d.id)).toEqual(['d1', 'd2']);

    await ok(['donation', 'thank', 'd1', '--out', join(c.dir, '感谢信-d1.md')], '2026-04-03T10:00:00+08:00', 't1');
    await ok(['donation', 'thank', 'd2', '--out', join(c.dir, '感谢信-d2.md')], '2026-04-03T10:01:00+08:00', 't2');
    const d1 = readFileSync(join(c.dir, '感谢信-d1.md'), 'utf8');
    const d2 = readFileSync(join(c.dir, '感谢信-d2.md'), 'utf8');
    expect(d1).toContain('荆州图书馆');
    expect(d1).toContain('1280.00');
    // The anonymous donor's own letter names her.
    expect(d2).toContain('雅风');
    expect(d2).toContain('128.50');
    expect(statSync(join(c.dir, '感谢信-d1.md')).mode & 0o777).toBe(0o600);
    const all = (await ok(['donation', 'list', '--json'], '2026-04-03T10:02:00+08:00', 't1')).json();
    expect(all.map((d: any) => [d.id, d.thankedAt !== null])).toEqual([
      ['d1', true],
      ['d2', true],
    ]);
    expect((await ok(['donation', 'list', '--unthanked', '--json'], '2026-04-03T10:02:00+08:00', 't1')).json()).toEqual([]);
  });

  // The hand count for March 2026 (club zone):
  //   income   = d1 1,280.00 + d2 128.50                                   = 1408.50
  //   spending = paid in March: e1 128.50 (8th) + e3 56.60 (9th) + e4 100.05 (10th) + e5 45.99 (20th) + e8 33.33 (31st)
  //            = 364.47   (e2 180.00 was paid 27 February, e7 100.00 on 2 April, e6 was rejected)
  //   balance  = 1408.50 - 364.47                                          = 1044.03
  //   by category (in the order personnel, materials, tech, promotion, rewards, other; only those with spending):
  //     materials e3 + e4 = 156.65 (2), tech e8 33.33 (1), promotion e5 45.99 (1), rewards e1 128.50 (1)
  const HAND = {
    income: '1408.50',
    spending: '364.47',
    balance: '1044.03',
    byCategory: [
      { category: 'materials', spending: '156.65', expenses: 2 },
      { category: 'tech', spending: '33.33', expenses: 1 },
      { category: 'promotion', spending: '45.99', expenses: 1 },
      { category: 'rewards', spending: '128.50', expenses: 1 },
    ],
  };

  it('gives a money report for March equal to the hand count', async () => {
    const r = (await ok(['money', 'report', '--month', '2026-03', '--json'], '2026-04-03T11:00:00+08:00')).json();
    expect({ income: r.income, spending: r.spending, balance: r.balance, byCategory: r.byCategory }).toEqual(HAND);
    expect(r.currency).toBe('CNY');
    // The table names the categories as budget show and activity show do (物资, not a second word for materials).
    const table = (await ok(['money', 'report', '--month', '2026-03'], '2026-04-03T11:00:00+08:00')).stdout;
    expect(table).toContain('物资');
    expect((await ok(['budget', 'show', 's1'], '2026-04-03T11:00:00+08:00')).stdout).toContain('物资');
    // All time adds e2 (February) and e7 (April): spending 364.47 + 180.00 + 100.00 = 644.47, balance 1408.50 - 644.47 = 764.03.
    const all = (await ok(['money', 'report', '--json'], '2026-04-03T11:00:00+08:00')).json();
    expect([all.income, all.spending, all.balance]).toEqual(['1408.50', '644.47', '764.03']);
  });

  it.skipIf(hledgerMissing !== null)(`exports a journal whose hledger balance equals the hand count${hledgerMissing ? ` (skipped: ${hledgerMissing})` : ''}`, async () => {
    const file = join(c.dir, 'all.journal');
    await ok(['money', 'export', '--format', 'ledger', '--out', file], '2026-04-03T11:00:00+08:00');
    expect(hledgerTotals(file, { from: '2026-03-01', to: '2026-04-01' })).toEqual({ income: HAND.income, spending: HAND.spending, balance: HAND.balance });
    const march = join(c.dir, '2026-03.journal');
    await ok(['money', 'export', '--format', 'ledger', '--month', '2026-03', '--out', march], '2026-04-03T11:00:00+08:00');
    expect(hledgerTotals(march, { from: null, to: null })).toEqual({ income: HAND.income, spending: HAND.spending, balance: HAND.balance });
  });

  it('shows the same month in the monthly report: totals, budget against actual (the over-budget line flagged), nothing unthanked', async () => {
    const r = (await ok(['report', 'monthly', '--month', '2026-03', '--json'], '2026-04-03T11:00:00+08:00')).json();
    expect(r.money).toMatchObject({ currency: 'CNY', income: HAND.income, spending: HAND.spending, balance: HAND.balance });
    expect(r.money.byCategory.map((x: any) => ({ category: x.category, spending: x.spending }))).toEqual(HAND.byCategory.map(({ category, spending }) => ({ category, spending })));
    // spent = not rejected, paid = paid by now (report time 3 April: e7 included); remaining = budget - spent.
    const row = (sessionId: string, title: string, date: string, category: string, budget: string, spent: string, paid: string, remaining: string, over: boolean) =>
      ({ sessionId, title, date, category, budget, spent, paid, remaining, over });
    expect(r.money.budgets).toEqual([
      row('s1', '春季读书知识竞赛', '2026-03-07', 'materials', '150.00', '156.65', '156.65', '-6.65', true), // e3 56.60 + e4 100.05
      row('s1', '春季读书知识竞赛', '2026-03-07', 'rewards', '300.00', '128.50', '128.50', '171.50', false), // e1
      row('s2', '好书插画展', '2026-03-14', 'materials', '200.00', '180.00', '180.00', '20.00', false), // e2, paid in February
      row('s2', '好书插画展', '2026-03-14', 'promotion', '80.00', '45.99', '45.99', '34.01', false), // e5
      row('s3', '读书会联谊', '2026-03-28', 'personnel', '100.00', '100.00', '100.00', '0.00', false), // e7, paid in April
      row('s3', '读书会联谊', '2026-03-28', 'tech', '60.00', '33.33', '33.33', '26.67', false), // e8
      row('s3', '读书会联谊', '2026-03-28', 'other', '50.00', '0.00', '0.00', '50.00', false), // e6 rejected
    ]);
    expect(r.money.overBudget).toEqual([{ id: 'e4', sessionId: 's1', category: 'materials', amount: '100.05', status: 'paid' }]);
    expect(r.money.unthanked.count).toBe(0);
    const md = (await ok(['report', 'monthly', '--month', '2026-03'], '2026-04-03T11:00:00+08:00')).stdout;
    expect(md).toContain('结余 **1044.03 CNY**');
    expect(md).toContain('| 2026-03-07 春季读书知识竞赛 | 物资 | 150.00 | 156.65 ⚠️ | 156.65 | -6.65 |');
  });

  it('gives the activity its cost and cost per attendee', async () => {
    // Seven of the eight members came to s1.
    await ok(['checkin', 's1', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], '2026-03-07T14:05:00+08:00', 'clerk');
    const r = (await ok(['activity', 'evaluate', 's1', '--json'], '2026-04-03T11:00:00+08:00')).json();
    // s1's paid expenses: e1 128.50 + e3 56.60 + e4 100.05 = 285.15; / 7 = 40.7357… → 40.74 (half-up to the fen).
    expect(r.attended).toBe(7);
    expect(r.cost).toBe('285.15');
    expect(r.costPerAttendee).toBe('40.74');
  });

  it('passes club check, which verifies the receipts', async () => {
    const r = await ok(['check'], '2026-04-03T11:00:00+08:00');
    expect(r.code).toBe(0);
    if (c.kind === 'folder') {
      // Each receipt is in the store under its SHA-256, 0600; a changed byte makes check fail (exit 3), naming it.
      const e1 = (await ok(['expense', 'list', '--json'], '2026-04-03T11:00:00+08:00')).json()[0];
      const file = join(c.dir, '.club', 'receipts', e1.receipts[0].sha256);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const bytes = readFileSync(file);
      writeFileSync(file, Buffer.concat([bytes, Buffer.from('x')]));
      const bad = await c.club(['check'], '2026-04-03T11:00:00+08:00');
      expect(bad.code).toBe(3);
      expect(bad.stdout + bad.stderr).toContain(e1.receipts[0].sha256.slice(0, 12));
      writeFileSync(file, bytes);
      expect((await c.club(['check'], '2026-04-03T11:00:00+08:00')).code).toBe(0);
    }
  });
}

describe('a month of money on a folder store', () => moneyMonth(() => folderClub(SETUP)));
describePg('a month of money on a database', () => moneyMonth(() => databaseClub(SETUP)));
