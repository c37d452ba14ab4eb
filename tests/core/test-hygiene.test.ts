// Tests write only into temp folders: the compile cache of every child process included.
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPrivateCache } from '../helpers/spawn.js';

describe('test hygiene', () => {
  it('every test process has CLUB_CACHE_DIR in a temp folder, which children inherit', () => {
    expect(resolve(process.env.CLUB_CACHE_DIR!).startsWith(resolve(tmpdir()))).toBe(true);
  });

  it('refuses to spawn club with the real cache', () => {
    expect(() => assertPrivateCache({})).toThrow(/CLUB_CACHE_DIR=\(unset\)/);
    expect(() => assertPrivateCache({ CLUB_CACHE_DIR: join(homedir(), '.cache', 'clubadmin') })).toThrow(/temp folder/);
    expect(() => assertPrivateCache({ CLUB_CACHE_DIR: join(tmpdir(), 'x') })).not.toThrow();
  });
});
