// stdout as scripts give it to club: a pipe whose reader is slow, a pipe another program left non-blocking, and a
// reader that leaves early (`club … | head`). club writes straight to the descriptor and falls back to the stream.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zh } from '../../src/i18n/zh.js';
import { tempDir } from '../helpers/run.js';
import { BIN, clubProcess } from '../helpers/spawn.js';

const SEED = join(BIN, '..', '..', 'dist', 'bench-seed.js');
let dir: string;
let cleanup: () => void;
let env: Record<string, string>;
let expected: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-pipes-'));
  const store = join(dir, 'store');
  execFileSync(process.execPath, [SEED, '--size', 'typical', '--store', store], { env: { ...process.env, CLUB_NOW: '2026-03-26T12:00:00+08:00' }, stdio: ['ignore', 'ignore', 'pipe'] });
  env = { CLUB_STORE: store, CLUB_NOW: '2026-03-26T12:00:00+08:00' };
  const plain = await clubProcess(dir, ['--store', store, 'member', 'list', '--json'], env);
  expect(plain.code).toBe(0);
  expected = plain.stdout;
  // Well over a pipe's 64 KiB (about 126 KiB, printed from members.json's bytes), so a slow reader makes the writer wait.
  expect(Buffer.byteLength(expected)).toBeGreaterThan(1.5 * 65_536);
}, 60_000);
afterAll(() => cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(process.platform === 'win32')('stdout as a pipe', () => {
  it.runIf(hasPython)('a non-blocking pipe with a slow reader still gets every byte', async () => {
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    // Node makes a child's stdio blocking again; Python does not, so it sets O_NONBLOCK and then becomes club.
    const nonBlocking = `import fcntl, os, sys
fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)
os.execv(sys.argv[1], sys.argv[1:])`;
    const child = spawn('python3', ['-c', nonBlocking, process.execPath, BIN, 'member', 'list', '--json'], { cwd: dir, env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', writer, 'pipe'] });
    closeSync(writer);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await sleep(1500); // the pipe fills and club's writes would block
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(65_536);
    for (;;) {
      let n: number;
      try {
        n = readSync(reader, buf);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await sleep(5);
        continue;
      }
      if (n === 0) break; // every writer has closed
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    closeSync(reader);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(Buffer.concat(parts).toString('utf8')).toBe(expected);
  }, 30_000);

  it('a reader that leaves early ends nothing badly: exit 0, no error', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" member list --json | head -n 3; echo "\${PIPESTATUS[0]}"`], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(`${expected.split('\n').slice(0, 3).join('\n')}\n0\n`);
    expect(result.stderr).toBe('');
  }, 30_000);
});

describe.skipIf(process.platform === 'win32')('whether stdio is a terminal', () => {
  // node:tty (and the streams it brings) is loaded only for a descriptor that may be a terminal: not for a pipe, a
  // file or /dev/null, which cron gives as stdin. A preload reports what the process loaded.
  const loadedTty = (stdio: Array<'pipe' | number>): { tty: boolean; code: number | null } => {
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => require('node:fs').writeSync(2, '\\nTTY=' + process.moduleLoadList.includes('NativeModule tty') + '\\n'));\n");
    // No FORCE_COLOR or NO_COLOR: whether to colour is asked of stdout.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.FORCE_COLOR;
    delete childEnv.NO_COLOR;
    const r = spawnSync(process.execPath, ['-r', probe, BIN, 'report', 'weekly', '--week', '2026-W12'], { cwd: dir, env: childEnv, stdio, encoding: 'utf8' });
    return { tty: /TTY=true/.test(String(r.stderr)), code: r.status };
  };

  it('loads no node:tty for /dev/null, a pipe or a file, which are no terminal', () => {
    const devNull = openSync('/dev/null', 'r+');
    const file = openSync(join(dir, 'weekly.md'), 'w');
    try {
      expect(loadedTty([devNull, 'pipe', 'pipe'])).toEqual({ tty: false, code: 0 });
      expect(loadedTty([devNull, devNull, 'pipe'])).toEqual({ tty: false, code: 0 });
      expect(loadedTty(['pipe', file, 'pipe'])).toEqual({ tty: false, code: 0 });
    } finally {
      closeSync(devNull);
      closeSync(file);
    }
    expect(readFileSync(join(dir, 'weekly.md'), 'utf8')).toMatch(/^# /);
  });
});

describe.skipIf(process.platform === 'win32')('what a store command loads', () => {
  // node:crypto takes Node's streams with it (about 5 ms): a read or a write that hashes nothing loads none of it.
  // Temp names come from /dev/urandom; SHA-256 is loaded only for a receipt.
  const loaded = (args: string[]): { crypto: boolean; code: number | null } => {
    const probe = join(dir, 'probe-crypto.cjs');
    writeFileSync(probe, "process.on('exit', () => require('node:fs').writeSync(2, '\\nCRYPTO=' + process.moduleLoadList.includes('NativeModule crypto') + '\\n'));\n");
    const r = spawnSync(process.execPath, ['-r', probe, BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
    return { crypto: /CRYPTO=true/.test(String(r.stderr)), code: r.status };
  };

  it.each([
    [['--version']],
    [['member', 'show', 'm2']],
    [['points', 'add', 'm2', '1', '--reason', '测试']],
    [['member', 'add', '杨洪勇', '--joined', '2026-01-01']],
  ])('%j loads no node:crypto', (args) => {
    expect(loaded(args)).toEqual({ crypto: false, code: 0 });
  });

  // Each language's messages are a JSON file of the build (src/i18n/catalogue.ts), read when one is first needed: a
  // run reads its language's only. The seeded club is a zh club.
  const catalogues = (args: string[], extra: Record<string, string> = {}): { read: string[]; code: number | null } => {
    const probe = join(dir, 'probe-i18n.cjs');
    writeFileSync(probe, "const fs = require('node:fs'); const read = fs.readFileSync; fs.readFileSync = function (path, ...rest) { const m = /i18n[\\/\\\\](\\w+)\\.json$/.exec(String(path)); if (m) fs.writeSync(2, '\\nCATALOGUE=' + m[1] + '\\n'); return read.call(this, path, ...rest); };\n");
    const r = spawnSync(process.execPath, ['-r', probe, BIN, ...args], { cwd: dir, env: { ...process.env, ...env, ...extra }, encoding: 'utf8' });
    return { read: [...String(r.stderr).matchAll(/CATALOGUE=(\w+)/g)].map((m) => m[1]!), code: r.status };
  };

  it('a run reads the catalogue of its language only', () => {
    expect(catalogues(['member', 'show', 'm2'])).toEqual({ read: ['zh'], code: 0 });
    expect(catalogues(['member', 'show', 'm2'], { CLUB_LANG: 'en' })).toEqual({ read: ['en'], code: 0 });
    expect(catalogues(['points', 'add', 'm2', '1', '--reason', '测试'])).toEqual({ read: ['zh'], code: 0 });
  });

  it("the built-in templates' precompiled code is a chunk per template, not in the index every report reads", () => {
    const chunks = join(dirname(dirname(BIN)), 'dist', 'chunks');
    const files = readdirSync(chunks).filter((f) => f.endsWith('.js'));
    const index = files.filter((f) => f.startsWith('virtual_builtin-templates-'));
    expect(index).toHaveLength(1);
    expect(readFileSync(join(chunks, index[0]!), 'utf8')).not.toContain('"compiler"');
    for (const name of ['weekly.zh', 'monthly.en', 'newsletter.zh.html']) {
      const own = files.filter((f) => f.startsWith(`${name}-`));
      expect(own, name).toHaveLength(1);
      expect(readFileSync(join(chunks, own[0]!), 'utf8')).toContain('"compiler"');
    }
  });

  it("the build's catalogues are the source's", () => {
    const built = (lang: string): unknown => JSON.parse(readFileSync(join(dirname(dirname(BIN)), 'dist', 'i18n', `${lang}.json`), 'utf8'));
    expect(built('en')).toEqual(en);
    expect(built('zh')).toEqual(zh);
  });
});
