// A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, start on a free loopback port, stop and
// remove it afterwards. global-setup.ts starts one shared cluster per test run and publishes it to the workers in
// CLUB_TEST_PG; a test file that needs to crash or restart a server starts its own with startCluster().
// The server binaries come from Debian's postgresql package (/usr/lib/postgresql/<version>/bin) or PATH;
// CLUB_TEST_PG_BIN names another folder (a missing one hides PostgreSQL, to see the tests skip).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** What a test needs to reach a cluster; CLUB_TEST_PG holds it as JSON. */
export interface PgInfo {
  host: string;
  port: number;
  user: string;
  password: string;
  socketDir: string;
}

export type StopMode = 'smart' | 'fast' | 'immediate';

export interface Cluster extends PgInfo {
  /** The temp folder holding data/, sock/, the log and the password file; removed by destroy(). */
  dir: string;
  dataDir: string;
  binDir: string;
  info(): PgInfo;
  /** A plain libpq URL on 127.0.0.1; the superuser and the `postgres` database by default. */
  url(user?: string, password?: string, db?: string): string;
  /** Start the server again after stop(), on the same port and data. */
  start(): Promise<void>;
  /** `pg_ctl stop -m MODE` (fast by default); `immediate` is a crash: the next start() recovers from the WAL. */
  stop(mode?: StopMode): Promise<void>;
  /** Stop (fast) if running, and remove the folder. */
  destroy(): Promise<void>;
  /** destroy() for a process 'exit' handler, which cannot wait: stop -m immediate and remove the folder. */
  destroySync(): void;
}

export interface ClusterOptions {
  /** The folder with initdb, pg_ctl and postgres; found by findPgBin() when not given. */
  binDir?: string;
  /** Prefix of the temp folder's name. */
  prefix?: string;
  /** More server settings (`-c name=value`), e.g. { log_statement: 'all' }. */
  settings?: Record<string, string>;
}

const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;
const SUPERUSER = 'club_super';

function hasTools(dir: string): boolean {
  return TOOLS.every((t) => existsSync(join(dir, t)));
}

/** The folder holding initdb, pg_ctl and postgres, or the reason there is none (for the skip message). */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): { binDir: string } | { missing: string } {
  const override = env.CLUB_TEST_PG_BIN;
  if (override) {
    return hasTools(override) ? { binDir: override } : { missing: `PostgreSQL not installed: no ${TOOLS.join(', ')} in CLUB_TEST_PG_BIN=${override}` };
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const dir = join(debian, v, 'bin');
    if (hasTools(dir)) return { binDir: dir };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const initdb = join(dir, 'initdb');
    if (!existsSync(initdb)) continue;
    // /usr/local/bin/initdb may be a link into the version's folder, where pg_ctl and postgres live too.
    const real = dirname(realpathSync(initdb));
    if (hasTools(real)) return { binDir: real };
    if (hasTools(dir)) return { binDir: dir };
  }
  return { missing: `PostgreSQL not installed: no ${TOOLS.join(', ')} in ${debian}/*/bin or on PATH (Debian: apt-get install postgresql)` };
}

/** initdb refuses to run as root: then the server tools run as `postgres` (or `nobody`) through runuser. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a `postgres` nor a `nobody` user exists to run initdb and the server as');
}

/** The environment for the server tools: without the caller's PG* settings, which would point them elsewhere. */
function toolEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
}

interface ToolRun {
  command: string;
  args: string[];
  cwd: string;
}

function toolCommand(binDir: string, user: string | null, tool: string, args: string[], cwd: string): ToolRun {
  const path = join(binDir, tool);
  return user ? { command: 'runuser', args: ['-u', user, '--', path, ...args], cwd } : { command: path, args, cwd };
}

function describeRun(r: ToolRun): string {
  return [r.command, ...r.args].join(' ');
}

/** Runs a server tool; resolves with its output, throws with its stderr (and the server log, if given) on failure. */
function runTool(r: ToolRun, logFile?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdin closed, stdout/stderr piped: pg_ctl start gets -l, so the server never holds these pipes open.
    const child = spawn(r.command, r.args, { cwd: r.cwd, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => reject(new Error(`could not run \`${describeRun(r)}\`: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(out);
      const log = logFile && existsSync(logFile) ? `\nserver log (${logFile}):\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}` : '';
      reject(new Error(`\`${describeRun(r)}\` exited ${code ?? signal}:\n${err || out}${log}`));
    });
  });
}

