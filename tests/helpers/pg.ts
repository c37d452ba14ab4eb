// For test files that need PostgreSQL: the run's shared cluster (started by global-setup.ts, see pg-cluster.ts),
// a fresh database with its own owner per test file, and describePg, which skips with the reason when there is none.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { pgUrl, type PgInfo } from './pg-cluster.js';

/** The shared cluster of this run, or null when there is none (see pgSkipReason). */
export function pgInfo(): PgInfo | null {
  const raw = process.env.CLUB_TEST_PG;
  return raw ? (JSON.parse(raw) as PgInfo) : null;
}

/** Why there is no shared cluster, or null when there is one. */
export function pgSkipReason(): string | null {
  if (pgInfo()) return null;
  return process.env.CLUB_TEST_PG_SKIP ?? 'CLUB_TEST_PG is not set (vitest did not run tests/helpers/global-setup.ts)';
}

/** describe() when PostgreSQL is there; otherwise a skipped describe whose title says why. */
export function describePg(name: string, fn: () => void): void {
  const reason = pgSkipReason();
  if (reason === null) describe(name, fn);
  else describe.skip(`${name} (skipped: ${reason})`, fn);
}

function shared(): PgInfo {
  const info = pgInfo();
  if (!info) throw new Error(`no test PostgreSQL: ${pgSkipReason()} (use describePg)`);
  return info;
}

/** The superuser's URL on the shared cluster (the `postgres` database by default). */
export function superUrl(db = 'postgres'): string {
  const info = shared();
  return pgUrl(info, info.user, info.password, db);
}

/** Runs one statement on a new connection (closed afterwards) and returns its rows. */
export async function sql<R extends Record<string, unknown> = Record<string, unknown>>(url: string, text: string, params?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A name no other test (file, worker or run) uses: prefix_pid_counter_random, lower-case, a valid identifier. */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^(?![a-z_])/, 't_').slice(0, 30);
  return `${clean}_${process.pid}_${++counter}_${randomBytes(4).toString('hex')}`;
}

export interface Login {
  user: string;
  password: string;
}

export interface TestDatabase {
  db: string;
  /** A login with CREATEROLE that owns the database (not a superuser). */
  owner: Login;
  /** postgresql://user:password@127.0.0.1:PORT/db, the owner's by default. */
  url(user?: string, password?: string): string;
}

async function createLogin(prefix: string, attributes: string): Promise<Login> {
  const user = uniqueName(prefix);
  const password = randomBytes(12).toString('hex');
  await sql(superUrl(), `CREATE ROLE ${pg.escapeIdentifier(user)} ${attributes} PASSWORD ${pg.escapeLiteral(password)}`);
  return { user, password };
}

/** A fresh role with LOGIN and a password, and no privileges. */
export function newLogin(prefix = 'club_login'): Promise<Login> {
  return createLogin(prefix, 'LOGIN');
}

/** A fresh database owned by a fresh LOGIN CREATEROLE role. Drop it in afterAll with dropDatabase(db). */
export async function newDatabase(prefix = 'club_test'): Promise<TestDatabase> {
  const info = shared();
  const owner = await createLogin(`${prefix}_owner`, 'LOGIN CREATEROLE');
  const db = uniqueName(prefix);
  await sql(superUrl(), `CREATE DATABASE ${pg.escapeIdentifier(db)} OWNER ${pg.escapeIdentifier(owner.user)}`);
  return { db, owner, url: (user = owner.user, password = owner.password) => pgUrl(info, user, password, db) };
}

/** Drops a database made by newDatabase, even with sessions still open. Logins stay: the cluster is thrown away. */
export async function dropDatabase(db: string): Promise<void> {
  await sql(superUrl(), `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(db)} WITH (FORCE)`);
}
