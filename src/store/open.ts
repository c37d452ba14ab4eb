// Opening the store a command uses: locate it, warn when others can read it, and hand back the Store.
import type { StoreFs } from './fs.js';
import { FileStore } from './file-store.js';
import { locateStore } from './locate.js';
import type { StoreLocation } from './locate.js';
import type { Store } from './types.js';
import { t } from '../i18n/index.js';

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

/** The store in folder `dir` (a store just made: init, demo, restore), without locating or checking its mode. */
export function storeAt(dir: string, options: Pick<OpenOptions, 'fs' | 'actor' | 'command' | 'now'> & { warn?: (message: string) => void }): Store {
  return new FileStore(dir, options);
}

export async function openStore(options: OpenOptions): Promise<Store> {
  const where = locateStore({ flag: options.flag, env: options.env.CLUB_STORE, cwd: options.cwd });
  if (where.kind === 'postgres') return openDatabase(where, options);
  const { dir } = where;
  const stat = await options.fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) {
    options.warn(t('store.canBeReadBy', { dir, value: (stat.mode & 0o777).toString(8), dir2: dir }));
  }
  return new FileStore(dir, {
    fs: options.fs,
    actor: options.actor,
    onBehalf: options.onBehalf ?? null,
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

/**
 * The database store at `where`. Connects (libpq's settings, prefer's fallback, failures as exit 3/4/5 naming the
 * host); a password typed into --store draws a warning, as it shows in `ps`.
 */
async function openDatabase(where: Extract<StoreLocation, { kind: 'postgres' }>, options: OpenOptions): Promise<Store> {
  const { connect, connectionConfig, displayLocation, hostOf, warnPasswordOnCommandLine } = await import('./pg/connect.js');
  if (where.source === 'flag') warnPasswordOnCommandLine(where.url, options.warn);
  const { PgStore } = await import('./pg/store.js');
  return new PgStore({
    fs: options.fs,
    location: displayLocation(where.url),
    host: hostOf(connectionConfig(where.url, options.env)),
    connect: async () => (await connect(where.url, options.env, options.warn)).client,
    onBehalf: options.onBehalf ?? null,
    command: options.command,
    now: options.now,
    warn: options.warn,
    waitMs: lockWait(options.env),
  });
}
