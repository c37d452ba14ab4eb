// Opening a database store: the client is loaded here, only for database stores.
import type { StoreFs } from '../fs.js';
import { PgStore } from './store.js';

export interface PgOpenOptions {
  fs: StoreFs;
  env: NodeJS.ProcessEnv;
  onBehalf: string | null;
  command: string;
  now: Date;
  warn: (message: string) => void;
  waitMs?: number;
}

/** The URL as people may see it: without its password. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}

export async function connectPg(url: string): Promise<import('pg').Client> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'club' });
  await client.connect();
  return client;
}

export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${decodeURIComponent(u.hostname) || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the database';
  }
}

export function openPgStore(url: string, options: PgOpenOptions): PgStore {
  return new PgStore({
    fs: options.fs,
    location: displayUrl(url),
    host: hostOf(url),
    connect: () => connectPg(url),
    onBehalf: options.onBehalf,
    command: options.command,
    now: options.now,
    warn: options.warn,
    ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
  });
}
