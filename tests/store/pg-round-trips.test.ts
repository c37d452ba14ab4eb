// PgStore's round trips (the bench's database column): who the login is in one query, and each transaction opened
// with its meta row (and for a change, the lock) in one more — with the same answers as asked step by step.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ForbiddenError, StoreBusyError, StoreError } from '../../src/core/errors.js';
import { createStoreFs } from '../../src/store/fs.js';
import { connect } from '../../src/store/pg/connect.js';
import { PgStore } from '../../src/store/pg/store.js';
import { presenceOf, presenceView } from '../../src/store/presence.js';
import { rosterOf } from '../../src/store/roster.js';
import { describePg, dropDatabase, newDatabase, newLogin, sql, superUrl, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';
import { countedStore } from '../helpers/pg-counted.js';

const NOW = '2026-03-26T12:00:00+08:00';

describePg('PgStore round trips', () => {
  let d: TestDatabase;
  let empty: TestDatabase;
  const temp = tempDir();

  beforeAll(async () => {
    d = await newDatabase('trips');
    empty = await newDatabase('trips_empty');
    const env = { PGPASSWORD: d.owner.password, CLUB_STORE: '' };
    const url = d.url(d.owner.user, '');
    const ok = async (argv: string[]) => {
      const r = await run(temp.dir, argv, { env, now: NOW });
      expect(r.code, r.stderr).toBe(0);
    };
    await ok(['init', '--store', url.replace(':@', '@'), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    await ok(['--store', url.replace(':@', '@'), 'member', 'add', '杨洪勇', '--joined', '2026-01-01']);
  }, 60_000);
  afterAll(async () => {
    await dropDatabase(d.db);
    await dropDatabase(empty.db);
    temp.cleanup();
  });

  /** A PgStore whose client counts the round trips it makes (each client.query call is one). */
  const counted = (url: string, waitMs?: number) => countedStore(url, NOW, waitMs);

  it('reads the members in four round trips: who, BEGIN with the meta row, the table, COMMIT', async () => {
    const { store, trips } = counted(d.url());
    try {
      const { meta, members } = await store.read(['members']);
      expect(members.map((m) => m.name)).toEqual(['杨洪勇']);
      expect(meta.settings.name).toBe('读书会');
      expect(meta.counters.member).toBe(1);
      expect(await store.identity()).toEqual({ user: d.owner.user, role: 'owner', memberId: null });
      expect(trips.length).toBe(4);
      expect(trips[1]).toMatch(/^BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY/);
    } finally {
      await store.close();
    }
  });

  it('changes in six: who, BEGIN with the lock and the meta row, the table, the setting, the audit row, COMMIT', async () => {
    const { store, trips } = counted(d.url());
    try {
      await store.update(['members'], (draft) => {
        draft.meta = { ...draft.meta, settings: { ...draft.meta.settings, 'leave.perWeek': 3 } };
        return { result: null, audit: { summary: 'currency' } };
      });
      expect(trips.length).toBe(6);
      expect(trips[1]).toMatch(/^BEGIN ISOLATION LEVEL READ COMMITTED/);
      const rows = await sql<{ value: string }>(d.url(), `SELECT value::text FROM club.settings WHERE key = 'leave.perWeek'`);
      expect(rows).toEqual([{ value: '3' }]);
    } finally {
      await store.close();
    }
  });

  it('closes without waiting for the server to close its side, and the server still sees the goodbye', async () => {
    let client: pg.Client | undefined;
    const store = new PgStore({ fs: createStoreFs(), location: d.url(), host: '127.0.0.1', connect: async () => (client = (await connect(d.url(), {})).client), onBehalf: null, command: 'test', now: new Date(NOW) });
    const { pid } = (await store.identity(), (await client!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!);
    const stream = (client as unknown as { connection: { stream: import('node:net').Socket } }).connection.stream;
    const closed = new Promise((resolve) => stream.once('close', resolve));
    await store.close();
    expect(stream.destroyed).toBe(false);
    await closed;
    for (let i = 0; i < 100; i++) {
      const rows = await sql(superUrl(), 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await sql(superUrl(), 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).toEqual([]);
  });

  it("gives each member's presence as presence.json encodes it, put together by the server: one row a member", async () => {
    const { store, trips, rowCounts } = counted(d.url());
    try {
      const at = '2026-03-01T10:00:00.000Z';
      const attendance = [
        { sessionId: 's10', memberId: 'm1', status: 'late', at },
        { sessionId: 's2', memberId: 'm1', status: 'present', at },
        { sessionId: 's9', memberId: 'm1', status: 'excused', at },
        { sessionId: 's1', memberId: 'm1', status: 'absent', at },
        { sessionId: 's2', memberId: 'm2', status: 'present', at },
      ];
      await store.update(['attendance'], (draft) => {
        draft.attendance = attendance as never;
        return { result: null, audit: { summary: 'marks' } };
      });
      const { presence } = await store.read(['members'], { presence: true });
      const expected = presenceView(presenceOf(attendance));
      expect(presence!.marksOf('m1')).toEqual(expected.marksOf('m1'));
      expect(presence!.marksOf('m1').map((m) => `${m.sessionId}${m.status[0]}`)).toEqual(['s1a', 's2p', 's9e', 's10l']);
      expect(presence!.marksOf('m2')).toEqual([{ sessionId: 's2', memberId: 'm2', status: 'present' }]);
      expect(presence!.marksOf('m3')).toEqual([]);
      const asked = trips.findIndex((q) => q.includes('string_agg'));
      expect(rowCounts[asked]).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("gives the roster as roster.json holds it, put together by the server without reading whole members", async () => {
    const { store, trips } = counted(d.url());
    try {
      await store.update(['members'], (draft) => {
        const m1 = draft.members[0]!;
        const at = '2026-03-02T10:00:00+08:00';
        const m2 = {
          ...m1,
          id: 'm2',
          name: '雅风',
          status: 'left' as const,
          referrerId: 'm1',
          warnings: [{ at, reason: '缺席三次', by: 'm1' }, { at, reason: 'second', by: null }],
          history: [...m1.history, { status: 'left' as const, date: '2026-03-02', at, reason: '出差', by: null }],
        };
        draft.members = [m1, m2];
        draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 2 } };
        return { result: null, audit: { summary: 'm2' } };
      });
      const { members } = await store.read(['members']);
      const { roster } = await store.read(['sessions'], { roster: true });
      expect([...roster!]).toEqual([...rosterOf(members)]);
      expect(roster!.get('m2')!.warnings).toEqual([{ at: '2026-03-02T10:00:00+08:00', reason: '缺席三次' }, { at: '2026-03-02T10:00:00+08:00', reason: 'second' }]);
      const { roster: one } = await store.read(['sessions'], { roster: true, memberIds: ['m2'] });
      expect([...one!.keys()]).toEqual(['m2']);
      expect(trips.filter((q) => q.startsWith('SELECT doc::text AS doc') && q.includes('members')).length).toBe(2); // the change's and the read's, none for the rosters
      expect(trips.filter((q) => q.includes('json_object_agg(id')).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("waits for the club's lock and gives up as busy when another change holds it", async () => {
    const holder = new pg.Client({ connectionString: d.url() });
    await holder.connect();
    const { store } = counted(d.url(), 300);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x636c7562]);
      const err = await store.update(['members'], () => ({ result: null, audit: { summary: 'x' } })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreBusyError);
      await holder.query('ROLLBACK');
      // The failed transaction was rolled back: the same store changes once the lock is free.
      expect(await store.update(['members'], () => ({ result: 7, audit: { summary: 'after' } }))).toBe(7);
    } finally {
      await holder.end();
      await store.close();
    }
  });

  it('answers a viewer linked to a member with its role and member, in one query', async () => {
    const login = await newLogin('trips_viewer');
    await sql(d.url(), `GRANT ${pg.escapeIdentifier(`${d.db}_viewer`)} TO ${pg.escapeIdentifier(login.user)}`);
    // With its audit row, as every change to the club's tables must have (club.require_audit).
    await sql(d.url(), `BEGIN; INSERT INTO club.access (login, member_id) VALUES (${pg.escapeLiteral(login.user)}, 'm1'); SELECT club.audit_append(now(), 'test', 'linked a login', '[]', NULL); COMMIT`);
    const { store, trips } = counted(d.url(login.user, login.password));
    try {
      expect(await store.identity()).toEqual({ user: login.user, role: 'viewer', memberId: 'm1' });
      expect(trips.length).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('says which when the login holds no role of the club, or the database holds no club', async () => {
    const login = await newLogin('trips_none');
    await sql(d.url(), `GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(d.db)} TO ${pg.escapeIdentifier(login.user)}`);
    const none = counted(d.url(login.user, login.password));
    const noRole = await none.store.identity().catch((e: unknown) => e);
    await none.store.close();
    expect(noRole).toBeInstanceOf(ForbiddenError);

    const bare = counted(empty.url());
    const noClub = await bare.store.identity().catch((e: unknown) => e);
    await bare.store.close();
    expect(noClub).toBeInstanceOf(StoreError);
    expect((noClub as StoreError).code).toBe('store_missing');
  });
});
