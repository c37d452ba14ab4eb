// Which store a command uses (SPEC §2): --store DIR, else $CLUB_STORE, else the nearest .club/ walking up.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoreError } from '../core/errors.js';
import { META_FILE } from './file-store.js';

export const STORE_DIR_NAME = '.club';

/** The store directory for an explicit path: the path itself, or its `.club/` when the path is a club's folder. */
export function resolveExplicit(path: string, cwd: string): string {
  const dir = resolve(cwd, path);
  if (!existsSync(join(dir, META_FILE)) && existsSync(join(dir, STORE_DIR_NAME, META_FILE))) return join(dir, STORE_DIR_NAME);
  return dir;
}

export function locateStore(opts: { flag?: string | undefined; env?: string | undefined; cwd: string }): string {
  const explicit = opts.flag ?? (opts.env ? opts.env : undefined);
  if (explicit !== undefined) {
    const dir = resolveExplicit(explicit, opts.cwd);
    if (!existsSync(join(dir, META_FILE))) {
      const source = opts.flag !== undefined ? '--store' : 'CLUB_STORE';
      throw new StoreError('store_missing', `no club store at ${dir} (from ${source})`, `run: club init --store ${explicit}`);
    }
    return dir;
  }
  let current = resolve(opts.cwd);
  for (;;) {
    const candidate = join(current, STORE_DIR_NAME);
    if (isDir(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  throw new StoreError(
    'store_missing',
    `no club store found in ${resolve(opts.cwd)} or any folder above it`,
    'run "club init" to create one here, or point to one with --store DIR or CLUB_STORE',
  );
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
