// Budgets, expenses and receipts (issue #21, SPEC §10, §14 "Money") through the commands, held to the same
// assertions on a folder store and on a database store. On a folder store the people are --by members; on a
// database, logins: two treasurers (four eyes) and a clerk.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, newDatabase, newLogin, pgSkipReason, sql, superUrl } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

const NOW = '2026-04-10T10:00:00+08:00';
const INIT = ['--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];
type Who = 'owner' | 'a' | 'b' | 'clerk';

interface Club {
  kind: 'folder' | 'postgres';
  dir: string;
  /** The store: the folder's .club, or the owner's URL. */
  store: string;
  club(argv: string[], who?: Who, o?: RunOptions): Promise<RunResult>;
  /** SQL as the login of `who` (database only). */
  sqlAs?(who: Who, text: string): Promise<unknown>;
  cleanup(): Promise<void>;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-money-');
  const env = { CLUB_LANG: 'en' };
  const by: Record<Who, string[]> = { owner: [], a: ['--by', '杨洪勇'], b: ['--by', '雅风'], clerk: ['--by', '王芳'] };
  const init = await run(t.dir, ['init', ...INIT], { now: NOW, env });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    kind: 'folder',
    dir: t.dir,
    store: join(t.dir, '.club'),
    club: (argv, who = 'owner', o = {}) => run(t.dir, [...argv, ...by[who]], { now: NOW, ...o, env: { ...env, ...o.env } }),
    cleanup: async () => t.cleanup(),
  };
}

