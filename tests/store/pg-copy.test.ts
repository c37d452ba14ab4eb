// club store copy and backup/restore across folder and database stores (SPEC §8, §14): every record, setting,
// counter and template comes along byte for byte, the audit log keeps its length (plus one row saying where the
// club came from), a copy never writes over a store, and only the owner copies (admins back up).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore, storeAt } from '../../src/store/open.js';
import { compareCounts } from '../../src/store/copy.js';
import { NULL_SINK, countedSink, emptyCounts } from '../../src/store/backup-stream.js';
import type { EveryCount, Store } from '../../src/store/types.js';
import type { CopyCounts } from '../../src/store/copy.js';
import { StoreError } from '../../src/core/errors.js';
import { COLLECTION_NAMES } from '../../src/store/schema.js';
import { freshClub, run, tempDir } from '../helpers/run.js';
import { collectionsOf } from '../helpers/store-records.js';
import type { RunResult } from '../helpers/run.js';
import { openAs } from '../helpers/roles.js';
import { writeActivityRecords } from '../helpers/activity-records.js';
import { describePg, dropDatabase, newDatabase, newLogin, sql } from '../helpers/pg.js';
import type { TestDatabase } from '../helpers/pg.js';

const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

/** A club with CJK names and contacts, a session with check-ins and points, a task, a template, activity records. */
async function sampleClub() {
  const club = await freshClub();
  ok(await club.club(['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--phone', '+86 138 0000 0001', '--email', 'yang@例子.cn', '--wechat', 'yhy_1988', '--qq', '123456789', '--joined', '2026-02-01']));
  ok(await club.club(['member', 'add', '雅风', '--city', '武汉', '--tag', '新人', '--note', '喜欢诗歌', '--joined', '2026-02-01']));
  ok(await club.club(['member', 'add', '李雷', '--phone', '13900000002', '--joined', '2026-02-01']));
  ok(await club.club(['session', 'add', '读书分享：红楼梦', '--at', '2026-03-01T19:30']));
  ok(await club.club(['checkin', 's1', '杨洪勇', '雅风', '--at', '2026-03-01T19:35']));
  ok(await club.club(['points', 'add', '雅风', '5', '--reason', '分享读书笔记']));
  ok(await club.club(['task', 'add', '整理书单', '--owner', '雅风', '--due', '2026-03-10']));
  ok(await club.club(['member', 'remove', '李雷', '--reason', '退出']));
  ok(await club.club(['template', 'eject', 'weekly.zh']));
  // An approved activity with its plan, two registrations, a staff duty and an hours entry (section 9).
  await writeActivityRecords(storeAt(join(club.dir, '.club'), { fs: createStoreFs(), actor: 'tester', command: 'activity', now: new Date('2026-03-01T22:00:00+08:00') }));
  return club;
}

function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, name.name);
      if (name.isDirectory()) walk(path);
      else files[path.slice(dir.length)] = readFileSync(path, 'base64');
    }
  };
  walk(dir);
  return files;
}

const auditLines = (dir: string) => readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

// Every test starts from the sample club, with an empty temp folder for what it writes.
let club: Awaited<ReturnType<typeof sampleClub>>;
let out: ReturnType<typeof tempDir>;
beforeEach(async () => {
  club = await sampleClub();
  out = tempDir();
});
afterEach(() => {
  club.cleanup();
  out.cleanup();
});

