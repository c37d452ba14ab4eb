// club check on a database finds a duplicate key without keeping every key (issue #24: half a million check-ins
// and ledger entries at 5x the large club): the primary key holds a table's key columns unique, so a record whose
// key is its row's shares it with no other. A healthy club is walked once, keeping no keys; a record edited behind
// club's back to carry another's key is still named as before (`club.members: [2].id: duplicate id "m1"`, exit 3),
// for every table, and so is a record that is not valid when it comes first.
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { PgStore } from '../../src/store/pg/store.js';
import { insertOf, tableOf, TABLES } from '../../src/store/pg/tables.js';
import { COLLECTION_KEYS, COLLECTION_NAMES } from '../../src/store/schema.js';
import type { CollectionName } from '../../src/store/schema.js';
import { describePg, dropDatabase, newDatabase, sql, superUrl, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-26T12:00:00+08:00';
const pgLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

describePg('club check of a database: duplicate keys without keeping the keys', () => {
  let d: TestDatabase;
  const temp = tempDir('club-pg-check-keys-');
  const env = () => ({ PGPASSWORD: d.owner.password, CLUB_STORE: '', CLUB_LANG: 'en' });
  const storeUrl = () => d.url(d.owner.user, '').replace(':@', '@');
  const check = () => run(temp.dir, ['--store', storeUrl(), 'check', '--json'], { env: env(), now: NOW });
  const rowsOf = (table: string) => sql<{ seq: string; doc: string }>(superUrl(d.db), `SELECT x.seq::text AS seq, x.doc::text AS doc FROM club.${table} x ORDER BY x.seq`);
  /** Writes a row's doc behind club's back (no audit row, the columns as they were). */
  const setDoc = (table: string, seq: string, doc: string) => sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.${table} SET doc = ${pgLiteral(doc)}::json WHERE seq = ${seq}`);
  /** The record's key fields: those its table's key columns copy. */
  const keyFields = (name: CollectionName) => tableOf(name).key.map((k) => tableOf(name).columns.find((c) => c.name === k)!.field!);

  beforeAll(async () => {
    d = await newDatabase('checkkeys');
    // The demo club fills most collections (check-ins, points, topics and votes, survey answers …); a reading
    // check-in adds a key with a date in it.
    const demo = await run(temp.dir, ['demo', 'demo'], { now: NOW, env: { CLUB_LANG: 'en' } });
    expect(demo.code, demo.stderr).toBe(0);
    const copied = await run(`${temp.dir}/demo`, ['store', 'copy', '--to', storeUrl()], { env: env(), now: NOW });
    expect(copied.code, copied.stderr).toBe(0);
    const checkins = ['m1', 'm2', 'm3'].map((memberId) => ({ memberId, date: '2026-03-05', at: '2026-03-05T21:00:00+08:00', source: 'manual', recordedAt: '2026-03-05T21:00:00+08:00' }));
    const insert = insertOf(tableOf('readingCheckins'), checkins);
    await sql(superUrl(d.db), `SET session_replication_role = replica; ${insert.text.replace('$1::json', `${pgLiteral(insert.params[0] as string)}::json`)}`);
  });
  afterAll(async () => {
    temp.cleanup();
    await dropDatabase(d.db);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('walks each table once, keeping no keys, when every record carries its row’s key', async () => {
    const walks = vi.spyOn(PgStore.prototype as unknown as { walkTable: (name: CollectionName, keepKeys: boolean) => Promise<number | null> }, 'walkTable');
    const r = await check();
    expect(r.code, r.stderr).toBe(0);
    expect(walks.mock.calls.map(([name, keepKeys]) => `${name}:${keepKeys}`)).toEqual(COLLECTION_NAMES.map((name) => `${name}:false`));
    // Every kind of key was there to be compared: ids, pairs, a number (topics, responses), a date.
    const filled = await sql<{ n: string }>(superUrl(d.db), `SELECT (SELECT count(*) FROM club.topics) * (SELECT count(*) FROM club.responses) * (SELECT count(*) FROM club.votes) * (SELECT count(*) FROM club.reading_checkins) * (SELECT count(*) FROM club.attendance) AS n`);
    expect(Number(filled[0]!.n)).toBeGreaterThan(0);
  });

  it('names the first duplicate key of every table as before: its place and its key, exit 3', async () => {
    let tried = 0;
    for (const spec of TABLES) {
      const rows = await rowsOf(spec.table);
      if (rows.length < 2) continue;
      tried++;
      const last = rows.length - 1;
      const first = JSON.parse(rows[0]!.doc) as Record<string, unknown>;
      const edited = JSON.parse(rows[last]!.doc) as Record<string, unknown>;
      for (const field of keyFields(spec.collection)) edited[field] = first[field];
      const key = COLLECTION_KEYS[spec.collection](first as never);
      await setDoc(spec.table, rows[last]!.seq, JSON.stringify(edited));
      try {
        const r = await check();
        expect(r.code, `${spec.table}: ${r.stderr}`).toBe(3);
        const what = 'id' in edited ? `.id: duplicate id ${JSON.stringify(key)}` : `: duplicate record ${JSON.stringify(key)}`;
        expect(r.json().error.message).toBe(`club.${spec.table}: [${last}]${what}`);
      } finally {
        await setDoc(spec.table, rows[last]!.seq, rows[last]!.doc);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(8);
    expect((await check()).code).toBe(0);
  });

  it('names whichever comes first, a duplicate key or a record that is not valid', async () => {
    const rows = await rowsOf('attendance');
    const first = JSON.parse(rows[0]!.doc) as Record<string, unknown>;
    const duplicate = (i: number) => JSON.stringify({ ...(JSON.parse(rows[i]!.doc) as object), sessionId: first.sessionId, memberId: first.memberId });
    const invalid = (i: number) => JSON.stringify({ ...(JSON.parse(rows[i]!.doc) as object), status: 'asleep' });
    const key = `${first.sessionId as string}/${first.memberId as string}`;
    const [far, farther] = [rows.length - 2, rows.length - 1];
    try {
      await setDoc('attendance', rows[3]!.seq, duplicate(3));
      await setDoc('attendance', rows[far]!.seq, invalid(far));
      let r = await check();
      expect(r.code).toBe(3);
      expect(r.json().error.message).toBe(`club.attendance: [3]: duplicate record ${JSON.stringify(key)}`);
      await setDoc('attendance', rows[3]!.seq, rows[3]!.doc);
      await setDoc('attendance', rows[2]!.seq, invalid(2));
      await setDoc('attendance', rows[farther]!.seq, duplicate(farther));
      r = await check();
      expect(r.code).toBe(3);
      expect(r.json().error.message).toMatch(/^club\.attendance: \[2\]\.status: /);
    } finally {
      for (const i of [2, 3, far, farther]) await setDoc('attendance', rows[i]!.seq, rows[i]!.doc);
    }
    expect((await check()).code).toBe(0);
  });
});
