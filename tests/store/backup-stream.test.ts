// Whole-store commands in bounded memory (issue #24): a backup written a file and a batch at a time, in a layout that
// restore reads back a line at a time (an older backup, read whole, still restores); a store whose files the digest
// does not vouch for is validated a batch at a time as it is backed up; copies into a database keep the ledger in
// id order although a backup holds it partition by partition.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { outlineOf, validatedEntries } from '../../src/store/backup-stream.js';
import { balancesIndex } from '../../src/store/derived.js';
import { freshClub, run, tempDir } from '../helpers/run.js';
import { collectionsOf } from '../helpers/store-records.js';
import type { RunResult } from '../helpers/run.js';
import { describePg, dropDatabase, newDatabase, sql } from '../helpers/pg.js';
import type { TestDatabase } from '../helpers/pg.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

/** CJK members, a session with check-ins (automatic points in the session's partition) and an award (the month's). */
async function sampleClub() {
  const c = await freshClub();
  cleanups.push(c.cleanup);
  ok(await c.club(['member', 'add', '杨洪勇', '--phone', '13800000001', '--joined', '2026-02-01']));
  ok(await c.club(['member', 'add', '雅风', '--city', '武汉', '--joined', '2026-02-01']));
  ok(await c.club(['points', 'add', '雅风', '5', '--reason', '分享读书笔记']));
  ok(await c.club(['session', 'add', '读书分享：红楼梦', '--at', '2026-03-01T19:30']));
  ok(await c.club(['checkin', 's1', '杨洪勇', '雅风', '--at', '2026-03-01T19:35']));
  ok(await c.club(['session', 'done', 's1']));
  ok(await c.club(['template', 'eject', 'weekly.zh']));
  return c;
}