/** A loopback port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS gave no free port'))));
    });
  });
}

/** initdb a new cluster in a temp folder and start it; throws with the tool's stderr when a step fails. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  let binDir = options.binDir;
  if (!binDir) {
    const found = findPgBin();
    if ('missing' in found) throw new Error(found.missing);
    binDir = found.binDir;
  }
  const bin = binDir;
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'club-pg-'));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'sock');
  const logFile = join(dir, 'server.log');
  const pwFile = join(dir, 'pwfile');
  const password = randomBytes(18).toString('hex');
  const tool = (name: string, args: string[]): ToolRun => toolCommand(bin, user?.name ?? null, name, args, dir);
  let port = 0;
  let running = false;

  try {
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    mkdirSync(socketDir, { mode: 0o700 });
    if (user) for (const p of [dir, pwFile, socketDir]) chownSync(p, user.uid, user.gid);
    // --no-sync: the files reach the disk when the OS writes them; only a machine crash would lose a test's cluster.
    const initdb = (locale: string[]) =>
      runTool(tool('initdb', ['-D', dataDir, '-U', SUPERUSER, `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', ...locale]));
    await initdb(['--locale=C.UTF-8']).catch(async (e: Error) => {
      // A system without the C.UTF-8 locale: the C locale holds UTF-8 text as well.
      if (!/invalid locale/i.test(e.message)) throw e;
      rmSync(dataDir, { recursive: true, force: true });
      await initdb(['--no-locale']);
    });
    rmSync(pwFile, { force: true });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    // Speed without losing a commit: fsync off only loses data when the machine itself crashes, never when the server
    // is killed; synchronous_commit stays on, so every acknowledged commit survives `pg_ctl stop -m immediate`.
    fsync: 'off',
    max_connections: '200',
    ...options.settings,
  };
  // pg_ctl hands -o to the server through /bin/sh: each value single-quoted, so a temp path with spaces stays whole.
  const serverOptions = () => Object.entries({ ...settings, port: String(port) }).map(([k, v]) => `-c ${k}='${v.replaceAll("'", `'\\''`)}'`).join(' ');
  const pgCtl = (args: string[]) => runTool(tool('pg_ctl', ['-D', dataDir, ...args]), logFile);

  async function start(): Promise<void> {
    await pgCtl(['-w', '-t', '60', '-l', logFile, '-o', serverOptions(), 'start']);
    running = true;
  }

  async function stop(mode: StopMode = 'fast'): Promise<void> {
    await pgCtl(['-w', '-t', '60', '-m', mode, 'stop']);
    running = false;
  }

  const info = (): PgInfo => ({ host: '127.0.0.1', port, user: SUPERUSER, password, socketDir });
  const cluster: Cluster = {
    ...info(),
    dir,
    dataDir,
    binDir: bin,
    info,
    url: (u = SUPERUSER, p = password, db = 'postgres') => pgUrl(info(), u, p, db),
    start,
    stop,
    async destroy() {
      try {
        if (running) await stop('fast');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    destroySync() {
      if (running) {
        const r = tool('pg_ctl', ['-D', dataDir, '-w', '-m', 'immediate', 'stop']);
        spawnSync(r.command, r.args, { cwd: r.cwd, env: toolEnv(), stdio: 'ignore' });
        running = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  // Another process may take the free port between asking and binding: then try another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (e) {
      const inUse = existsSync(logFile) && /already in use/i.test(readFileSync(logFile, 'utf8'));
      if (!inUse || attempt === 3) {
        await cluster.destroy();
        throw e;
      }
      rmSync(logFile, { force: true });
    }
  }
  cluster.port = port;
  return cluster;
}

/** postgresql://user:password@127.0.0.1:PORT/db, as psql and the `pg` client take it. */
export function pgUrl(info: PgInfo, user: string, password: string, db: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${info.host}:${info.port}/${encodeURIComponent(db)}`;
}

/** CI=true (any value but empty, 0 or false) means a missing tool fails the run instead of skipping. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * The shared cluster of a test run (global-setup.ts): started and published in env.CLUB_TEST_PG, or, without
 * PostgreSQL, the reason in env.CLUB_TEST_PG_SKIP (CI: throws instead). Returns the cluster, or null when skipped.
 */
export async function setupSharedCluster(env: NodeJS.ProcessEnv = process.env): Promise<Cluster | null> {
  delete env.CLUB_TEST_PG;
  delete env.CLUB_TEST_PG_SKIP;
  const found = findPgBin(env);
  if ('missing' in found) {
    if (isCi(env)) throw new Error(`${found.missing}; with CI set, the database tests may not be skipped`);
    env.CLUB_TEST_PG_SKIP = found.missing;
    return null;
  }
  const cluster = await startCluster({ binDir: found.binDir, prefix: 'club-test-pg-' });
  env.CLUB_TEST_PG = JSON.stringify(cluster.info());
  return cluster;
}
