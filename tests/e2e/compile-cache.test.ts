// The built club's code cache (src/boot.ts): written after a first run, used and left alone by the next, never
// needed: a damaged cache, an unwritable folder or a cache turned off give the same output.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_PACK, readCachePack, runKind, writeCachePack } from '../../src/boot.js';
import { tempDir } from '../helpers/run.js';
import { BIN, clubOk, clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;
let cacheBase: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('club-cache-'));
  cacheBase = join(dir, 'cache');
  const init = await clubProcess(dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { NODE_DISABLE_COMPILE_CACHE: '1' });
  expect(init.code).toBe(0);
  expect((await clubProcess(dir, ['member', 'add', '王小明'], { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
});
afterEach(() => cleanup());

const run = (args: string[], env: Record<string, string> = {}) => clubProcess(dir, args, { CLUB_CACHE_DIR: cacheBase, ...env });
/** A run whose exit code is checked, for a step that only fills the cache. */
const runOk = (args: string[], env: Record<string, string> = {}) => clubOk(dir, args, { CLUB_CACHE_DIR: cacheBase, ...env });

/** This build's cache folder. */
function cacheFolder(): string {
  const builds = readdirSync(cacheBase);
  expect(builds).toHaveLength(1);
  expect(builds[0]).toMatch(new RegExp(`^${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{16}$`));
  return join(cacheBase, builds[0]!);
}

/** The cache of each file of the build, from the folder's one pack. */
function cacheFiles(): Map<string, Buffer> {
  const folder = cacheFolder();
  expect(readdirSync(folder)).toEqual([CACHE_PACK]);
  return readCachePack(readFileSync(join(folder, CACHE_PACK)));
}

describe('the start-up code cache', () => {
  it('is written by a first run, then used and left as it is', async () => {
    const uncached = await runOk(['member', 'list', '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(existsSync(cacheBase)).toBe(false);

    const first = await run(['member', 'list', '--json']);
    expect(first).toEqual(uncached);
    const written = cacheFiles();
    expect([...written.keys()]).toContain('cli.js');
    expect([...written.keys()].filter((name) => name.startsWith('chunks/')).length).toBeGreaterThan(5);
    const folder = cacheFolder();
    if (process.platform !== 'win32') expect(statSync(folder).mode & 0o777).toBe(0o700);
    const pack = readFileSync(join(folder, CACHE_PACK));

    const second = await run(['member', 'list', '--json']);
    expect(second).toEqual(uncached);
    // Every chunk's cache was accepted, so nothing was written again.
    expect(readFileSync(join(folder, CACHE_PACK))).toEqual(pack);
  });

  it('a command run for the first time adds what it compiled to the shared chunks', async () => {
    await runOk(['--version']);
    const before = cacheFiles();
    await runOk(['member', 'show', 'm1']);
    const after = cacheFiles();
    expect(after.size).toBeGreaterThan(before.size);
    expect(after.get('cli.js')!.length).toBeGreaterThan(before.get('cli.js')!.length);
  });

  it('a command\'s first run in another output mode adds what that mode compiles; a second run writes nothing', async () => {
    await runOk(['member', 'list']);
    const table = readFileSync(join(cacheFolder(), CACHE_PACK));
    await runOk(['member', 'list', '--json']);
    const json = readFileSync(join(cacheFolder(), CACHE_PACK));
    expect(json).not.toEqual(table);
    expect(json.length).toBeGreaterThan(table.length);
    await runOk(['member', 'list', '--json']);
    await runOk(['member', 'list']);
    expect(readFileSync(join(cacheFolder(), CACHE_PACK))).toEqual(json);
  });

  it.each([
    [['member', 'list', '--json'], 'member list --json'],
    [['member', 'show', '张三'], 'member show'],
    [['member', 'show', 'alice', '--csv'], 'member show --csv'],
    [['checkin', 's12', '杨洪勇'], 'checkin'],
    [['--store', '/tmp/x', '--by', 'admin', 'points', 'add', 'm2', '1'], 'points add'],
    [['--version'], ''],
    [['report', 'weekly', '--last', '--out', 'w.md'], 'report weekly'],
  ])('the kind of run %j is %j', (argv, kind) => {
    expect(runKind(argv)).toBe(kind);
  });

  it('a damaged cache is rejected, compiled afresh and replaced: a pack that is not one, or caches that are not', async () => {
    const expected = await runOk(['member', 'list']);
    const file = join(cacheFolder(), CACHE_PACK);
    const names = [...cacheFiles().keys()];
    writeFileSync(file, 'not a code cache');
    expect(await run(['member', 'list'])).toEqual(expected);
    expect([...cacheFiles().keys()].sort()).toEqual([...names].sort());
    // A well-formed pack whose every cache is garbage: V8 rejects each one.
    writeFileSync(file, writeCachePack(new Map(names.map((name) => [name, Buffer.from(`not a code cache for ${name}`)]))));
    expect(await run(['member', 'list'])).toEqual(expected);
    for (const content of cacheFiles().values()) expect(content.toString('latin1')).not.toMatch(/^not a code cache/);
  });

  it('a pack cut short gives what it holds; what it lost is compiled and the pack written whole again', async () => {
    const expected = await runOk(['member', 'list']);
    const file = join(cacheFolder(), CACHE_PACK);
    const whole = readFileSync(file);
    const names = [...cacheFiles().keys()].sort();
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect([...cacheFiles().keys()].length).toBeLessThan(names.length);
    expect(await run(['member', 'list'])).toEqual(expected);
    expect([...cacheFiles().keys()].sort()).toEqual(names);
  });

  it('runs from the chunks\' own files when dist/chunks.pack is missing', async () => {
    const expected = await runOk(['member', 'list', '--json']);
    const copy = join(dir, 'copy');
    const root = dirname(dirname(BIN));
    for (const part of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    rmSync(join(copy, 'dist', 'chunks.pack'));
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'club.js'), 'member', 'list', '--json'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0', CLUB_CACHE_DIR: join(dir, 'cache2') }, encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual(expected);
  });

  it('an unusable cache folder changes nothing but speed', async () => {
    const expected = await runOk(['member', 'list', '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    writeFileSync(join(dir, 'a-file'), '');
    expect(await run(['member', 'list', '--json'], { CLUB_CACHE_DIR: join(dir, 'a-file') })).toEqual(expected);
    if (process.getuid?.() !== 0) {
      mkdirSync(join(dir, 'locked'));
      chmodSync(join(dir, 'locked'), 0o500);
      expect(await run(['member', 'list', '--json'], { CLUB_CACHE_DIR: join(dir, 'locked') })).toEqual(expected);
    }
  });
});
