// A link folder (SPEC §8, §14): a `.club/` that holds only link.json, naming the database a club lives in and the
// club's language, so that plain `club` commands run in the folder use the database, and help and usage errors speak
// the club's language without connecting. It never holds a password: the URL is one psql accepts as it is, and the
// password comes from ~/.pgpass or PGPASSWORD.
import * as v from 'valibot';
import { join } from 'node:path';
import { RuleError, StoreError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { Lang } from '../../i18n/index.js';
import { createStoreFs, lstatEntry, readPlainSync } from '../fs.js';
import type { StoreFs } from '../fs.js';
import { FILE_MODE } from '../file-store.js';
import { durableWrite } from '../validated-json-file.js';
import { describeIssue, issuePath } from '../schema.js';

export const LINK_FILE = 'link.json';
/** A link file is one short line; anything much larger is not one club wrote. */
export const LINK_MAX_BYTES = 4096;

/** Whether `value` names a database store rather than a folder. */
export function isDatabaseUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

const linkSchema = v.strictObject({
  format: v.literal('clubadmin-link'),
  url: v.pipe(v.string(), v.check(isDatabaseUrl, 'expected a postgres:// or postgresql:// URL')),
  lang: v.picklist(['zh', 'en']),
});
export type Link = v.InferOutput<typeof linkSchema>;

/** Whether folder `dir` (a `.club/`) is a link folder: it holds link.json (as an entry of any kind, refused later). */
export function isLinkFolder(dir: string): boolean {
  return lstatEntry(join(dir, LINK_FILE)) !== null;
}

/** The host put in for a URL that names none (`postgresql://user@/db`), which WHATWG URLs do not take. */
export const NO_HOST = 'club-no-host.invalid';

/** A database URL parsed as a WHATWG URL (a missing host as NO_HOST), or null when it is none. */
export function parseDatabaseUrl(url: string): URL | null {
  const hostless = /^([a-z]+:\/\/[^/?#]*@)(?=[/?#]|$)/i;
  try {
    return new URL(url.replace(hostless, `$1${NO_HOST}`));
  } catch {
    return null;
  }
}

/** The password written in a database URL, if any ('' when none). */
export function urlPassword(url: string): string {
  const parsed = parseDatabaseUrl(url);
  if (!parsed) return '';
  let password = parsed.password;
  try {
    password = decodeURIComponent(password);
  } catch {
    // Kept as written.
  }
  return password || parsed.searchParams.get('password') || '';
}

/** `text` with any password written in a URL in it (`scheme://user:PASSWORD@host`, `password=…`) left out. */
export function withoutPasswords(text: string): string {
  return text.replace(/(\/\/[^\s:/@]*):[^\s@]*@/g, '$1@').replace(/([?&]password=)[^&\s"]*/gi, '$1***');
}

/** Whether a database URL holds a password (one that does not parse, too, when it looks like `user:secret@`). */
export function hasPassword(url: string): boolean {
  return urlPassword(url) !== '' || /:\/\/[^/?#@]*:[^/?#@]*@/.test(url);
}

/**
 * The link in folder `dir`, read through the store's safe door (no link followed, plain files only) and validated;
 * anything else exits 3 naming the file. A URL holding a password is refused, without printing it.
 */
export function readLink(dir: string): Link {
  const file = join(dir, LINK_FILE);
  const bad = (problem: string) => new StoreError('store_invalid', t('pg.link.invalid', { file, problem }), t('pg.link.invalidHint'));
  const stats = lstatEntry(file);
  if (stats?.isFile() && stats.size > LINK_MAX_BYTES) throw bad(t('pg.link.tooLarge', { max: LINK_MAX_BYTES }));
  const bytes = readPlainSync(file);
  if (bytes.length > LINK_MAX_BYTES) throw bad(t('pg.link.tooLarge', { max: LINK_MAX_BYTES }));
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw bad(t('pg.link.notJson', { reason: err instanceof SyntaxError ? err.message : 'not UTF-8' }));
  }
  const result = v.safeParse(linkSchema, data, { abortEarly: true });
  if (!result.success) {
    const issue = result.issues[0];
    throw bad(withoutPasswords(`${issuePath(issue)}: ${describeIssue(issue)}`));
  }
  if (hasPassword(result.output.url)) throw new StoreError('store_invalid', t('pg.link.password', { file }), t('pg.link.passwordHint'));
  return result.output;
}

/**
 * Writes a new link folder `dir` (for `club init --store URL --link`): a 0700 folder holding a 0600 link.json,
 * written atomically. A folder that holds a store, a link or anything else is refused; so is a URL with a password.
 */
export async function writeLinkFolder(dir: string, url: string, lang: Lang, fs: StoreFs = createStoreFs()): Promise<void> {
  if (!isDatabaseUrl(url)) throw new StoreError('store_invalid', t('pg.link.invalid', { file: join(dir, LINK_FILE), problem: t('pg.link.notUrl') }));
  if (hasPassword(url)) throw new StoreError('store_invalid', t('pg.link.password', { file: join(dir, LINK_FILE) }), t('pg.link.passwordHint'));
  // Loaded here: locating a store (every command) needs none of init.
  const { newStoreDir } = await import('../init.js');
  await newStoreDir(dir, fs, 'club init --link', () => new RuleError(t('pg.link.exists', { dir }), t('pg.link.existsHint')));
  const link: Link = { format: 'clubadmin-link', url, lang };
  await durableWrite(fs, join(dir, LINK_FILE), `${JSON.stringify(link, null, 2)}\n`, FILE_MODE);
}
