// Which store a command uses (SPEC §2, §8): --store DIR|URL, else $CLUB_STORE, else the nearest .club/ walking up. A
// value starting postgres:// or postgresql:// is a database; so is a folder that is a link folder (pg/link.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import type { Lang } from '../i18n/index.js';
import { META_FILE } from './file-store.js';
import { isDatabaseUrl, isLinkFolder, readLink } from './pg/link.js';

export const STORE_DIR_NAME = '.club';

/** The store directory for an explicit path: the path itself, or its `.club/` when the path is a club's folder. */
export function resolveExplicit(path: string, cwd: string): string {
  const dir = resolve(cwd, path);
  if (!existsSync(join(dir, META_FILE)) && existsSync(join(dir, STORE_DIR_NAME, META_FILE))) return join(dir, STORE_DIR_NAME);
  return dir;
}

/** A located store: a folder store, or a database named by --store, CLUB_STORE or a link folder (`linkDir`). */
export type StoreLocation =
  | { kind: 'folder'; dir: string }
  | { kind: 'postgres'; url: string; source: 'flag' | 'env' | 'link'; linkDir?: string };

export function locateStore(opts: { flag?: string | undefined; env?: string | undefined; cwd: string }): StoreLocation {
  const explicit = opts.flag ?? (opts.env ? opts.env : undefined);
  if (explicit !== undefined) {
    if (isDatabaseUrl(explicit)) return { kind: 'postgres', url: explicit, source: opts.flag !== undefined ? 'flag' : 'env' };
    const dir = resolveExplicitLink(explicit, opts.cwd) ?? resolveExplicit(explicit, opts.cwd);
    if (isLinkFolder(dir)) return linked(dir);
    if (!existsSync(join(dir, META_FILE))) {
      const source = opts.flag !== undefined ? '--store' : 'CLUB_STORE';
      throw new StoreError('store_missing', t('store.noClubStoreAt', { dir, source }), t('store.runClubInitStore', { explicit }));
    }
    return { kind: 'folder', dir };
  }
  let current = resolve(opts.cwd);
  for (;;) {
    const candidate = join(current, STORE_DIR_NAME);
    if (isDir(candidate)) return isLinkFolder(candidate) ? linked(candidate) : { kind: 'folder', dir: candidate };
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  throw new StoreError(
    'store_missing',
    t('store.noClubStoreFound', { cwd: resolve(opts.cwd) }),
    t('store.runClubInitTo'),
  );
}

/**
 * The language of the club in the store located: a folder store's `lang` setting, or a link folder's cached copy (for
 * help and usage errors before the store is opened: SPEC §14; club never connects to choose a language). Undefined
 * for a database named by URL, or nothing found, or a file that cannot be read (the command that opens it says so).
 */
export function storeLang(opts: { flag?: string | undefined; env?: string | undefined; cwd: string }): Lang | undefined {
  try {
    const where = locateStore(opts);
    if (where.kind === 'postgres') return where.linkDir !== undefined ? readLink(where.linkDir).lang : undefined;
    // Only a plain file of a sensible size is read: a FIFO or a device in its place would block (the command that
    // opens the store names it), and a huge file is not worth reading for a language.
    const file = join(where.dir, META_FILE);
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > 1 << 20) return undefined;
    // Found, not parsed: store.json lists every file of a large club (over 200 KB at 50,000 members), and `lang` is a
    // key of its settings only (a quote in a string is escaped, so no value can hold `"lang":`).
    const lang = /"lang"\s*:\s*"(zh|en)"/.exec(readFileSync(file, 'utf8'))?.[1];
    return lang === 'zh' || lang === 'en' ? lang : undefined;
  } catch {
    return undefined;
  }
}

/** The database that link folder `dir` names. */
export function linked(dir: string): StoreLocation {
  if (existsSync(join(dir, META_FILE))) throw new StoreError('store_invalid', t('pg.link.both', { dir }), t('pg.link.bothHint'));
  return { kind: 'postgres', url: readLink(dir).url, source: 'link', linkDir: dir };
}

/** For an explicit path that is a club's folder holding a link folder (`.club/link.json`): that `.club/`. */
function resolveExplicitLink(path: string, cwd: string): string | undefined {
  const dir = resolve(cwd, path);
  return !existsSync(join(dir, META_FILE)) && !isLinkFolder(dir) && isLinkFolder(join(dir, STORE_DIR_NAME)) ? join(dir, STORE_DIR_NAME) : undefined;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
