// The PostgreSQL test harness itself: the run's shared cluster (global-setup.ts), fresh databases and logins
// (helpers/pg.ts), a private cluster that survives a crash, and the skip-or-fail rule when PostgreSQL is missing.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupSharedCluster, startCluster, type Cluster } from '../helpers/pg-cluster.js';
import { describePg, dropDatabase, newDatabase, newLogin, pgInfo, sql, superUrl, type TestDatabase } from '../helpers/pg.js';

describePg('the shared PostgreSQL cluster', () => {
  const made: TestDatabase[] = [];
  async function fresh(): Promise<TestDatabase> {
    const d = await newDatabase('harness');
    made.push(d);
    return d;
  }
  afterAll(async () => {
    for (const d of made) await dropDatabase(d.db);
  });

  it('answers on loopback as the superuser, with UTF-8 and every commit acknowledged durably', async () => {
    const info = pgInfo()!;
    expect(info.host).toBe('127.0.0.1');
    const rows = await sql<{ user: string; enc: string; sync: string; su: boolean; text: string }>(
      superUrl(),
      `SELECT current_user AS user, pg_encoding_to_char(encoding) AS enc, current_setting('synchronous_commit') AS sync,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su, $1::text AS text
         FROM pg_database WHERE datname = current_database()`,
      ['读书会 杨洪勇'],
    );
    expect(rows).toEqual([{ user: 'club_super', enc: 'UTF8', sync: 'on', su: true, text: '读书会 杨洪勇' }]);
  });

  it("gives a database whose owner (not a superuser) can create a role and a table in it", async () => {
    const d = await fresh();
    expect(d.url()).toBe(`postgresql://${d.owner.user}:${d.owner.password}@127.0.0.1:${pgInfo()!.port}/${d.db}`);
    const [me] = await sql<{ user: string; db: string; su: boolean }>(d.url(), 'SELECT current_user AS user, current_database() AS db, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su');
    expect(me).toEqual({ user: d.owner.user, db: d.db, su: false });

    const role = `${d.db}_clerk`;
    await sql(d.url(), `CREATE ROLE ${pg.escapeIdentifier(role)} NOLOGIN`);
    await sql(d.url(), 'CREATE TABLE members (id int PRIMARY KEY, name text NOT NULL)');
    await sql(d.url(), 'INSERT INTO members VALUES (1, $1), (2, $2)', ['杨洪勇', '雅风']);
    expect(await sql(d.url(), 'SELECT name FROM members ORDER BY id')).toEqual([{ name: '杨洪勇' }, { name: '雅风' }]);
    expect(await sql(superUrl(), 'SELECT rolname FROM pg_roles WHERE rolname = $1', [role])).toEqual([{ rolname: role }]);
  });

  it('gives a login that can connect but holds no privileges', async () => {
    const d = await fresh();
    const login = await newLogin('harness_viewer');
    expect(await sql(d.url(login.user, login.password), 'SELECT current_user AS user')).toEqual([{ user: login.user }]);
    await sql(d.url(), 'CREATE TABLE secrets (x int)');
    await expect(sql(d.url(login.user, login.password), 'SELECT * FROM secrets')).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses a login with a wrong password (SQLSTATE 28P01)', async () => {
    const d = await fresh();
    await expect(sql(d.url(d.owner.user, `${d.owner.password}x`), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
    await expect(sql(d.url('no_such_user', 'x'), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
  });

  it('gives different, valid names to every database and login', async () => {
    const [a, b] = [await fresh(), await fresh()];
    expect(a.db).not.toBe(b.db);
    expect(a.owner.user).not.toBe(b.owner.user);
    expect(a.owner.password).not.toBe(b.owner.password);
    for (const name of [a.db, b.db, a.owner.user]) expect(name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    const dbs = await sql(superUrl(), 'SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname', [[a.db, b.db]]);
    expect(dbs).toHaveLength(2);
  });
});

describePg('a private cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ prefix: 'club-test-pg-crash-' });
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('keeps every committed row across `pg_ctl stop -m immediate` and a restart, apart from the shared cluster', async () => {
    expect(cluster.port).not.toBe(pgInfo()!.port);
    await sql(cluster.url(), 'CREATE TABLE ledger (id serial PRIMARY KEY, member text, points int)');
    for (let i = 1; i <= 20; i++) await sql(cluster.url(), 'INSERT INTO ledger (member, points) VALUES ($1, $2)', ['雅风', i]);

    await cluster.stop('immediate');
    await expect(sql(cluster.url(), 'SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await sql(superUrl(), 'SELECT 1 AS up')).toEqual([{ up: 1 }]);

    await cluster.start();
    const [sum] = await sql<{ n: number; total: number }>(cluster.url(), 'SELECT count(*)::int AS n, sum(points)::int AS total FROM ledger');
    expect(sum).toEqual({ n: 20, total: 210 });
  });
});

describe('without PostgreSQL', () => {
  const hidden = { CLUB_TEST_PG_BIN: '/nonexistent/club-test-pg-bin', PATH: process.env.PATH };

  it('skips with the reason when CI is unset', async () => {
    const env: NodeJS.ProcessEnv = { ...hidden, CLUB_TEST_PG: 'stale' };
    expect(await setupSharedCluster(env)).toBeNull();
    expect(env.CLUB_TEST_PG).toBeUndefined();
    expect(env.CLUB_TEST_PG_SKIP).toBe('PostgreSQL not installed: no initdb, pg_ctl, postgres in CLUB_TEST_PG_BIN=/nonexistent/club-test-pg-bin');
  });

  it('fails the run, naming what is missing, with CI=true', async () => {
    const env: NodeJS.ProcessEnv = { ...hidden, CI: 'true' };
    await expect(setupSharedCluster(env)).rejects.toThrow(/PostgreSQL not installed: no initdb, pg_ctl, postgres in CLUB_TEST_PG_BIN=.*CI set/);
    expect(env.CLUB_TEST_PG_SKIP).toBeUndefined();
  });
});
