// A database written by a newer club is refused (exit 3, store_too_new), as a newer folder store is; a database
// without a club says how to make one; a damaged row is reported naming its table, and nothing is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, sql, superUrl } from '../helpers/pg.js';
import type { TestDatabase } from '../helpers/pg.js';
import { run } from '../helpers/run.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';

describePg('database schema versions and damaged rows', () => {
  let dir: string;
  let db: TestDatabase;
  let empty: TestDatabase;
  const club = (argv: string[]) => run(dir, ['--store', db.url(), ...argv], { env: { CLUB_LANG: 'en' } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'club-pg-version-'));
    db = await newDatabase('club_ver');
    empty = await newDatabase('club_empty');
    const made = await club(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    expect(made.code, made.stderr).toBe(0);
    expect((await club(['member', 'add', '杨洪勇', '--phone', '13800138000'])).code).toBe(0);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(db.db);
    await dropDatabase(empty.db);
  });

  it('refuses a database of a newer schemaVersion with exit 3 and changes nothing', async () => {
    await sql(superUrl(db.db), 'UPDATE club.meta SET schema_version = 99');
    try {
      const read = await club(['member', 'list', '--json']);
      expect(read.code).toBe(3);
      expect(JSON.parse(read.stdout).error.code).toBe('store_too_new');
      expect(read.stderr).toContain('99');
      const write = await club(['member', 'add', '雅风']);
      expect(write.code).toBe(3);
      const rows = await sql<{ n: string }>(superUrl(db.db), 'SELECT count(*)::text AS n FROM club.members');
      expect(rows[0]!.n).toBe('1');
    } finally {
      await sql(superUrl(db.db), `UPDATE club.meta SET schema_version = ${CURRENT_SCHEMA_VERSION}`);
    }
  });

  it('takes a database of schemaVersion 9 as current (10 changed only the folder store\'s files): no upgrade, and its backup restores into a folder of this layout', async () => {
    await sql(superUrl(db.db), 'UPDATE club.meta SET schema_version = 9');
    try {
      const add = await club(['member', 'add', '雅风']);
      expect(add.code, add.stderr).toBe(0);
      expect((await club(['member', 'show', '雅风', '--json'])).code).toBe(0);
      const upgrade = await club(['store', 'upgrade', '--json']);
      expect(upgrade.code, upgrade.stderr).toBe(0);
      expect(JSON.parse(upgrade.stdout)).toMatchObject({ from: 9, to: 9, upgraded: false, created: [] });
      expect((await club(['backup', '--out', join(dir, 'v9db.json')])).code).toBe(0);
      const restored = await run(dir, ['restore', join(dir, 'v9db.json'), '--store', join(dir, 'from-v9db')], { env: { CLUB_LANG: 'en' } });
      expect(restored.code, restored.stderr).toBe(0);
      // Written in this version's layout, not migrated: no backup of an older layout, no "migrated" in the log.
      expect(restored.stderr).not.toContain('migrated');
      const { existsSync, readFileSync } = await import('node:fs');
      expect(JSON.parse(readFileSync(join(dir, 'from-v9db', 'store.json'), 'utf8')).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(Object.keys(JSON.parse(readFileSync(join(dir, 'from-v9db', 'members.index.json'), 'utf8')))).toEqual(['members.b0.json']);
      expect(existsSync(join(dir, 'from-v9db', 'backups'))).toBe(false);
    } finally {
      await sql(superUrl(db.db), `UPDATE club.meta SET schema_version = ${CURRENT_SCHEMA_VERSION}`);
    }
  });

  it('names the table of a row that is not a valid record (exit 3) instead of using it', async () => {
    // As a superuser with triggers off: even the audit-row check does not stop that.
    await sql(superUrl(db.db), `SET session_replication_role = replica; UPDATE club.members SET doc = '{"id":"m1","name":""}' WHERE id = 'm1'`);
    const read = await club(['member', 'list', '--json']);
    expect(read.code).toBe(3);
    expect(JSON.parse(read.stdout).error.code).toBe('store_invalid');
    expect(read.stderr).toContain('club.members');
  });

  it('says how to make a club in a database that holds none (exit 3)', async () => {
    const r = await run(dir, ['--store', empty.url(), 'member', 'list'], { env: { CLUB_LANG: 'en' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('club init --store');
    expect(r.stderr).not.toContain(empty.owner.password);
  });
});
