// The cross-process store lock: proper-lockfile's mkdir lock (atomic on every local file system), kept fresh by its
// mtime updater so a holder killed with SIGKILL goes stale after STALE_MS. Waiting retries with jitter until a
// deadline, then fails with StoreBusyError naming the holder recorded beside the lock.
import lockfile from 'proper-lockfile';
import { hostname } from 'node:os';
// Synchronous calls (the owner file is a few bytes): node:fs/promises would load readline and the file watchers.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreBusyError } from '../core/errors.js';

export const LOCK_DIR = 'lock';
export const LOCK_OWNER = 'lock-owner.json';
export const STALE_MS = 5000;

export interface LockOptions {
  /** How long to wait for a busy store (SPEC: 10 s). */
  waitMs: number;
  command: string;
  actor: string;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(dir: string, options: LockOptions): Promise<Lock> {
  const deadline = Date.now() + options.waitMs;
  let delay = 15;
  let compromised: Error | null = null;
  for (;;) {
    try {
      const release = await lockfile.lock(dir, {
        lockfilePath: join(dir, LOCK_DIR),
        realpath: false,
        stale: STALE_MS,
        update: 1000,
        retries: 0,
        // The updater found the lock taken over (we were paused past STALE_MS). Remember it; the commit checks.
        onCompromised: (err) => {
          compromised = err;
        },
      });
      const owner = await writeOwner(dir, options);
      let lost = false;
      return {
        release: async () => {
          // A lock taken over by another process is theirs now: leave its directory and owner file alone.
          if (lost || compromised) return;
          try {
            unlinkSync(join(dir, LOCK_OWNER));
          } catch {
            // Already gone.
          }
          await release().catch(() => undefined);
        },
        held: async () => {
          const current = await readOwner(dir);
          lost = compromised !== null || current === null || current.pid !== owner.pid || current.since !== owner.since;
          return !lost;
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const left = deadline - Date.now();
      if (left <= 0) {
        const owner = await readOwner(dir);
        throw new StoreBusyError(
          `the store is busy: ${describeOwner(owner)} has held its lock for more than ${Math.round(options.waitMs / 1000)} s (${dir})`,
          'wait for that command to finish; a lock left by a killed process is cleared by itself after a few seconds',
        );
      }
      // Exponential backoff with full jitter, capped so a freed lock is noticed quickly.
      await sleep(Math.min(left, Math.random() * delay + 5));
      delay = Math.min(delay * 2, 250);
    }
  }
}

async function writeOwner(dir: string, options: LockOptions): Promise<LockOwner> {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    actor: options.actor,
    since: new Date().toISOString(),
  };
  const tmp = join(dir, `${LOCK_OWNER}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  renameSync(tmp, join(dir, LOCK_OWNER));
  return owner;
}

async function readOwner(dir: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(readFileSync(join(dir, LOCK_OWNER), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'another process';
  return `"club ${owner.command}" (pid ${owner.pid} on ${owner.host}, by ${owner.actor}, since ${owner.since})`;
}
