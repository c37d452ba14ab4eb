// The statements that make a club in a database (club init --store URL), run by the database's owner in one
// transaction: the group roles, the schema and tables owned by a NOLOGIN role, the grants of SPEC §14 "Who may run
// what", the append-only, hash-chained audit log, and the guard on store-wide settings.
import { CONTACTS, HIDDEN_COLUMNS, TABLES, groupRole, ident } from './tables.js';
import type { TableSpec } from './tables.js';
import { CLERK_TABLES, TREASURER_TABLES } from './tables.js';
import { refsIndexDdl } from './named.js';

/** The settings only an owner may change (SPEC §14). */
export const OWNER_SETTINGS = ['name', 'lang', 'timezone', 'weekStart', 'currency'] as const;

/** Tables that are not collections: the store's own. */
const STORE_TABLES = ['meta', 'settings', 'counters', 'audit', 'access', 'templates', 'receipts'] as const;

/**
 * Receipt files (SPEC §10), each once under the SHA-256 of its bytes, which the database checks. A clerk and a
 * treasurer add them with their expenses; nobody changes or removes one (purge keeps receipts for the accounts).
 */
export const RECEIPTS_DDL = [
  `CREATE TABLE club.receipts (sha256 text PRIMARY KEY CHECK (sha256 = encode(sha256(bytes), 'hex')), size bigint NOT NULL CHECK (size = octet_length(bytes)), bytes bytea NOT NULL, recorded_at timestamptz NOT NULL)`,
];

/** The table of one collection (club store upgrade creates the ones an older club lacks with it). */
export function collectionTableDdl(spec: TableSpec): string {
  const cols = spec.columns.map((c) => `${ident(c.name)} ${c.type}${spec.key.includes(c.name) ? ' NOT NULL' : ''}`);
  return `CREATE TABLE club.${ident(spec.table)} (seq bigint GENERATED ALWAYS AS IDENTITY, ${cols.join(', ')}, doc json NOT NULL, PRIMARY KEY (${spec.key.map(ident).join(', ')}))`;
}

/** The indexes of a collection's table beside its primary key, made with the table. */
const INDEXES: Readonly<Record<string, readonly string[]>> = {
  attendance: ['member_id', 'at'],
  ledger: ['member_id', 'at', 'ref'],
};

export const indexDdl = (table: string): string[] => (INDEXES[table] ?? []).map((column) => `CREATE INDEX ON club.${ident(table)} (${ident(column)})`);

export function tableDdl(): string[] {
  return [
    ...TABLES.map(collectionTableDdl),
    `CREATE TABLE club.meta (id integer PRIMARY KEY CHECK (id = 1), format text NOT NULL, schema_version integer NOT NULL, created_at timestamptz NOT NULL)`,
    `CREATE TABLE club.settings (key text PRIMARY KEY, value json NOT NULL)`,
    `CREATE TABLE club.counters (name text PRIMARY KEY, value integer NOT NULL CHECK (value >= 0))`,
    `CREATE TABLE club.audit (seq bigint PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, on_behalf text, command text NOT NULL, summary text NOT NULL, refs json NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, txid bigint NOT NULL DEFAULT txid_current())`,
    `CREATE INDEX ON club.audit (txid)`,
    `CREATE TABLE club.access (login text PRIMARY KEY, member_id text)`,
    `CREATE TABLE club.templates (name text PRIMARY KEY, body text NOT NULL, recorded_at timestamptz NOT NULL)`,
    ...RECEIPTS_DDL,
    ...TABLES.flatMap((spec) => indexDdl(spec.table)),
    refsIndexDdl(),
  ];
}

/**
 * The audit row's hash: SHA-256 over the previous row's hash and this row's fields, each as its byte length and its
 * text (so no two rows read alike). auditHash in audit.ts computes the same in JavaScript for `club check`.
 */
