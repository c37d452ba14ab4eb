// A single-record command on a database reads what it touches (issue #24): sessions by id (Scope.sessionIds), every
// session's summary from the typed columns (Scope.calendar), through the same tables and grants as the wide reads.
// "Did not read the rest" is shown two ways: a row outside the scope is made unreadable (a record club refuses, so
// any read of it exits 3) and the command still succeeds; and the rows each query fetched are counted.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import type { Session } from '../../src/core/sessions/types.js';
import { describePg, dropDatabase, newDatabase, newLogin, sql, superUrl, type Login, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';
import { countedStore } from '../helpers/pg-counted.js';
import { entriesOf, entryOf } from '../helpers/timeline.js';
import { REFS_INDEX, namedCondition } from '../../src/store/pg/named.js';

const NOW = '2026-03-26T12:00:00+08:00';
const pgLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

describePg('PgStore reads what a single-record command touches', () => {
  let d: TestDatabase;
  let viewer: Login;
  const temp = tempDir();
  const env = () => ({ PGPASSWORD: d.owner.password, CLUB_STORE: '' });
  const storeUrl = () => d.url(d.owner.user, '').replace(':@', '@');
  const club = (argv: string[]) => run(temp.dir, ['--store', storeUrl(), ...argv], { env: env(), now: NOW });
  const ok = async (argv: string[]) => {
    const r = await club(argv);
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  /** Makes a session's record one club refuses (a title that is a number; its start, end and columns kept): any read of the record exits 3. Returns the undo. */
  const spoil = async (id: string): Promise<() => Promise<unknown>> => {
    const [{ doc }] = (await sql<{ doc: string }>(superUrl(d.db), `SELECT doc::text AS doc FROM club.sessions WHERE id = $1`, [id])) as [{ doc: string }];
    await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET doc = (doc::jsonb || '{"title":5}')::json WHERE id = '${id}'`);
    return () => sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET doc = ${pgLiteral(doc)} WHERE id = '${id}'`);
  };

  beforeAll(async () => {
    d = await newDatabase('scope');
    viewer = await newLogin('scope_viewer');
    const init = await run(temp.dir, ['init', '--store', storeUrl(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { env: env(), now: NOW });
    expect(init.code, init.stderr).toBe(0);
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-01']);
    await ok(['member', 'add', '雅风', '--joined', '2026-01-01']);
    // s1..s11: weekly, so that id order (s2 before s10) is not text order.
    await ok(['session', 'add', '读书会', '--at', '2026-01-06 19:30', '--repeat', 'weekly', '--count', '11']);
    await ok(['session', 'add', '比赛', '--at', '2026-03-20 19:30', '--audience', 'registered']);
    await ok(['access', 'grant', viewer.user, '--role', 'viewer']);
  }, 90_000);
  afterAll(async () => {
    await dropDatabase(d.db);
    temp.cleanup();
  });

  /** A PgStore whose client records each query and the rows it fetched. */
  const counted = (url: string) => countedStore(url, NOW);

  it('checkin by session id reads that session only: another session spoiled, it still records and books the points', async () => {
    const undo = await spoil('s3');
    try {
      const r = await ok(['checkin', 's11', 'm1', '--status', 'present', '--json']);
      const out = JSON.parse(r.stdout) as { sessionId: string; changed: Array<{ memberId: string; status: string }>; points: Array<{ memberId: string; delta: number }> };
      expect(out.sessionId).toBe('s11');
      expect(out.changed.map((c) => `${c.memberId} ${c.status}`)).toEqual(['m1 present']);
      expect(out.points.map((p) => `${p.memberId} ${p.delta}`)).toEqual(['m1 2']);
      const rows = await sql<{ status: string }>(d.url(), `SELECT status FROM club.attendance WHERE session_id = 's11' AND member_id = 'm1'`);
      expect(rows).toEqual([{ status: 'present' }]);
      // The spoiled row is refused by a command that reads every session (what checkin did before).
      const all = await club(['checkin', 's11', 'm2', '--status', 'excused']);
      expect(all.code).toBe(3);
      expect(all.stderr).toContain('club.sessions');
    } finally {
      await undo();
    }
  });

  it('checkin by session id fetches one session row, its attendance and its points, and one member', async () => {
    const { store, trips, rowCounts } = counted(d.url());
    try {
      const snapshot = await store.read(['members', 'sessions', 'attendance', 'ledger'], { sessionIds: ['s11'], attendance: { sessions: ['s11'] }, ledger: { sessions: ['s11'] }, memberIds: ['m1'] });
      expect(snapshot.sessions.map((s) => s.id)).toEqual(['s11']);
      expect(snapshot.members.map((m) => m.id)).toEqual(['m1']);
      const sessionsQuery = trips.findIndex((q) => q.includes('FROM club."sessions"'));
      expect(trips[sessionsQuery]).toContain('id = ANY($1)');
      expect(rowCounts[sessionsQuery]).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('a change to sessions read by id writes the row it changed and leaves the others', async () => {
    const store = counted(d.url()).store;
    try {
      await store.update(['sessions'], (draft) => {
        draft.sessions = draft.sessions.map((s) => ({ ...s, place: '图书馆' }));
        return { result: null, audit: { summary: 'place of s11' } };
      }, { sessionIds: ['s11'] });
      // A record put back that was not read is the row it names (not a second one): written over, not refused.
      const s10 = (await sql<{ doc: Session }>(d.url(), `SELECT doc FROM club.sessions WHERE id = 's10'`))[0]!.doc;
      await store.update(['sessions'], (draft) => {
        draft.sessions = [...draft.sessions, { ...s10, place: '茶馆' }];
        return { result: null, audit: { summary: 'place of s10' } };
      }, { sessionIds: ['s11'] });
      const rows = await sql<{ id: string; place: string | null }>(d.url(), `SELECT id, doc->>'place' AS place FROM club.sessions WHERE id IN ('s9', 's10', 's11') ORDER BY seq`);
      expect(rows).toEqual([{ id: 's9', place: null }, { id: 's10', place: '茶馆' }, { id: 's11', place: '图书馆' }]);
      expect((await sql<{ n: string }>(d.url(), 'SELECT count(*)::text AS n FROM club.sessions'))[0]!.n).toBe('12');
    } finally {
      await store.close();
    }
  });

  it("gives every session's start, status and audience in id order, in one row from their columns, without parsing the records (a spoiled one included)", async () => {
    const undo = await spoil('s3');
    const { store, trips, rowCounts } = counted(d.url(viewer.user, viewer.password));
    try {
      const read = await store.read(['members'], { calendar: true, memberIds: ['m2'] });
      const calendar = entriesOf(read.calendar!);
      expect(read.members.map((m) => m.id)).toEqual(['m2']);
      expect(calendar.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 's12']);
      const sessions = await sql<{ id: string; starts: string; status: string }>(d.url(), `SELECT id, doc->>'startsAt' AS starts, status FROM club.sessions WHERE id IN ('s2', 's12')`);
      expect(sessions.length).toBe(2);
      for (const s of sessions) expect(calendar.find((c) => c.id === s.id)).toMatchObject({ start: Date.parse(s.starts), status: s.status });
      expect(calendar.find((c) => c.id === 's2')!.start).toBe(Date.parse('2026-01-13T19:30:00+08:00'));
      expect(calendar.find((c) => c.id === 's12')!.audience).toBe('registered');
      expect('audience' in calendar.find((c) => c.id === 's2')!).toBe(false);
      // One row for all twelve sessions, from their columns: no record is sent whole.
      const asked = trips.findIndex((q) => q.includes('string_agg(id'));
      expect(asked).toBeGreaterThanOrEqual(0);
      expect(trips[asked]).not.toMatch(/doc::text AS doc|SELECT doc\b/);
      expect(rowCounts[asked]).toBe(1);
      // The same login's read of the sessions themselves is refused by the spoiled record.
      await expect(store.read(['sessions'])).rejects.toThrow(StoreError);
    } finally {
      await store.close();
      await undo();
    }
  });

  it('a name is looked up by the server: the members it may mean are the rows sent, folded as club folds it', async () => {
    await ok(['member', 'add', 'Alice Chen', '--joined', '2026-01-01', '--phone', '+86 138-0000-0009', '--wechat', 'Alice_C']);
    // Full-width letters fold (NFKC) as the server's functions need not: such a member is always sent, and left out by
    // the command's own search.
    await ok(['member', 'add', 'Ｂｏｂ', '--joined', '2026-01-01']);
    const named = async (url: string, refs: string[]) => {
      const { store, trips, rowCounts } = counted(url);
      try {
        const read = await store.read(['members'], { memberRefs: refs, balances: true });
        const asked = trips.findIndex((q) => q.includes('FROM club."members"'));
        return { ids: read.members.map((m) => m.id), rows: rowCounts[asked], balances: [...read.balances!.keys()] };
      } finally {
        await store.close();
      }
    };
    expect(await named(d.url(), ['雅风'])).toMatchObject({ ids: ['m2', 'm4'], rows: 2 });
    expect((await named(d.url(), ['  alice chen '])).ids).toEqual(['m3', 'm4']);
    expect((await named(d.url(), ['ALICE_c'])).ids).toEqual(['m3', 'm4']);
    expect((await named(d.url(), ['8613800000009'])).ids).toEqual(['m3', 'm4']);
    expect((await named(d.url(), ['bob'])).ids).toEqual(['m4']);
    expect((await named(d.url(), ['m1', 'nobody'])).ids).toEqual(['m1', 'm4']);
    // By id alone, just that row; an id the club never gave out, or no member's id (m012), is a name.
    expect(await named(d.url(), ['m2'])).toMatchObject({ ids: ['m2'], rows: 1 });
    await ok(['member', 'edit', 'm3', '--nick', 'M012']);
    expect((await named(d.url(), ['m012'])).ids).toEqual(['m3', 'm4']);
    expect(JSON.parse((await ok(['member', 'show', 'm012', '--json'])).stdout).id).toBe('m3');
    // A viewer's search is over the contacts as a viewer sees them (masked), as its command's own search is.
    expect((await named(d.url(viewer.user, viewer.password), ['13800000009'])).ids).toEqual(['m4']);
    expect((await named(d.url(viewer.user, viewer.password), ['alice chen'])).ids).toEqual(['m3', 'm4']);
    // And a command by name, end to end.
    const show = await ok(['member', 'show', 'alice chen', '--json']);
    expect(JSON.parse(show.stdout).id).toBe('m3');
  });

  it("the owner's condition is the expression of the index made by club init, and club store upgrade adds it to a club without", async () => {
    // With sequential scans priced out, the plan uses the index exactly when the condition is its expression.
    const plan = async () => {
      const client = new pg.Client({ connectionString: d.url() });
      await client.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const rows = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM club.members WHERE ${namedCondition(1, false)}`, [['雅风']])).rows;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.end();
      }
    };
    expect(await plan()).toContain(`Bitmap Index Scan on ${REFS_INDEX}`);
    await sql(superUrl(d.db), `DROP INDEX club.${REFS_INDEX}`);
    expect(await plan()).not.toContain(REFS_INDEX);
    // Names still resolve without it (a scan).
    expect(JSON.parse((await ok(['member', 'show', '雅风', '--json'])).stdout).id).toBe('m2');
    const up = await ok(['store', 'upgrade', '--json']);
    expect(JSON.parse(up.stdout)).toMatchObject({ upgraded: true, created: [] });
    expect(up.stderr + up.stdout).not.toContain('schemaVersion 9');
    expect(await plan()).toContain(`Bitmap Index Scan on ${REFS_INDEX}`);
    expect(JSON.parse((await ok(['store', 'upgrade', '--json'])).stdout)).toMatchObject({ upgraded: false });
  });

  it('gives the same summaries from the sessions when it reads them whole as from the query', async () => {
    const store = counted(d.url()).store;
    try {
      const alone = entriesOf((await store.read(['members'], { calendar: true })).calendar!);
      const withSessions = await store.read(['sessions'], { calendar: true });
      expect(entriesOf(withSessions.calendar!)).toEqual(alone);
      expect(alone).toEqual(withSessions.sessions.map(entryOf));
    } finally {
      await store.close();
    }
  });

  it('reads the start from its column whatever the record\'s layout (written with psql), and refuses an unknown status or a missing start (exit 3 naming the row)', async () => {
    const store = counted(d.url()).store;
    const [{ doc }] = (await sql<{ doc: string }>(superUrl(d.db), `SELECT doc::text AS doc FROM club.sessions WHERE id = 's5'`)) as [{ doc: string }];
    try {
      const spaced = JSON.stringify(JSON.parse(doc), null, 1);
      await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET doc = ${pgLiteral(spaced)}::json WHERE id = 's5'`);
      const calendar = entriesOf((await store.read(['members'], { calendar: true })).calendar!);
      expect(calendar.find((c) => c.id === 's5')).toMatchObject({ start: Date.parse('2026-02-03T19:30:00+08:00') });
      await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET status = 'postponed' WHERE id = 's5'`);
      const err = await store.read(['members'], { calendar: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('store_invalid');
      expect((err as StoreError).message).toContain('club.sessions');
      expect((err as StoreError).message).toContain('s5');
      const startsAt = (await sql<{ s: string }>(superUrl(d.db), `SELECT starts_at::text AS s FROM club.sessions WHERE id = 's6'`))[0]!.s;
      await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET status = ${pgLiteral(JSON.parse(doc).status as string)} WHERE id = 's5'; UPDATE club.sessions SET starts_at = NULL WHERE id = 's6'`);
      const missing = await store.read(['members'], { calendar: true }).catch((e: unknown) => e);
      expect([(missing as StoreError).code, (missing as StoreError).message]).toEqual(['store_invalid', expect.stringContaining('s6')]);
      await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET starts_at = ${pgLiteral(startsAt)}::timestamptz WHERE id = 's6'`);
    } finally {
      await store.close();
      await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET doc = ${pgLiteral(doc)}::json, status = ${pgLiteral(JSON.parse(doc).status as string)} WHERE id = 's5'`);
    }
  });
});
