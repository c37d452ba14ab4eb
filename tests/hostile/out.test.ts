// --out goes where it is sent, and only there: regular files atomically, devices, FIFOs and /dev/fd in place,
// never a folder, never the store.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { freshClub, type RunOptions, type RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const storeBytes = () => Object.fromEntries(readdirSync(join(dir, '.club')).filter((f) => f.endsWith('.json') || f.endsWith('.jsonl')).map((f) => [f, readFileSync(join(dir, '.club', f), 'utf8')]));

beforeAll(async () => {
  ({ dir, cleanup, club } = await freshClub());
  expect((await club(['member', 'add', '杨洪勇', '--phone', '13800138000'])).code).toBe(0);
});
afterAll(() => cleanup());

describe('--out', () => {
  it('replaces a regular file atomically with mode 0600', async () => {
    const file = join(dir, 'members.csv');
    writeFileSync(file, 'old', { mode: 0o644 });
    const r = await club(['member', 'export', '--out', 'members.csv']);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('杨洪勇');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes /dev/null in place: it stays the null device', async () => {
    const before = statSync('/dev/null');
    const r = await club(['member', 'export', '--out', '/dev/null']);
    expect(r.code).toBe(0);
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev, after.mode]).toEqual([before.ino, before.rdev, before.mode]);
  });

  it('writes a FIFO in place for the reader at its other end', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d.toString('utf8')));
    const closed = new Promise((done) => reader.on('close', done));
    const r = await club(['report', 'weekly', '--out', fifo]);
    expect(r.code).toBe(0);
    await closed;
    expect(got).toMatch(/^# 测试读书会/);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('appends through /dev/stdout to the file the shell opened, keeping what was there', async () => {
    const out = join(dir, 'appended.txt');
    writeFileSync(out, 'first line\n');
    const script = `node ${JSON.stringify(join(process.cwd(), 'bin', 'club.js'))} report weekly --out /dev/stdout >> ${JSON.stringify(out)}`;
    execFileSync('sh', ['-c', script], { cwd: dir, env: { ...process.env, CLUB_NOW: '2026-03-05T20:00:00+08:00', NODE_DISABLE_COMPILE_CACHE: '1' } });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('first line\n# 测试读书会')).toBe(true);
  });

  it('- is stdout', async () => {
    const r = await club(['report', 'weekly', '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# 测试读书会/);
    expect(r.stderr).toBe('');
  });

  it('a folder is a usage error', async () => {
    mkdirSync(join(dir, 'reports'), { recursive: true });
    const r = await club(['report', 'weekly', '--out', 'reports']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(t('out.isDir', { path: 'reports' }, 'zh'));
  });

  it('a path inside the store is refused and the store is unchanged', async () => {
    const before = storeBytes();
    for (const target of ['.club/store.json', '.club/new-file.md', join(dir, '.club', 'members.json')]) {
      const r = await club(['report', 'weekly', '--out', target]);
      expect([target, r.code]).toEqual([target, 2]);
      expect(r.stderr).toContain(t('out.inStore', { path: target }, 'zh'));
    }
    expect(existsSync(join(dir, '.club', 'new-file.md'))).toBe(false);
    expect(storeBytes()).toEqual(before);
  });

  it('a full disk exits 3 naming the path and leaves no temp file', async () => {
    const r = await club(['report', 'weekly', '--out', 'full.md'], { env: { CLUB_FAULTS: 'write:1:ENOSPC' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('full.md');
    expect(readdirSync(dir).filter((f) => f.includes('full.md'))).toEqual([]);
  });
});
