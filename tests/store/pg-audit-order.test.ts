// The audit log of a database store read back in the order it was written, past row 9 (`seq` is a number; sorting
// its text would put row 10 before row 2 and break `club check`'s chain). In-process, on the run's shared cluster.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';

describePg('the audit log of a database store, past ten rows', () => {
  let d: TestDatabase;
  let dir: string;
  let cleanup: () => void;
  const club = async (argv: string[]) => {
    const r = await run(dir, argv, { env: { CLUB_STORE: d.url(), CLUB_LANG: 'en' } });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('club-pg-audit-'));
    d = await newDatabase('audit_order');
    await club(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  });
  afterAll(async () => {
    cleanup?.();
    if (d) await dropDatabase(d.db);
  });

  it('`club log` lists rows 1…12 in order and `club check` finds the chain whole', async () => {
    for (let i = 1; i <= 11; i++) await club(['member', 'add', `成员${i}`, '--joined', '2026-01-01']);
    const log = (await club(['log', '--json'])).json() as Array<{ refs: string[] }>;
    expect(log.slice(1).map((e) => e.refs[0])).toEqual(Array.from({ length: 11 }, (_, i) => `m${i + 1}`));
    expect((await club(['check', '--json'])).json().counts.members).toBe(11);
  });
});
