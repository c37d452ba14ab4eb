// Opening the store a command uses: locate it, warn when others can read it, and hand back the Store.
import type { StoreFs } from './fs.js';
import { FileStore } from './file-store.js';
import { locateStore } from './locate.js';
import type { Store } from './types.js';

export interface OpenOptions {
  flag: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  fs: StoreFs;
  actor: string;
  command: string;
  now: Date;
  warn: (message: string) => void;
  /** `--by` or $CLUB_ACTOR when given: on a database store, "on behalf of" beside the login. */
  onBehalf?: string | null;
}

/** A store location that is a database: `postgres://…` or `postgresql://…` (SPEC §8). */
export const isDatabaseUrl = (value: string | undefined): value is string => value !== undefined && /^postgres(ql)?:\/\//i.test(value);

/** The store in folder `dir` (a store just made: init, demo, restore), without locating or checking its mode. */
export function storeAt(dir: string, options: Pick<OpenOptions, 'fs' | 'actor' | 'command' | 'now'> & { warn?: (message: string) => void }): Store {
  return new FileStore(dir, options);
}

export async function openStore(options: OpenOptions): Promise<Store> {
  const explicit = options.flag ?? (options.env.CLUB_STORE || undefined);
  if (isDatabaseUrl(explicit)) {
    const { openPgStore } = await import('./pg/open.js');
    return openPgStore(explicit, { fs: options.fs, env: options.env, onBehalf: options.onBehalf ?? null, command: options.command, now: options.now, warn: options.warn, waitMs: lockWait(options.env) });
  }
  const dir = locateStore({ flag: options.flag, env: options.env.CLUB_STORE, cwd: options.cwd });
  const stat = await options.fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) {
    options.warn(`${dir} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}); it holds personal data: chmod 700 ${dir}`);
  }
  return new FileStore(dir, {
    fs: options.fs,
    actor: options.actor,
    command: options.command,
    now: options.now,
    warn: options.warn,
    waitMs: lockWait(options.env),
  });
}

/** CLUB_LOCK_WAIT_MS shortens the 10 s wait for a busy store (tests); it is never made longer than asked. */
function lockWait(env: NodeJS.ProcessEnv): number {
  const raw = env.CLUB_LOCK_WAIT_MS;
  return raw && /^\d+$/.test(raw) ? Number(raw) : 10_000;
}
