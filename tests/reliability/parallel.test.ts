// Scripts call club in parallel from cron and loops: nothing is lost, and every read is a consistent snapshot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubOk, clubProcess } from '../helpers/spawn.js';

// 60 writers, 2 rounds: each round is a fresh race of 60 processes for one lock, which is what loses an update when
// the lock does not hold (a lost update shows in the first round); more rounds only made the suite slower.
const WRITERS = 60;
const ROUNDS = Number(process.env.CLUB_PARALLEL_ROUNDS ?? 2);
let dir: string;
let cleanup: () => void;
const NOW = { CLUB_NOW: '2026-03-03T21:35:00+08:00' };
const club = (args: string[]) => clubProcess(dir, args, NOW);
/** A setup step or a read whose exit code is checked. */
const clubSetup = (args: string[]) => clubOk(dir, args, NOW);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-parallel-'));
  await clubSetup(['init', '--name', 'p', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  for (let i = 0; i < 10; i++) await clubSetup(['member', 'add', `老成员${i}`, '--joined', '2026-01-01']);
  await clubSetup(['session', 'add', '读书会', '--at', '2026-03-03 21:30']);
});
afterAll(() => cleanup());

const balance = async () => JSON.parse((await clubSetup(['points', 'balance', 'm1', '--json'])).stdout).balance as number;

describe('parallel writers', () => {
  it(`${WRITERS} concurrent points add M 1, ${ROUNDS} rounds: exactly +${WRITERS} each round, all exit 0, store valid`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await balance();
      const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => club(['points', 'add', 'm1', '1', '--reason', `r${round}-${i}`])));
      expect(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);
      expect(await balance()).toBe(before + WRITERS);
      await clubSetup(['check']);
    }
  }, 900_000);

  it('mixed parallel commands lose nothing, and each export is a consistent snapshot', async () => {
    const members = JSON.parse((await clubSetup(['member', 'list', '--json'])).stdout).length as number;
    const ledger = JSON.parse((await clubSetup(['check', '--json'])).stdout).counts.ledger as number;
    const jobs: Array<Promise<{ code: number | null; stderr: string }>> = [];
    for (let i = 0; i < 10; i++) {
      jobs.push(club(['member', 'add', `新成员${i}`, '--joined', '2026-01-01']));
      jobs.push(club(['checkin', 's1', `老成员${i}`]));
      jobs.push(club(['points', 'add', 'm2', '1', '--reason', `mixed ${i}`]));
      if (i % 2 === 0) jobs.push(club(['member', 'export', '--json', '--out', `export-${i}.json`]));
    }
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);
    const final = JSON.parse((await clubSetup(['member', 'list', '--json'])).stdout) as Array<{ id: string }>;
    expect(final).toHaveLength(members + 10);
    const counts = JSON.parse((await clubSetup(['check', '--json'])).stdout).counts;
    expect(counts.attendance).toBe(10);
    expect(counts.ledger).toBe(ledger + 10 + 10); // 10 manual awards and 10 attendance awards
    const order = final.map((m) => m.id);
    for (let i = 0; i < 10; i += 2) {
      const snapshot = (JSON.parse(readFileSync(join(dir, `export-${i}.json`), 'utf8')) as Array<{ id: string }>).map((m) => m.id);
      // Members are only ever appended: a consistent snapshot is a prefix of the final list, never a mix.
      expect(snapshot.length).toBeGreaterThanOrEqual(members);
      expect(snapshot).toEqual(order.slice(0, snapshot.length));
    }
  }, 300_000);
});
