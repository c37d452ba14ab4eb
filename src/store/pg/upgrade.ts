// `club store upgrade`: brings a club made by an older club (a lower schemaVersion) to this one's, in the transaction
// PgStore opens under the club's lock, so a failure anywhere leaves the database as it was.
//
// Generic over versions: the tables TABLES has and the database lacks are created (with their indexes and the
// `audited` trigger), columns a table lacks are added and the table's rows rewritten, the grants are given again
// (grantDdl is idempotent), and the records go through the same `up` steps a folder store's files go through
// (migrations.ts); only the rows, settings and counters those steps changed or added are written. The owner login runs
// it as the tables' owner (<db>_data), which it holds only for the transaction, as `club init` does.
import { ForbiddenError, StoreError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import { CURRENT_SCHEMA_VERSION, DATA_SCHEMA_VERSION, migrate } from '../migrations.js';
import type { RawStore } from '../migrations.js';
import { COLLECTION_KEYS, COLLECTION_NAMES, metaSchema } from '../schema.js';
import type { CollectionName } from '../schema.js';
import { validateCollection, validateWith } from '../validated-json-file.js';
import { RECEIPTS_DDL, auditedDdl, collectionTableDdl, grantDdl, indexDdl, VIEWS } from './ddl.js';
import { CONTACTS, HIDDEN_COLUMNS, TABLES, groupRole, ident, restoreHidden, tableOf, upsertOf } from './tables.js';
import type { TableSpec } from './tables.js';
import { REFS_INDEX, refsIndexDdl } from './named.js';

export interface UpgradeResult {
  from: number;
  to: number;
  /** The tables created, in TABLES' order (none when the club was current). */
  created: string[];
  /** The index that finds members by name was added (a club of the current schemaVersion made before it). */
  indexed?: boolean;
}

export type Query = <T>(text: string, params?: readonly unknown[]) => Promise<T[]>;

export interface UpgradeOptions {
  now: Date;
  command: string;
  onBehalf: string | null;
}

interface Collection {
  records: Array<Record<string, unknown>>;
  /** Each record's JSON text by its key, as read. */
  texts: Map<string, string>;
}

/** Runs in an open write transaction, under the club's lock (PgStore.upgrade). */
export async function upgradeClub(q: Query, options: UpgradeOptions): Promise<UpgradeResult> {
  const [row] = await q<{ format: string; schema_version: number; created_at: Date; db: string; me: string }>(
    'SELECT m.format, m.schema_version, m.created_at, current_database()::text AS db, session_user::text AS me FROM club.meta m',
  );
  if (!row) throw new StoreError('store_invalid', t('pgs.noMeta'));
  const from = row.schema_version;
  if (from > CURRENT_SCHEMA_VERSION) throw new StoreError('store_too_new', t('pgs.tooNew', { version: from, ours: CURRENT_SCHEMA_VERSION }), t('pgs.tooNew.hint'));
  // Versions from DATA_SCHEMA_VERSION on changed only the folder store's files: the club's tables are current. A club
  // made before the index that finds members by name (named.ts) gets it, and nothing else.
  const indexed = (await q<{ index: string | null }>(`SELECT to_regclass('club.${REFS_INDEX}')::text AS index`))[0]?.index != null;
  if (from >= DATA_SCHEMA_VERSION && indexed) return { from, to: from, created: [] };

  const data = ident(groupRole(row.db, 'data'));
  // As `club init` does: the login holds the tables' owner for this transaction only. A superuser needs no grant.
  // (Not asked with pg_has_role: from PostgreSQL 16 on, the login that created the role is a member of it, with
  // ADMIN OPTION but without SET, so it must still be granted the role to SET ROLE to it.)
  const [{ held } = { held: false }] = await q<{ held: boolean }>(`SELECT rolsuper AS held FROM pg_roles WHERE rolname = session_user`);
  if (!held) {
    try {
      await q(`GRANT ${data} TO ${ident(row.me)}`);
    } catch (err) {
      // Only a login with CREATEROLE may grant it (from PostgreSQL 16 on, one with ADMIN OPTION on it: its creator).
      if ((err as { code?: string }).code === '42501') throw new ForbiddenError(t('upgrade.privileges', { user: row.me, why: (err as Error).message }), t('upgrade.privileges.hint'));
      throw err;
    }
  }
  await q(`SET LOCAL ROLE ${data}`);
  if (from >= DATA_SCHEMA_VERSION) {
    await q(refsIndexDdl(true));
    await q('RESET ROLE');
    if (!held) await q(`REVOKE ${data} FROM ${ident(row.me)}`);
    return { from, to: from, created: [], indexed: true };
  }

  const existing = new Set((await q<{ table: string }>(`SELECT table_name::text AS table FROM information_schema.tables WHERE table_schema = 'club'`)).map((r) => r.table));
  const created: string[] = [];
  const rewrite = new Set<CollectionName>();
  for (const spec of TABLES) {
    if (existing.has(spec.table)) {
      const columns = new Set(
        (await q<{ column: string }>(`SELECT column_name::text AS column FROM information_schema.columns WHERE table_schema = 'club' AND table_name = $1`, [spec.table])).map((r) => r.column),
      );
      const missing = spec.columns.filter((c) => !columns.has(c.name));
      for (const c of missing) await q(`ALTER TABLE club.${ident(spec.table)} ADD COLUMN ${ident(c.name)} ${c.type}`);
      // A new column is filled from each row's record: every row is written again.
      if (missing.length) rewrite.add(spec.collection);
      continue;
    }
    for (const sql of [collectionTableDdl(spec), ...indexDdl(spec.table), ...auditedDdl([spec.table])]) await q(sql);
    created.push(spec.table);
  }
  // The store's own tables that came after the first version (receipts: schemaVersion 8).
  if (!existing.has('receipts')) {
    for (const sql of [...RECEIPTS_DDL, ...auditedDdl(['receipts'])]) await q(sql);
    created.push('receipts');
  }
  if (!indexed) await q(refsIndexDdl(true));
  for (const sql of [...VIEWS, ...grantDdl(row.db)]) await q(sql);

  // The records, as the older club wrote them: a collection whose table is new is absent, as a file an older folder
  // store did not have, so the migration step that introduces it fills it.
  const before = new Map<CollectionName, Collection>();
  for (const spec of TABLES) if (existing.has(spec.table)) before.set(spec.collection, await readCollection(q, spec));
  const settings = await q<{ key: string; value: string }>('SELECT key, value::text AS value FROM club.settings ORDER BY key');
  const counters = await q<{ name: string; value: number }>('SELECT name, value FROM club.counters ORDER BY name');
  const raw: RawStore = {
    meta: {
      format: row.format,
      schemaVersion: from,
      createdAt: row.created_at.toISOString(),
      settings: Object.fromEntries(settings.map((s) => [s.key, JSON.parse(s.value)])),
      counters: Object.fromEntries(counters.map((c) => [c.name, c.value])),
    },
    collections: Object.fromEntries([...before].map(([name, c]) => [name, c.records])),
  };
  let next: RawStore;
  try {
    next = migrate(raw, from);
  } catch (err) {
    throw new StoreError('store_invalid', t('upgrade.failed', { from, why: (err as Error).message }));
  }
  const meta = validateWith(metaSchema, next.meta, 'club.meta');

  for (const name of COLLECTION_NAMES) {
    const spec = tableOf(name);
    const records = (next.collections[name] ?? []) as Array<Record<string, unknown>>;
    validateCollection(name, records, `club.${spec.table}`);
    await writeChanges(q, spec, before.get(name), records, rewrite.has(name));
  }
  for (const [key, value] of Object.entries(meta.settings)) {
    const had = settings.find((s) => s.key === key);
    if (had && had.value === JSON.stringify(value)) continue;
    await q('INSERT INTO club.settings (key, value) VALUES ($1, $2::json) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
  }
  for (const [name, value] of Object.entries(meta.counters)) {
    if (counters.find((c) => c.name === name)?.value === value) continue;
    await q('INSERT INTO club.counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value', [name, value]);
  }
  await q('UPDATE club.meta SET schema_version = $1', [meta.schemaVersion]);
  await q('SELECT club.audit_append($1, $2, $3, $4::json, $5)', [
    options.now.toISOString(),
    options.command,
    `upgraded the store from schemaVersion ${from} to ${meta.schemaVersion}`,
    '[]',
    options.onBehalf,
  ]);
  await q('RESET ROLE');
  if (!held) await q(`REVOKE ${data} FROM ${ident(row.me)}`);
  return { from, to: meta.schemaVersion, created };
}

/** A table's records in the order they were added; a member's contacts from their columns (doc holds null). */
async function readCollection(q: Query, spec: TableSpec): Promise<Collection> {
  const hidden = HIDDEN_COLUMNS[spec.collection];
  const contacts = spec.collection === 'members' ? `, ${CONTACTS.map(ident).join(', ')}` : hidden ? `, ${hidden.map(ident).join(', ')}` : '';
  const rows = await q<Record<string, string | null>>(`SELECT doc::text AS doc${contacts} FROM club.${ident(spec.table)} ORDER BY seq`);
  const records: Array<Record<string, unknown>> = [];
  const texts = new Map<string, string>();
  for (const row of rows) {
    const record = JSON.parse(row.doc!) as Record<string, unknown>;
    if (spec.collection === 'members') for (const c of CONTACTS) record[c] = row[c] ?? null;
    restoreHidden(spec.collection, record, row);
    records.push(record);
    texts.set(COLLECTION_KEYS[spec.collection](record as never), JSON.stringify(record));
  }
  return { records, texts };
}

/** Writes the records the migration added or changed (all of them with `all`), and deletes the ones it dropped. */
async function writeChanges(q: Query, spec: TableSpec, before: Collection | undefined, records: ReadonlyArray<Record<string, unknown>>, all: boolean): Promise<void> {
  const key = COLLECTION_KEYS[spec.collection] as (record: unknown) => string;
  const kept = new Set(records.map(key));
  const dropped = (before?.records ?? []).filter((r) => !kept.has(key(r)));
  if (dropped.length) {
    const keyColumns = spec.columns.filter((c) => spec.key.includes(c.name));
    const rows = dropped.map((r) => Object.fromEntries(keyColumns.map((c) => [c.name, c.of(r)])));
    const list = keyColumns.map((c) => ident(c.name)).join(', ');
    await q(`DELETE FROM club.${ident(spec.table)} WHERE (${list}) IN (SELECT ${list} FROM json_to_recordset($1::json) AS x(${keyColumns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')}))`, [
      JSON.stringify(rows),
    ]);
  }
  const changed = records.filter((r) => all || before?.texts.get(key(r)) !== JSON.stringify(r));
  if (!changed.length) return;
  const upsert = upsertOf(spec, changed);
  await q(upsert.text, upsert.params);
}
