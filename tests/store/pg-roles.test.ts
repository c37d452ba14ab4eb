// What the database enforces whatever the client does (SPEC §8, §14): each login's grants, the append-only audit log
// whose actor is the login, the owner's settings, and the hash chain that `club check` walks (tamper evidence).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, newLogin, sql, superUrl, type Login, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

const NOW = '2026-03-05T20:00:00+08:00';

describePg('what the database enforces, login by login', () => {
  let d: TestDatabase;
  let dir: string;
  let cleanup: () => void;
  const logins: Record<'admin' | 'clerk' | 'viewer' | 'nobody', Login> = {} as never;
  const urlOf = (who: keyof typeof logins | 'owner') => (who === 'owner' ? d.url() : d.url(logins[who].user, logins[who].password));
  const club = (who: keyof typeof logins | 'owner', argv: string[], o: RunOptions = {}): Promise<RunResult> =>
    run(dir, argv, { now: NOW, ...o, env: { CLUB_STORE: urlOf(who), CLUB_LANG: 'en', ...o.env } });
  async function ok(who: keyof typeof logins | 'owner', argv: string[], o: RunOptions = {}): Promise<RunResult> {
    const r = await club(who, argv, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  beforeAll(async () => {
    d = await newDatabase('pgroles');
    ({ dir, cleanup } = tempDir('club-pgroles-'));
    const init = await run(dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env: { CLUB_LANG: 'en' } });
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    for (const role of ['admin', 'clerk', 'viewer', 'nobody'] as const) {
      logins[role] = await newLogin(`pgroles_${role}`);
      if (role !== 'nobody') await ok('owner', ['access', 'grant', logins[role].user, '--role', role]);
    }
    await ok('admin', ['member', 'add', '杨洪勇', '--phone', '+86 138 0000 0001', '--qq', '1023919001']);
    await ok('admin', ['member', 'add', '雅风', '--email', 'yafeng@example.org']);
    await ok('admin', ['session', 'add', '读书会', '--at', '2026-03-05 21:30']);
  });
  afterAll(async () => {
    cleanup?.();
    if (d) await dropDatabase(d.db);
  });

  /** Runs `fn` as the login in a transaction that is rolled back: what it may do, without changing the club. */
  async function as<T>(who: keyof typeof logins, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: urlOf(who) });
    await c.connect();
    try {
      await c.query('BEGIN');
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }
  const denied = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: '42501' });

  it("denies a viewer the contacts' columns, and shows them masked in club.members_public", async () => {
    await denied(as('viewer', (c) => c.query('SELECT phone FROM club.members')));
    await denied(as('viewer', (c) => c.query('SELECT * FROM club.members')));
    const rows = await as('viewer', async (c) => (await c.query('SELECT id, name, phone, qq, email FROM club.members_public ORDER BY id')).rows);
    expect(rows).toEqual([
      { id: 'm1', name: '杨洪勇', phone: '+86 138****0001', qq: '10******01', email: null },
      { id: 'm2', name: '雅风', phone: null, qq: null, email: 'y***@example.org' },
    ]);
    const names = await as('viewer', async (c) => (await c.query('SELECT id, name FROM club.members ORDER BY id')).rows);
    expect(names).toEqual([{ id: 'm1', name: '杨洪勇' }, { id: 'm2', name: '雅风' }]);
  });

  it("denies a viewer's writes", async () => {
    await denied(as('viewer', (c) => c.query(`UPDATE club.members SET name = 'x'`)));
    await denied(as('viewer', (c) => c.query(`UPDATE club.sessions SET doc = doc`)));
    await denied(as('viewer', (c) => c.query(`DELETE FROM club.ledger`)));
  });

  it('lets a clerk record attendance but not change members', async () => {
    const inserted = await as('clerk', async (c) => {
      await c.query(`INSERT INTO club.attendance (session_id, member_id, status, at, doc) VALUES ('s1', 'm1', 'present', now(), '{}')`);
      return (await c.query(`SELECT session_id, member_id FROM club.attendance`)).rows;
    });
    expect(inserted).toEqual([{ session_id: 's1', member_id: 'm1' }]);
    await denied(as('clerk', (c) => c.query(`UPDATE club.members SET name = 'x' WHERE id = 'm1'`)));
    await denied(as('clerk', (c) => c.query(`DELETE FROM club.members`)));
  });

  it("denies even an admin any change to the audit log but through club.audit_append, whose actor is the login", async () => {
    await denied(as('admin', (c) => c.query('DELETE FROM club.audit')));
    await denied(as('admin', (c) => c.query(`UPDATE club.audit SET summary = 'nothing happened'`)));
    await denied(as('admin', (c) => c.query(`INSERT INTO club.audit SELECT * FROM club.audit LIMIT 1`)));
    const row = await as('clerk', async (c) => {
      await c.query(`SELECT club.audit_append(now(), 'checkin s1', 'checked in m1', '["m1"]', 'owner_himself')`);
      return (await c.query(`SELECT actor, on_behalf, summary FROM club.audit ORDER BY seq DESC LIMIT 1`)).rows[0];
    });
    expect(row).toEqual({ actor: logins.clerk.user, on_behalf: 'owner_himself', summary: 'checked in m1' });
    await denied(as('viewer', (c) => c.query(`SELECT club.audit_append(now(), 'x', 'y', '[]', null)`)));
  });

  it('records the login as the actor whatever --by says; --by lands in on_behalf', async () => {
    await ok('clerk', ['checkin', 's1', '杨洪勇'], { env: { CLUB_ACTOR: '' } });
    await ok('clerk', ['checkin', 's1', '雅风', '--by', d.owner.user]);
    const rows = await sql(d.url(), `SELECT actor, on_behalf, summary FROM club.audit WHERE command LIKE 'checkin%' ORDER BY seq`);
    expect(rows.map((r) => [r.actor, r.on_behalf])).toEqual([
      [logins.clerk.user, null],
      [logins.clerk.user, d.owner.user],
    ]);
    const log = (await ok('viewer', ['log', '--json'])).json() as Array<{ actor: string; by?: string; command: string }>;
    expect(log.filter((e) => e.command.startsWith('checkin')).map((e) => [e.actor, e.by])).toEqual([
      [logins.clerk.user, undefined],
      [logins.clerk.user, d.owner.user],
    ]);
  });

  it("lets the settings trigger refuse an admin the store-wide settings, and allow the others", async () => {
    await denied(as('admin', (c) => c.query(`UPDATE club.settings SET value = '"X"' WHERE key = 'name'`)));
    await denied(as('admin', (c) => c.query(`DELETE FROM club.settings WHERE key = 'timezone'`)));
    const changed = await as('admin', async (c) => (await c.query(`UPDATE club.settings SET value = '7' WHERE key = 'points.attendance'`)).rowCount);
    expect(changed).toBe(1);
  });

  it('refuses through the CLI what the role may not run (exit 5), and runs what it may', async () => {
    const add = await club('clerk', ['member', 'add', '李雷']);
    expect(add.code).toBe(5);
    const checkin = await club('clerk', ['checkin', 's1', 'm1', '--status', 'late']);
    expect([checkin.code, checkin.stderr]).toEqual([0, expect.any(String)]);
    const att = (await ok('viewer', ['session', 'show', 's1', '--json'])).json();
    expect(JSON.stringify(att)).toContain('late');
    const name = await club('admin', ['config', 'set', 'name', 'X']);
    expect(name.code).toBe(5);
    expect((await ok('viewer', ['config', 'get', 'name'])).stdout.trim()).toBe('读书会');
    expect((await club('admin', ['config', 'set', 'points.attendance', '3'])).code).toBe(0);
    const nobody = await club('nobody', ['member', 'list']);
    expect(nobody.code).toBe(5);
    expect(nobody.stderr).toContain(logins.nobody.user);
  });
});

