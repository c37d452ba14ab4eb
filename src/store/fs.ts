// The store's file-system seam. Every byte the store reads or writes goes through one of these operations, so tests
// can fail the Nth open/write/fsync/rename (CLUB_FAULTS) and prove that a failed write leaves the old bytes intact.
//
// It is also the store's one door to the disk for safety (issue 27): the store folder may be one a stranger made (a
// folder unzipped from elsewhere) or one another local user can write into while root's cron job runs `club`. So no
// open follows a symbolic link in its last component (O_NOFOLLOW), nothing is opened that is not a plain file
// (lstat first, O_NONBLOCK so that a FIFO swapped in after it cannot block, fstat after), temp files get
// unpredictable names and are created exclusively, and a rename never replaces anything but a plain file. The store
// folder itself may be reached through a link (~/club -> /data/club): only the entries inside it are checked.
import * as fs from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { borrowBuffer, giveBackBuffer } from './buffers.js';
import type { HeldBuffer } from './buffers.js';

/** `lock`: the lock's bookkeeping (lock-owner.json), counted apart so that the store's own counts stay as they were. */
export type FsOp = 'open' | 'write' | 'fsync' | 'rename' | 'unlink' | 'mkdir' | 'truncate' | 'lock';

export interface StoreFs {
  readFile(path: string): Promise<Buffer>;
  /**
   * A plain file's bytes, `size` at a time (positioned reads): a file read through without holding it whole. Each
   * chunk is the same buffer filled again: used up before the next is asked for.
   */
  readChunks(path: string, size: number): Iterable<Buffer>;
  /**
   * A plain file's bytes read into `held`'s buffer, grown when they do not fit (buffers.ts): a view of it, good until
   * the next read into it. For a pass over every file of a store (a backup) that is done with each file's bytes before
   * it reads the next, and gives `held` back at the end.
   */
  readFileInto(path: string, held: HeldBuffer): Buffer;
  /** Creates `path` (which must not exist) with `mode`, writes `data` and fsyncs it. */
  createSynced(path: string, data: string | Buffer, mode: number): Promise<void>;
  /**
   * Creates `path` (which must not exist) with `mode`, to be written a piece at a time (a backup of a whole store):
   * `write` each piece, then `close` to fsync it; `abandon` closes it without (the caller removes it).
   */
  createWriter(path: string, mode: number): FileWriter;
  /** Truncates `path` to `offset` (creating it with `mode` if missing), writes `data` there and fsyncs it. */
  writeAtSynced(path: string, offset: number, data: string | Buffer, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  fsyncDir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, mode: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<Stats>;
  /** Writes a few bytes of bookkeeping (the lock's owner) to `path` through a temp file and a rename, without fsync. */
  replaceSmall(path: string, data: string, mode: number): void;
  /** The entry itself (a link is not followed); null when there is none. */
  lstat(path: string): Promise<Stats | null>;
}

/** A file written a piece at a time (StoreFs.createWriter): pieces are gathered into writes of about a megabyte. */
export interface FileWriter {
  write(data: string | Buffer): void;
  /** Every byte written, then fsynced and closed. */
  close(): void;
  /** Closed without flushing what is gathered (after a failure). */
  abandon(): void;
  /** Bytes written so far. */
  readonly bytes: number;
}

/** What an entry is, in words, when it is not the plain file (or folder) the store expects. */
export function entryKind(stats: Stats): string {
  if (stats.isSymbolicLink()) return t('store.kind.symlink');
  if (stats.isDirectory()) return t('store.kind.dir');
  if (stats.isFIFO()) return t('store.kind.fifo');
  if (stats.isSocket()) return t('store.kind.socket');
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return t('store.kind.device');
  return t('store.kind.file');
}

/** The refusal of an entry that is not what belongs there (exit 3, naming it). */
export function foreignEntry(path: string, stats: Stats, expected: 'file' | 'dir' = 'file'): StoreError {
  const key = expected === 'file' ? 'store.notAFile' : 'store.notADir';
  return new StoreError('store_invalid', t(key, { path, kind: entryKind(stats) }), t('store.foreignHint'));
}

/** The entry at `path` (not followed), or null when there is none. */
export function lstatEntry(path: string): Stats | null {
  return fs.lstatSync(path, { throwIfNoEntry: false }) ?? null;
}

/** Refuses an entry that exists and is not a plain file; returns its stats (null when there is none). */
export function plainFileOrNone(path: string): Stats | null {
  const stats = lstatEntry(path);
  if (stats && !stats.isFile()) throw foreignEntry(path, stats);
  return stats;
}

/** Refuses an entry that exists and is not a real folder (a link to one included); returns whether it exists. */
export function plainDirOrNone(path: string): boolean {
  const stats = lstatEntry(path);
  if (stats && !stats.isDirectory()) throw foreignEntry(path, stats, 'dir');
  return stats !== null;
}

/**
 * Opens a plain file without following a link or blocking: lstat first (a device is never opened), then
 * O_NOFOLLOW | O_NONBLOCK, then fstat (what was opened is what was looked at, or is refused).
 */
export function openPlainSync(path: string, flags: number, mode?: number): number {
  plainFileOrNone(path);
  let fd: number;
  try {
    fd = fs.openSync(path, flags | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Swapped for a link, a FIFO without a writer (ENXIO) or a socket since the lstat.
    if (code === 'ELOOP' || code === 'ENXIO' || code === 'EISDIR') {
      const now = lstatEntry(path);
      if (now && !now.isFile()) throw foreignEntry(path, now);
    }
    throw err;
  }
  const stats = fs.fstatSync(fd);
  // What was opened must be a plain file. Another plain file than the one looked at is fine: the store replaces its
  // files by renaming new ones over them (lock-owner.json changes hands dozens of times a second under parallel
  // scripts), and what is read is then the newer file, never a link's target or a device.
  if (!stats.isFile()) {
    fs.closeSync(fd);
    throw foreignEntry(path, stats);
  }
  return fd;
}

/** A plain file's bytes (see openPlainSync). */
export function readPlainSync(path: string): Buffer {
  const fd = openPlainSync(path, fs.constants.O_RDONLY);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `path`, which must not exist (not even as a link), with `mode` and `data`. */
export function createExclusiveSync(path: string, data: string | Buffer, mode: number, sync = false): void {
  const fd = fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, mode);
  try {
    fs.writeFileSync(fd, data);
    if (sync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A temp file's name beside `target`: `members.json.<16 hex>.tmp` (or `.members.json.<16 hex>.tmp` with `hidden`),
 * random from the system's CSPRNG so that nobody can plant a file or link under the name before it is created.
 */
export function tempPath(target: string, hidden = false): string {
  return join(dirname(target), `${hidden ? '.' : ''}${basename(target)}.${randomHex(8)}.tmp`);
}

/**
 * `size` random bytes in hex, from /dev/urandom where there is one: loading node:crypto for them cost every write
 * about 5 ms (its module graph takes in Node's streams); elsewhere from node:crypto.
 */
function randomHex(size: number): string {
  const fs = process.getBuiltinModule('node:fs');
  const bytes = Buffer.alloc(size);
  let fd: number | undefined;
  try {
    fd = fs.openSync('/dev/urandom', 'r');
    if (fs.readSync(fd, bytes, 0, size, null) === size) return bytes.toString('hex');
  } catch {
    // No /dev/urandom (Windows): node:crypto below.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return process.getBuiltinModule('node:crypto').randomBytes(size).toString('hex');
}

/** Makes folder `path` unless there is one; refuses a link or anything else in its place. */
export async function ensureDir(storeFs: StoreFs, path: string, mode: number): Promise<void> {
  await storeFs.mkdir(path, mode).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  plainDirOrNone(path);
}

/** The temp names the store makes for `target` (this version's, and older ones' `<pid>.<random>`). */
export function isTempOf(name: string, target: string): boolean {
  return name.startsWith(`${target}.`) && /^(?:\d+\.)?[0-9a-z]+\.tmp$/.test(name.slice(target.length + 1));
}

export interface FaultPlan {
  op: FsOp;
  /** 1-based: the Nth call of `op` fails. */
  nth: number;
  /** `once`: only that call fails; `always`: that call and every later one. */
  mode: 'once' | 'always';
  code: string;
}

/**
 * Parses CLUB_FAULTS, a test-only switch: `OP:N[:CODE][:always]`, e.g. `rename:1`, `write:2:ENOSPC:always`.
 */
export function parseFaultPlan(spec: string | undefined): FaultPlan | null {
  if (!spec) return null;
  const [op, nth, ...rest] = spec.split(':');
  const ops: FsOp[] = ['open', 'write', 'fsync', 'rename', 'unlink', 'mkdir', 'truncate', 'lock'];
  if (!ops.includes(op as FsOp) || !/^\d+$/.test(nth ?? '')) return null;
  const always = rest.includes('always');
  const code = rest.find((r) => r !== 'always' && r !== 'once') ?? 'EIO';
  return { op: op as FsOp, nth: Number(nth), mode: always ? 'always' : 'once', code };
}

/**
 * The real file system, through synchronous calls behind the async interface. A command does its I/O one step at a
 * time and has nothing to overlap it with, and the first asynchronous fs call of a process starts libuv's thread pool
 * (and loading fs/promises costs more): about 5 ms, a tenth of Node's own start-up, for nothing.
 */
export function createStoreFs(faults: FaultPlan | null = null): StoreFs {
  const calls = new Map<FsOp, number>();
  const gate = (op: FsOp, path: string): void => {
    if (!faults || faults.op !== op) return;
    const n = (calls.get(op) ?? 0) + 1;
    calls.set(op, n);
    if (n === faults.nth || (faults.mode === 'always' && n > faults.nth)) {
      const err = new Error(`${faults.code}: injected fault on ${op} #${n} (${path})`) as NodeJS.ErrnoException;
      err.code = faults.code;
      throw err;
    }
  };

  const writeAll = (fd: number, path: string, data: string | Buffer, position: number): void => {
    gate('write', path);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let done = 0;
    while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
  };

  /** Opens `path`, runs `fn` on the descriptor, closes it whatever happened. */
  const withFd = (path: string, flags: number, mode: number | undefined, fn: (fd: number) => void, plain = false): void => {
    const fd = plain ? openPlainSync(path, flags, mode) : fs.openSync(path, flags, mode);
    try {
      fn(fd);
    } catch (err) {
      // A full disk fails a write, which says not where: the path, for the message that names it.
      (err as NodeJS.ErrnoException).path ??= path;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  };

  /** A plain file opened to be read (openPlainSync); an error from the system names the path. */
  const openToRead = (path: string): number => {
    try {
      return openPlainSync(path, fs.constants.O_RDONLY);
    } catch (err) {
      if (!(err instanceof StoreError)) (err as NodeJS.ErrnoException).path ??= path;
      throw err;
    }
  };

  return {
    readChunks: function* (path, size) {
      const fd = openToRead(path);
      try {
        // One buffer, filled again for each chunk (a chunk is used before the next is asked for), lent to one file
        // after another (buffers.ts).
        const chunk = borrowBuffer(size);
        try {
          for (let position = 0; ; ) {
            const n = fs.readSync(fd, chunk, 0, size, position);
            if (n === 0) return;
            position += n;
            yield n === size ? chunk : chunk.subarray(0, n);
          }
        } finally {
          giveBackBuffer(chunk);
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    readFileInto(path, held) {
      const fd = openToRead(path);
      try {
        const size = fs.fstatSync(fd).size;
        // What the file holds up to its end, as readFileSync reads it (it may have grown since the fstat): a byte more
        // than its size asked for, so that its end is seen without growing the buffer.
        let buffer = held.grow(size + 1, 0);
        let length = 0;
        for (;;) {
          if (length === buffer.length) buffer = held.grow(2 * length, length);
          const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
          if (n === 0) return buffer.subarray(0, length);
          length += n;
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    readFile: async (path) => {
      try {
        return readPlainSync(path);
      } catch (err) {
        // A read of a folder (EISDIR) says not which: the path, for the message that names it.
        if (!(err instanceof StoreError)) (err as NodeJS.ErrnoException).path ??= path;
        throw err;
      }
    },
    async createSynced(path, data, mode) {
      gate('open', path);
      withFd(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, mode, (fd) => {
        writeAll(fd, path, data, 0);
        gate('fsync', path);
        fs.fsyncSync(fd);
      });
    },
    createWriter(path, mode) {
      gate('open', path);
      const fd = fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, mode);
      // Pieces are gathered into one buffer, lent to one file after another (buffers.ts), and written when it is
      // full; a piece larger than it is written on its own.
      const FLUSH = 1 << 20;
      let gathering: Buffer | null = borrowBuffer(FLUSH);
      let gathered = 0;
      let position = 0;
      const fail = (err: unknown): never => {
        (err as NodeJS.ErrnoException).path ??= path;
        throw err;
      };
      const put = (data: Buffer) => {
        try {
          writeAll(fd, path, data, position);
        } catch (err) {
          fail(err);
        }
        position += data.length;
      };
      const flush = () => {
        if (gathered === 0) return;
        const length = gathered;
        gathered = 0;
        put(gathering!.subarray(0, length));
      };
      const shut = () => {
        if (!gathering) return;
        giveBackBuffer(gathering);
        gathering = null;
        fs.closeSync(fd);
      };
      return {
        get bytes() {
          return position + gathered;
        },
        write(data) {
          if (!gathering) throw new Error(`internal: ${path} written after it was closed`);
          const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
          if (gathered + length > FLUSH) flush();
          if (length > FLUSH) return put(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
          if (typeof data === 'string') gathering.write(data, gathered, 'utf8');
          else data.copy(gathering, gathered);
          gathered += length;
        },
        close() {
          try {
            flush();
            gate('fsync', path);
            fs.fsyncSync(fd);
          } catch (err) {
            shut();
            fail(err);
          }
          shut();
        },
        abandon: shut,
      };
    },
    async writeAtSynced(path, offset, data, mode) {
      gate('open', path);
      withFd(path, fs.constants.O_CREAT | fs.constants.O_WRONLY, mode, (fd) => {
        gate('truncate', path);
        fs.ftruncateSync(fd, offset);
        writeAll(fd, path, data, offset);
        gate('fsync', path);
        fs.fsyncSync(fd);
      }, true);
    },
    async rename(from, to) {
      gate('rename', to);
      // Only a plain file is moved, and only over a plain file or nothing.
      plainFileOrNone(from);
      plainFileOrNone(to);
      fs.renameSync(from, to);
    },
    async fsyncDir(path) {
      gate('fsync', path);
      withFd(path, fs.constants.O_RDONLY, undefined, (fd) => fs.fsyncSync(fd));
    },
    async unlink(path) {
      gate('unlink', path);
      fs.unlinkSync(path);
    },
    async mkdir(path, mode) {
      gate('mkdir', path);
      fs.mkdirSync(path, { mode });
    },
    chmod: async (path, mode) => fs.chmodSync(path, mode),
    readdir: async (path) => fs.readdirSync(path),
    stat: async (path) => fs.statSync(path),
    replaceSmall(path, data, mode) {
      // An unpredictable name, created exclusively and never through a link (see the header).
      const tmp = tempPath(path);
      try {
        createExclusiveSync(tmp, data, mode);
        // After the temp file exists, as a full disk fails a write: the clean-up below is part of what is tested.
        gate('lock', path);
        plainFileOrNone(path);
        fs.renameSync(tmp, path);
      } catch (err) {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // Never created.
        }
        throw err;
      }
    },
    lstat: async (path) => lstatEntry(path),
  };
}
