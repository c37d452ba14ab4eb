// The bench's own throwaway PostgreSQL cluster (`npm run bench`'s database column): initdb into a temp folder, start
// on a free loopback port, and stop and remove it at the end. It never touches a cluster it did not start. The server
// binaries come from Debian's postgresql package (/usr/lib/postgresql/<version>/bin) or PATH; as root (initdb refuses
// root) the server tools run as `postgres` (or `nobody`). The same steps as the tests' tests/helpers/pg-cluster.ts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const TOOLS = ['initdb', 'pg_ctl', 'postgres'];
const has = (dir) => TOOLS.every((t) => existsSync(join(dir, t)));

/** The folder with initdb, pg_ctl and postgres, or null. */
export function findPgBin() {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const dir of [...versions.map((v) => join(debian, v, 'bin')), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)]) if (has(dir)) return dir;
  return null;
}

function serverUser() {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a `postgres` nor a `nobody` user exists to run the server as');
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts a cluster; returns { port, user, password, url(user, db), stop() }. stop() is synchronous (for 'exit'). */
export async function startBenchCluster(binDir) {
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'club-bench-pg-'));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'sock');
  const logFile = join(dir, 'server.log');
  const pwFile = join(dir, 'pwfile');
  const password = randomBytes(18).toString('hex');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const tool = (name, args) => {
    const r = user ? spawnSync('runuser', ['-u', user.name, '--', join(binDir, name), ...args], { cwd: dir, env, encoding: 'utf8' }) : spawnSync(join(binDir, name), args, { cwd: dir, env, encoding: 'utf8' });
    if (r.error) throw new Error(`could not run ${name}${user ? ` through runuser` : ''}: ${r.error.message}`);
    if (r.status !== 0) {
      const log = existsSync(logFile) ? `\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}` : '';
      throw new Error(`${name} ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}${log}`);
    }
  };
  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      try {
        tool('pg_ctl', ['-D', dataDir, '-w', '-m', 'fast', 'stop']);
      } catch {
        // removed below all the same
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    mkdirSync(socketDir, { mode: 0o700 });
    if (user) for (const p of [dir, pwFile, socketDir]) chownSync(p, user.uid, user.gid);
    try {
      tool('initdb', ['-D', dataDir, '-U', 'club_super', `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8']);
    } catch (e) {
      if (!/invalid locale/i.test(e.message)) throw e;
      rmSync(dataDir, { recursive: true, force: true });
      tool('initdb', ['-D', dataDir, '-U', 'club_super', `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-locale']);
    }
    rmSync(pwFile, { force: true });
    // The server's defaults but for fsync: a commit still waits for its WAL write, as on any server, but not for the
    // disk, so the figures are the client's and the server's work rather than this machine's disk.
    const port = await freePort();
    const options = Object.entries({ listen_addresses: '127.0.0.1', unix_socket_directories: socketDir, fsync: 'off', port: String(port) })
      .map(([k, v]) => `-c ${k}='${v}'`)
      .join(' ');
    tool('pg_ctl', ['-D', dataDir, '-w', '-t', '60', '-l', logFile, '-o', options, 'start']);
    running = true;
    return { port, user: 'club_super', password, url: (u, db) => `postgresql://${encodeURIComponent(u)}@127.0.0.1:${port}/${encodeURIComponent(db)}`, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