describe('store copy between folders', () => {

  it('copies every record, the settings, the counters and the templates, and prints the counts', async () => {
    const to = join(out.dir, 'copy');
    const r = ok(await club.club(['store', 'copy', '--to', to, '--json']));
    const data = r.json();
    expect(data.to).toBe(to);
    expect(data.counts).toMatchObject({ members: 3, sessions: 1, attendance: 2, tasks: 1, audit: auditLines(join(club.dir, '.club')).length });
    expect(await collectionsOf(to)).toEqual(await collectionsOf(join(club.dir, '.club')));
    expect(readFileSync(join(to, 'templates', 'weekly.zh.md.hbs'), 'utf8')).toBe(readFileSync(join(club.dir, '.club', 'templates', 'weekly.zh.md.hbs'), 'utf8'));
    const source = auditLines(join(club.dir, '.club'));
    const copied = auditLines(to);
    expect(copied.slice(0, source.length)).toEqual(source);
    expect(copied).toHaveLength(source.length + 1);
    expect(copied.at(-1).summary).toBe(`copied from ${join(club.dir, '.club')}`);
    // ids are never reused: the copy's next member is m4
    expect(ok(await run(out.dir, ['--store', to, 'member', 'add', '韩梅梅', '--json'])).json().id).toBe('m4');
  });

  it('refuses a folder that is not empty: exit 1, nothing written', async () => {
    const to = join(out.dir, 'busy');
    mkdirSync(to);
    writeFileSync(join(to, 'notes.txt'), '我的笔记');
    const before = filesUnder(to);
    const r = await club.club(['store', 'copy', '--to', to, '--json']);
    expect(r.code).toBe(1);
    expect(filesUnder(to)).toEqual(before);
  });

  it('is for the owner only; backup for owners and admins (a viewer gets exit 5)', async () => {
    const to = join(out.dir, 'copy');
    for (const argv of [['store', 'copy', '--to', to], ['backup', '--out', join(out.dir, 'b.json')]]) {
      const r = await club.club([...argv, '--json'], { openStore: openAs('viewer') });
      expect(r.code).toBe(5);
      expect(r.json().error.code).toBe('forbidden');
    }
    expect((await club.club(['store', 'copy', '--to', to, '--json'], { openStore: openAs('admin') })).code).toBe(5);
    expect(existsSync(to)).toBe(false);
    expect(existsSync(join(out.dir, 'b.json'))).toBe(false);
  });

  it('backs up the templates, and restores a backup made before templates were kept', async () => {
    const file = join(out.dir, 'b.json');
    ok(await club.club(['backup', '--out', file]));
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(bundle.templates)).toEqual(['weekly.zh.md.hbs']);
    ok(await run(out.dir, ['restore', file, '--store', join(out.dir, 'with')]));
    expect(readdirSync(join(out.dir, 'with', 'templates'))).toEqual(['weekly.zh.md.hbs']);
    delete bundle.templates;
    writeFileSync(file, JSON.stringify(bundle));
    ok(await run(out.dir, ['restore', file, '--store', join(out.dir, 'without')]));
    expect(await collectionsOf(join(out.dir, 'without'))).toEqual(await collectionsOf(join(club.dir, '.club')));
  });
});

/** What a check counts (CheckOptions.counted), beside what a backup of the same store holds. */
async function countsOf(store: Store): Promise<{ checked: EveryCount | undefined; backedUp: EveryCount }> {
  let checked: EveryCount | undefined;
  await store.check({ counted: (every) => (checked = every) });
  const backedUp = emptyCounts();
  await store.writeBackup(countedSink(NULL_SINK, backedUp));
  return { checked, backedUp };
}