describePg('tamper evidence: the hash-chained audit log', () => {
  let d: TestDatabase;
  let dir: string;
  let cleanup: () => void;
  const club = (argv: string[]): Promise<RunResult> => run(dir, argv, { now: NOW, env: { CLUB_STORE: d.url(), CLUB_LANG: 'en' } });
  const asSuper = (text: string, params?: unknown[]) => sql(superUrl(d.db), text, params);

  beforeAll(async () => {
    d = await newDatabase('pgtamper');
    ({ dir, cleanup } = tempDir('club-pgtamper-'));
    const init = await run(dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env: { CLUB_LANG: 'en' } });
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    for (const argv of [['member', 'add', '杨洪勇'], ['member', 'add', '雅风'], ['points', 'add', '雅风', '5', '--reason', '分享读书笔记'], ['member', 'add', '李雷']]) {
      const r = await club(argv);
      if (r.code !== 0) throw new Error(`club ${argv.join(' ')}: ${r.stderr}`);
    }
  });
  afterAll(async () => {
    cleanup?.();
    if (d) await dropDatabase(d.db);
  });

  it('names the row whose summary a superuser changed (exit 3), and passes again once it is put back', async () => {
    expect((await club(['check'])).code).toBe(0);
    const [row] = await asSuper(`SELECT summary FROM club.audit WHERE seq = 3`);
    await asSuper(`UPDATE club.audit SET summary = 'nothing happened' WHERE seq = 3`);
    const r = await club(['check']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the audit log is broken at row 3: its content does not match its hash (it was changed)');
    await asSuper(`UPDATE club.audit SET summary = $1 WHERE seq = 3`, [row!.summary]);
    expect((await club(['check'])).code).toBe(0);
  });

  it('names the gap a deleted row leaves (exit 3)', async () => {
    const [row] = await asSuper(`SELECT * FROM club.audit WHERE seq = 2`);
    await asSuper(`DELETE FROM club.audit WHERE seq = 2`);
    const r = await club(['check']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the audit log is broken at row 3: expected row 2 here (a row was removed)');
    await asSuper(`INSERT INTO club.audit SELECT * FROM json_populate_record(null::club.audit, $1)`, [JSON.stringify(row)]);
    expect((await club(['check'])).code).toBe(0);
  });

  it('club log --head prints the latest hash; check --head refuses it once the superuser rewrote the whole chain', async () => {
    const head = (await club(['log', '--head']));
    expect(head.code).toBe(0);
    const [last] = await asSuper(`SELECT hash FROM club.audit ORDER BY seq DESC LIMIT 1`);
    expect(head.stdout).toBe(`${last!.hash}\n`);
    expect((await club(['log', '--head', '--json'])).json()).toEqual({ head: last!.hash });
    const hash = head.stdout.trim();
    expect((await club(['check', '--head', hash])).code).toBe(0);

    // A rewrite that keeps the chain whole: one summary changed, every hash after it recomputed in SQL.
    await asSuper(`UPDATE club.audit SET summary = 'nothing happened' WHERE seq = 3`);
    await asSuper(`DO $$ DECLARE r record; prev text := ''; BEGIN
      FOR r IN SELECT * FROM club.audit ORDER BY seq LOOP
        UPDATE club.audit SET prev_hash = prev, hash = club.audit_hash(prev, r.seq, r.at, r.actor, r.on_behalf, r.command, r.summary, r.refs::text)
          WHERE seq = r.seq RETURNING hash INTO prev;
      END LOOP; END $$`);
    expect((await club(['check'])).code).toBe(0);
    const r = await club(['check', '--head', hash]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the audit log no longer reaches the hash ${hash}: the log was rewritten`);
    expect((await club(['log', '--head'])).stdout.trim()).not.toBe(hash);
  });

  it('on a folder store: log --head exits 1 (not hash-chained), check --head exits 2', async () => {
    const t = tempDir('club-pgtamper-folder-');
    try {
      const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(init.code).toBe(0);
      const head = await run(t.dir, ['log', '--head'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect([head.code, head.stdout]).toEqual([1, '']);
      expect(head.stderr).toContain("this store's audit log is not hash-chained (a folder store)");
      const zh = await run(t.dir, ['log', '--head'], { now: NOW });
      expect(zh.stderr).toContain('没有哈希链');
      const check = await run(t.dir, ['check', '--head', 'abc'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(check.code).toBe(2);
      expect(check.stderr).toContain('not hash-chained');
    } finally {
      t.cleanup();
    }
  });
});
