// Connecting to a database store as libpq would (SPEC §8, §14): the URL's parts win, else PGHOST, PGPORT, PGUSER,
// PGPASSWORD, PGDATABASE, PGSSLMODE, PGSSLROOTCERT, else libpq's defaults; the password, when neither the URL nor
// PGPASSWORD gives one, from PGPASSFILE or ~/.pgpass. sslmode has libpq's meanings, not pg-connection-string's (which
// reads `require` as verify-full): the URL is parsed here and pg gets a finished config. PGSERVICE is not supported.
//
// pg is loaded only here, and only when a database is used: a folder store's start-up never loads it.
import { readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Client, ClientConfig } from 'pg';
import pgpass from 'pgpass/lib/helper.js';
import { StoreError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import { fromPgError } from './errors.js';
import { NO_HOST, hasPassword, parseDatabaseUrl, withoutPasswords } from './link.js';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** pg's config, with what club decided on the way: the sslmode (for prefer's fallback) and the parts it names. */
export interface PgConfig extends ClientConfig {
  host: string;
  port: number;
  user: string;
  database: string;
  sslmode: SslMode;
}

export const CONNECT_TIMEOUT_MS = 10_000;

interface UrlParts {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
  params: URLSearchParams;
}

/** The parts of a libpq URL, percent-decoded (a host may be a socket folder written `%2Frun%2Fpostgresql`). */
function parseUrl(url: string): UrlParts {
  const parsed = parseDatabaseUrl(url);
  if (!parsed) throw new StoreError('store_invalid', t('pg.badUrl', { location: displayLocation(url) }), t('pg.badUrlHint'));
  const noHost = parsed.hostname === NO_HOST;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const host = noHost ? '' : decode(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
  return { host, port: parsed.port, user: decode(parsed.username), password: decode(parsed.password), database: decode(parsed.pathname.slice(1)), params: parsed.searchParams };
}

/** The OS user, libpq's default user name. */
function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'postgres';
  }
}

const isSocket = (host: string) => host.startsWith('/');

/**
 * pg's config for `url`, libpq's way. `env` is the environment (PG* variables, HOME), `home` the home folder
 * (~/.pgpass, ~/.postgresql/root.crt). A missing root certificate for verify-ca or verify-full exits 3 naming it.
 */
export function connectionConfig(url: string, env: NodeJS.ProcessEnv, home: string = env.HOME || homedir(), warn?: (message: string) => void): PgConfig {
  const parts = parseUrl(url);
  const param = (name: string) => parts.params.get(name) || undefined;
  if (env.PGSERVICE) warn?.(t('pg.serviceIgnored'));
  const host = param('host') ?? (parts.host || env.PGHOST || 'localhost');
  const portText = param('port') ?? (parts.port || env.PGPORT || '5432');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new StoreError('store_invalid', t('pg.badPort', { port: portText, location: displayLocation(url) }));
  const user = param('user') ?? (parts.user || env.PGUSER || osUser(env));
  const database = param('dbname') ?? (parts.database || env.PGDATABASE || user);
  const modeText = param('sslmode') ?? (env.PGSSLMODE || 'prefer');
  if (!(SSL_MODES as readonly string[]).includes(modeText)) {
    throw new StoreError('store_invalid', t('pg.badSslmode', { mode: modeText, location: displayLocation(url) }));
  }
  const sslmode = modeText as SslMode;
  const given = param('password') ?? (parts.password || env.PGPASSWORD || undefined);
  const config: PgConfig = {
    host,
    port,
    user,
    database,
    sslmode,
    // A function: pg asks for it only when the server wants a password, and then never looks in process.env or
    // uses its deprecated ~/.pgpass reading. Undefined (no line matches) is no password, as pg's types do not say.
    // No password anywhere, when the server asks for one: exit 3 saying where club looked, not pg's SASL error.
    password:
      given ??
      (async () => {
        const found = passwordFromFile(env, home, { host, port, database, user }, warn);
        if (found === undefined) {
          throw new StoreError('store_unavailable', t('pg.noPassword', { user, database, host: hostOf({ host, port }) }), t('pg.noPasswordHint', { file: env.PGPASSFILE || join(home, '.pgpass'), host: isSocket(host) ? 'localhost' : host, port, database, user }));
        }
        return found;
      }),
    ssl: isSocket(host) ? false : sslOptions(sslmode, param('sslrootcert') ?? (env.PGSSLROOTCERT || join(home, '.postgresql', 'root.crt'))),
    application_name: 'club',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
  return config;
}

/** TLS as libpq's sslmode means it. Over a socket there is none (libpq ignores sslmode there). */
function sslOptions(mode: SslMode, rootCert: string): ClientConfig['ssl'] {
  switch (mode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
      // Encrypted, not verified (`prefer` falls back to plain when the server refuses TLS: see connect).
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // The chain is checked against the root certificate; the host name is not.
      return { ca: readRootCert(mode, rootCert), rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ca: readRootCert(mode, rootCert), rejectUnauthorized: true };
  }
}

/** The root certificate for verify-*: `system` is Node's own list of CAs (as libpq's sslrootcert=system). */
function readRootCert(mode: SslMode, file: string): string | undefined {
  if (file === 'system') return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new StoreError('store_unavailable', t('pg.noRootCert', { mode, file, code }), t('pg.noRootCertHint'));
  }
}

