// The store touches only its own files (issue 27): a store folder unzipped from someone else, or one another local
// user plants links in while root's cron job runs club. Every case builds its store in a temp folder, plants one
// hostile entry pointing OUTSIDE it (another temp folder), runs the command, and checks the exit code, that the
// message names the entry, and that every file outside the store is byte-identical afterwards.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/spawn.js';
import { freshClub, run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

let dir: string;
let store: string;
let outside: string;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const cleanups: Array<() => void> = [];

/** sha256 of every file under `root`, by path: what must not change. */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

beforeEach(async () => {
  const fresh = await freshClub();
  ({ dir, club } = fresh);
  store = join(dir, '.club');
  const o = tempDir('club-outside-');
  outside = o.dir;
  cleanups.push(fresh.cleanup, o.cleanup);
  writeFileSync(join(outside, 'victim.txt'), 'root-owned file the cron job must not touch\n');
  expect((await club(['member', 'add', '杨洪勇'])).code).toBe(0);
});
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Replaces the store's `name` with a link to the outside victim file. */
function plantLink(name: string, target = join(outside, 'victim.txt')): void {
  rmSync(join(store, name), { force: true, recursive: true });
  symlinkSync(target, join(store, name));
}

describe('links in the store are never followed', () => {
  it('a write refuses an audit.jsonl that links outside (exit 3, names it, the target unchanged)', async () => {
    plantLink('audit.jsonl');
    const before = hashes(outside);
    const r = await club(['member', 'add', '雅风']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'audit.jsonl'));
    expect(hashes(outside)).toEqual(before);
    // Refused before the commit: the store has no journal and no new member.
    expect(existsSync(join(store, 'journal.json'))).toBe(false);
    expect(readFileSync(join(store, 'members.b0.json'), 'utf8')).not.toContain('雅风');
  });

  it('a read refuses a members.b0.json that links to a copy of it outside', async () => {
    writeFileSync(join(outside, 'members.b0.json'), readFileSync(join(store, 'members.b0.json')));
    plantLink('members.b0.json', join(outside, 'members.b0.json'));
    const before = hashes(outside);
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'members.b0.json'));
    expect(hashes(outside)).toEqual(before);
  });

  it('a lock-owner.json that links outside is refused, never written through', async () => {
    plantLink('lock-owner.json');
    const before = hashes(outside);
    const r = await club(['member', 'add', '雅风']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'lock-owner.json'));
    expect(hashes(outside)).toEqual(before);
  });

  it('a lock-owner temp name planted in advance (the old pid-named one) is not written through', async () => {
    symlinkSync(join(outside, 'victim.txt'), join(store, `lock-owner.json.${process.pid}.tmp`));
    const before = hashes(outside);
    const r = await club(['member', 'add', '雅风']);
    expect(r.code).toBe(0);
    expect(hashes(outside)).toEqual(before);
  });

  it('backups/ linking to a folder outside: club backup writes nothing there', async () => {
    rmSync(join(store, 'backups'), { recursive: true, force: true });
    symlinkSync(outside, join(store, 'backups'));
    const before = hashes(outside);
    const r = await club(['backup']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'backups'));
    expect(hashes(outside)).toEqual(before);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('templates/ linking to a folder outside is refused', async () => {
    symlinkSync(outside, join(store, 'templates'));
    const before = hashes(outside);
    const r = await club(['template', 'eject', 'weekly.zh']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'templates'));
    expect(hashes(outside)).toEqual(before);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('a folder where a file belongs is refused, naming it', async () => {
    rmSync(join(store, 'members.b0.json'));
    mkdirSync(join(store, 'members.b0.json'));
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'members.b0.json'));
  });

  it('club check lists every entry that is not what belongs there', async () => {
    plantLink('audit.jsonl');
    rmSync(join(store, 'tasks.json'));
    execFileSync('mkfifo', [join(store, 'tasks.json')]);
    symlinkSync(outside, join(store, 'templates'));
    const before = hashes(outside);
    const r = await club(['check']);
    expect(r.code).toBe(3);
    for (const name of ['audit.jsonl', 'tasks.json', 'templates']) expect(r.stderr).toContain(join(store, name));
    expect(hashes(outside)).toEqual(before);
  });
});

/** The built CLI, killed after `ms`: a command that blocks on a FIFO shows up as code null. */
function clubWithin(ms: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', CLUB_ACTOR: 'e2e' };
    for (const k of ['NODE_ENV', 'CLUB_STORE', 'VITEST']) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('special files never block or get opened', () => {
  // Generous: the machine is busy; a hang is forever, and shows as code null.
  const LIMIT = 30_000;

  it.each([
    ['members.b0.json', ['member', 'list']],
    ['store.json', ['member', 'list']],
    ['audit.jsonl', ['member', 'add', '雅风']],
    ['journal.json', ['member', 'list']],
  ])('a FIFO as %s: exit 3 naming it, no hang', async (name, args) => {
    rmSync(join(store, name), { force: true });
    execFileSync('mkfifo', [join(store, name)]);
    const r = await clubWithin(LIMIT, args);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, name));
  }, 60_000);

  it.skipIf(process.getuid?.() !== 0)('a device as members.b0.json (needs root for mknod): exit 3 naming it', async () => {
    rmSync(join(store, 'members.b0.json'));
    execFileSync('mknod', [join(store, 'members.b0.json'), 'c', '1', '3']);
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'members.b0.json'));
  });
});

