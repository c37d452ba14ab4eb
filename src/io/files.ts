// Files a command reads or writes outside the store: input files (or `-` for stdin), and output files written
// atomically with mode 0600 (they hold personal data).
import { closeSync, constants, openSync, readFileSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StoreError, UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { locateStore } from '../store/locate.js';
import { tempPath } from '../store/fs.js';
import type { FileWriter } from '../store/fs.js';
import type { Context } from './context.js';

export async function readInput(ctx: Context, path: string, what = t('what.file')): Promise<Buffer> {
  if (path === '-') return ctx.readStdin();
  try {
    // Synchronous, as the store's own reads: node:fs/promises would load readline and the file watchers with it.
    return readFileSync(resolve(ctx.cwd, path));
  } catch (err) {
    throw inputError(err, path, what);
  }
}

/** What is wrong with an input file, for the person: missing, a folder, not readable; else the error as it is. */
function inputError(err: unknown, path: string, what: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(t('store.notFound', { what, path }));
  if (code === 'EISDIR') return new UsageError(t('store.isADirectory', { what, path }));
  if (code === 'EACCES') return new UsageError(t('store.cannotReadPermissionDenied', { what, path }));
  return err;
}

/**
 * The path of an input file that a command reads a piece at a time (a backup to restore), refused as readInput
 * refuses it when it is missing, a folder or unreadable; null for `-` (standard input, read whole).
 */
export function inputPath(ctx: Context, path: string, what = t('what.file')): string | null {
  if (path === '-') return null;
  const target = resolve(ctx.cwd, path);
  try {
    if (statSync(target).isDirectory()) throw Object.assign(new Error(target), { code: 'EISDIR' });
    closeSync(openSync(target, 'r'));
  } catch (err) {
    throw inputError(err, path, what);
  }
  return target;
}

/**
 * Writes `--out PATH`. `-` is stdout. A regular file (new or existing, also through a link) is replaced atomically
 * with mode 0600. Anything else that exists — /dev/null, /dev/stdout, a FIFO, /dev/fd/N from `>(…)`, a terminal — is
 * written in place and never replaced (appending, so a file behind /dev/stdout keeps what came before). A folder is a
 * usage error, and so is a path inside the store: the store is written only by the store.
 */
export async function writeOutput(ctx: Context, path: string, content: string | Buffer): Promise<string> {
  return withOutput(ctx, path, (write) => write(content));
}

/**
 * Writes `--out PATH` as writeOutput does, a piece at a time: `fn` is given the function that writes the next piece
 * (an export of every member, written as its rows come). The file is replaced only when `fn` and the writes succeed.
 */
export async function withOutput(ctx: Context, path: string, fn: (write: (content: string | Buffer) => void) => void | Promise<void>): Promise<string> {
  if (path === '-') {
    await fn((content) => ctx.out(content));
    return '-';
  }
  const target = resolve(ctx.cwd, path);
  let stat: Stats | undefined;
  try {
    stat = statSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new UsageError(t('out.notDir', { path }));
    if (code !== 'ENOENT') throw outError(path, err);
  }
  if (stat?.isDirectory()) throw new UsageError(t('out.isDir', { path }));
  // /dev/stdout on a pipe resolves to `pipe:[…]`, which is no path: such a target is opened as given.
  const real = stat ? realOrSelf(target) : join(realParent(path, target), basename(target));
  refuseInsideStore(ctx, path, real);
  // /dev/stdout and /dev/fd/N name a descriptor the shell opened: even on a regular file it is written through.
  const inPlace = stat !== undefined && (!stat.isFile() || /^\/(dev|proc)\//.test(target));
  if (inPlace) {
    let fd: number;
    try {
      fd = openSync(target, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
    } catch (err) {
      throw outError(path, err);
    }
    try {
      await fn((content) => {
        try {
          writeAllSync(fd, content);
        } catch (err) {
          throw outError(path, err);
        }
      });
    } finally {
      closeSync(fd);
    }
    return target;
  }
  // A temp file beside it, fsynced and renamed into place (durableWrite, a piece at a time).
  const tmp = tempPath(real, true);
  let writer: FileWriter | null = null;
  try {
    const w = ctx.fs.createWriter(tmp, 0o600);
    writer = w;
    await fn((content) => w.write(content));
    w.close();
    writer = null;
    await ctx.fs.rename(tmp, real);
  } catch (err) {
    writer?.abandon();
    await ctx.fs.unlink(tmp).catch(() => undefined);
    throw outError(path, err);
  }
  try {
    await ctx.fs.fsyncDir(dirname(real));
  } catch (err) {
    throw outError(path, err);
  }
  return real;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function realParent(path: string, target: string): string {
  try {
    return realpathSync(dirname(target));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(t('out.noFolder', { path }));
    throw outError(path, err);
  }
}

function refuseInsideStore(ctx: Context, path: string, real: string): void {
  let storeDir: string;
  try {
    const where = locateStore({ flag: ctx.storeFlag, env: ctx.env.CLUB_STORE, cwd: ctx.cwd });
    const dir = where.kind === 'folder' ? where.dir : where.linkDir;
    if (dir === undefined) return; // a database named by its URL: no folder to protect
    storeDir = realpathSync(dir);
  } catch {
    return; // no store: nothing to protect
  }
  if (real === storeDir || real.startsWith(`${storeDir}${sep}`)) throw new UsageError(t('out.inStore', { path }), t('out.inStore.hint'));
}

function writeAllSync(fd: number, content: string | Buffer): void {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done);
}

/** An error writing --out: usage errors for what the person can fix, else exit 3 naming the path (disk full, I/O). */
function outError(path: string, err: unknown): Error {
  if (err instanceof UsageError || err instanceof StoreError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(t('out.noFolder', { path }));
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UsageError(t('out.denied', { path }));
  if (typeof code === 'string') return new StoreError('store_io', t('out.io', { path, code }));
  return err as Error;
}

/** Whether `path` names a folder (following links); false when it does not exist or cannot be read. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