/** The password for a connection from PGPASSFILE or ~/.pgpass, as libpq finds it (first matching line); else none. */
export function passwordFromFile(
  env: NodeJS.ProcessEnv,
  home: string,
  target: { host: string; port: number; database: string; user: string },
  warn?: (message: string) => void,
): string | undefined {
  const file = env.PGPASSFILE || join(home, '.pgpass');
  let text: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return undefined;
    // As libpq: a file others can read is ignored, with a warning.
    if ((stats.mode & 0o077) !== 0) {
      warn?.(t('pg.pgpassOpen', { file, mode: (stats.mode & 0o777).toString(8) }));
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // A socket folder is `localhost` in the file, as for libpq.
  const info = { ...target, host: isSocket(target.host) ? 'localhost' : target.host };
  for (const line of text.split(/\r?\n/)) {
    const entry = pgpass.parseLine(line);
    if (entry && entry.password !== undefined && pgpass.match(info, entry)) return entry.password;
  }
  return undefined;
}

/** The URL without its password: for `store info`, messages, the audit log and the lock owner. */
export function displayLocation(url: string): string {
  return withoutPasswords(url);
}

/** The server a config points at, for messages: `127.0.0.1:5432`, `[::1]:5432`, or a socket folder. */
export function hostOf(config: Pick<PgConfig, 'host' | 'port'>): string {
  if (isSocket(config.host)) return config.host;
  return `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}

/** A URL given with --store on the command line that holds a password draws a warning: it shows in `ps`. */
export function warnPasswordOnCommandLine(url: string, warn: (message: string) => void): void {
  if (hasPassword(url)) warn(t('pg.passwordInArgs'));
}

/**
 * The pg client. On loading, pg asks whether it runs on Cloudflare Workers: without a `navigator` (Node 20 has none;
 * Node 21 and later say `Node.js/21`) it builds a fetch `Response` to find out, which loads Node's whole fetch
 * implementation (undici), about 11 ms of every database command. A `navigator` saying what Node 21+ says is there
 * while pg loads, and gone after.
 */
async function loadPg(): Promise<typeof import('pg').default> {
  const global = globalThis as { navigator?: unknown };
  if (global.navigator !== undefined) return (await import('pg')).default;
  Object.defineProperty(global, 'navigator', { value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }, configurable: true, writable: true });
  try {
    return (await import('pg')).default;
  } finally {
    delete global.navigator;
  }
}

/**
 * A connected client for `url`, and the host to name in messages. sslmode=prefer (libpq's default) and allow try
 * TLS first and connect in plain when the server does not offer it. A failure is one of our errors (exit 3, …).
 */
export async function connect(url: string, env: NodeJS.ProcessEnv, warn?: (message: string) => void): Promise<{ client: Client; host: string; config: PgConfig }> {
  const config = connectionConfig(url, env, env.HOME || homedir(), warn);
  const host = hostOf(config);
  const pg = await loadPg();
  const attempt = async (ssl: ClientConfig['ssl']): Promise<Client> => {
    const client = new pg.Client({ ...config, ssl });
    // An error after connecting (the server went away between queries) must not crash the process: the query that
    // meets it fails and is mapped like any other.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  };
  try {
    try {
      return { client: await attempt(config.ssl), host, config };
    } catch (err) {
      if ((config.sslmode === 'prefer' || config.sslmode === 'allow') && config.ssl && /does not support SSL/i.test((err as Error).message)) {
        return { client: await attempt(false), host, config };
      }
      throw err;
    }
  } catch (err) {
    throw fromPgError(err, host, { user: config.user, database: config.database, location: displayLocation(url) });
  }
}
