// The cross-process store lock: proper-lockfile's mkdir lock (atomic on every local file system), kept fresh by its
// mtime updater so a holder killed with SIGKILL goes stale after STALE_MS.
//
// Waiting is progress-based (SPEC §14): a waiter keeps waiting while the lock changes hands, and gives up (exit 4)
// only when one holder, as recorded in lock-owner.json, has held the lock for the whole wait (10 s). The retrying
// itself is proper-lockfile's own (randomized exponential backoff, bounded by maxRetryTime); around it is a loop of
// our own, because proper-lockfile can only give up after a fixed time or count, which cannot tell a lock that
// changes hands from one that one process keeps. Measured on 2 cores beside two `yes` hogs: 60 parallel
// `points add` with proper-lockfile's retries alone (maxRetryTime 10 s) had 17 of 60 fail with exit 4 while the
// others committed one after another; with this loop all 60 succeed. It looks at the holder once per WINDOW_MS.
import lockfile from 'proper-lockfile';
import { hostname } from 'node:os';
// Synchronous calls (the owner file is a few bytes): node:fs/promises would load readline and the file watchers.
import { lstatSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { StoreBusyError, StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { createStoreFs, plainDirOrNone, readPlainSync, type StoreFs } from './fs.js';

export const LOCK_DIR = 'lock';
export const LOCK_OWNER = 'lock-owner.json';
/** A lock whose holder is gone (killed with SIGKILL, its machine down) is taken over this long after its last refresh. */
export const STALE_MS = 5000;
/**
 * A holder that is alive on this machine is never taken over for being slow to refresh its lock: on a loaded machine
 * a process can wait seconds for the CPU, and taking its lock made it fail. Only a lock not refreshed for this long
 * is taken over even so (its pid reused by another process after the holder died).
 */
const LIVE_STALE_MS = 30_000;
/** How often a waiter looks at who holds the lock; between looks, proper-lockfile retries by itself. */
const WINDOW_MS = 1000;
/** proper-lockfile's retry schedule within a window: 5 ms doubling up to 100 ms, randomized, so a freed lock is
 *  taken within a few milliseconds and sixty waiters poll about ten times a second each. */
const RETRY = { retries: 1000, factor: 2, minTimeout: 5, maxTimeout: 100, randomize: true };

export interface LockOptions {
  /** How long one holder may keep a waiter waiting (SPEC: 10 s). */
  waitMs: number;
  command: string;
  actor: string;
  /** The store's file-system seam, through which the owner record is written (CLUB_FAULTS `lock:N`); else the plain one. */
  fs?: Pick<StoreFs, 'replaceSmall'>;
}

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  actor: string;
  since: string;
}

export interface Lock {
  release: () => Promise<void>;
  /**
   * Still ours? A process paused past the stale timeout (a laptop lid, a debugger) can have its lock taken over;
   * checked right before the commit point so that such a process writes nothing.
   */
  held: () => Promise<boolean>;
}

export async function acquireLock(dir: string, options: LockOptions): Promise<Lock> {
  refuseNonLock(join(dir, LOCK_DIR));
  let compromised: Error | null = null;
  // The holder this waiter is looking at: its owner record as written (the key), and since when this waiter sees it.
  let holder: { key: string; owner: LockOwner | null; seenAt: number } | null = null;
  // proper-lockfile stats and touches its lock folder by name: a link there would be followed.
  plainDirOrNone(join(dir, LOCK_DIR));
  for (;;) {
    const now = Date.now();
    const key = readOwnerText(dir);
    if (!holder || holder.key !== key) holder = { key, owner: parseOwner(key), seenAt: now };
    const left = holder.seenAt + options.waitMs - now;
    if (left <= 0) throw busyError(dir, holder.owner, now - holder.seenAt);
    try {
      const release = await lockfile.lock(dir, {
        lockfilePath: join(dir, LOCK_DIR),
        realpath: false,
        stale: staleAfter(holder.owner),
        update: 1000,
        retries: { ...RETRY, maxRetryTime: Math.min(left, WINDOW_MS) },
        // The updater found the lock taken over (we were paused past STALE_MS). Remember it; the commit checks.
        onCompromised: (err) => {
          compromised = err;
        },
      });
      return ownedLock(dir, options, release, () => compromised);
    } catch (err) {
      if (!stillLocked(err)) throw lockIoError(dir, err);
    }
  }
}

/**
 * proper-lockfile's lock is a folder. Anything else in its place (a file, a symlink: left by hand or by another tool)
 * it would take for a lock held by a silent process, or fail on with a raw error: named instead, as a store problem.
 */
function refuseNonLock(path: string): void {
  let isLock = true;
  try {
    isLock = lstatSync(path).isDirectory();
  } catch {
    // No lock: the usual case.
  }
  if (!isLock) throw new StoreError('store_invalid', t('fail.lockNotLock', { path }), t('fail.lockNotLock.hint', { path }));
}

/** A failed system call while taking the lock (a full disk, a file system gone read-only): exit 3 naming the path. */
function lockIoError(dir: string, err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof StoreError || err instanceof StoreBusyError || typeof e?.code !== 'string') return err;
  if (e.code === 'ENOTDIR') return new StoreError('store_invalid', t('fail.lockNotLock', { path: join(dir, LOCK_DIR) }), t('fail.lockNotLock.hint', { path: join(dir, LOCK_DIR) }));
  return new StoreError('store_io', t('fail.io', { path: e.path ?? join(dir, LOCK_DIR), code: e.code }), t('fail.io.hint'));
}

