// `club store upgrade` (issue #20 groundwork): a database club made by an older club (schemaVersion 5) keeps
// working. Other commands on it exit 3 (store_too_old) saying to upgrade; only its owner upgrades it, in one
// transaction (a failure changes nothing); afterwards the new tables have their grants and their audit trigger, the
// records are migrated as a folder store's are, the audit chain holds, and a second run changes nothing.
// A folder store upgrades itself when opened; `store upgrade` on one says so.
import { chmodSync, cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../src/core/activities/types.js';
import { createStoreFs } from '../../src/store/fs.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import { describePg, dropDatabase, newDatabase, newLogin, sql, superUrl } from '../helpers/pg.js';
import type { Login, TestDatabase } from '../helpers/pg.js';
import { ADDED_IN, makeOldClub } from '../helpers/pg-old-club.js';
import { run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

const NOW = '2026-03-20T10:00:00+08:00';

describePg('club store upgrade on a database of schemaVersion 5', () => {
  let d: TestDatabase;
  let clerk: Login;
  /** A second owner of the club, without CREATEROLE: it may not hold the tables' owner. */
  let owner2: Login;
  let dir: string;
  let cleanup: () => void;
  const urlOf = (who: 'owner' | 'owner2' | 'clerk') => (who === 'owner' ? d.url() : who === 'clerk' ? d.url(clerk.user, clerk.password) : d.url(owner2.user, owner2.password));
  const club = (who: 'owner' | 'owner2' | 'clerk', argv: string[], o: RunOptions = {}): Promise<RunResult> =>
    run(dir, argv, { now: NOW, ...o, env: { CLUB_STORE: urlOf(who), CLUB_LANG: 'en', ...o.env } });
  async function ok(who: 'owner' | 'owner2' | 'clerk', argv: string[], o: RunOptions = {}): Promise<RunResult> {
    const r = await club(who, argv, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }
  const owner = (text: string, params?: unknown[]) => sql(d.url(), text, params);
  /** What the upgrade may change, as the tables' owner sees it. */
  const state = async () => ({
    meta: await sql(superUrl(d.db), 'SELECT schema_version FROM club.meta'),
    tables: await sql(superUrl(d.db), `SELECT table_name FROM information_schema.tables WHERE table_schema = 'club' ORDER BY 1`),
    settings: await sql(superUrl(d.db), 'SELECT key, value::text FROM club.settings ORDER BY key'),
    counters: await sql(superUrl(d.db), 'SELECT name, value FROM club.counters ORDER BY name'),
    sessions: await sql(superUrl(d.db), 'SELECT id, doc::text FROM club.sessions ORDER BY seq'),
    audit: await sql(superUrl(d.db), 'SELECT seq, hash FROM club.audit ORDER BY seq'),
    holdsData: await sql(superUrl(d.db), `SELECT pg_has_role($1, current_database() || '_data', 'MEMBER') AS held`, [d.owner.user]),
  });

  beforeAll(async () => {
    d = await newDatabase('club_upg');
    ({ dir, cleanup } = tempDir('club-pg-upgrade-'));
    const init = await run(dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], {
      now: '2026-03-01T09:00:00+08:00',
      env: { CLUB_LANG: 'en' },
    });
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    clerk = await newLogin('club_upg_clerk');
    await ok('owner', ['access', 'grant', clerk.user, '--role', 'clerk']);
    owner2 = await newLogin('club_upg_owner2');
    await ok('owner', ['access', 'grant', owner2.user, '--role', 'owner']);
    await ok('owner', ['member', 'add', '杨洪勇', '--joined', '2026-01-05', '--phone', '13800138000']);
    await ok('owner', ['member', 'add', '雅风', '--joined', '2026-02-01']);
    await ok('owner', ['session', 'add', '辩论赛', '--type', 'competition', '--at', '2026-03-07 14:00'], { now: '2026-03-02T10:01:00+08:00' });
    await ok('owner', ['session', 'add', '周二读书会', '--type', 'reading', '--at', '2026-03-03 20:00'], { now: '2026-03-02T10:02:00+08:00' });
    await ok('owner', ['session', 'add', '春游', '--type', 'social', '--at', '2026-03-21 09:00'], { now: '2026-03-02T10:03:00+08:00' });
    await ok('clerk', ['checkin', 's2', '杨洪勇'], { now: '2026-03-03T20:01:00+08:00' });
    await makeOldClub(d.db, 5, CURRENT_SCHEMA_VERSION);
  });
  afterAll(async () => {
    cleanup?.();
    if (d) await dropDatabase(d.db);
  });

  it('refuses every other command with exit 3 (store_too_old), naming the command to run, and changes nothing', async () => {
    const before = await state();
    for (const [who, argv] of [
      ['owner', ['member', 'list', '--json']],
      ['clerk', ['checkin', 's2', '雅风', '--json']],
      ['owner', ['store', 'info', '--json']],
      ['owner', ['log', '--json']],
      ['owner', ['access', 'list', '--json']],
    ] as const) {
      const r = await club(who, [...argv]);
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 3]);
      expect(JSON.parse(r.stdout).error.code).toBe('store_too_old');
      expect(r.stderr).toContain('schemaVersion 5');
      expect(r.stderr).toContain('store upgrade');
      expect(r.stderr).not.toContain(d.owner.password);
      // The hint is for the owner: it never hands the caller's own login (a clerk's) back as the one to use.
      expect(r.stderr).toMatch(/club --store postgres(ql)?:\/\/OWNER@[^ ]+ store upgrade/);
    }
    const zh = await club('owner', ['member', 'list'], { env: { CLUB_LANG: 'zh' } });
    expect(zh.stderr).toContain('请俱乐部所有者');
    expect(await state()).toEqual(before);
  });

  it('is the owner’s: a clerk is refused (exit 5) before anything changes', async () => {
    const before = await state();
    const r = await club('clerk', ['store', 'upgrade', '--json']);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe('forbidden');
    expect(await state()).toEqual(before);
    // An owner without CREATEROLE may not take the tables' owner for the upgrade: exit 5 saying who may, nothing changed.
    const other = await club('owner2', ['store', 'upgrade', '--json']);
    expect(other.code).toBe(5);
    expect(JSON.parse(other.stdout).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`${d.db}_data`), hint: expect.stringContaining('club init') });
    expect(await state()).toEqual(before);
  });

  it('rolls everything back when the migration fails (a damaged record), then upgrades once it is mended', async () => {
    const good = (await sql<{ doc: string }>(superUrl(d.db), `SELECT doc::text AS doc FROM club.sessions WHERE id = 's1'`))[0]!.doc;
    await sql(superUrl(d.db), `SET session_replication_role = replica; UPDATE club.sessions SET doc = '{"id":"s1","type":"competition"}' WHERE id = 's1'`);
    const before = await state();
    const r = await club('owner', ['store', 'upgrade', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('store_invalid');
    expect(r.stderr).toContain('club.sessions');
    // No table, setting, counter, audit row or grant of the tables' owner was left behind.
    expect(await state()).toEqual(before);
    expect(before.tables.map((t) => t.table_name)).not.toContain('activities');
    const c = new pg.Client({ connectionString: superUrl(d.db) });
    await c.connect();
    try {
      await c.query('SET session_replication_role = replica');
      await c.query(`UPDATE club.sessions SET doc = $1::json WHERE id = 's1'`, [good]);
    } finally {
      await c.end();
    }
  });

  it('upgrades to the current version in one transaction: tables, settings, counters, approved activities, audit row', async () => {
    const before = await state();
    const r = await club('owner', ['store', 'upgrade', '--json'], { now: '2026-03-20T10:05:00+08:00' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ kind: 'postgres', location: expect.stringContaining(d.db), from: 5, to: CURRENT_SCHEMA_VERSION, upgraded: true, created: Object.entries(ADDED_IN).filter(([v]) => Number(v) > 5).flatMap(([, a]) => a.tables) });
    const text = await club('owner', ['store', 'upgrade'], { env: { CLUB_LANG: 'zh' } });
    expect(text.stderr).toContain('无需升级');
    const after = await state();
    expect(after.meta).toEqual([{ schema_version: CURRENT_SCHEMA_VERSION }]);
    expect(after.tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(ADDED_IN[6]!.tables));
    expect(Object.fromEntries(after.settings.map((s) => [s.key, s.value]))).toMatchObject({
      'approval.types': '"competition,exhibition,social"',
      'discipline.noShowLimit': '3',
      'evaluation.surveyDays': '7',
    });
    expect(after.counters).toEqual(expect.arrayContaining(ADDED_IN[6]!.counters.map((name) => ({ name, value: 0 }))));
    // Old records are not rewritten; the owner holds the tables' owner no longer.
    expect(after.sessions).toEqual(before.sessions);
    expect(after.holdsData).toEqual([{ held: false }]);
    // The competition s1 and the social s3 that existed count as approved; the reading s2 has none.
    const activities = await owner(`SELECT session_id, status, doc::text AS doc FROM club.activities ORDER BY seq`);
    expect(activities.map((a) => [a.session_id, a.status])).toEqual([
      ['s1', 'approved'],
      ['s3', 'approved'],
    ]);
    expect(JSON.parse(activities[0]!.doc as string)).toEqual({
      sessionId: 's1',
      status: 'approved',
      plan: null,
      history: [{ step: 'migrated', by: null, at: '2026-03-02T10:01:00+08:00', comment: null }],
      recordedAt: '2026-03-02T10:01:00+08:00',
    });
    // One audit row, by the owner login, and the chain still holds (club check recomputes it).
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    const rows = await owner(`SELECT actor, summary FROM club.audit WHERE seq > $1 ORDER BY seq`, [before.audit.length]);
    expect(rows).toEqual([{ actor: d.owner.user, summary: `upgraded the store from schemaVersion 5 to ${CURRENT_SCHEMA_VERSION}` }]);
    const check = await ok('owner', ['check', '--json']);
    expect(check.json().ok).toBe(true);
    expect((await ok('owner', ['store', 'info', '--json'])).json().schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it('leaves a club that works: a clerk writes a registration (the grants), members and check-ins read as before', async () => {
    expect((await ok('owner', ['member', 'list', '--json'])).json().map((m: { name: string; phone: string }) => [m.name, m.phone])).toEqual([
      ['杨洪勇', '13800138000'],
      ['雅风', null],
    ]);
    const store = await openStore({
      flag: d.url(clerk.user, clerk.password),
      env: {},
      cwd: dir,
      fs: createStoreFs(),
      actor: 'tester',
      command: 'register s3 雅风',
      now: new Date('2026-03-20T11:00:00+08:00'),
      warn: () => undefined,
    });
    try {
      const registration: Omit<Registration, 'recordedAt'> = {
        sessionId: 's3',
        memberId: 'm2',
        status: 'registered',
        at: '2026-03-20T11:00:00+08:00',
        note: null,
        source: 'manual',
        by: null,
        promotedAt: null,
        cancelledAt: null,
      };
      await store.update(['registrations'], (draft) => {
        draft.registrations = [...draft.registrations, registration as Registration];
        return { result: null, audit: { summary: 'registered m2 for s3', refs: ['s3', 'm2'] } };
      });
      expect((await store.read(['registrations'])).registrations).toEqual([{ ...registration, recordedAt: '2026-03-20T11:00:00+08:00' }]);
    } finally {
      await store.close();
    }
    await ok('owner', ['check']);
  });

  it('made the audit trigger on the new tables: a clerk writing club.registrations in psql without an audit row is refused', async () => {
    const c = new pg.Client({ connectionString: d.url(clerk.user, clerk.password) });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`INSERT INTO club.registrations (session_id, member_id, status, doc) VALUES ('s3', 'm1', 'registered', '{}')`);
      await expect(c.query('COMMIT')).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('audit row') });
    } finally {
      await c.end();
    }
    // And a viewer-level grant: the clerk reads the new tables, but may not write staff (an admin's).
    const c2 = new pg.Client({ connectionString: d.url(clerk.user, clerk.password) });
    await c2.connect();
    try {
      expect((await c2.query('SELECT count(*)::int AS n FROM club.staff')).rows).toEqual([{ n: 0 }]);
      await expect(c2.query(`INSERT INTO club.staff (session_id, member_id, doc) VALUES ('s3', 'm1', '{}')`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c2.end();
    }
    expect(await owner(`SELECT count(*)::int AS n FROM club.registrations`)).toEqual([{ n: 1 }]);
  });

  it('on a current club says so and changes nothing', async () => {
    const before = await state();
    const r = await club('owner', ['store', 'upgrade', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ from: CURRENT_SCHEMA_VERSION, to: CURRENT_SCHEMA_VERSION, upgraded: false, created: [] });
    expect(await state()).toEqual(before);
  });
});

describe('club store upgrade on a folder store', () => {
  it('migrates a schemaVersion 5 store (as any command would), then says it is current', async () => {
    const { dir, cleanup } = tempDir('club-upgrade-folder-');
    try {
      const store = join(dir, '.club');
      mkdirSync(store, { mode: 0o700 });
      cpSync(join(import.meta.dirname, '..', 'fixtures', 'store-v5'), store, { recursive: true });
      for (const f of readdirSync(store)) chmodSync(join(store, f), 0o600);
      const first = await run(dir, ['store', 'upgrade', '--json'], { env: { CLUB_LANG: 'en' } });
      expect(first.code, first.stderr).toBe(0);
      expect(first.json()).toEqual({ kind: 'folder', location: store, from: 5, to: CURRENT_SCHEMA_VERSION, upgraded: true, created: [] });
      expect(readdirSync(join(store, 'backups'))).toHaveLength(1);
      const again = await run(dir, ['store', 'upgrade'], { env: { CLUB_LANG: 'en' } });
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('nothing to upgrade');
    } finally {
      cleanup();
    }
  });
});

describePg('club store upgrade adds a column an older club lacks', () => {
  it('adds it to the existing table and fills it from every row, so club check agrees', async () => {
    const d = await newDatabase('club_upgcol');
    const { dir, cleanup } = tempDir('club-pg-upgrade-col-');
    try {
      const club = (argv: string[]) => run(dir, argv, { now: NOW, env: { CLUB_STORE: d.url(), CLUB_LANG: 'en' } });
      expect((await run(dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env: { CLUB_LANG: 'en' } })).code).toBe(0);
      expect((await club(['member', 'add', '杨洪勇'])).code).toBe(0);
      expect((await club(['session', 'add', '读书会', '--at', '2026-03-24 20:00', '--host', '杨洪勇'])).code).toBe(0);
      // As if a later version had added sessions.host_id: an older club's table lacks it.
      await makeOldClub(d.db, 5, CURRENT_SCHEMA_VERSION);
      await sql(superUrl(d.db), 'ALTER TABLE club.sessions DROP COLUMN host_id');
      const r = await club(['store', 'upgrade', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(await sql(d.url(), 'SELECT id, host_id FROM club.sessions')).toEqual([{ id: 's1', host_id: 'm1' }]);
      expect((await club(['check'])).code).toBe(0);
    } finally {
      cleanup();
      await dropDatabase(d.db);
    }
  });
});