const AUDIT_FUNCTIONS = (owner: string) => [
  `CREATE FUNCTION club.audit_field(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$ SELECT coalesce(octet_length(x)::text || ':' || x, '-') || E'\\n' $f$`,
  `CREATE FUNCTION club.audit_hash(prev text, seq bigint, at timestamptz, actor text, on_behalf text, command text, summary text, refs text) RETURNS text
     LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, club AS $f$
     SELECT encode(sha256(convert_to(prev || E'\\n' || seq::text || E'\\n' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\\n'
       || club.audit_field(actor) || club.audit_field(on_behalf) || club.audit_field(command) || club.audit_field(summary) || club.audit_field(refs), 'UTF8')), 'hex') $f$`,
  // The only way into the audit log for every club role: the actor is the login, never what the client says.
  `CREATE FUNCTION club.audit_append(p_at timestamptz, p_command text, p_summary text, p_refs json, p_by text) RETURNS text
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, club AS $f$
     DECLARE v_seq bigint; v_prev text; v_hash text;
     BEGIN
       LOCK TABLE club.audit IN SHARE ROW EXCLUSIVE MODE;
       SELECT a.seq, a.hash INTO v_seq, v_prev FROM club.audit a ORDER BY a.seq DESC LIMIT 1;
       v_seq := coalesce(v_seq, 0) + 1;
       v_prev := coalesce(v_prev, '');
       v_hash := club.audit_hash(v_prev, v_seq, p_at, session_user::text, p_by, p_command, p_summary, p_refs::text);
       INSERT INTO club.audit VALUES (v_seq, p_at, session_user, p_by, p_command, p_summary, p_refs, v_prev, v_hash);
       RETURN v_hash;
     END $f$`,
  `REVOKE ALL ON FUNCTION club.audit_append(timestamptz, text, text, json, text) FROM PUBLIC`,
  // No change without its audit row: a write to any of the club's tables (from club, or from psql with a role's
  // grants) must be committed with a row added by club.audit_append in the same transaction, naming the login.
  `CREATE FUNCTION club.require_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, club AS $f$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM club.audit a WHERE a.txid = txid_current()) THEN
         RAISE EXCEPTION 'a change to club.% needs its audit row: make it with club, or call club.audit_append in the same transaction', TG_TABLE_NAME
           USING ERRCODE = 'insufficient_privilege';
       END IF;
       RETURN NULL;
     END $f$`,
  // Store-wide settings are the owner's (the tables' owner writes them at init).
  `CREATE FUNCTION club.settings_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, club AS $f$
     BEGIN
       IF coalesce(NEW.key, OLD.key) IN (${OWNER_SETTINGS.map((k) => `'${k}'`).join(', ')})
          AND current_user::text <> ${literal(owner.replace(/_owner$/, '_data'))}
          AND NOT pg_has_role(current_user, ${literal(owner)}, 'USAGE') THEN
         RAISE EXCEPTION 'only the club''s owner may change the setting %', coalesce(NEW.key, OLD.key) USING ERRCODE = 'insufficient_privilege';
       END IF;
       RETURN coalesce(NEW, OLD);
     END $f$`,
  `CREATE TRIGGER settings_guard BEFORE INSERT OR UPDATE OR DELETE ON club.settings FOR EACH ROW EXECUTE FUNCTION club.settings_guard()`,
];

/** The deferred check on every table a change can touch (require_audit). */
export function auditedDdl(tables: readonly string[] = [...TABLES.map((t) => t.table), 'settings', 'counters', 'templates', 'access', 'receipts']): string[] {
  return tables.map(
    (t) => `CREATE CONSTRAINT TRIGGER audited AFTER INSERT OR UPDATE OR DELETE ON club.${ident(t)} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION club.require_audit()`,
  );
}