describe('a backup in the line layout', () => {
  it('is one JSON document, a record a line, and restores with every record; so does the backup of the restored store', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const text = readFileSync(join(c.dir, 'b.json'), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\{"format":"clubadmin-backup","schemaVersion":\d+,"createdAt":"[^"]+","files":\{$/);
    expect(lines).toContain('"members.b0.json":[');
    expect(JSON.parse(lines[lines.indexOf('"members.b0.json":[') + 1]!.replace(/,$/, '')).name).toBe('杨洪勇');
    const bundle = JSON.parse(text);
    expect(Object.keys(bundle)).toEqual(['format', 'schemaVersion', 'createdAt', 'files', 'audit', 'templates']);
    expect(Object.keys(bundle.files).at(-1)).toBe('store.json');
    expect(bundle.files['store.json'].digests).toBeUndefined();
    expect(await outlineOf(join(c.dir, 'b.json'))).not.toBeNull();

    const target = join(c.dir, 'restored');
    const r = ok(await c.club(['restore', 'b.json', '--store', target, '--json'])).json();
    expect(r.counts).toMatchObject({ members: 2, sessions: 1, attendance: 2 });
    const source = join(c.dir, '.club');
    expect(await collectionsOf(target)).toEqual(await collectionsOf(source));
    for (const file of ['members.b0.json', 'roster.b0.json', 'presence.b0.json', 'balances.b0.json', 'sessions.b0.json', 'calendar.json']) {
      expect([file, readFileSync(join(target, file), 'utf8')]).toEqual([file, readFileSync(join(source, file), 'utf8')]);
    }
    expect(readFileSync(join(target, 'templates', 'weekly.zh.md.hbs'), 'utf8')).toBe(readFileSync(join(source, 'templates', 'weekly.zh.md.hbs'), 'utf8'));

    // The restored store holds no digests: its files are validated as they are backed up, and come out the same.
    ok(await c.club(['--store', target, 'backup', '--out', 'again.json']));
    const again = JSON.parse(readFileSync(join(c.dir, 'again.json'), 'utf8'));
    expect(again.files).toEqual(bundle.files);
  });

  it('an older backup (laid out by JSON.stringify) still restores, read whole', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const old = JSON.parse(readFileSync(join(c.dir, 'b.json'), 'utf8'));
    writeFileSync(join(c.dir, 'old.json'), `${JSON.stringify(old, null, 1)}\n`);
    expect(await outlineOf(join(c.dir, 'old.json'))).toBeNull();
    const target = join(c.dir, 'restored');
    ok(await c.club(['restore', 'old.json', '--store', target]));
    expect(await collectionsOf(target)).toEqual(await collectionsOf(join(c.dir, '.club')));
  });

  it('a line that is not JSON, or a name that is not a store file, is refused before anything is written', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const text = readFileSync(join(c.dir, 'b.json'), 'utf8');
    writeFileSync(join(c.dir, 'broken.json'), text.replace('"name":"雅风"', '"name":"雅风'));
    const broken = await c.club(['restore', 'broken.json', '--store', join(c.dir, 'r1')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not a club backup/);
    expect(existsSync(join(c.dir, 'r1'))).toBe(false);

    writeFileSync(join(c.dir, 'named.json'), text.replace('\n,"tasks.json":[', '\n,"../tasks.json":['));
    expect(await outlineOf(join(c.dir, 'named.json'))).not.toBeNull();
    const named = await c.club(['restore', 'named.json', '--store', join(c.dir, 'r2')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('"../tasks.json"');
    expect(existsSync(join(c.dir, 'r2'))).toBe(false);
  });

  it('a backup that lost its sessions, or holds a file twice, is refused (exit 3), in the layout or read whole', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const text = readFileSync(join(c.dir, 'b.json'), 'utf8');
    expect(text).not.toContain('"calendar.json"');
    // The block of sessions gone, and its line in the partitions: only the check-ins say there was a session.
    const bundle = JSON.parse(text);
    delete bundle.files['sessions.b0.json'];
    delete bundle.files['store.json'].partitions['sessions.b0.json'];
    writeFileSync(join(c.dir, 'lost.json'), JSON.stringify(bundle, null, 1));
    const lost = await c.club(['restore', 'lost.json', '--store', join(c.dir, 'r1')], { env: { CLUB_LANG: 'en' } });
    expect(lost.code).toBe(3);
    expect(lost.stderr).toMatch(/attendance\.s0\.json: \[0\]\.sessionId: no session s1 in the store/);
    // Refused by the check: nothing it wrote is vouched for (every read validates it).
    const meta = JSON.parse(readFileSync(join(c.dir, 'r1', 'store.json'), 'utf8'));
    expect(Object.keys(meta.digests ?? {})).toEqual([]);
    // A block of sessions twice: read whole, the last copy would win and the first be lost unseen.
    const start = text.indexOf('\n,"sessions.b0.json":[');
    const end = text.indexOf('\n]', start) + 2;
    writeFileSync(join(c.dir, 'twice.json'), text.slice(0, end) + text.slice(start, end) + text.slice(end));
    const twice = await c.club(['restore', 'twice.json', '--store', join(c.dir, 'r2')], { env: { CLUB_LANG: 'en' } });
    expect(twice.code).toBe(3);
    expect(twice.stderr).toContain('the backup holds sessions.b0.json twice');
    expect(existsSync(join(c.dir, 'r2'))).toBe(false);
    // An older backup's calendar.json, whatever it holds, is passed over: the restore makes it from the sessions.
    const old = JSON.parse(text);
    old.files['calendar.json'] = [1, { x: 1 }];
    writeFileSync(join(c.dir, 'old.json'), JSON.stringify(old, null, 1));
    ok(await c.club(['restore', 'old.json', '--store', join(c.dir, 'r3')]));
    expect(readFileSync(join(c.dir, 'r3', 'calendar.json'), 'utf8')).toBe(readFileSync(join(c.dir, '.club', 'calendar.json'), 'utf8'));
  });

  it('a derived file is written in id order; entries out of order across batches are refused (exit 3)', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const text = readFileSync(join(c.dir, 'b.json'), 'utf8');
    const start = text.indexOf('"balances.b0.json":{\n') + '"balances.b0.json":{\n'.length;
    const end = text.indexOf('\n}\n', start);
    const [first, second] = text.slice(start, end).split(',\n');
    writeFileSync(join(c.dir, 'swapped.json'), `${text.slice(0, start)}${second},\n${first}${text.slice(end)}`);
    // Within a batch (2,000 entries) they are put in order, as the store writes them.
    ok(await c.club(['restore', 'swapped.json', '--store', join(c.dir, 'r')]));
    expect(readFileSync(join(c.dir, 'r', 'balances.b0.json'), 'utf8')).toBe(readFileSync(join(c.dir, '.club', 'balances.b0.json'), 'utf8'));
    // Across batches, the order is checked.
    const out: string[][] = [];
    const entries = validatedEntries(balancesIndex, [[second!], [first!]], "the backup's balances.b0.json");
    await expect(
      (async () => {
        for await (const lines of entries) out.push(lines);
      })(),
    ).rejects.toMatchObject({ code: 'store_invalid', message: expect.stringMatching(/balances\.b0\.json.*m1.*m2/) });
    expect(out).toEqual([[second]]);
  });
});

