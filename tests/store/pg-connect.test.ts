// Locating a database store, connecting like libpq, and what database failures mean (SPEC §8, §14). No PostgreSQL is
// needed: a config is looked at as it is, a closed loopback port is a server that is down, and a few bytes of the
// wire protocol on a loopback socket stand in for a server where its answers matter (TLS refused, a password asked).
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClubError, ForbiddenError, StoreBusyError, StoreError } from '../../src/core/errors.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { locateStore } from '../../src/store/locate.js';
import { connect, connectionConfig, displayLocation, hostOf } from '../../src/store/pg/connect.js';
import { commitFailed, fromPgError } from '../../src/store/pg/errors.js';
import { LINK_FILE, readLink, writeLinkFolder } from '../../src/store/pg/link.js';
import { run, tempDir } from '../helpers/run.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
beforeEach(() => {
  useEnvLang({ CLUB_LANG: 'en' });
});

function temp(): string {
  const t = tempDir('club-pg-');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function caught(fn: () => unknown): ClubError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ClubError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

async function rejected(promise: Promise<unknown>): Promise<ClubError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ClubError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

const noEnv = { HOME: '/nonexistent-home' };

describe('connectionConfig: libpq conventions', () => {
  const env = { ...noEnv, PGHOST: 'envhost', PGPORT: '6000', PGUSER: 'envuser', PGPASSWORD: 'envpw', PGDATABASE: 'envdb', PGSSLMODE: 'require' };

  it('the URL parts win over PG* variables', () => {
    const c = connectionConfig('postgresql://alice:pw@db.example.org:6543/club?sslmode=disable', env);
    expect([c.host, c.port, c.user, c.password, c.database, c.sslmode, c.ssl]).toEqual(['db.example.org', 6543, 'alice', 'pw', 'club', 'disable', false]);
  });

  it('PG* variables fill what the URL leaves out', () => {
    const c = connectionConfig('postgresql://', env);
    expect([c.host, c.port, c.user, c.password, c.database, c.sslmode, c.ssl]).toEqual(['envhost', 6000, 'envuser', 'envpw', 'envdb', 'require', { rejectUnauthorized: false }]);
  });

  it('query parameters count as the URL', () => {
    const c = connectionConfig('postgresql://h/db?user=carol&port=7000&dbname=other', env);
    expect([c.host, c.port, c.user, c.database]).toEqual(['h', 7000, 'carol', 'other']);
  });

  it('libpq defaults: localhost, 5432, the database named after the user, prefer; application club; 10 s', () => {
    const c = connectionConfig('postgresql://bob@', noEnv);
    expect([c.host, c.port, c.user, c.database, c.sslmode]).toEqual(['localhost', 5432, 'bob', 'bob', 'prefer']);
    expect(c.application_name).toBe('club');
    expect(c.connectionTimeoutMillis).toBe(10_000);
    expect(typeof c.password).toBe('function');
  });

  it('a socket folder as ?host= or as a percent-encoded host; no TLS over a socket', () => {
    const a = connectionConfig('postgresql://dave@/club?host=/run/postgresql', noEnv);
    expect([a.host, a.user, a.database, a.ssl]).toEqual(['/run/postgresql', 'dave', 'club', false]);
    const b = connectionConfig('postgresql://%2Fvar%2Frun%2Fpostgresql/club', noEnv);
    expect([b.host, b.database]).toEqual(['/var/run/postgresql', 'club']);
    expect(hostOf(b)).toBe('/var/run/postgresql');
    expect(hostOf(connectionConfig('postgresql://127.0.0.1/x', noEnv))).toBe('127.0.0.1:5432');
    expect(hostOf(connectionConfig('postgresql://[::1]:5433/x', noEnv))).toBe('[::1]:5433');
  });

  it('a bad port or sslmode exits 3, the password not shown', () => {
    const port = caught(() => connectionConfig('postgresql://u:hunter2@h:0/db', noEnv));
    expect([port.exitCode, port.message.includes('hunter2')]).toEqual([3, false]);
    const mode = caught(() => connectionConfig('postgresql://u:hunter2@h/db?sslmode=no-verify', noEnv));
    expect(mode.exitCode).toBe(3);
    expect(mode.message).toContain('no-verify');
    expect(mode.message).not.toContain('hunter2');
  });

  it('PGSERVICE is ignored, with a warning', () => {
    const warnings: string[] = [];
    const c = connectionConfig('postgresql://h/db', { ...noEnv, PGSERVICE: 'prod' }, undefined, (m) => warnings.push(m));
    expect(c.host).toBe('h');
    expect(warnings.join('\n')).toMatch(/PGSERVICE.*ignored/);
  });
});

describe('sslmode has libpq meanings', () => {
  it('disable: no TLS; allow, prefer, require: TLS without verification', () => {
    expect(connectionConfig('postgresql://h/d?sslmode=disable', noEnv).ssl).toBe(false);
    for (const mode of ['allow', 'prefer', 'require']) expect(connectionConfig(`postgresql://h/d?sslmode=${mode}`, noEnv).ssl).toEqual({ rejectUnauthorized: false });
  });

  it('verify-ca checks the chain against the root certificate, not the host name; verify-full both', () => {
    const dir = temp();
    const cert = join(dir, 'root.crt');
    writeFileSync(cert, 'CERT FROM ENV');
    const ca = connectionConfig('postgresql://h/d?sslmode=verify-ca', { ...noEnv, PGSSLROOTCERT: cert }).ssl as { ca: string; rejectUnauthorized: boolean; checkServerIdentity?: () => unknown };
    expect([ca.ca, ca.rejectUnauthorized, ca.checkServerIdentity?.()]).toEqual(['CERT FROM ENV', true, undefined]);
    expect(typeof ca.checkServerIdentity).toBe('function');
    const full = connectionConfig('postgresql://h/d?sslmode=verify-full', { ...noEnv, PGSSLROOTCERT: cert }).ssl as Record<string, unknown>;
    expect([full.ca, full.rejectUnauthorized, 'checkServerIdentity' in full]).toEqual(['CERT FROM ENV', true, false]);
  });

  it('sslrootcert in the URL wins over PGSSLROOTCERT; the default is ~/.postgresql/root.crt', () => {
    const dir = temp();
    writeFileSync(join(dir, 'url.crt'), 'CERT FROM URL');
    mkdirSync(join(dir, '.postgresql'));
    writeFileSync(join(dir, '.postgresql', 'root.crt'), 'CERT FROM HOME');
    const fromUrl = connectionConfig(`postgresql://h/d?sslmode=verify-full&sslrootcert=${join(dir, 'url.crt')}`, { PGSSLROOTCERT: '/nope' }, dir).ssl as { ca: string };
    expect(fromUrl.ca).toBe('CERT FROM URL');
    const fromHome = connectionConfig('postgresql://h/d?sslmode=verify-full', {}, dir).ssl as { ca: string };
    expect(fromHome.ca).toBe('CERT FROM HOME');
  });

  it('PGSSLMODE=require is no verification, not verify-full', () => {
    expect(connectionConfig('postgresql://h/d', { ...noEnv, PGSSLMODE: 'require' }).ssl).toEqual({ rejectUnauthorized: false });
  });

  it('a missing root certificate for verify-* exits 3 naming the file', () => {
    const dir = temp();
    for (const mode of ['verify-ca', 'verify-full']) {
      const err = caught(() => connectionConfig(`postgresql://h/d?sslmode=${mode}`, {}, dir));
      expect(err.exitCode).toBe(3);
      expect(err.message).toContain(join(dir, '.postgresql', 'root.crt'));
    }
  });
});

describe('the password from PGPASSFILE or ~/.pgpass', () => {
  const target = async (url: string, env: NodeJS.ProcessEnv, home?: string, warn?: (m: string) => void) => {
    const password = connectionConfig(url, env, home, warn).password;
    return typeof password === 'function' ? password() : password;
  };

  it('a 0600 PGPASSFILE: the first matching line', async () => {
    const dir = temp();
    const file = join(dir, 'pgpass');
    writeFileSync(file, '# comment\nother:5432:*:*:wrong\n127.0.0.1:6432:club:alice:s3cr\\:et\n*:*:*:alice:fallback\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(await target('postgresql://alice@127.0.0.1:6432/club', { PGPASSFILE: file }, dir)).toBe('s3cr:et');
    expect(await target('postgresql://alice@127.0.0.1:6432/other', { PGPASSFILE: file }, dir)).toBe('fallback');
    // No line for bob: exit 3 saying where club looked (not pg's "client password must be a string").
    await expect(target('postgresql://bob@127.0.0.1:6432/club', { PGPASSFILE: file }, dir)).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('no password for bob on database club') });
  });

  it('~/.pgpass when PGPASSFILE is not set; a socket folder is localhost', async () => {
    const home = temp();
    writeFileSync(join(home, '.pgpass'), 'localhost:5432:club:alice:from-home\n', { mode: 0o600 });
    chmodSync(join(home, '.pgpass'), 0o600);
    expect(await target('postgresql://alice@/club?host=/run/postgresql', {}, home)).toBe('from-home');
  });

  it('a file others can read is ignored with a warning, as libpq does', async () => {
    const home = temp();
    writeFileSync(join(home, '.pgpass'), '*:*:*:*:open\n');
    chmodSync(join(home, '.pgpass'), 0o644);
    const warnings: string[] = [];
    await expect(target('postgresql://alice@h/club', {}, home, (m) => warnings.push(m))).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(warnings.join('\n')).toContain('chmod 600');
  });

  it('the URL and PGPASSWORD come before the file', async () => {
    const dir = temp();
    const file = join(dir, 'pgpass');
    writeFileSync(file, '*:*:*:*:from-file\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(await target('postgresql://a:from-url@h/d', { PGPASSFILE: file, PGPASSWORD: 'from-env' })).toBe('from-url');
    expect(await target('postgresql://a@h/d', { PGPASSFILE: file, PGPASSWORD: 'from-env' })).toBe('from-env');
  });
});

describe('displayLocation', () => {
  it('leaves the password out', () => {
    expect(displayLocation('postgresql://alice:s3cret@db:5432/club?sslmode=require')).toBe('postgresql://alice@db:5432/club?sslmode=require');
    expect(displayLocation('postgresql://db/club?password=s3cret&sslmode=disable')).not.toContain('s3cret');
    expect(displayLocation('postgresql://alice@db/club')).toBe('postgresql://alice@db/club');
    expect(displayLocation('postgresql://a:a@host/a')).toBe('postgresql://a@host/a');
    expect(displayLocation('postgresql://u:p%40ss@/club?host=/run/postgresql')).toBe('postgresql://u@/club?host=/run/postgresql');
  });
});

describe('link folders and locateStore', () => {
  const URL_ = 'postgresql://alice@127.0.0.1:5432/club?sslmode=require';
  const linkIn = (dir: string, body: unknown) => {
    mkdirSync(join(dir, '.club'), { recursive: true });
    writeFileSync(join(dir, '.club', LINK_FILE), typeof body === 'string' ? body : JSON.stringify(body));
  };

  it('--store URL, CLUB_STORE URL, a folder store', async () => {
    const dir = temp();
    expect(locateStore({ flag: 'postgres://h/db', env: 'postgresql://other/db', cwd: dir })).toEqual({ kind: 'postgres', url: 'postgres://h/db', source: 'flag' });
    expect(locateStore({ env: 'postgresql://other/db', cwd: dir })).toEqual({ kind: 'postgres', url: 'postgresql://other/db', source: 'env' });
    expect((await run(dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
    expect(locateStore({ cwd: dir })).toEqual({ kind: 'folder', dir: join(dir, '.club') });
  });

  it('a link folder found walking up, or named with --store', () => {
    const dir = temp();
    linkIn(dir, { format: 'clubadmin-link', url: URL_, lang: 'zh' });
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const linked = { kind: 'postgres', url: URL_, source: 'link', linkDir: join(dir, '.club') };
    expect(locateStore({ cwd: join(dir, 'a', 'b') })).toEqual(linked);
    expect(locateStore({ flag: dir, cwd: '/' })).toEqual(linked);
    expect(locateStore({ flag: join(dir, '.club'), cwd: '/' })).toEqual(linked);
    expect(readLink(join(dir, '.club')).lang).toBe('zh');
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a password in the URL', { format: 'clubadmin-link', url: 'postgresql://alice:hunter2@h/club', lang: 'en' }, /password/],
    ['a password and no host', { format: 'clubadmin-link', url: 'postgresql://alice:hunter2@/club?host=/run/postgresql', lang: 'en' }, /password/],
    ['a password and nothing after it', { format: 'clubadmin-link', url: 'postgresql://alice:hunter2@', lang: 'en' }, /password/],
    ['a password as a parameter', { format: 'clubadmin-link', url: 'postgresql://alice@h/club?password=hunter2', lang: 'en' }, /password/],
    ['bad JSON', '{"format": "clubadmin-link",', /not valid JSON/],
    ['an unknown field', { format: 'clubadmin-link', url: URL_, lang: 'en', password: 'x' }, /unknown field "password"/],
    ['a wrong format', { format: 'clubadmin', url: URL_, lang: 'en' }, /format/],
    ['a URL that is no database', { format: 'clubadmin-link', url: 'https://alice:hunter2@h/club', lang: 'en' }, /url/],
    ['oversized', JSON.stringify({ format: 'clubadmin-link', url: URL_, lang: 'en' }) + ' '.repeat(5000), /larger than 4096 bytes/],
  ];
  it.each(bad)('%s: exit 3 naming the file, no password shown', (_name, body, pattern) => {
    const dir = temp();
    linkIn(dir, body);
    const err = caught(() => locateStore({ cwd: dir }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain(join(dir, '.club', LINK_FILE));
    expect(err.message).toMatch(pattern);
    expect(`${err.message} ${err.hint}`).not.toContain('hunter2');
  });

  it('a folder holding both a store and a link is refused (exit 3)', async () => {
    const dir = temp();
    expect((await run(dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
    writeFileSync(join(dir, '.club', LINK_FILE), JSON.stringify({ format: 'clubadmin-link', url: URL_, lang: 'en' }));
    const err = caught(() => locateStore({ cwd: dir }));
    expect([err.exitCode, err.code]).toEqual([3, 'store_invalid']);
    expect(err.message).toContain(join(dir, '.club'));
    expect(caught(() => locateStore({ flag: dir, cwd: '/' })).exitCode).toBe(3);
  });

  it('a symbolic link as link.json is refused (exit 3), never followed', () => {
    const dir = temp();
    writeFileSync(join(dir, 'elsewhere.json'), JSON.stringify({ format: 'clubadmin-link', url: URL_, lang: 'en' }));
    mkdirSync(join(dir, '.club'));
    symlinkSync(join(dir, 'elsewhere.json'), join(dir, '.club', LINK_FILE));
    const err = caught(() => locateStore({ cwd: dir }));
    expect([err.exitCode, err.code]).toEqual([3, 'store_invalid']);
    expect(err.message).toContain('symbolic link');
  });

  it('writeLinkFolder: a 0700 folder with a 0600 link.json, read back as written', async () => {
    const dir = temp();
    await writeLinkFolder(join(dir, '.club'), URL_, 'zh');
    expect(statSync(join(dir, '.club')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.club', LINK_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, '.club'))).toEqual([LINK_FILE]);
    expect(JSON.parse(readFileSync(join(dir, '.club', LINK_FILE), 'utf8'))).toEqual({ format: 'clubadmin-link', url: URL_, lang: 'zh' });
    expect(locateStore({ cwd: dir })).toMatchObject({ kind: 'postgres', url: URL_, source: 'link' });
  });

  it('writeLinkFolder refuses an existing store or link, and a URL with a password', async () => {
    const dir = temp();
    expect((await run(dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
    const existing = await rejected(writeLinkFolder(join(dir, '.club'), URL_, 'zh'));
    expect(existing.exitCode).toBe(1);
    const other = temp();
    await writeLinkFolder(join(other, '.club'), URL_, 'en');
    expect((await rejected(writeLinkFolder(join(other, '.club'), URL_, 'en'))).exitCode).toBe(1);
    const withPassword = await rejected(writeLinkFolder(join(temp(), '.club'), 'postgresql://a:hunter2@h/d', 'en'));
    expect(withPassword.exitCode).toBe(3);
    expect(withPassword.message).not.toContain('hunter2');
  });
});

describe('a server that cannot be reached', () => {
  it('a closed port exits 3 naming 127.0.0.1:PORT, without the password, with a warning about ps', async () => {
    const port = await closedPort();
    const dir = temp();
    const r = await run(dir, ['member', 'list', '--store', `postgresql://alice:hunter2@127.0.0.1:${port}/club?sslmode=disable`], { env: { CLUB_LANG: 'en', HOME: dir } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.stderr).toMatch(/process list \(ps\)/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('the same through CLUB_STORE: no warning about ps; --json gives store_unavailable', async () => {
    const port = await closedPort();
    const dir = temp();
    const r = await run(dir, ['member', 'list', '--json'], { env: { CLUB_LANG: 'en', HOME: dir, CLUB_STORE: `postgresql://alice:hunter2@127.0.0.1:${port}/club` } });
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('store_unavailable');
    expect(r.stderr).not.toMatch(/\(ps\)/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });

  it("a link folder's club speaks its language before any connection", async () => {
    const port = await closedPort();
    const dir = temp();
    await writeLinkFolder(join(dir, '.club'), `postgresql://alice@127.0.0.1:${port}/club?sslmode=disable`, 'zh');
    const r = await run(dir, ['member', 'list'], { env: { LANG: 'en_US.UTF-8', HOME: dir } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`127.0.0.1:${port} 上的数据库存储不可用`);
  });
});

/**
 * A stand-in server on a loopback port speaking just enough of the protocol: refuses TLS ('N'), then optionally asks
 * for a cleartext password (recording it), then either accepts (AuthenticationOk, ReadyForQuery) or fails with `error`.
 */
async function fakeServer(opts: { askPassword?: boolean; error?: { code: string; message: string } }) {
  const seen = { sslRequests: 0, passwords: [] as string[] };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buf = Buffer.alloc(0);
    let started = false;
    const send = (type: string, body: Buffer) => {
      const head = Buffer.alloc(5);
      head.write(type, 0);
      head.writeInt32BE(body.length + 4, 1);
      socket.write(Buffer.concat([head, body]));
    };
    const int32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b;
    };
    const finish = () => {
      if (opts.error) {
        const fields = Buffer.from(`SFATAL\0C${opts.error.code}\0M${opts.error.message}\0\0`, 'utf8');
        send('E', fields);
        socket.end();
        return;
      }
      send('R', int32(0));
      send('Z', Buffer.from('I'));
    };
    socket.on('data', (data) => {
      buf = Buffer.concat([buf, data]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          if (code === 80877103) {
            seen.sslRequests++;
            socket.write('N');
            continue;
          }
          started = true;
          if (opts.askPassword) send('R', int32(3));
          else finish();
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]!);
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (type === 'p') {
          seen.passwords.push(body.toString('utf8').replace(/\0$/, ''));
          finish();
        } else if (type === 'X') socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { port, seen };
}

describe('connect', () => {
  it('sslmode=prefer (the default) falls back to plain when the server refuses TLS', async () => {
    const { port, seen } = await fakeServer({});
    const { client, host } = await connect(`postgresql://alice@127.0.0.1:${port}/club`, { HOME: temp() });
    await client.end();
    expect(host).toBe(`127.0.0.1:${port}`);
    expect(seen.sslRequests).toBe(1);
  });

  it('sslmode=require does not fall back: exit 3 naming the host', async () => {
    const { port } = await fakeServer({});
    const err = await rejected(connect(`postgresql://alice@127.0.0.1:${port}/club?sslmode=require`, { HOME: temp() }));
    expect([err.exitCode, err.code]).toEqual([3, 'store_unavailable']);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('sslmode=disable sends no TLS request', async () => {
    const { port, seen } = await fakeServer({});
    const { client } = await connect(`postgresql://alice@127.0.0.1:${port}/club?sslmode=disable`, { HOME: temp() });
    await client.end();
    expect(seen.sslRequests).toBe(0);
  });

  it("pg sends the password from PGPASSFILE when the server asks for one", async () => {
    const { port, seen } = await fakeServer({ askPassword: true });
    const dir = temp();
    const file = join(dir, 'pgpass');
    writeFileSync(file, `127.0.0.1:${port}:club:alice:from-pgpass\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    const { client } = await connect(`postgresql://alice@127.0.0.1:${port}/club?sslmode=disable`, { HOME: dir, PGPASSFILE: file });
    await client.end();
    expect(seen.passwords).toEqual(['from-pgpass']);
  });

  it('a refused login exits 3 naming the user and host, never the password', async () => {
    const { port } = await fakeServer({ askPassword: true, error: { code: '28P01', message: 'password authentication failed for user "alice"' } });
    const err = await rejected(connect(`postgresql://alice:hunter2@127.0.0.1:${port}/club?sslmode=disable`, { HOME: temp() }));
    expect([err.exitCode, err.code]).toEqual([3, 'store_unavailable']);
    expect(err.message).toContain('alice');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(`${err.message} ${err.hint}`).not.toContain('hunter2');
  });

  it('no such database: store_missing, the hint says to check the name before making a club', async () => {
    const { port } = await fakeServer({ error: { code: '3D000', message: 'database "club" does not exist' } });
    const err = await rejected(connect(`postgresql://alice:hunter2@127.0.0.1:${port}/club?sslmode=disable`, { HOME: temp() }));
    expect([err.exitCode, err.code]).toEqual([3, 'store_missing']);
    expect(err.hint).toContain(`check the database name in postgresql://alice@127.0.0.1:${port}/club?sslmode=disable`);
    expect(err.hint).toContain('club init --store URL');
  });
});

describe('fromPgError', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  const host = 'db.example.org:5432';

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'reset'],
    ['ETIMEDOUT', '10 s'],
    ['ENOTFOUND', 'no such host'],
    ['08006', 'x'],
    ['57P01', 'shutting down'],
    ['57P02', 'shutting down'],
    ['57P03', 'shutting down'],
  ])('%s: store_unavailable naming the host', (code, reason) => {
    const err = fromPgError(pgError(code), host) as StoreError;
    expect([err.code, err.exitCode]).toEqual(['store_unavailable', 3]);
    expect(err.message).toContain(host);
    expect(err.message).toContain(reason);
  });

  it('"Connection terminated" and a connection timeout: store_unavailable', () => {
    expect((fromPgError(new Error('Connection terminated unexpectedly'), host) as StoreError).code).toBe('store_unavailable');
    expect((fromPgError(new Error('Connection terminated due to connection timeout'), host) as StoreError).code).toBe('store_unavailable');
  });

  it('lock_not_available: exit 4; insufficient_privilege: exit 5', () => {
    const busy = fromPgError(pgError('55P03'), host);
    expect(busy).toBeInstanceOf(StoreBusyError);
    expect((busy as StoreBusyError).exitCode).toBe(4);
    // The server's words for it name a timeout: still a busy store, saying how long it waited, not an unreachable one.
    const timedOut = fromPgError(pgError('55P03', 'canceling statement due to lock timeout'), host, { waitMs: 1500 }) as StoreBusyError;
    expect([timedOut.code, timedOut.exitCode]).toEqual(['store_busy', 4]);
    expect(timedOut.message).toContain('1.5 s');
    expect((fromPgError(pgError('57014', 'canceling statement due to statement timeout'), host) as Error).message).toBe('canceling statement due to statement timeout');
    const forbidden = fromPgError(pgError('42501', 'permission denied for table members'), host, { user: 'carol' });
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).exitCode).toBe(5);
    expect((forbidden as ForbiddenError).message).toContain('carol');
  });

  it('serialization failures and deadlocks are left as they are (the store retries)', () => {
    for (const code of ['40001', '40P01']) {
      const err = pgError(code);
      expect(fromPgError(err, host)).toBe(err);
    }
  });

  it('a password in a message is scrubbed', () => {
    const err = fromPgError(pgError('28P01', 'failed for postgresql://alice:hunter2@db/club'), host, { user: 'alice' }) as StoreError;
    expect(err.message).toContain('alice');
    expect(err.message).not.toContain('hunter2');
  });

  it('commitFailed: exit 3, may or may not have been applied, look at club log', () => {
    const err = commitFailed(host);
    expect([err.code, err.exitCode]).toEqual(['store_unavailable', 3]);
    expect(err.message).toContain(host);
    expect(err.message).toContain('may or may not');
    expect(err.hint).toContain('club log');
  });
});

describe('pg is loaded only for database stores', () => {
  const dist = join(import.meta.dirname, '../../dist');
  const chunk = (name: string) => readFileSync(join(dist, name), 'utf8');
  /** The files `file` loads when it loads (require at the top), not those it loads later (import() made require). */
  const staticClosure = (start: string[]): Set<string> => {
    const seen = new Set<string>();
    const todo = [...start];
    while (todo.length) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = chunk(file);
      for (const m of text.matchAll(/require\("\.\/([^"]+\.js)"\)/g)) {
        const before = text.slice(Math.max(0, m.index - 40), m.index);
        if (/then\(\(\) => (__toESM\()?\(?$/.test(before)) continue;
        const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
        todo.push(`${dir}${m[1]}`.replace(/^chunks\/chunks\//, 'chunks/'));
      }
    }
    return seen;
  };
  const chunksWith = (needle: string) => readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js') && chunk(`chunks/${f}`).includes(needle)).map((f) => `chunks/${f}`);

  it('the entry and the folder store (open, locate, FileStore, a command) never pull in pg', () => {
    const parts = ['function openStore(', 'FileStore = class', 'function locateStore(', 'function readLink('].map(chunksWith);
    expect(parts.map((found) => found.length > 0)).toEqual([true, true, true, true]);
    const folderPath = ['cli.js', ...parts.flat()];
    const loaded = staticClosure(folderPath);
    expect([...loaded].filter((f) => chunk(f).includes('pg-connection-string'))).toEqual([]);
    // The check can fail: what connect.ts loads does hold pg.
    const pgChunks = chunksWith('pg-connection-string').map((f) => f.slice('chunks/'.length));
    expect(pgChunks.length).toBeGreaterThan(0);
    const connectChunks = chunksWith('function passwordFromFile(');
    expect(connectChunks.some((f) => pgChunks.some((pg) => chunk(f).includes(`require("./${pg}")`)))).toBe(true);
  });
});