describe('the counts of a copy', () => {
  it('are what the check of a folder counts: every collection and the audit log, as a backup holds them', async () => {
    const store = storeAt(join(club.dir, '.club'), { fs: createStoreFs(), actor: 'tester', command: 'check', now: new Date('2026-03-02T09:00:00+08:00') });
    const { checked, backedUp } = await countsOf(store);
    expect(checked).toEqual(backedUp);
    expect(checked).toMatchObject({ members: 3, sessions: 1, attendance: 2, tasks: 1, activities: 1, registrations: 2, staff: 1, hours: 1, audit: auditLines(join(club.dir, '.club')).length });
    expect(Object.keys(checked!).sort()).toEqual([...COLLECTION_NAMES, 'audit'].sort());
  });

  const counts = { ...(Object.fromEntries(COLLECTION_NAMES.map((n) => [n, 2])) as CopyCounts), audit: 7 };
  it('pass when equal, and exit 3 naming the first collection that differs', () => {
    expect(() => compareCounts(counts, { ...counts }, '/tmp/copy')).not.toThrow();
    for (const name of ['attendance', 'audit'] as const) {
      let thrown: unknown;
      try {
        compareCounts(counts, { ...counts, [name]: 1 }, '/tmp/copy');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(StoreError);
      expect((thrown as StoreError).exitCode).toBe(3);
      expect((thrown as StoreError).message).toMatch(new RegExp(`\\b${name}\\b`));
      expect((thrown as StoreError).message).toContain(String(counts[name]));
    }
  });
});

describePg('store copy and restore with a database', () => {
  const made: TestDatabase[] = [];
  const fresh = async () => {
    const d = await newDatabase('pgcopy');
    made.push(d);
    return d;
  };
  // The password goes in PGPASSWORD, not the URL (no warning), as an admin would.
  const urlOf = (d: TestDatabase) => d.url().replace(`:${d.owner.password}@`, '@');
  const env = (d: TestDatabase) => ({ PGPASSWORD: d.owner.password });
  afterAll(async () => {
    for (const d of made) await dropDatabase(d.db);
  });

  it('folder → database → folder keeps every record byte for byte, the counts and the audit log', async () => {
    const d = await fresh();
    const source = join(club.dir, '.club');
    const there = ok(await club.club(['store', 'copy', '--to', urlOf(d), '--json'], { env: env(d) })).json();
    expect(there.to).toBe(urlOf(d));
    expect(there.counts).toMatchObject({ members: 3, sessions: 1, attendance: 2, ledger: there.counts.ledger, tasks: 1, activities: 1, registrations: 2, staff: 1, hours: 1 });
    // Each record's text is the folder's, in its table's `doc`.
    const folder = await collectionsOf(source);
    for (const name of ['activities', 'registrations', 'staff', 'hours']) {
      const docs = await sql<{ doc: string }>(d.url(), `SELECT doc::text AS doc FROM club.${name} ORDER BY seq`);
      expect([name, `[${docs.map((r) => r.doc).join(',')}]`]).toEqual([name, folder[name]]);
    }

    // On the database: the chain is its own (club check), the original actor kept in on_behalf, one row "copied from".
    ok(await run(out.dir, ['--store', urlOf(d), 'check'], { env: env(d) }));
    const rows = await sql<{ actor: string; on_behalf: string | null; summary: string }>(d.url(), 'SELECT actor, on_behalf, summary FROM club.audit ORDER BY seq');
    const sourceAudit = auditLines(source);
    expect(rows).toHaveLength(sourceAudit.length + 1);
    expect(rows.slice(0, -1).map((r) => [r.actor, r.on_behalf, r.summary])).toEqual(sourceAudit.map((e) => [d.owner.user, e.actor, e.summary]));
    expect(rows.at(-1)).toEqual({ actor: d.owner.user, on_behalf: null, summary: `copied from ${source}` });
    expect(await sql(d.url(), 'SELECT name FROM club.templates')).toEqual([{ name: 'weekly.zh.md.hbs' }]);

    const back = join(out.dir, 'back');
    const home = ok(await run(out.dir, ['--store', urlOf(d), 'store', 'copy', '--to', back, '--json'], { env: env(d) })).json();
    expect(home.counts).toEqual({ ...there.counts, audit: there.counts.audit + 1 });
    expect(await collectionsOf(back)).toEqual(await collectionsOf(source));
    expect(readFileSync(join(back, 'templates', 'weekly.zh.md.hbs'), 'utf8')).toBe(readFileSync(join(source, 'templates', 'weekly.zh.md.hbs'), 'utf8'));
    expect(auditLines(back)).toHaveLength(sourceAudit.length + 2);

    // The database and both folders answer the same.
    for (const argv of [['member', 'list'], ['points', 'history', '雅风'], ['session', 'list'], ['member', 'show', '杨洪勇']]) {
      const a = ok(await club.club([...argv, '--json'])).stdout;
      expect(ok(await run(out.dir, ['--store', urlOf(d), ...argv, '--json'], { env: env(d) })).stdout).toBe(a);
      expect(ok(await run(out.dir, ['--store', back, ...argv, '--json'])).stdout).toBe(a);
    }
    // Counters came along: the next member is m4 on the database too.
    expect(ok(await run(out.dir, ['--store', urlOf(d), 'member', 'add', '韩梅梅', '--json'], { env: env(d) })).json().id).toBe('m4');
  });

  it('a database’s check counts every collection and the audit log, as a backup of it holds them', async () => {
    const d = await fresh();
    ok(await club.club(['store', 'copy', '--to', urlOf(d)], { env: env(d) }));
    const store = await openStore({ flag: urlOf(d), env: env(d), cwd: out.dir, fs: createStoreFs(), actor: 'tester', command: 'check', now: new Date('2026-03-02T09:00:00+08:00'), warn: () => undefined });
    const { checked, backedUp } = await countsOf(store).finally(() => store.close());
    expect(checked).toEqual(backedUp);
    expect(checked).toMatchObject({ members: 3, sessions: 1, attendance: 2, tasks: 1, activities: 1, registrations: 2, staff: 1, hours: 1, audit: auditLines(join(club.dir, '.club')).length + 1 });
  });

  it('refuses a database that already holds a club: exit 1, nothing changed', async () => {
    const d = await fresh();
    ok(await club.club(['store', 'copy', '--to', urlOf(d)], { env: env(d) }));
    const before = await sql(d.url(), 'SELECT (SELECT count(*) FROM club.audit) AS audit, (SELECT count(*) FROM club.members) AS members');
    const r = await club.club(['store', 'copy', '--to', urlOf(d), '--json'], { env: env(d) });
    expect(r.code).toBe(1);
    expect(await sql(d.url(), 'SELECT (SELECT count(*) FROM club.audit) AS audit, (SELECT count(*) FROM club.members) AS members')).toEqual(before);
  });

  it('restores a folder backup into a database, and a database backup into a folder, record for record', async () => {
    const d = await fresh();
    const file = join(out.dir, 'folder.json');
    ok(await club.club(['backup', '--out', file]));
    ok(await run(out.dir, ['restore', file, '--store', urlOf(d)], { env: env(d) }));
    const dbFile = join(out.dir, 'db.json');
    ok(await run(out.dir, ['--store', urlOf(d), 'backup', '--out', dbFile], { env: env(d) }));
    expect(JSON.parse(readFileSync(dbFile, 'utf8')).templates).toEqual(JSON.parse(readFileSync(file, 'utf8')).templates);
    const back = join(out.dir, 'back');
    ok(await run(out.dir, ['restore', dbFile, '--store', back]));
    expect(await collectionsOf(back)).toEqual(await collectionsOf(join(club.dir, '.club')));
    for (const argv of [['member', 'list'], ['points', 'history', '雅风'], ['session', 'list']]) {
      const a = ok(await club.club([...argv, '--json'])).stdout;
      expect(ok(await run(out.dir, ['--store', urlOf(d), ...argv, '--json'], { env: env(d) })).stdout).toBe(a);
      expect(ok(await run(out.dir, ['--store', back, ...argv, '--json'])).stdout).toBe(a);
    }
    // Into a database that holds a club: exit 1.
    expect((await run(out.dir, ['restore', file, '--store', urlOf(d)], { env: env(d) })).code).toBe(1);
  });

  it('database → database: the links of logins to members come along, their roles do not', async () => {
    const [a, b] = [await fresh(), await fresh()];
    ok(await club.club(['store', 'copy', '--to', urlOf(a)], { env: env(a) }));
    const clerk = await newLogin('pgcopy_clerk');
    ok(await run(out.dir, ['--store', urlOf(a), 'access', 'grant', clerk.user, '--role', 'clerk', '--member', '雅风'], { env: env(a) }));
    // The table names the linked member beside the id.
    const table = ok(await run(out.dir, ['--store', urlOf(a), 'access', 'list'], { env: env(a) })).stdout;
    expect(table.split('\n').find((l) => l.includes(clerk.user))).toMatch(/clerk\s.*m2 雅风/);
    // Two owners, two passwords: the target's in its URL, which draws the warning about `ps`.
    const copy = ok(await run(out.dir, ['--store', urlOf(a), 'store', 'copy', '--to', b.url(), '--json'], { env: env(a) }));
    expect(copy.json().counts.members).toBe(3);
    expect(copy.json().to).toBe(urlOf(b));
    expect(copy.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toHaveLength(1);
    expect(await sql(b.url(), 'SELECT login, member_id FROM club.access ORDER BY login')).toEqual([{ login: clerk.user, member_id: 'm2' }]);
    const access = ok(await run(out.dir, ['--store', urlOf(b), 'access', 'list', '--json'], { env: env(b) })).json();
    expect(access.map((e: { user: string }) => e.user)).toEqual([b.owner.user]);
  });

  it('a viewer of a database may not copy it or back it up (exit 5)', async () => {
    const d = await fresh();
    ok(await club.club(['store', 'copy', '--to', urlOf(d)], { env: env(d) }));
    const viewer = await newLogin('pgcopy_viewer');
    ok(await run(out.dir, ['--store', urlOf(d), 'access', 'grant', viewer.user, '--role', 'viewer'], { env: env(d) }));
    const url = d.url(viewer.user).replace(`:${d.owner.password}@`, '@');
    for (const argv of [['store', 'copy', '--to', join(out.dir, 'stolen')], ['backup', '--out', join(out.dir, 'stolen.json')]]) {
      const r = await run(out.dir, ['--store', url, ...argv, '--json'], { env: { PGPASSWORD: viewer.password } });
      expect(r.code, r.stderr).toBe(5);
    }
    expect(existsSync(join(out.dir, 'stolen'))).toBe(false);
    expect(existsSync(join(out.dir, 'stolen.json'))).toBe(false);
  });
});
