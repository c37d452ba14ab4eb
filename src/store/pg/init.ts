// `club init --store URL`: makes the club in an empty database, in one transaction, as the database's owner (a login
// with CREATEROLE, for the group roles). The tables belong to the NOLOGIN role <db>_data, which the owner holds only
// while creating them: afterwards no login but a superuser owns the audit table.
import { ID_PREFIXES } from '../../core/types.js';
import type pg from 'pg';
import { RuleError, StoreError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { t } from '../../i18n/index.js';
import { CURRENT_SCHEMA_VERSION } from '../migrations.js';
import { ACCESS_ROLES } from '../../core/access.js';
import { literal, roleDdl, schemaDdl } from './ddl.js';
import { groupRole, ident } from './tables.js';

export interface PgInitOptions {
  settings: Settings;
  now: Date;
  /** The login that becomes the club's owner (default: the login running init). */
  owner?: string | undefined;
  command: string;
  /** The club's creation time, when it is older than the database (a copy, a restore); default `now`. */
  createdAt?: string;
  /**
   * Fills the new club (a copy, a restore) in the same transaction, as the tables' owner, instead of the audit row
   * "created the store": a failure leaves the database as it was.
   */
  fill?: (q: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>;
}

const COUNTERS = Object.keys(ID_PREFIXES);

/** True when the database already holds a club. */
export async function holdsClub(client: pg.Client): Promise<boolean> {
  const rows = (await client.query<{ club: boolean }>(`SELECT to_regclass('club.meta') IS NOT NULL AS club`)).rows;
  return rows[0]!.club;
}

export async function initDatabase(client: pg.Client, options: PgInitOptions): Promise<{ db: string; owner: string }> {
  const q = (sql: string, params?: unknown[]) => client.query(sql, params);
  const { db, me } = (await client.query<{ db: string; me: string }>('SELECT current_database()::text AS db, session_user::text AS me')).rows[0]!;
  if (Buffer.byteLength(db) > 50) throw new RuleError(t('pgs.dbNameLong', { db }));
  const owner = options.owner ?? me;
  await q('BEGIN');
  try {
    if (await holdsClub(client)) throw new RuleError(t('pgs.alreadyClub', { db }), t('pgs.alreadyClub.hint'));
    const exists = (await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[...ACCESS_ROLES, 'data'].map((r) => groupRole(db, r as never))])).rows;
    if (exists.length) throw new RuleError(t('pgs.rolesExist', { roles: exists.map((r) => r.rolname).join(', ') }), t('pgs.rolesExist.hint'));
    const login = (await client.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [owner])).rows[0];
    if (!login?.rolcanlogin) throw new RuleError(t('pgs.noLogin', { user: owner }), t('pgs.noLogin.hint', { user: owner }));
    for (const sql of roleDdl(db)) await q(sql);
    const data = ident(groupRole(db, 'data'));
    await q(`GRANT CREATE ON DATABASE ${ident(db)} TO ${data}`);
    await q(`REVOKE CONNECT, TEMPORARY ON DATABASE ${ident(db)} FROM PUBLIC`);
    await q(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${ident(groupRole(db, 'viewer'))}`);
    await q(`GRANT ${data} TO ${ident(me)}`);
    await q(`SET LOCAL ROLE ${data}`);
    for (const sql of schemaDdl(db)) await q(sql);
    await q('INSERT INTO club.meta (id, format, schema_version, created_at) VALUES (1, $1, $2, $3)', ['clubadmin', CURRENT_SCHEMA_VERSION, options.createdAt ?? options.now.toISOString()]);
    for (const [key, value] of Object.entries(options.settings)) await q('INSERT INTO club.settings (key, value) VALUES ($1, $2::json)', [key, JSON.stringify(value)]);
    for (const name of COUNTERS) await q('INSERT INTO club.counters (name, value) VALUES ($1, 0)', [name]);
    if (options.fill) await options.fill(q);
    else await q('SELECT club.audit_append($1, $2, $3, $4::json, NULL)', [options.now.toISOString(), options.command, 'created the store', '[]']);
    await q(`COMMENT ON SCHEMA club IS ${literal(`club (clubadmin): ${options.settings.name}`)}`);
    await q('RESET ROLE');
    await q(`REVOKE ${data} FROM ${ident(me)}`);
    // The owner may grant every club role (ADMIN OPTION), so an owner without CREATEROLE can run `club access`.
    const roles = ACCESS_ROLES.filter((r) => r !== 'owner').map((r) => ident(groupRole(db, r)));
    await q(`GRANT ${roles.join(', ')} TO ${ident(groupRole(db, 'owner'))} WITH ADMIN OPTION`);
    await q(`GRANT ${ident(groupRole(db, 'owner'))} TO ${ident(owner)} WITH ADMIN OPTION`);
    await q('COMMIT');
  } catch (err) {
    await q('ROLLBACK').catch(() => undefined);
    if ((err as { code?: string }).code === '42501') throw new StoreError('store_invalid', t('pgs.initPrivileges', { why: (err as Error).message }), t('pgs.initPrivileges.hint'));
    throw err;
  }
  return { db, owner };
}