describe('a journal.json is validated before it is replayed', () => {
  const plantJournal = (journal: unknown) => writeFileSync(join(store, 'journal.json'), JSON.stringify(journal));
  const auditLine = JSON.stringify({ at: '2026-03-05T12:00:00.000Z', actor: 'x', command: 'x', summary: 'forged', refs: [] });

  it.each([
    ['renames members.b0.json out of the store', { renames: [['members.b0.json', '../outside.json']], audit: null }, 'renames[0][1]'],
    ['renames a file from outside onto members.b0.json', { renames: [['../../victim.txt', 'members.b0.json']], audit: null }, 'renames[0][0]'],
    ['renames onto journal.json', { renames: [['members.b0.json', 'journal.json']], audit: null }, 'renames[0][1]'],
    ['removes a file by absolute path', { renames: [], removes: ['/etc/hostname'], audit: null }, 'removes[0]'],
    ['removes the audit log', { renames: [], removes: ['audit.jsonl'], audit: null }, 'removes[0]'],
  ])('one that %s is refused, and left alone', async (_what, journal, field) => {
    plantJournal(journal);
    const bytes = readFileSync(join(store, 'journal.json'));
    const before = hashes(store);
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'journal.json'));
    expect(r.stderr).toContain(field);
    expect(readFileSync(join(store, 'journal.json'))).toEqual(bytes);
    expect(hashes(store)).toEqual(before);
  });

  it('one that would move members.b0.json outside through an absolute path leaves both alone', async () => {
    plantJournal({ renames: [['members.b0.json', join(outside, 'stolen.json')]], audit: null });
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(existsSync(join(store, 'members.b0.json'))).toBe(true);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('one that would truncate the audit log (offset before its end) is refused', async () => {
    const audit = readFileSync(join(store, 'audit.jsonl'));
    plantJournal({ renames: [], audit: { offset: 0, text: `${auditLine}\n` } });
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('audit.offset');
    expect(readFileSync(join(store, 'audit.jsonl'))).toEqual(audit);
  });

  it('one whose offset is beyond the log never pads it with NUL bytes', async () => {
    const audit = readFileSync(join(store, 'audit.jsonl'));
    plantJournal({ renames: [], audit: { offset: audit.length + 4096, text: `${auditLine}\n` } });
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(readFileSync(join(store, 'audit.jsonl'))).toEqual(audit);
  });

  it('the store’s own unfinished append (offset at the log’s end) is still completed', async () => {
    const audit = readFileSync(join(store, 'audit.jsonl'));
    plantJournal({ renames: [], audit: { offset: audit.length, text: `${auditLine}\n` } });
    const r = await club(['member', 'list']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(store, 'audit.jsonl'), 'utf8')).toBe(`${audit.toString('utf8')}${auditLine}\n`);
    expect(existsSync(join(store, 'journal.json'))).toBe(false);
  });
});

describe('init and restore write only into a new or empty folder', () => {
  it('init --store into a 1777 folder holding a file: exit 1 naming it, mode and file unchanged', async () => {
    const target = join(outside, 'shared');
    mkdirSync(target);
    chmodSync(target, 0o1777);
    writeFileSync(join(target, 'members.b0.json'), 'not yours\n');
    const before = hashes(outside);
    const r = await run(outside, ['init', '--store', target, '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(target);
    expect(statSync(target).mode & 0o7777).toBe(0o1777);
    expect(hashes(outside)).toEqual(before);
    expect(readdirSync(target)).toEqual(['members.b0.json']);
  });

  it('init into an empty folder it did not make leaves the folder’s mode alone', async () => {
    const target = join(outside, 'empty');
    mkdirSync(target);
    chmodSync(target, 0o750);
    const r = await run(outside, ['init', '--store', target, '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    expect(r.code).toBe(0);
    expect(statSync(target).mode & 0o7777).toBe(0o750);
    expect(existsSync(join(target, 'store.json'))).toBe(true);
  });

  it('init with no --store refuses a .club that holds anything, whatever the folder around it holds', async () => {
    const cwd = join(outside, 'club');
    mkdirSync(join(cwd, '.club'), { recursive: true });
    writeFileSync(join(cwd, 'notes.txt'), 'mine\n');
    writeFileSync(join(cwd, '.club', 'x'), 'mine\n');
    const r = await run(cwd, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(cwd, '.club'));
    rmSync(join(cwd, '.club', 'x'));
    expect((await run(cwd, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
  });

  it('restore into a folder holding other files: exit 1, nothing written, mode unchanged', async () => {
    const backup = join(outside, 'b.json');
    expect((await club(['backup', '--out', backup])).code).toBe(0);
    const target = join(outside, 'shared');
    mkdirSync(target);
    chmodSync(target, 0o1777);
    writeFileSync(join(target, 'members.b0.json'), 'not yours\n');
    const before = hashes(outside);
    const r = await run(outside, ['restore', backup, '--store', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(target);
    expect(statSync(target).mode & 0o7777).toBe(0o1777);
    expect(hashes(outside)).toEqual(before);
  });

  it.each([['journal.json'], ['../x.json'], ['/tmp/x.json'], ['lock-owner.json'], ['members.b0.json/../x.json']])(
    'restore refuses a backup holding %s before writing anything',
    async (name) => {
      const backup = join(outside, 'b.json');
      expect((await club(['backup', '--out', backup])).code).toBe(0);
      const bundle = JSON.parse(readFileSync(backup, 'utf8'));
      bundle.files[name] = name === 'journal.json' ? { renames: [], audit: null } : [];
      writeFileSync(backup, JSON.stringify(bundle));
      const target = join(outside, 'restored');
      const r = await run(outside, ['restore', backup, '--store', target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(JSON.stringify(name));
      expect(existsSync(target)).toBe(false);
      expect(existsSync(join(outside, 'x.json'))).toBe(false);
    },
  );
});
