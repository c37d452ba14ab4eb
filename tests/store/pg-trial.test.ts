// What a new user's trial of the database store found (issue #19): no password is a clear exit 3, not a crash; a
// clerk's direct write in psql without an audit row is refused by the database; a column changed behind club's back
// is found by club check; a mistyped --head is a usage error; the log says which login got which role; a link to an
// existing club keeps the club's language.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, newLogin, sql, superUrl } from '../helpers/pg.js';
import type { Login, TestDatabase } from '../helpers/pg.js';
import { run } from '../helpers/run.js';

describePg('the database store as a new user meets it', () => {
  let dir: string;
  let db: TestDatabase;
  let clerk: Login;
  const env = () => ({ CLUB_LANG: 'en', HOME: dir, CLUB_ACTOR: '' });
  const club = (argv: string[], url = db.url()) => run(dir, ['--store', url, ...argv], { env: env() });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'club-pg-trial-'));
    db = await newDatabase('club_trial');
    clerk = await newLogin('trial_clerk');
    const made = await club(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    expect(made.code, made.stderr).toBe(0);
    for (const argv of [['member', 'add', '杨洪勇', '--phone', '13800138000'], ['member', 'add', '雅风'], ['points', 'add', '雅风', '3', '--reason', '分享'], ['access', 'grant', clerk.user, '--role', 'clerk']]) {
      const r = await club(argv);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(db.db);
  });

  it('exits 3 naming where it looked when no password is found (no ~/.pgpass line, no PGPASSWORD)', async () => {
    const noPassword = db.url(db.owner.user, '').replace(/:@/, '@');
    const r = await club(['member', 'list', '--json'], noPassword);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('store_unavailable');
    expect(r.stderr).toContain(`no password for ${db.owner.user} on database ${db.db}`);
    expect(r.stderr).toContain(join(dir, '.pgpass'));
    expect(r.stderr).not.toContain('internal error');
  });

  it("refuses a clerk's psql write that has no audit row, and takes one that has", async () => {
    const url = db.url(clerk.user, clerk.password);
    const doc = JSON.stringify({ id: 'p99', memberId: 'm1', delta: 500, kind: 'award', reason: 'x', at: '2026-03-05T20:00:00+08:00', ref: null, rule: null, recordedAt: '2026-03-05T20:00:00+08:00' });
    const insert = `INSERT INTO club.ledger (id, member_id, delta, kind, at, recorded_at, doc) VALUES ('p99', 'm1', 500, 'award', now(), now(), $1::json)`;
    await expect(sql(url, insert, [doc])).rejects.toMatchObject({ code: '42501' });
    const balance = await club(['points', 'balance', '杨洪勇', '--json']);
    expect(balance.code, balance.stderr).toBe(0);
    expect(JSON.stringify(balance.json())).not.toContain('500');
    const counted = await sql<{ n: string }>(superUrl(db.db), `SELECT count(*)::text AS n FROM club.ledger WHERE id = 'p99'`);
    expect(counted[0]!.n).toBe('0');
  });

  it('finds a typed column changed behind club: exit 3 naming the table, the row and the column', async () => {
    await sql(superUrl(db.db), `SET session_replication_role = replica; UPDATE club.ledger SET delta = 500 WHERE id = 'p1'`);
    try {
      const r = await club(['check', '--json']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('club.ledger, row p1: the column delta');
    } finally {
      await sql(superUrl(db.db), `SET session_replication_role = replica; UPDATE club.ledger SET delta = 3 WHERE id = 'p1'`);
    }
    expect((await club(['check'])).code).toBe(0);
  });

  it('takes a --head as log --head printed it, in any case and with spaces; anything else is exit 2', async () => {
    const head = (await club(['log', '--head'])).stdout.trim();
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect((await club(['check', '--head', ` ${head.toUpperCase()}\n`])).code).toBe(0);
    const typo = await club(['check', '--head', head.slice(0, 12)]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('64 hexadecimal');
  });

  it('shows in the log table on whose behalf a login acted (--by), by member id and name', async () => {
    const r = await run(dir, ['--store', db.url(), '--by', '雅风', 'points', 'add', '杨洪勇', '1', '--reason', '代记'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const table = await club(['log']);
    expect(table.stdout).toContain(`${db.owner.user} for m2 雅风`);
  });

  it("refuses a clerk in the club's language (zh), not the machine's, though the refusal comes before any data is read", async () => {
    const r = await run(dir, ['--store', db.url(clerk.user, clerk.password), 'member', 'add', '张三'], { env: { HOME: dir, CLUB_ACTOR: '', LANG: 'en_US.UTF-8' } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`需要 admin 角色；${clerk.user} 的角色是 clerk`);
  });

  it('says in the log which login got which role', async () => {
    const log = (await club(['log', '--json'])).json() as Array<{ summary: string }>;
    expect(log.map((e) => e.summary)).toContain(`granted clerk to the login ${clerk.user}`);
  });

  it("a link to an existing club keeps the club's language, not this machine's", async () => {
    const linkFolder = mkdtempSync(join(dir, 'link-'));
    const r = await run(linkFolder, ['init', '--store', db.url(), '--link'], { env: { ...env(), LANG: 'en_US.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    const link = JSON.parse(readFileSync(join(linkFolder, '.club', 'link.json'), 'utf8')) as { lang: string; url: string };
    expect(link.lang).toBe('zh');
    expect(link.url).not.toContain(db.owner.password);
  });
});