/** How old the lock's refresh must be before it is taken over, from who holds it. */
function staleAfter(owner: LockOwner | null): number {
  // No owner recorded: killed between its mkdir and its owner file (kill -9 at start-up does that), or still there.
  if (!owner) return STALE_MS;
  if (owner.host !== hostname()) return STALE_MS;
  try {
    process.kill(owner.pid, 0);
    return LIVE_STALE_MS;
  } catch (err) {
    // EPERM: alive, another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? LIVE_STALE_MS : STALE_MS;
  }
}

/**
 * The window ended with the lock still held by another. When the window's time ran out on its first attempt (a slow
 * start on a loaded machine), the retry library reports its own timeout error instead of ELOCKED.
 */
function stillLocked(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ELOCKED' || (err as Error).message === 'RetryOperation timeout occurred';
}

async function ownedLock(dir: string, options: LockOptions, release: () => Promise<void>, compromised: () => Error | null): Promise<Lock> {
  let owner: LockOwner;
  try {
    owner = writeOwner(dir, options);
  } catch (err) {
    // Taken over before it recorded its owner (stalled past STALE_MS), and the new holder's clean-up removed the
    // temp file: nothing was done under the lock yet, but it is not ours.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreBusyError(t('lock.lost'), t('lock.lostHint'));
    // A full disk: the lock is given back, so that it is left as it was found.
    await release().catch(() => undefined);
    throw new StoreError('store_io', t('fail.io', { path: join(dir, LOCK_OWNER), code: (err as NodeJS.ErrnoException).code ?? String(err) }), t('fail.io.hint'));
  }
  let lost = false;
  return {
    release: async () => {
      // A lock taken over by another process is theirs now: leave its directory and owner file alone.
      if (lost || compromised()) return;
      try {
        unlinkSync(join(dir, LOCK_OWNER));
      } catch {
        // Already gone.
      }
      await release().catch(() => undefined);
    },
    held: async () => {
      const current = parseOwner(readOwnerText(dir));
      lost = compromised() !== null || current === null || current.pid !== owner.pid || current.since !== owner.since;
      return !lost;
    },
  };
}

/** One holder kept the lock for the whole wait: name it as the lock records it, and for how long it has held it. */
function busyError(dir: string, owner: LockOwner | null, waitedMs: number): StoreBusyError {
  // The holder's own `since` counts when it is on this machine (the same clock); else what this waiter saw.
  const since = owner && owner.host === hostname() ? Date.now() - Date.parse(owner.since) : NaN;
  const seconds = Math.floor(Math.max(waitedMs, Number.isFinite(since) ? since : 0) / 1000);
  const who = owner
    ? t('lock.holder', { command: owner.command, pid: owner.pid, host: owner.host, actor: owner.actor, since: owner.since })
    : t('lock.unknownHolder');
  return new StoreBusyError(t('lock.busy', { holder: who, seconds, dir }), t('lock.busyHint'));
}

function writeOwner(dir: string, options: LockOptions): LockOwner {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    actor: options.actor,
    since: new Date().toISOString(),
  };
  // A temp name nobody can guess, created exclusively, renamed over a plain file or nothing (fs.ts replaceSmall).
  (options.fs ?? createStoreFs()).replaceSmall(join(dir, LOCK_OWNER), JSON.stringify(owner), 0o600);
  return owner;
}

/** The owner file's text ('' when there is none): a new holder always writes a different one (its pid or since). */
function readOwnerText(dir: string): string {
  try {
    return readPlainSync(join(dir, LOCK_OWNER)).toString('utf8');
  } catch (err) {
    // A link, FIFO or folder in its place is refused (StoreError); a missing or unreadable file is no owner.
    if (err instanceof StoreError) throw err;
    return '';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as LockOwner;
    const valid = Number.isInteger(owner?.pid) && owner.pid > 0 && [owner.host, owner.command, owner.actor, owner.since].every((v) => typeof v === 'string');
    return valid ? owner : null;
  } catch {
    return null;
  }
}
