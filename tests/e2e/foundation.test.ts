// The built bin/club.js in child processes, as a user's shell and scripts run it.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/store/lock.js';
import { tempDir } from '../helpers/run.js';
import { BIN, clubOk, clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;
const club = (args: string[], env: Record<string, string> = {}) => clubProcess(dir, args, env);
/** A setup step or a read whose exit code is checked. */
const clubSetup = (args: string[], env: Record<string, string> = {}) => clubOk(dir, args, env);

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('club-e2e-'));
});
afterEach(() => cleanup());

describe('club (built binary)', () => {
  it('prints its version and help', async () => {
    const version = await club(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await club(['member', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const unknown = await club(['membr', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('member');
  });

  it('runs the admission flow with CJK names; --json output is clean and messages go to stderr', async () => {
    expect((await club(['init', '--name', '周二读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
    expect((await club(['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--qq', '1023919001'])).code).toBe(0);
    const applied = await club(['member', 'apply', '雅风', '--referrer', '杨洪勇', '--email', 'yafeng@example.org', '--json']);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ id: 'm2', status: 'applicant', referrerId: 'm1' });
    expect((await club(['member', 'approve', 'yafeng@example.org'])).code).toBe(0);
    const list = await club(['member', 'list', '--json']);
    expect(list.stderr).toBe('');
    const members = JSON.parse(list.stdout);
    expect(members.map((m: { name: string; status: string }) => `${m.name}:${m.status}`)).toEqual(['杨洪勇:active', '雅风:active']);
    const table = await club(['member', 'list']);
    expect(table.stdout).not.toContain('\u001b[');
    expect(table.stdout).toContain('荆州+杨洪勇');
    expect(table.stderr).toContain('共 2 名成员，列出 2 名');
    const check = await club(['check', '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, counts: { members: 2, tasks: 2 } });
  });

  it('30 parallel member add processes end with 30 members and a valid store', async () => {
    await clubSetup(['init', '--name', 'Parallel', '--lang', 'en', '--timezone', 'UTC']);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => club(['member', 'add', `成员${i}`, '--qq', String(100000 + i)])));
    expect(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${r.stderr}`)).toEqual([]);
    const list = JSON.parse((await clubSetup(['member', 'list', '--json'])).stdout);
    expect(list).toHaveLength(30);
    expect(new Set(list.map((m: { id: string }) => m.id)).size).toBe(30);
    expect(new Set(list.map((m: { name: string }) => m.name)).size).toBe(30);
    await clubSetup(['check']);
    const log = JSON.parse((await clubSetup(['log', '--json'])).stdout);
    expect(log).toHaveLength(31);
  }, 180_000);

  it('a store file cut in half gives exit 3 naming the file, and stays byte-identical', async () => {
    await clubSetup(['init', '--name', 'X', '--lang', 'en', '--timezone', 'UTC']);
    await clubSetup(['member', 'add', 'Alice']);
    await clubSetup(['member', 'add', 'Bob']);
    const file = join(dir, '.club', 'members.b0.json');
    const full = readFileSync(file);
    writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    const cut = readFileSync(file);
    for (const args of [['member', 'list'], ['member', 'add', 'Carol'], ['check']]) {
      const r = await club(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 3]);
      expect(r.stderr).toContain('members.b0.json');
      expect(readFileSync(file).equals(cut)).toBe(true);
    }
  });

  it('creates 0600 files in a 0700 directory under umask 022', () => {
    execFileSync('sh', ['-c', `umask 022 && "${process.execPath}" "${BIN}" init --name M --lang en --timezone UTC && "${process.execPath}" "${BIN}" member add Alice`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    expect(statSync(join(dir, '.club')).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(join(dir, '.club'))) expect([name, statSync(join(dir, '.club', name)).mode & 0o777]).toEqual([name, 0o600]);
  });

  it('a busy store exits 4 naming the holder, and changes nothing', async () => {
    await clubSetup(['init', '--name', 'X', '--lang', 'en', '--timezone', 'UTC']);
    const lock = await acquireLock(join(dir, '.club'), { waitMs: 100, command: 'member import roster.csv', actor: 'alice' });
    try {
      const started = Date.now();
      const r = await club(['member', 'add', 'Bob', '--json'], { CLUB_LOCK_WAIT_MS: '800' });
      expect(r.code).toBe(4);
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
      expect(JSON.parse(r.stdout).error.code).toBe('store_busy');
      expect(r.stderr).toContain('club member import roster.csv');
      expect(r.stderr).toContain(`pid ${process.pid}`);
    } finally {
      await lock.release();
    }
    expect(JSON.parse((await clubSetup(['member', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('exit codes: 1 refused, 2 usage, 3 no store', async () => {
    expect((await club(['member', 'list'])).code).toBe(3);
    await clubSetup(['init', '--name', 'X', '--lang', 'en', '--timezone', 'UTC']);
    expect((await club(['member', 'show', 'nobody'])).code).toBe(1);
    expect((await club(['member', 'add', 'A', '--email', 'bad'])).code).toBe(2);
    expect((await club(['member', 'add'])).code).toBe(2);
  });
});
