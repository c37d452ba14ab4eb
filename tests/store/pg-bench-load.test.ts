// The bench's database column loads each seeded folder club into a database (src/bench/pg-load.ts): the copy must
// hold the same club, so that the two columns time the same work.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadIntoDatabase } from '../../src/bench/pg-load.js';
import { seedStore } from '../../src/bench/seed.js';
import { describePg, dropDatabase, newDatabase, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-26T12:00:00+08:00';

describePg('the bench loads a seeded club into a database', () => {
  let d: TestDatabase;
  const temp = tempDir();
  const dir = join(temp.dir, 'small');
  let folderCounts: unknown;

  beforeAll(async () => {
    d = await newDatabase('bench_load');
    folderCounts = (await seedStore(dir, 'small', new Date(NOW))).counts;
  }, 120_000);
  afterAll(async () => {
    await dropDatabase(d.db);
    temp.cleanup();
  });

  it('with the same counts and the same answers as the folder', async () => {
    const url = d.url(d.owner.user, '').replace(':@', '@');
    const env = { PGPASSWORD: d.owner.password };
    expect(await loadIntoDatabase(dir, url, env, new Date(NOW))).toEqual(folderCounts);
    for (const argv of [
      ['member', 'show', 'm2'],
      ['points', 'leaderboard', '--month', '2026-03', '--json'],
      ['attendance', '--from', '2026-01-01', '--json'],
      ['report', 'weekly', '--week', '2026-W12'],
    ]) {
      const folder = await run(temp.dir, ['--store', dir, ...argv], { now: NOW, env: { CLUB_STORE: '' } });
      const database = await run(temp.dir, ['--store', url, ...argv], { now: NOW, env: { ...env, CLUB_STORE: '' } });
      expect(folder.code, folder.stderr).toBe(0);
      expect(database.code, database.stderr).toBe(0);
      expect(database.stdout).toBe(folder.stdout);
    }
  }, 120_000);
});
