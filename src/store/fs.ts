// The store's file-system seam. Every byte the store reads or writes goes through one of these operations, so tests
// can fail the Nth open/write/fsync/rename (CLUB_FAULTS) and prove that a failed write leaves the old bytes intact.
import * as fs from 'node:fs';
import type { Stats } from 'node:fs';

/** `lock`: the lock's bookkeeping (lock-owner.json), counted apart so that the store's own counts stay as they were. */
export type FsOp = 'open' | 'write' | 'fsync' | 'rename' | 'unlink' | 'mkdir' | 'truncate' | 'lock';

export interface StoreFs {
  readFile(path: string): Promise<Buffer>;
  /** Creates `path` (which must not exist) with `mode`, writes `data` and fsyncs it. */
  createSynced(path: string, data: string | Buffer, mode: number): Promise<void>;
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
  const withFd = (path: string, flags: number, mode: number | undefined, fn: (fd: number) => void): void => {
    const fd = fs.openSync(path, flags, mode);
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

  return {
    readFile: async (path) => {
      try {
        return fs.readFileSync(path);
      } catch (err) {
        // A read of a folder (EISDIR) says not which: the path, for the message that names it.
        (err as NodeJS.ErrnoException).path ??= path;
        throw err;
      }
    },
    async createSynced(path, data, mode) {
      gate('open', path);
      withFd(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, mode, (fd) => {
        writeAll(fd, path, data, 0);
        gate('fsync', path);
        fs.fsyncSync(fd);
      });
    },
    async writeAtSynced(path, offset, data, mode) {
      gate('open', path);
      withFd(path, fs.constants.O_CREAT | fs.constants.O_WRONLY, mode, (fd) => {
        gate('truncate', path);
        fs.ftruncateSync(fd, offset);
        writeAll(fd, path, data, offset);
        gate('fsync', path);
        fs.fsyncSync(fd);
      });
    },
    async rename(from, to) {
      gate('rename', to);
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
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, data, { mode });
        // After the temp file exists, as a full disk fails a write: the clean-up below is part of what is tested.
        gate('lock', path);
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
  };
}