async function databaseClub(): Promise<Club> {
  const d = await newDatabase('money');
  const t = tempDir('club-money-pg-');
  const init = await run(t.dir, ['init', '--store', d.url(), ...INIT], { now: NOW, env: { CLUB_LANG: 'en' } });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const logins = { a: await newLogin('money_a'), b: await newLogin('money_b'), clerk: await newLogin('money_clerk') };
  const url = (who: Who) => (who === 'owner' ? d.url() : d.url(logins[who].user, logins[who].password));
  const club: Club['club'] = (argv, who = 'owner', o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { CLUB_LANG: 'en', CLUB_STORE: url(who), CLUB_ACTOR: '', ...o.env } });
  for (const [who, role] of [['a', 'treasurer'], ['b', 'treasurer'], ['clerk', 'clerk']] as const) {
    const granted = await club(['access', 'grant', logins[who].user, '--role', role]);
    if (granted.code !== 0) throw new Error(`access grant: ${granted.stderr}`);
  }
  return {
    kind: 'postgres',
    dir: t.dir,
    store: d.url(),
    club,
    sqlAs: (who, text) => sql(url(who), text),
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const STORES: Array<[string, () => Promise<Club>]> = [
  ['a folder store', folderClub],
  [pgSkipReason() === null ? 'a database store' : `a database store (skipped: ${pgSkipReason()})`, databaseClub],
];

const PLAN = `theme: 读书分享会
budget:
  - category: rewards
    amount: "300"
  - category: materials
    amount: "1,280.00"
`;

describe.each(STORES)('money: budgets and expenses on %s', (title, make) => {
  const skip = title.includes('skipped');
  let c: Club;
  const ok = async (argv: string[], who: Who = 'owner', o: RunOptions = {}): Promise<RunResult> => {
    const r = await c.club(argv, who, o);
    expect(r.code, `club ${argv.join(' ')} (${who}): ${r.stderr}`).toBe(0);
    return r;
  };
  const json = async (argv: string[], who: Who = 'owner') => (await ok([...argv, '--json'], who)).json();
  const expenses = async () => (await json(['expense', 'list'])) as Array<Record<string, unknown>>;
  /** A new expense of s1 (materials), by the clerk, moved to `status` by a and b. */
  const expenseIn = async (status: string): Promise<string> => {
    const added = await json(['expense', 'add', '--amount', '10', '--category', 'materials', '--session', 's1', '--payee', '雅风', '--note', '打印'], 'clerk');
    const id = added.id as string;
    if (status === 'approved' || status === 'paid') await ok(['expense', 'approve', id], 'a');
    if (status === 'rejected') await ok(['expense', 'reject', id, '--reason', '重复'], 'a');
    if (status === 'paid') await ok(['expense', 'pay', id], 'a');
    return id;
  };

  beforeAll(async () => {
    if (skip) return;
    c = await make();
    for (const name of ['杨洪勇', '雅风', '王芳', '李雷']) await ok(['member', 'add', name]);
    await ok(['session', 'add', '读书分享', '--at', '2026-04-12 19:00']);
    await ok(['session', 'add', '诗词大赛', '--at', '2026-04-19 14:00', '--type', 'competition']);
  }, 120_000);
  afterAll(async () => {
    if (!skip) await c.cleanup();
  });

  it.skipIf(skip)('budget set and show: amount, spent and remaining per session and category, with totals', async () => {
    await ok(['budget', 'set', 's1', '--category', 'rewards', '--amount', '¥300', '--note', '书签'], 'a');
    await ok(['budget', 'set', 's1', '--category', 'materials', '--amount', '1,280.00'], 'a');
    const shown = await json(['budget', 'show', 's1']);
    expect(shown.budgets).toEqual([
      { sessionId: 's1', category: 'materials', amount: '1280.00', spent: '0.00', remaining: '1280.00', note: null, forced: false },
      { sessionId: 's1', category: 'rewards', amount: '300.00', spent: '0.00', remaining: '300.00', note: '书签', forced: false },
    ]);
    expect(shown.totals).toEqual({ amount: '1580.00', spent: '0.00', remaining: '1580.00' });
    const csv = (await ok(['budget', 'show', '--csv'])).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('sessionId,title,category,amount,spent,remaining,forced,note');
    const bad = await c.club(['budget', 'set', 's1', '--category', 'food', '--amount', '5'], 'a');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('personnel|materials|tech|promotion|rewards|other');
  });

  it.skipIf(skip)('an expense over the remaining budget exits 1 and changes nothing; with --force it is flagged and recorded', async () => {
    const before = await expenses();
    const over = await c.club(['expense', 'add', '--amount', '300.01', '--category', 'rewards', '--session', 's1', '--payee', '雅风', '--note', '奖品'], 'clerk');
    expect(over.code, over.stderr).toBe(1);
    expect(over.stderr).toContain('300.01 is over the remaining rewards budget of s1 (300.00 left)');
    expect(await expenses()).toEqual(before);
    const forced = await json(['expense', 'add', '--amount', '300.01', '--category', 'rewards', '--session', 's1', '--payee', '雅风', '--note', '奖品', '--force'], 'clerk');
    expect(forced).toMatchObject({ amount: '300.01', category: 'rewards', sessionId: 's1', payee: '雅风', payeeId: 'm2', status: 'submitted', overBudget: true });
    // The id after a refusal is the next one: the refused add allocated nothing.
    expect(forced.id).toBe(`e${before.length + 1}`);
    // Checked again at approve: still over, so approve needs --force too.
    const approve = await c.club(['expense', 'approve', forced.id], 'a');
    expect(approve.code).toBe(1);
    expect((await expenses()).find((e) => e.id === forced.id)!.status).toBe('submitted');
    expect((await json(['expense', 'approve', forced.id, '--force'], 'a')).status).toBe('approved');
    const shown = await json(['budget', 'show', 's1']);
    expect(shown.budgets.find((b: { category: string }) => b.category === 'rewards')).toMatchObject({ spent: '300.01', remaining: '-0.01' });
    const log = (await ok(['log', '--json'])).json() as Array<{ summary: string }>;
    expect(log.some((e) => e.summary.includes(`expense ${forced.id} submitted: 300.01 rewards at s1`) && e.summary.includes('over budget'))).toBe(true);
    // Nothing personal in the audit: no note, no payee's name.
    expect(JSON.stringify(log)).not.toContain('奖品');
  });

  it.skipIf(skip)('the transitions: status × step × the submitter or someone else', async () => {
    const steps = ['approve', 'reject', 'pay'] as const;
    const allowed: Record<string, string> = { 'submitted/approve': 'approved', 'submitted/reject': 'rejected', 'approved/pay': 'paid' };
    const fourEyes = new Set(['approve', 'pay']);
    for (const status of ['submitted', 'approved', 'rejected', 'paid']) {
      for (const step of steps) {
        for (const same of [false, true]) {
          const id = await expenseIn(status);
          // On a database the clerk may not approve or pay (exit 5): the submitter is then a treasurer.
          const submitter: Who = 'clerk';
          const actor: Who = same ? submitter : 'b';
          const argv = ['expense', step, id, ...(step === 'reject' ? ['--reason', '不符'] : [])];
          const r = await c.club(argv, actor);
          const target = allowed[`${status}/${step}`];
          const label = `${status} ${step} by ${same ? 'the submitter' : 'another'}`;
          const after = (await expenses()).find((e) => e.id === id)!;
          if (same && c.kind === 'postgres') {
            // The clerk who submitted holds no treasurer's role: refused by role first.
            expect(r.code, label).toBe(5);
            expect(after.status, label).toBe(status);
            continue;
          }
          if (!target || (same && fourEyes.has(step))) {
            expect(r.code, `${label}: ${r.stderr}`).toBe(1);
            expect(r.stderr, label).toMatch(!target ? /needs/ : /needs someone else/);
            expect(after.status, label).toBe(status);
          } else {
            expect(r.code, `${label}: ${r.stderr}`).toBe(0);
            expect(after.status, label).toBe(target);
          }
        }
      }
    }
  }, 240_000);

  it.skipIf(skip)('four eyes: a treasurer may not approve or pay what they submitted', async () => {
    const added = await json(['expense', 'add', '--amount', '1', '--category', 'materials', '--session', 's1', '--payee', '文具店', '--note', '胶带'], 'a');
    expect(added).toMatchObject({ payee: '文具店', payeeId: null });
    const self = await c.club(['expense', 'approve', added.id], 'a');
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('needs someone else');
    await ok(['expense', 'approve', added.id], 'b');
    expect((await c.club(['expense', 'pay', added.id], 'a')).code).toBe(1);
    const paid = await json(['expense', 'pay', added.id, '--date', '2026-04-11'], 'b');
    expect(paid).toMatchObject({ status: 'paid', paidOn: '2026-04-11' });
    expect(paid.paidAt).toBe('2026-04-10T10:00:00+08:00');
  });

  it.skipIf(skip)('expense list filters by status and session; CSV headers are the JSON keys', async () => {
    const all = await expenses();
    const paid = (await json(['expense', 'list', '--status', 'paid'])) as Array<{ status: string }>;
    expect(paid.length).toBe(all.filter((e) => e.status === 'paid').length);
    expect(paid.every((e) => e.status === 'paid')).toBe(true);
    expect(await json(['expense', 'list', '--session', 's2'])).toEqual([]);
    expect((await c.club(['expense', 'list', '--status', 'done'])).code).toBe(2);
    const csv = (await ok(['expense', 'list', '--csv'])).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('id,amount,category,sessionId,payee,payeeId,note,date,status,submittedBy,approvedBy,rejectedBy,reason,paidBy,paidOn,paidAt,overBudget,receipts');
  });

  it.skipIf(skip)('an approved plan: budget set needs --force (recorded); activity plan writes the session budgets', async () => {
    writeFileSync(join(c.dir, 'plan.yaml'), PLAN);
    await ok(['activity', 'plan', 's2', '--file', 'plan.yaml']);
    let shown = await json(['budget', 'show', 's2']);
    expect(shown.budgets.map((b: { category: string; amount: string }) => `${b.category} ${b.amount}`)).toEqual(['materials 1280.00', 'rewards 300.00']);
    // Approved by three people: on a folder three --by, on a database the owner and two admins.
    if (c.kind === 'folder') {
      await ok(['activity', 'submit', 's2', '--by', '杨洪勇']);
      await ok(['activity', 'review', 's2', '--ok', '--by', '雅风']);
      await ok(['activity', 'approve', 's2', '--by', '李雷']);
    } else {
      const admins = [await newLogin('money_adm1'), await newLogin('money_adm2')];
      for (const l of admins) await ok(['access', 'grant', l.user, '--role', 'admin']);
      const as = (i: number) => ({ env: { CLUB_STORE: c.store.replace(/\/\/[^@]*@/, `//${admins[i]!.user}:${admins[i]!.password}@`) } });
      await ok(['activity', 'submit', 's2']);
      await ok(['activity', 'review', 's2', '--ok'], 'owner', as(0));
      await ok(['activity', 'approve', 's2'], 'owner', as(1));
    }
    const refused = await c.club(['budget', 'set', 's2', '--category', 'rewards', '--amount', '400'], 'a');
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('approved');
    expect((await json(['budget', 'show', 's2'])).budgets[1]).toMatchObject({ amount: '300.00', forced: false });
    await ok(['budget', 'set', 's2', '--category', 'rewards', '--amount', '400', '--force'], 'a');
    shown = await json(['budget', 'show', 's2']);
    expect(shown.budgets[1]).toMatchObject({ category: 'rewards', amount: '400.00', forced: true });
    const log = (await ok(['log', '--json'])).json() as Array<{ summary: string }>;
    expect(log.map((e) => e.summary)).toContain('budget s2 rewards: 400.00 (was 300.00) forced');
  });

  it.skipIf(skip)('receipts: kept under their SHA-256, refused when not a plain file of at most 20 MB, verified by check', async () => {
    const bytes = Buffer.from('%PDF-1.4 发票 \u0000\u00ff binary');
    writeFileSync(join(c.dir, '发票.pdf'), bytes);
    writeFileSync(join(c.dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const added = await json(['expense', 'add', '--amount', '5', '--category', 'materials', '--session', 's1', '--payee', '雅风', '--note', '复印', '--receipt', '发票.pdf', '--receipt', 'photo.jpg'], 'clerk');
    expect(added.receipts[0]).toEqual({ sha256: sha, name: '发票.pdf', size: bytes.length });
    // A file name with an escape sequence and a newline is kept without them.
    writeFileSync(join(c.dir, 'a\u001b[31mb\nc.png'), 'png');
    const hostile = await json(['expense', 'add', '--amount', '1', '--category', 'materials', '--session', 's1', '--payee', '雅风', '--note', '图', '--receipt', 'a\u001b[31mb\nc.png', '--force'], 'clerk');
    expect(hostile.receipts[0].name).toBe('a[31mbc.png');
    if (c.kind === 'folder') {
      const file = join(c.store, 'receipts', sha);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(c.store, 'receipts')).mode & 0o777).toBe(0o700);
    }
    // Out again, byte for byte.
    mkdirSync(join(c.dir, 'out'));
    await ok(['expense', 'receipt', added.id, '--out', 'out']);
    expect(readFileSync(join(c.dir, 'out', '发票.pdf')).equals(bytes)).toBe(true);

    // Refused with exit 2 naming the file, nothing changed.
    mkdirSync(join(c.dir, 'adir'));
    symlinkSync(join(c.dir, '发票.pdf'), join(c.dir, 'link.pdf'));
    execFileSync('mkfifo', [join(c.dir, 'fifo')]);
    writeFileSync(join(c.dir, 'big.bin'), '');
    truncateSync(join(c.dir, 'big.bin'), 20 * 1024 * 1024 + 1);
    const before = await expenses();
    for (const bad of ['adir', 'link.pdf', 'fifo', 'big.bin', '/dev/null', 'missing.pdf']) {
      const r = await c.club(['expense', 'add', '--amount', '5', '--category', 'materials', '--session', 's1', '--payee', '雅风', '--note', '复印', '--receipt', bad], 'clerk');
      expect(r.code, `${bad}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(bad);
    }
    expect(await expenses()).toEqual(before);
    expect((await ok(['check'])).code).toBe(0);

    // A receipt changed or gone: check exits 3 naming it.
    if (c.kind === 'folder') {
      const file = join(c.store, 'receipts', sha);
      chmodSync(file, 0o600);
      writeFileSync(file, 'forged');
      let r = await c.club(['check']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(sha);
      unlinkSync(file);
      r = await c.club(['check']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`receipt ${sha} of ${added.id} is missing`);
      writeFileSync(file, bytes, { mode: 0o600 });
      writeFileSync(join(c.store, 'receipts', 'notes.txt'), 'x');
      r = await c.club(['check']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('notes.txt');
      rmSync(join(c.store, 'receipts', 'notes.txt'));
    } else {
      // A superuser (or the tables' owner) can remove a row past every grant and trigger.
      const su = superUrl(new URL(c.store).pathname.slice(1));
      await sql(su, `SET session_replication_role = replica; DELETE FROM club.receipts WHERE sha256 = '${sha}'`);
      const r = await c.club(['check']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`receipt ${sha} of ${added.id} is missing`);
      await sql(su, `SET session_replication_role = replica; INSERT INTO club.receipts VALUES ('${sha}', ${bytes.length}, decode('${bytes.toString('hex')}', 'hex'), now())`);
      // The database refuses bytes that do not match their name.
      await expect(sql(c.store, `BEGIN; SELECT club.audit_append(now(), 'test', 'forge', '[]'::json, NULL); INSERT INTO club.receipts VALUES ('${'0'.repeat(64)}', 1, '\\x00', now()); COMMIT;`)).rejects.toThrow();
    }
    expect((await ok(['check'])).code).toBe(0);
  });

  it.skipIf(skip)('backup embeds receipts; restore and store copy carry them to both kinds of store', async () => {
    const backup = join(c.dir, 'backup.json');
    await ok(['backup', '--out', backup]);
    const bundle = JSON.parse(readFileSync(backup, 'utf8'));
    const list = await expenses();
    const withReceipt = list.find((e) => (e.receipts as unknown[]).length > 0)!;
    const sha = (withReceipt.receipts as Array<{ sha256: string }>)[0]!.sha256;
    expect(createHash('sha256').update(Buffer.from(bundle.receipts[sha], 'base64')).digest('hex')).toBe(sha);

    const back = tempDir('club-money-restore-');
    try {
      const restored = await run(back.dir, ['restore', backup, '--store', 'restored'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(restored.code, restored.stderr).toBe(0);
      expect(readdirSync(join(back.dir, 'restored', 'receipts'))).toContain(sha);
      const r = await run(back.dir, ['--store', 'restored', 'expense', 'receipt', withReceipt.id as string], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toContain((withReceipt.receipts as Array<{ name: string }>)[0]!.name);
      // A backup whose receipt was tampered with is refused before anything is written.
      bundle.receipts[sha] = Buffer.from('forged').toString('base64');
      writeFileSync(join(back.dir, 'forged.json'), JSON.stringify(bundle));
      const forged = await run(back.dir, ['restore', 'forged.json', '--store', 'forged'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(forged.code).toBe(2);
      expect(forged.stderr).toContain(sha);
      expect(existsSync(join(back.dir, 'forged', 'store.json'))).toBe(false);

      if (pgSkipReason() === null) {
        // Into a database and back into a folder: the receipt's bytes come along both ways.
        const d = await newDatabase('money_copy');
        try {
          const copied = await c.club(['store', 'copy', '--to', d.url()]);
          expect(copied.code, copied.stderr).toBe(0);
          const rows = (await sql(d.url(), `SELECT encode(sha256(bytes), 'hex') AS h FROM club.receipts`)) as Array<{ h: string }>;
          expect(rows.map((x) => x.h)).toContain(sha);
          const home = await run(back.dir, ['store', 'copy', '--to', 'home'], { now: NOW, env: { CLUB_LANG: 'en', CLUB_STORE: d.url() } });
          expect(home.code, home.stderr).toBe(0);
          expect(readdirSync(join(back.dir, 'home', 'receipts'))).toContain(sha);
          const check = await run(back.dir, ['--store', 'home', 'check'], { now: NOW, env: { CLUB_LANG: 'en' } });
          expect(check.code, check.stderr).toBe(0);
        } finally {
          await dropDatabase(d.db);
        }
      }
    } finally {
      back.cleanup();
    }
  }, 120_000);

  it.skipIf(skip)('activity evaluate: cost = paid expenses of the session, costPerAttendee = cost / attended', async () => {
    await ok(['checkin', 's1', '杨洪勇', '雅风', '王芳'], 'owner', { now: '2026-04-12T19:05:00+08:00' });
    const paid = (await expenses()).filter((e) => e.sessionId === 's1' && e.status === 'paid').reduce((sum, e) => sum + Math.round(Number(e.amount) * 100), 0);
    const evaluation = (await ok(['activity', 'evaluate', 's1', '--json'], 'owner', { now: '2026-04-13T10:00:00+08:00' })).json();
    expect(paid).toBeGreaterThan(0);
    expect(evaluation.cost).toBe((paid / 100).toFixed(2));
    expect(evaluation.costPerAttendee).toBe((Math.floor((2 * paid + 3) / 6) / 100).toFixed(2));
    const none = (await ok(['activity', 'evaluate', 's2', '--json'])).json();
    expect(none).toMatchObject({ cost: '0.00', costPerAttendee: null });
  });

  it.skipIf(skip)('member purge unlinks expense payees; the receipts stay', async () => {
    const before = (await expenses()).filter((e) => e.payeeId === 'm2');
    expect(before.length).toBeGreaterThan(0);
    await ok(['member', 'remove', 'm2', '--reason', '退群']);
    await ok(['member', 'purge', 'm2', '--yes']);
    const after = await expenses();
    for (const e of before) {
      const now = after.find((x) => x.id === e.id)!;
      expect(now).toMatchObject({ payeeId: null, payee: '(purged m2)', amount: e.amount, receipts: e.receipts });
    }
    expect((await ok(['check'])).code).toBe(0);
  });
});

describe.skipIf(pgSkipReason() !== null)('money on a database: the clerk adds expenses and nothing more', () => {
  let c: Club;
  beforeAll(async () => {
    c = await databaseClub();
    expect((await c.club(['member', 'add', '雅风'])).code).toBe(0);
    expect((await c.club(['session', 'add', '读书分享', '--at', '2026-04-12 19:00'])).code).toBe(0);
    expect((await c.club(['budget', 'set', 's1', '--category', 'materials', '--amount', '100'], 'a')).code).toBe(0);
  }, 60_000);
  afterAll(async () => c.cleanup());

  it('a clerk adds an expense with a receipt (plain INSERTs), may not approve it (exit 5), and psql UPDATE is denied', async () => {
    writeFileSync(join(c.dir, 'r.txt'), 'receipt');
    const added = await c.club(['expense', 'add', '--amount', '12', '--category', 'materials', '--session', 's1', '--payee', '雅风', '--note', '打印', '--receipt', 'r.txt', '--json'], 'clerk');
    expect(added.code, added.stderr).toBe(0);
    const approve = await c.club(['expense', 'approve', 'e1'], 'clerk');
    expect(approve.code).toBe(5);
    expect(approve.stderr).toContain('treasurer');
    await expect(c.sqlAs!('clerk', `BEGIN; SELECT club.audit_append(now(), 'psql', 'approve', '[]'::json, NULL); UPDATE club.expenses SET status = 'approved' WHERE id = 'e1'; COMMIT;`)).rejects.toThrow(/permission denied/);
    await expect(c.sqlAs!('clerk', `DELETE FROM club.receipts`)).rejects.toThrow(/permission denied/);
    await expect(c.sqlAs!('a', `UPDATE club.receipts SET size = 0`)).rejects.toThrow(/permission denied/);
    const list = (await c.club(['expense', 'list', '--json'])).json();
    expect(list[0]).toMatchObject({ id: 'e1', status: 'submitted', receipts: [{ name: 'r.txt', size: 7 }] });
    // A budget is the treasurer's.
    expect((await c.club(['budget', 'set', 's1', '--category', 'materials', '--amount', '200'], 'clerk')).code).toBe(5);
  });
});

describe('receipts in the folder store journal', () => {
  let t: { dir: string; cleanup: () => void };
  const club = (argv: string[], env: Record<string, string> = {}) => run(t.dir, argv, { now: NOW, env: { CLUB_LANG: 'en', ...env } });
  const add = ['expense', 'add', '--amount', '5', '--category', 'materials', '--payee', '文具店', '--note', '胶带', '--receipt', 'r.bin'];
  const receipts = () => (existsSync(join(t.dir, '.club', 'receipts')) ? readdirSync(join(t.dir, '.club', 'receipts')) : []);
  beforeAll(async () => {
    t = tempDir('club-money-journal-');
    expect((await club(['init', ...INIT])).code).toBe(0);
    writeFileSync(join(t.dir, 'r.bin'), Buffer.from([1, 2, 3, 250]));
  });
  afterAll(() => t.cleanup());

  it('a failure before the commit point leaves no expense and no receipt file (temps removed)', async () => {
    // rename #1 is the journal's: every file of the change, the receipt's temp included, is staged by then.
    const r = await club(add, { CLUB_FAULTS: 'rename:1:EIO' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/the store is unchanged/);
    // The receipt was staged (its folder made) and its temp file removed with the others.
    expect(existsSync(join(t.dir, '.club', 'receipts'))).toBe(true);
    expect(receipts()).toEqual([]);
    expect((await club(['expense', 'list', '--json'])).json()).toEqual([]);
    expect((await club(['check'])).code).toBe(0);
  });

  it('a failure after the commit point is finished by the next command: the expense and its receipt together', async () => {
    const r = await club(add, { CLUB_FAULTS: 'rename:2:EIO:always' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/next club command completes it/);
    const next = await club(['expense', 'list', '--json']);
    expect(next.stderr).toMatch(/completed a change/);
    const [e] = next.json();
    const sha = createHash('sha256').update(Buffer.from([1, 2, 3, 250])).digest('hex');
    expect(e.receipts).toEqual([{ sha256: sha, name: 'r.bin', size: 4 }]);
    expect(receipts()).toEqual([sha]);
    expect((await club(['check'])).code).toBe(0);
  });
});

describe('member purge and receipts in automatic backups', () => {
  it('rewrites the backups without the member but leaves the receipts bytes whole (a name in their base64 is no mention)', async () => {
    const t = tempDir('club-money-purge-');
    try {
      const club = async (argv: string[]) => {
        const r = await run(t.dir, argv, { now: NOW, env: { CLUB_LANG: 'en' } });
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      await club(['init', ...INIT]);
      await club(['member', 'add', 'Bob']);
      // Bytes whose base64 spells the member's name.
      const bytes = Buffer.from('BobbBobbBobb', 'base64');
      writeFileSync(join(t.dir, 'Bob-receipt.bin'), bytes);
      const sha = createHash('sha256').update(bytes).digest('hex');
      await club(['expense', 'add', '--amount', '3', '--category', 'other', '--payee', 'Bob', '--note', 'paid by Bob', '--receipt', 'Bob-receipt.bin']);
      await club(['backup']);
      await club(['member', 'remove', 'Bob', '--reason', 'left']);
      const purge = await club(['member', 'purge', 'Bob', '--yes']);
      expect(purge.stderr).toMatch(/rewrote 1 automatic backup/);
      const dir = join(t.dir, '.club', 'backups');
      const file = readdirSync(dir).find((f) => f.startsWith('backup-'))!;
      const text = readFileSync(join(dir, file), 'utf8');
      const bundle = JSON.parse(text);
      expect(Buffer.from(bundle.receipts[sha], 'base64').equals(bytes)).toBe(true);
      const [e] = bundle.files['expenses.json'];
      expect(e).toMatchObject({ payeeId: null, payee: '(purged m1)', note: 'paid by (purged m1)', receipts: [{ sha256: sha, name: '(purged m1)-receipt.bin', size: bytes.length }] });
      // The rewritten backup still restores, its receipt verified.
      expect((await run(t.dir, ['restore', join(dir, file), '--store', 'again'], { now: NOW, env: { CLUB_LANG: 'en' } })).code).toBe(0);
      expect(readFileSync(join(t.dir, 'again', 'receipts', sha)).equals(bytes)).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