describe('a backup of files the digest does not vouch for', () => {
  it('validates each record as it goes: a bad one exits 3 naming the file, and no backup is left', async () => {
    const c = await sampleClub();
    const store = join(c.dir, '.club');
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    delete meta.digests;
    writeFileSync(join(store, 'store.json'), JSON.stringify(meta, null, 2));
    const members = readFileSync(join(store, 'members.b0.json'), 'utf8');
    writeFileSync(join(store, 'members.b0.json'), members.replace('"status":"active"', '"status":"happy"'));
    const r = await c.club(['backup', '--out', 'b.json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'members.b0.json'));
    expect(r.stderr).toContain('[0].status');
    expect(existsSync(join(c.dir, 'b.json'))).toBe(false);
  });
});

describePg('into a database, a batch at a time', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await dropDatabase(d.db);
  });

  it('keeps the ledger in id order (a backup holds it partition by partition), from a copy or a backup file', async () => {
    const c = await sampleClub();
    const ledger = (await collectionsOf(join(c.dir, '.club'))).ledger!;
    const ids = (JSON.parse(ledger) as Array<{ id: string }>).map((e) => e.id);
    expect(ids.length).toBeGreaterThan(2);
    // The award (p1) is in the month's file, the session's points in the session's: the session's come first.
    ok(await c.club(['backup', '--out', 'b.json']));
    const text = readFileSync(join(c.dir, 'b.json'), 'utf8');
    expect(text.indexOf('"ledger.s0.json"')).toBeLessThan(text.indexOf('"ledger.2026-03.json"'));

    for (const how of ['copy', 'restore']) {
      const d = await newDatabase('bstream');
      made.push(d);
      const url = d.url().replace(`:${d.owner.password}@`, '@');
      const env = { PGPASSWORD: d.owner.password };
      if (how === 'copy') ok(await c.club(['store', 'copy', '--to', url], { env }));
      else ok(await c.club(['restore', 'b.json', '--store', url], { env }));
      const rows = await sql<{ id: string }>(d.url(), 'SELECT id FROM club.ledger ORDER BY seq');
      expect([how, rows.map((r) => r.id)]).toEqual([how, ids]);
      // The next entry goes after them.
      ok(await c.club(['--store', url, 'points', 'add', '杨洪勇', '1', '--reason', '补记'], { env }));
      const last = await sql<{ id: string }>(d.url(), 'SELECT id FROM club.ledger ORDER BY seq DESC LIMIT 1');
      expect(last[0]!.id).toBe(`p${ids.length + 1}`);
      const back = tempDir();
      cleanups.push(back.cleanup);
      ok(await run(back.dir, ['--store', url, 'backup', '--out', 'db.json'], { env }));
      ok(await run(back.dir, ['restore', 'db.json', '--store', 'r']));
      expect(JSON.parse((await collectionsOf(join(back.dir, 'r'))).ledger!).map((e: { id: string }) => e.id)).toEqual([...ids, `p${ids.length + 1}`]);
    }
  });
});