export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Grants of each group role (SPEC §14): viewer reads (contacts masked), clerk records, admin changes, owner all. */
export function grantDdl(db: string): string[] {
  const r = (role: Parameters<typeof groupRole>[1]) => ident(groupRole(db, role));
  const members = TABLES.find((t) => t.collection === 'members')!;
  const visible = ['seq', ...members.columns.map((c) => c.name).filter((c) => !(CONTACTS as readonly string[]).includes(c)), 'doc'];
  // Tables with columns only the treasurer's roles read (who gave anonymously): the others read the rest.
  const guarded = TABLES.filter((t) => HIDDEN_COLUMNS[t.collection] !== undefined);
  const guardedVisible = (spec: TableSpec): string[] => ['seq', ...spec.columns.map((c) => c.name).filter((c) => !HIDDEN_COLUMNS[spec.collection]!.includes(c)), 'doc'];
  const collections = TABLES.filter((t) => t.collection !== 'members' && !guarded.includes(t)).map((t) => `club.${ident(t.table)}`);
  const clerk = CLERK_TABLES.map((t) => `club.${ident(t)}`);
  const treasurer = TREASURER_TABLES.map((t) => `club.${ident(t)}`);
  return [
    `GRANT USAGE ON SCHEMA club TO ${r('viewer')}`,
    `GRANT SELECT ON ${[...collections, ...STORE_TABLES.map((t) => `club.${t}`), 'club.members_public', 'club.donations_public', 'club.donors_public'].join(', ')} TO ${r('viewer')}`,
    `GRANT SELECT (${visible.map(ident).join(', ')}) ON club.members TO ${r('viewer')}`,
    `GRANT SELECT ON club.members TO ${r('admin')}`,
    // Who gave an anonymous donation is the treasurer's to know (admin and owner include the treasurer's role).
    ...guarded.flatMap((spec) => [
      `REVOKE SELECT ON club.${ident(spec.table)} FROM ${r('viewer')}`,
      `GRANT SELECT (${guardedVisible(spec).map(ident).join(', ')}) ON club.${ident(spec.table)} TO ${r('viewer')}`,
      `GRANT SELECT ON club.${ident(spec.table)} TO ${r('treasurer')}`,
    ]),
    `GRANT SELECT ON club.donations_public, club.donors_public TO ${r('treasurer')}`,
    `GRANT INSERT, UPDATE, DELETE ON ${clerk.join(', ')} TO ${r('clerk')}`,
    `GRANT INSERT, UPDATE, DELETE ON ${treasurer.join(', ')} TO ${r('treasurer')}`,
    // A clerk submits expenses (SPEC §14): new rows only, so that approving one through psql is refused.
    `GRANT INSERT ON club.expenses, club.receipts TO ${r('clerk')}`,
    `GRANT INSERT ON club.receipts TO ${r('treasurer')}`,
    `GRANT UPDATE ON club.counters TO ${r('clerk')}, ${r('treasurer')}`,
    `GRANT EXECUTE ON FUNCTION club.audit_append(timestamptz, text, text, json, text) TO ${r('clerk')}, ${r('treasurer')}`,
    `GRANT INSERT, UPDATE, DELETE ON ${['club.members', ...collections, ...guarded.map((t) => `club.${ident(t.table)}`), 'club.templates'].join(', ')} TO ${r('admin')}`,
    `GRANT INSERT, UPDATE, DELETE ON club.settings TO ${r('admin')}`,
    `GRANT INSERT, UPDATE, DELETE ON club.access TO ${r('owner')}`,
  ];
}

/**
 * The views for reporting tools and psql sessions of roles that see contacts masked and anonymous donors hidden;
 * `club store upgrade` makes them again (CREATE OR REPLACE) before the grants.
 */
export const VIEWS = [
  `CREATE OR REPLACE VIEW club.members_public AS SELECT id, name, nick, status, role, city, joined_at, referrer_id, purged,
     email_masked AS email, phone_masked AS phone, qq_masked AS qq, wechat_masked AS wechat, recorded_at FROM club.members`,
  `CREATE OR REPLACE VIEW club.donations_public AS SELECT id, donor_id_public AS donor_id, amount, date, anonymous, thanked_at, recorded_at FROM club.donations`,
  `CREATE OR REPLACE VIEW club.donors_public AS SELECT id, name_public AS name, kind, member_id_public AS member_id, anonymous, recorded_at FROM club.donors`,
];

/** Roles: the tables' owner (NOLOGIN) and the five group roles, each including the ones below it. */
export function roleDdl(db: string): string[] {
  const r = (role: Parameters<typeof groupRole>[1]) => ident(groupRole(db, role));
  return [
    ...(['data', 'viewer', 'clerk', 'treasurer', 'admin', 'owner'] as const).map((role) => `CREATE ROLE ${r(role)} NOLOGIN`),
    `GRANT ${r('viewer')} TO ${r('clerk')}, ${r('treasurer')}`,
    `GRANT ${r('clerk')}, ${r('treasurer')} TO ${r('admin')}`,
    `GRANT ${r('admin')} TO ${r('owner')}`,
  ];
}

export function schemaDdl(db: string): string[] {
  return [`CREATE SCHEMA club`, ...tableDdl(), ...AUDIT_FUNCTIONS(groupRole(db, 'owner')), ...auditedDdl(), ...VIEWS, ...grantDdl(db)];
}
