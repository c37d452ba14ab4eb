// The built club's code cache (src/boot.ts): written after a first run, used and left alone by the next, never
// needed: a damaged cache, an unwritable folder or a cache turned off give the same output.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubProcess } from '../helpers/spawn.js';

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

/** The cache files of this build, with their contents. */
function cacheFiles(): Map<string, Buffer> {
  const builds = readdirSync(cacheBase);
  expect(builds).toHaveLength(1);
  expect(builds[0]).toMatch(new RegExp(`^${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{16}$`));
  const folder = join(cacheBase, builds[0]!);
  return new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));
}

describe('the start-up code cache', () => {
  it('is written by a first run, then used and left as it is', async () => {
    const uncached = await run(['member', 'list', '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(existsSync(cacheBase)).toBe(false);

    const first = await run(['member', 'list', '--json']);
    expect(first).toEqual(uncached);
    const written = cacheFiles();
    expect([...written.keys()]).toContain('cli.js');
    expect(written.size).toBeGreaterThan(5);
    const folder = join(cacheBase, readdirSync(cacheBase)[0]!);
    if (process.platform !== 'win32') expect(statSync(folder).mode & 0o777).toBe(0o700);

    const second = await run(['member', 'list', '--json']);
    expect(second).toEqual(uncached);
    // Every chunk's cache was accepted, so nothing was written again.
    expect(cacheFiles()).toEqual(written);
  });

  it('a command run for the first time adds what it compiled to the shared chunks', async () => {
    await run(['--version']);
    const before = cacheFiles();
    await run(['member', 'show', 'm1']);
    const after = cacheFiles();
    expect(after.size).toBeGreaterThan(before.size);
    expect(after.get('cli.js')!.length).toBeGreaterThan(before.get('cli.js')!.length);
  });

  it('a damaged cache file is rejected, compiled afresh and replaced', async () => {
    const expected = await run(['member', 'list']);
    const folder = join(cacheBase, readdirSync(cacheBase)[0]!);
    for (const name of readdirSync(folder)) writeFileSync(join(folder, name), 'not a code cache');
    const again = await run(['member', 'list']);
    expect(again).toEqual(expected);
    for (const content of cacheFiles().values()) expect(content.toString('latin1')).not.toBe('not a code cache');
  });

  it('an unusable cache folder changes nothing but speed', async () => {
    const expected = await run(['member', 'list', '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    writeFileSync(join(dir, 'a-file'), '');
    expect(await run(['member', 'list', '--json'], { CLUB_CACHE_DIR: join(dir, 'a-file') })).toEqual(expected);
    if (process.getuid?.() !== 0) {
      mkdirSync(join(dir, 'locked'));
      chmodSync(join(dir, 'locked'), 0o500);
      expect(await run(['member', 'list', '--json'], { CLUB_CACHE_DIR: join(dir, 'locked') })).toEqual(expected);
    }
  });
});
