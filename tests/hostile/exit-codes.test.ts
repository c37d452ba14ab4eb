// Every failure has its documented exit code: a full disk or an I/O error anywhere (the store, the lock's bookkeeping,
// backups, --out) exits 3 naming the path, changes nothing and leaves no temp file; hostile input (60,000-deep JSON,
// a YAML alias bomb, --out to a folder, a folder where the store keeps a file) exits 2 or 3 with one line. Exit 70
// with a stack is for bugs only: any case here that exits 70 fails.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { freshClub, run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;

beforeEach(async () => {
  ({ dir, cleanup, club } = await freshClub());
  expect((await club(['member', 'add', '杨洪勇', '--phone', '13800138000'])).code).toBe(0);
});
afterEach(() => cleanup());

/** Every file under `root` with its bytes (lock-owner.json aside: it comes and goes with each command). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name !== 'lock-owner.json') out[relative(root, p)] = f.isFile() ? readFileSync(p, 'hex') : 'special';
    }
  };
  walk(root);
  return out;
}

const temps = (root: string) => Object.keys(snapshot(root)).filter((f) => /\.tmp$/.test(f));

/** The documented code, one error line (and a hint), never a stack or an internal error. */
function expectFailure(r: RunResult, code: number): void {
  expect([r.code, r.stderr]).toEqual([code, expect.stringMatching(/^error: [^\n]*\n(hint: [^\n]*\n)?$/)]);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('a full disk or an I/O error exits 3 naming the path, changes nothing, leaves no temp file', () => {
  it.each([
    ['config set', ['config', 'set', 'name', 'x'], 'write:1:ENOSPC', '.club/store.json)'],
    ['config set', ['config', 'set', 'name', 'x'], 'fsync:1:EIO', 'store.json'],
    ['config set', ['config', 'set', 'name', 'x'], 'rename:1:EACCES', 'journal'],
    ['the lock bookkeeping', ['member', 'add', '雅风'], 'lock:1:ENOSPC', 'lock-owner.json'],
    ['backup', ['backup'], 'open:1:ENOSPC', 'backup-'],
    ['backup', ['backup'], 'write:1:ENOSPC', 'backup-'],
    ['backup --out', ['backup', '--out', 'b.json'], 'open:1:ENOSPC', 'b.json'],
    ['backup --out', ['backup', '--out', 'b.json'], 'write:1:ENOSPC', 'b.json'],
    ['backup --out', ['backup', '--out', 'b.json'], 'fsync:1:EIO', 'b.json'],
    ['backup --out', ['backup', '--out', 'b.json'], 'rename:1:ENOSPC', 'b.json'],
    ['report --out', ['report', 'weekly', '--out', 'w.md'], 'write:1:ENOSPC', 'w.md'],
    ['report --out', ['report', 'weekly', '--out', 'w.md'], 'rename:1:EIO', 'w.md'],
  ])('%s with %s', async (_what, argv, faults, named) => {
    const before = snapshot(dir);
    const r = await club(argv, { env: { CLUB_FAULTS: faults } });
    expectFailure(r, 3);
    expect(r.stderr).toContain(faults.split(':')[2]);
    expect(r.stderr).toContain(named);
    expect(temps(dir)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('the lock is given back after a full disk writing its owner: the next command runs', async () => {
    expectFailure(await club(['member', 'add', '雅风'], { env: { CLUB_FAULTS: 'lock:1:ENOSPC' } }), 3);
    expect(readdirSync(join(dir, '.club')).filter((f) => f.startsWith('lock'))).toEqual([]);
    expect((await club(['member', 'add', '雅风'])).code).toBe(0);
  });

  it('every fault point of config set, backup --out and member add: never exit 70, never a stack', async () => {
    for (const argv of [['config', 'set', 'name', 'x'], ['backup', '--out', 'b.json'], ['member', 'add', '雅风']]) {
      for (const op of ['open', 'write', 'fsync', 'rename', 'mkdir', 'lock']) {
        for (const nth of [1, 2, 3]) {
          const r = await club(argv, { env: { CLUB_FAULTS: `${op}:${nth}:ENOSPC` } });
          expect([argv.join(' '), op, nth, r.code]).not.toEqual([argv.join(' '), op, nth, 70]);
          expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
          expect([0, 3]).toContain(r.code);
        }
      }
    }
  });

  it('a full disk while backing up a store before migrating it: exit 3, no half backup, the store as it was', async () => {
    const old = tempDir('club-migrate-fault-');
    try {
      cpSync(join(__dirname, '..', 'fixtures', 'store-v4'), join(old.dir, '.club'), { recursive: true });
      chmodSync(join(old.dir, '.club'), 0o700);
      const before = snapshot(old.dir);
      const r = await run(old.dir, ['member', 'list', '--json'], { env: { CLUB_FAULTS: 'write:2:ENOSPC' } });
      expectFailure(r, 3);
      expect(r.stderr).toContain('backups');
      expect(snapshot(old.dir)).toEqual(before);
      expect(readdirSync(join(old.dir, '.club', 'backups'))).toEqual([]);
      // And with room again, the migration goes through.
      expect((await run(old.dir, ['member', 'list', '--json'])).code).toBe(0);
    } finally {
      old.cleanup();
    }
  });
});

describe('what is in the lock\'s place and is not a lock exits 3 naming it', () => {
  it.each([
    ['a plain file', (p: string) => writeFileSync(p, 'x')],
    ['a dangling symlink', (p: string) => symlinkSync('/nonexistent-club-lock', p)],
    ['a symlink to a folder', (p: string) => symlinkSync(dir, p)],
  ])('%s', async (_what, make) => {
    const lock = join(dir, '.club', 'lock');
    make(lock);
    const before = snapshot(join(dir, '.club'));
    const r = await club(['member', 'add', '雅风']);
    expectFailure(r, 3);
    expect(r.stderr).toContain(t('fail.lockNotLock', { path: lock }));
    expect(snapshot(join(dir, '.club'))).toEqual(before);
  });
});

describe('hostile input exits 2 or 3 with one line', () => {
  beforeEach(async () => {
    writeFileSync(join(dir, 's.yaml'), 'title: 满意度\nquestions:\n  - {id: q1, type: text, text: 建议}\n');
    expect((await club(['survey', 'create', '--from', 's.yaml'])).code).toBe(0);
    expect((await club(['survey', 'open', 'v1'])).code).toBe(0);
  });

  it.each([
    ['60,000 unclosed brackets', '['.repeat(60000)],
    ['60,000-deep arrays', `${'['.repeat(60000)}${']'.repeat(60000)}`],
    ['an answer 60,000 deep', `{"q1": ${'['.repeat(60000)}${']'.repeat(60000)}}`],
    ['an object 60,000 deep', `${'{"a":'.repeat(60000)}1${'}'.repeat(60000)}`],
  ])('survey answer --answers with %s', async (_what, answers) => {
    const r = await club(['survey', 'answer', 'v1', '--member', 'm1', '--answers', answers]);
    expectFailure(r, 2);
  });

  it('survey create --from a YAML alias bomb ("billion laughs")', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yaml'), `${lines.join('\n')}\ntitle: *j\n`);
    const r = await club(['survey', 'create', '--from', 'bomb.yaml']);
    expectFailure(r, 2);
    // Before the store is opened, in the club's language all the same: read from the folder store first (SPEC §14).
    expect(r.stderr).toContain(t('fail.yamlAliases', { name: 'bomb.yaml' }, 'zh'));
  });

  it('survey create --from a file nested 60,000 deep (JSON and YAML)', async () => {
    writeFileSync(join(dir, 'deep.json'), `{"title": "t", "questions": ${'['.repeat(60000)}${']'.repeat(60000)}}`);
    writeFileSync(join(dir, 'deep.yaml'), `title: ${'['.repeat(60000)}${']'.repeat(60000)}\n`);
    expectFailure(await club(['survey', 'create', '--from', 'deep.json']), 2);
    expectFailure(await club(['survey', 'create', '--from', 'deep.yaml']), 2);
  });

  it.each([
    [['backup', '--out', 'folder']],
    [['report', 'weekly', '--out', 'folder']],
    [['member', 'export', '--out', 'folder']],
  ])('%j: --out to a folder', async (argv) => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    const r = await club(argv);
    expectFailure(r, 2);
    expect(r.stderr).toContain('folder');
    expect(readdirSync(join(dir, 'folder'))).toEqual([]);
  });

  it.each([['members.b0.json'], ['store.json'], ['audit.jsonl']])('a folder where the store keeps %s', async (file) => {
    const path = join(dir, '.club', file);
    rmSync(path);
    mkdirSync(path);
    // A command that does not read the file may not notice; one that does, and check, exit 3 naming it.
    for (const argv of [['member', 'list'], ['member', 'add', '雅风'], ['check']]) {
      const r = await club(argv);
      if (r.code !== 0 || argv[0] === 'check') expect([argv, r.code, r.stderr]).toEqual([argv, 3, expect.stringContaining(file)]);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(statSync(path).isDirectory()).toBe(true);
  });
});

describe('member import --dry-run of a large file', () => {
  it('reports the counts and the first rows to look at, not a table of every row', async () => {
    const rows = ['name,phone,city', '杨洪勇,13800138000,北京'];
    for (let i = 0; i < 30000; i++) rows.push(`${'王李张刘陈'[i % 5]}雅风${i},139${String(i).padStart(8, '0')},上海`);
    writeFileSync(join(dir, 'big.csv'), `${rows.join('\n')}\n`);
    const before = snapshot(dir);
    const r = await club(['member', 'import', 'big.csv', '--dry-run', '--on-duplicate', 'skip'], { tty: true, columns: 100, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeLessThan(40);
    expect(r.stdout).toMatch(/│ 2 +│ skip +│ m1/);
    expect(r.stdout).not.toContain('雅风0');
    expect(r.stderr).toContain('30000 added, 0 updated, 1 skipped');
    expect(snapshot(dir)).toEqual(before);
    // Rows with problems refuse the import, dry run or not, listing the first ones and the count.
    writeFileSync(join(dir, 'bad.csv'), `name,qq\n${Array.from({ length: 500 }, (_, i) => `雅风${i},abc`).join('\n')}\n`);
    const bad = await club(['member', 'import', 'bad.csv', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('500 rows cannot be imported');
    expect(bad.stderr.split('\n').length).toBeLessThan(30);
  }, 60_000);
});

describe('a real full disk (a small tmpfs; root only)', () => {
  const mountTmpfs = (size: string): string | null => {
    if (process.getuid?.() !== 0) return null;
    const mnt = tempDir('club-tmpfs-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt.dir], { stdio: 'ignore' });
      return mnt.dir;
    } catch {
      mnt.cleanup();
      return null;
    }
  };
  const unmount = (mnt: string) => {
    execFileSync('umount', [mnt], { stdio: 'ignore' });
    rmSync(mnt, { recursive: true, force: true });
  };
  const fill = (mnt: string) => {
    try {
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(1 << 20));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
  };

  it('backup --out to a full disk: exit 3 naming the file, no temp file', async (ctx) => {
    const mnt = mountTmpfs('64k');
    if (!mnt) return ctx.skip(process.getuid?.() === 0 ? 'mount -t tmpfs failed (no CAP_SYS_ADMIN here)' : 'not root: cannot mount a tmpfs');
    try {
      fill(mnt);
      const r = await club(['backup', '--out', join(mnt, 'b.json')]);
      expectFailure(r, 3);
      expect(r.stderr).toContain(join(mnt, 'b.json'));
      expect(readdirSync(mnt)).toEqual(['filler']);
    } finally {
      unmount(mnt);
    }
  });

  it('a store on a full disk: exit 3, the store unchanged', async (ctx) => {
    const mnt = mountTmpfs('512k');
    if (!mnt) return ctx.skip(process.getuid?.() === 0 ? 'mount -t tmpfs failed (no CAP_SYS_ADMIN here)' : 'not root: cannot mount a tmpfs');
    try {
      expect((await run(mnt, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
      fill(mnt);
      const before = snapshot(join(mnt, '.club'));
      const r = await run(mnt, ['member', 'add', '雅风', '--note', 'x'.repeat(4000)]);
      expectFailure(r, 3);
      expect(r.stderr).toContain('ENOSPC');
      expect(r.stderr).toContain(join(mnt, '.club'));
      expect(snapshot(join(mnt, '.club'))).toEqual(before);
    } finally {
      unmount(mnt);
    }
  });
});
