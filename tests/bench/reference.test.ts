// The reference scripts in bench/ (plain Node, the bench's yardstick for member show, attendance and the two reports) print the
// very bytes club prints for the same store: checked here on a seeded typical club, so that they cannot drift from
// club between bench runs. A real run: the store is seeded in a temp dir through the store's own code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStore } from '../../src/bench/seed.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-26T12:00:00+08:00';
const BENCH = resolve(__dirname, '..', '..', 'bench');
let tmp: ReturnType<typeof tempDir>;
let store: string;

beforeAll(async () => {
  tmp = tempDir('club-reference-');
  store = join(tmp.dir, 'typical');
  const { counts } = await seedStore(store, 'typical', new Date(NOW));
  expect(counts.members).toBe(300);
}, 60_000);
afterAll(() => tmp.cleanup());

function reference(script: string, args: string[]): string {
  const r = spawnSync(process.execPath, [join(BENCH, script), '--store', store, ...args], { env: { ...process.env, CLUB_NOW: NOW }, encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

async function club(args: string[]): Promise<string> {
  const r = await run(tmp.dir, ['--store', store, ...args], { now: NOW });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('bench/ reference scripts print what club prints', () => {
  it.each([['--from 2026-01-01', '--from', '2026-01-01'], ['--from 2025-06-01 --to 2025-09-01', '--from', '2025-06-01', '--to', '2025-09-01']])('attendance %s', async (_label, ...range) => {
    const expected = await club(['attendance', ...range, '--json']);
    expect(expected.split('\n').length).toBeGreaterThan(200);
    expect(reference('attendance.cjs', range)).toBe(expected);
  });

  // W12 has no sessions (the bench's week); W11 has two, with absences, leaves and best performers.
  it.each(['2026-W12', '2026-W11', '2025-W40'])('report weekly --week %s', async (week) => {
    const expected = await club(['report', 'weekly', '--week', week]);
    expect(reference('report-weekly.cjs', ['--week', week])).toBe(expected);
  });

  it('report weekly of a week with sessions lists who was absent', async () => {
    const text = reference('report-weekly.cjs', ['--week', '2026-W11']);
    expect(text).toContain('**无故缺席：**\n- ');
    expect(text).toMatch(/\| 3月13日 周五 \| 21:30 \| 读书会 \| 第207期 \| 读书 \| .+ \| \d+\/\d+ \| \d+\.\d% \|/);
  });

  it.each(['2026-03', '2026-02', '2025-07'])('report monthly --month %s', async (month) => {
    const expected = await club(['report', 'monthly', '--month', month]);
    expect(expected).toContain('## 需要关注的成员');
    expect(reference('report-monthly.cjs', ['--month', month])).toBe(expected);
  });

  it.each(['m2', 'm3', 'm8'])('member show %s', async (id) => {
    const expected = await club(['member', 'show', id]);
    expect(expected).toMatch(/\n出勤 +\d+\.\d%  \d+\/\d+ （迟到 \d+，请假 \d+，缺席 \d+）\n/);
    expect(reference('member-show.cjs', [id])).toBe(expected);
  });

  it('member show refuses a member with a referrer (m5), which it does not cover', () => {
    const r = spawnSync(process.execPath, [join(BENCH, 'member-show.cjs'), '--store', store, 'm5'], { env: { ...process.env, CLUB_NOW: NOW }, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 2, stdout: '', stderr: 'reference: a referrer or warnings are not covered\n' });
  });

  it('refuses what it does not cover, loudly, rather than print something else', () => {
    const r = spawnSync(process.execPath, [join(BENCH, 'report-monthly.cjs'), '--store', store], { env: { ...process.env, CLUB_NOW: NOW }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('reference: give --month YYYY-MM');
  });

  // A write: the reference must make the very change club makes (every file of the two stores byte for byte, and the
  // line each prints), and leave a store that club reads and checks.
  describe('points add', () => {
    const copy = (name: string) => {
      const dir = join(tmp.dir, name);
      cpSync(store, dir, { recursive: true });
      return dir;
    };
    const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
    const addByReference = (dir: string, args: string[]) => spawnSync(process.execPath, [join(BENCH, 'points-add.cjs'), '--store', dir, ...args], { env: { ...process.env, CLUB_NOW: NOW, CLUB_ACTOR: 'tester' }, encoding: 'utf8' });

    it('makes the change club makes, byte for byte', async () => {
      const byClub = copy('points-club');
      const byRef = copy('points-ref');
      const before = files(byClub);
      const c = await run(tmp.dir, ['--store', byClub, 'points', 'add', 'm2', '3', '--reason', '分享《三体》读书笔记'], { now: NOW });
      expect(c.code).toBe(0);
      const r = addByReference(byRef, ['m2', '3', '--reason', '分享《三体》读书笔记']);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: c.stderr });
      expect(c.stderr).toMatch(/^✓ \+3 m2 \S+（分享《三体》读书笔记）；余额 \d+\n$/);
      const after = files(byRef);
      expect(after).toEqual(files(byClub));
      // What changed: the month's ledger file, the balances block, their two indexes, store.json and the audit log.
      expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual(['audit.jsonl', 'balances.b0.json', 'balances.index.json', 'ledger.2026-03.json', 'ledger.index.json', 'store.json']);
    });

    it("leaves a store club checks, with both runs' entries in the member's history", async () => {
      const dir = copy('points-both');
      expect(addByReference(dir, ['m7', '2', '--reason', '参考']).status).toBe(0);
      expect((await run(tmp.dir, ['--store', dir, 'points', 'add', 'm7', '5', '--reason', '本人'], { now: NOW })).code).toBe(0);
      expect(addByReference(dir, ['m7', '1', '--reason', 'again']).status).toBe(0);
      const check = await run(tmp.dir, ['--store', dir, 'check'], { now: NOW });
      expect(check.code).toBe(0);
      const history = JSON.parse((await club(['--store', dir, 'points', 'history', 'm7', '--json'])).trim()) as Array<{ id: string; reason: string; delta: number; balance: number }>;
      const last = history.slice(-3);
      expect(last.map((e) => [e.reason, e.delta, e.balance - last[0]!.balance])).toEqual([['参考', 2, 0], ['本人', 5, 5], ['again', 1, 6]]);
      expect(existsSync(join(dir, 'lock'))).toBe(false);
    });

    it('refuses what it does not cover and changes nothing', () => {
      const dir = copy('points-refused');
      const before = files(dir);
      for (const args of [['m2', '0', '--reason', 'x'], ['m2', '1', '--reason', ' 前后空格 '], ['m2', '1'], ['m99999', '1', '--reason', 'x']]) {
        const r = addByReference(dir, args);
        expect([args.join(' '), r.status, r.stdout]).toEqual([args.join(' '), 2, '']);
        expect(r.stderr).toMatch(/^reference: /);
      }
      expect(files(dir)).toEqual(before);
    });
  });
});
