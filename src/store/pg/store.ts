// The PostgreSQL store (SPEC §8, §14): the same Store as a folder, on a database every admin's `club` connects to.
//
// Transactions. A read is one REPEATABLE READ, READ ONLY transaction: every table it reads is of one moment, and it
// waits for no one. A change is one transaction that first takes the club's advisory lock (pg_advisory_xact_lock,
// bounded by lock_timeout: 10 s, then exit 4), then reads, runs the command's function and writes only the rows that
// function changed, with the audit row, and commits. One writer at a time, as in a folder store, and for the same
// reasons: ids come from the counters, and rules span collections (a balance, places left, four eyes), so a command
// must see every change committed before it; commands are milliseconds long, so the queue is short. SERIALIZABLE with
// retries would give the same result with more work per command and retries a person could see; row locks cannot
// cover rows that do not exist yet (the next id). Readers never take the lock.
//
// Roles are the database's: the grants of ddl.ts decide what the login may read and write, whatever the client does.
// Roles that may not see contacts read the masked columns; their writes to members are refused by the database.
import { ID_PREFIXES } from '../../core/types.js';
import type pg from 'pg';
import type { Identity } from '../../core/access.js';
import type { StoreFs } from '../fs.js';
import { ACCESS_ROLES, isAccessRole, seesContacts, seesDonors } from '../../core/access.js';
import { ForbiddenError, NotFoundError, RuleError, StoreError, UsageError } from '../../core/errors.js';
import { compareIds } from '../../core/ids.js';
import { resolveMember } from '../../core/members/reference.js';
import { namedCondition, namedLookup } from './named.js';
import type { AuditEntry, Member, MemberSummary } from '../../core/types.js';
import { SESSION_STATUSES } from '../../core/sessions/types.js';
import type { Session, SessionSummary } from '../../core/sessions/types.js';
import { SETTING_KEYS } from '../../core/settings.js';
import { t, useClubLang } from '../../i18n/index.js';
import { jsonLines } from '../../io/json-lines.js';
import { CURRENT_SCHEMA_VERSION, DATA_SCHEMA_VERSION } from '../migrations.js';
import { MEMBERS_PER_FILE, SESSIONS_PER_BLOCK, dateWindow, isPartitioned, isSplit } from '../partitions.js';
import type { PartScope, PartitionedName, Scope } from '../partitions.js';
import { derivedFileOf } from '../derived.js';
import type { Derived } from '../derived.js';
import { STATUS_BY_LETTER, sessionNumber, timelineOf } from '../../core/sessions/timeline.js';
import type { SessionTimeline } from '../../core/sessions/timeline.js';
import { presenceView } from '../presence.js';
import { parseRoster, rosterOf } from '../roster.js';
import { stampRecorded } from '../recorded.js';
import { COLLECTION_KEYS, COLLECTION_NAMES, metaSchema } from '../schema.js';
import type { CollectionName, Meta } from '../schema.js';
import type { BackupBundle, ClubRecords } from '../bundle.js';
import type { BundleSink } from '../backup-stream.js';
import { FILE_MODE } from '../file-store.js';
import type { AccessEntry, CheckOptions, IdCollection, ScopeArg, Snapshot, Store, StoreCounts, StoreInfo, StoredTemplate, UpdateOutcome } from '../types.js';
import { durableWrite, validateCollection, validateRecords, validateWith } from '../validated-json-file.js';
import { verifyChain } from './audit.js';
import type { AuditRow } from './audit.js';
import { fromPgError, commitFailed } from './errors.js';
import { CONTACTS, HIDDEN_COLUMNS, TABLES, groupRole, ident, insertOf, keyOfRow, keyTextColumns, restoreHidden, tableOf, upsertOf } from './tables.js';
import { referencedReceipts, sha256Of } from '../../core/money/receipts.js';
import type { ReceiptFile } from '../../core/money/receipts.js';
import type { Expense } from '../../core/money/types.js';
import type { TableSpec } from './tables.js';
import type { UpgradeResult } from './upgrade.js';

export interface PgStoreOptions {
  fs: StoreFs;
  /** The URL without its password, for people. */
  location: string;
  /** The server, for messages ("127.0.0.1:5432"). */
  host: string;
  /** Opens the connection (connect.ts). */
  connect: () => Promise<pg.Client>;
  /** `--by` or $CLUB_ACTOR, kept as "on behalf of": the actor is the login. */
  onBehalf: string | null;
  command: string;
  now: Date;
  warn?: (message: string) => void;
  /** The longest wait for the club's lock, in ms (10 s; CLUB_LOCK_WAIT_MS shortens it in tests). */
  waitMs?: number;
}

/** The club's write lock: one club per database, so one key. */
const CLUB_LOCK = 0x636c7562; // "club"

interface Loaded {
  snapshot: Record<string, unknown>;
  /** Each collection's records as read, by key: their JSON text, to find what a change replaced. */
  texts: Map<CollectionName, Map<string, string>>;
  /** The whole collections read only in part (sessions by id): a record not read may still have a row. */
  partial: Set<CollectionName>;
}

/** A set that keeps no key: for a walk of checkTable whose records carry their rows' keys, held apart by the primary key. */
const NO_KEYS: Set<string> = new (class extends Set<string> {
  override add(): this {
    return this;
  }
})();

export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  private client: pg.Client | undefined;
  private who: (Identity & { db: string }) | undefined;
  /** The meta row read with the transaction's BEGIN, until readMeta() takes it. */
  private prefetched: MetaRow[] | undefined;

  constructor(private readonly options: PgStoreOptions) {}

  get location(): string {
    return this.options.location;
  }

  async identity(): Promise<Identity> {
    const { user, role, memberId } = await this.whoAmI();
    return { user, role, memberId };
  }

  /**
   * Says goodbye (Terminate) and ends the socket without waiting for the server to close its side, which takes its
   * backend's exit (1–40 ms on the bench's machine): every transaction has committed or rolled back by now. The
   * socket no longer holds the process open; its pending write still does, so the goodbye is sent.
   */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    void client.end().catch(() => undefined);
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  }

  async info(): Promise<StoreInfo> {
    const who = await this.whoAmI();
    const meta = await this.transaction('read', () => this.readMeta());
    return { kind: 'postgres', location: this.location, schemaVersion: meta.schemaVersion, user: who.user, role: who.role };
  }

  async read<K extends CollectionName>(names: readonly K[], scope?: ScopeArg<K>): Promise<Snapshot<K>> {
    await this.whoAmI();
    return this.transaction('read', async () => (await this.load(names, scope)).snapshot as Snapshot<K>);
  }

  async update<K extends CollectionName, R>(names: readonly K[], fn: (draft: Snapshot<K>) => UpdateOutcome<R>, scope?: ScopeArg<K>): Promise<R> {
    await this.whoAmI();
    return this.transaction('write', async () => {
      const loaded = await this.load(names, scope, false, this.options.onBehalf);
      const before = loaded.snapshot;
      const draft = { ...before } as Snapshot<K>;
      const outcome = fn(draft);
      if (!outcome.audit) return outcome.result;
      // A database keeps no automatic backups of its own (pg_dump files are the admins' to handle).
      outcome.backups?.done({ rewritten: [], unreadable: [] });
      const tz = draft.meta.settings.timezone;
      for (const name of names) {
        const next = (draft as Record<string, unknown>)[name] as unknown[];
        if (next === before[name]) continue;
        stampRecorded(next, this.options.now, tz);
        await this.writeChanges(name, loaded.texts.get(name)!, next, loaded.partial.has(name));
      }
      if (draft.meta !== before.meta) await this.writeMeta(before.meta as Meta, draft.meta);
      if (outcome.receipts?.length) await this.writeReceipts(outcome.receipts);
      const members = (draft as { members?: readonly Member[] }).members;
      const by = this.options.onBehalf;
      await this.appendAudit(outcome.audit.summary, outcome.audit.refs ?? [], by !== null && members ? actorAsMember(by, members) : by);
      return outcome.result;
    });
  }

  /** Read through a cursor in id order, validated a batch at a time: the text of every record, never all of them parsed. */
  async readLines(name: IdCollection): Promise<Uint8Array> {
    await this.whoAmI();
    return this.transaction('read', async () => {
      await this.readMeta();
      const where = `club.${tableOf(name).table}`;
      const seen = new Set<string>();
      const parts: Buffer[] = [];
      let count = 0;
      for await (const rows of this.cursor<Record<string, string | null>>(`${await this.selectRecords(name)} ORDER BY length(id), id COLLATE "C"`)) {
        const records = rows.map((row) => PgStore.recordOf(name, row));
        validateRecords(name, records, where, seen, count);
        count += records.length;
        parts.push(Buffer.from(`${parts.length ? ',\n' : '[\n'}${records.map((r) => JSON.stringify(r)).join(',\n')}`));
      }
      return parts.length ? Buffer.concat([...parts, Buffer.from('\n]\n')]) : Buffer.from(jsonLines([]));
    });
  }

  async readAudit(): Promise<AuditEntry[]> {
    const rows = await this.transaction('read', () => this.auditRows());
    return rows.map((row) => ({
      at: row.at,
      actor: row.actor,
      command: row.command,
      summary: row.summary,
      refs: JSON.parse(row.refs) as string[],
      ...(row.onBehalf !== null ? { by: row.onBehalf } : {}),
    }));
  }

  /** The latest audit row's hash (`club log --head`), or null for an empty log. */
  async auditHead(): Promise<string | null> {
    const rows = await this.query<{ hash: string }>('SELECT hash FROM club.audit ORDER BY seq DESC LIMIT 1');
    return rows[0]?.hash ?? null;
  }

  async check(options: CheckOptions = {}): Promise<StoreCounts> {
    await this.whoAmI();
    return this.transaction('read', async () => {
      await this.readMeta();
      // Each table a batch at a time through a cursor: memory that does not grow with the club.
      const counted = new Map<CollectionName, number>();
      for (const name of COLLECTION_NAMES) counted.set(name, await this.checkTable(name));
      await this.checkColumns();
      await this.checkedReceipts((await this.records('expenses')).records as Expense[]);
      const audit = await this.auditRows();
      verifyChain(audit, options.head);
      options.counted?.({ ...(Object.fromEntries(counted) as Record<CollectionName, number>), audit: audit.length });
      const n = (name: CollectionName) => counted.get(name)!;
      return {
        members: n('members'),
        sessions: n('sessions'),
        attendance: n('attendance'),
        ledger: n('ledger'),
        surveys: n('surveys'),
        responses: n('responses'),
        tasks: n('tasks'),
        activities: n('activities'),
        registrations: n('registrations'),
        staff: n('staff'),
        hours: n('hours'),
      };
    });
  }

  /**
   * Every typed column must say what its record (`doc`) says: balances and reports filter on the columns, so one
   * changed in psql alone would count points no record holds. Exit 3 naming the table, the row and the column.
   */
  private async checkColumns(): Promise<void> {
    for (const spec of TABLES) {
      const copied = spec.columns.filter((c) => c.field !== undefined && !(spec.collection === 'members' && (CONTACTS as readonly string[]).includes(c.name)));
      const differs = copied.map((c) => `x.${ident(c.name)} IS DISTINCT FROM d.${ident(c.field!)}`);
      const rows = await this.query<{ key: string; col: string }>(
        `SELECT concat_ws('/', ${spec.key.map((k) => `x.${ident(k)}`).join(', ')}) AS key,
           CASE ${copied.map((c, i) => `WHEN ${differs[i]} THEN ${literalOf(c.name)}`).join(' ')} END AS col
         FROM club.${ident(spec.table)} x CROSS JOIN LATERAL json_to_record(x.doc) AS d(${copied.map((c) => `${ident(c.field!)} ${c.type}`).join(', ')})
         WHERE ${differs.join(' OR ')} LIMIT 1`,
      );
      if (rows[0]) throw new StoreError('store_invalid', t('pgs.columnDiffers', { table: `club.${spec.table}`, key: rows[0].key, column: rows[0].col }), t('pgs.columnDiffers.hint'));
    }
  }

  /** A database keeps no derived files: there is nothing to rebuild. */
  async repair(): Promise<string[]> {
    await this.check();
    return [];
  }

  async backup(outFile?: string): Promise<{ file: string; bytes: number }> {
    if (outFile === undefined) throw new UsageError(t('pgs.backupNeedsOut'), t('pgs.backupNeedsOut.hint'));
    const { writeBackupFile } = await import('../backup-stream.js');
    return writeBackupFile(this.options.fs, outFile, FILE_MODE, (sink) => this.writeBackup(sink));
  }

  /** Every record, the audit log and the templates, of one moment (one REPEATABLE READ transaction). */
  async bundle(): Promise<BackupBundle> {
    const who = await this.whoAmI();
    if (!seesContacts(who.role)) throw new ForbiddenError(t('pgs.backupRole', { role: who.role }));
    const { bundleOf } = await import('../bundle.js');
    const whole = await this.transaction('read', async () => {
      const templates = await this.query<{ name: string; body: string }>('SELECT name, body FROM club.templates ORDER BY name');
      const access = await this.query<{ user: string; memberId: string | null }>('SELECT login AS "user", member_id AS "memberId" FROM club.access ORDER BY login');
      const { snapshot } = await this.load(COLLECTION_NAMES);
      // Receipts embedded as base64 under their SHA-256 (SPEC §14), each verified as it is read.
      const receipts = Object.fromEntries(Object.entries(await this.checkedReceipts(snapshot.expenses as Expense[])).map(([sha256, b]) => [sha256, b.toString('base64')]));
      return {
        ...snapshot,
        ...(Object.keys(receipts).length ? { receipts } : {}),
        audit: await this.readAuditForBundle(),
        ...(templates.length ? { templates: Object.fromEntries(templates.map((r) => [r.name, r.body])) } : {}),
        ...(access.length ? { access } : {}),
      };
    });
    return bundleOf(whole as ClubRecords, this.options.now);
  }

  /**
   * One REPEATABLE READ transaction: each table read through a cursor a batch at a time, validated, in an order that
   * keeps each of a folder store's files together (a partition's records, in the order they were added), each file's
   * records handed on as they come; the derived files as the server sums them up; partitions' spans as they go by.
   */
  async writeBackup(sink: BundleSink): Promise<void> {
    const who = await this.whoAmI();
    if (!seesContacts(who.role)) throw new ForbiddenError(t('pgs.backupRole', { role: who.role }));
    const { derivedByName } = await import('../derived.js');
    type DerivedName = keyof typeof derivedByName;
    const { entryLines, fileOfRecord } = await import('../backup-stream.js');
    const { spanOf } = await import('../partitions.js');
    await this.transaction('read', async () => {
      const meta = await this.readMeta();
      await sink.head({ schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: this.options.now.toISOString(), meta });
      const partitions: Record<string, { from: string | null; to: string | null }> = {};
      let expenses: Expense[] = [];
      for (const name of COLLECTION_NAMES) {
        const where = `club.${tableOf(name).table}`;
        let count = 0;
        const rowsOf = this.cursor<Record<string, string | null>>(`${await this.selectRecords(name)} ORDER BY ${FILE_ORDER[name] ?? ''}seq`);
        // Each record validated; its key is unique across the table by the table's primary key (its columns are the
        // record's, which club check verifies), so the keys of half a million rows are not kept to compare.
        const records = (async function* () {
          for await (const rows of rowsOf) {
            const batch = rows.map((row) => PgStore.recordOf(name, row));
            validateRecords(name, batch, where, new Set(), count);
            count += batch.length;
            if (name === 'expenses') expenses.push(...(batch as unknown as Expense[]));
            yield batch;
          }
        })();
        const files = await eachFileRun(records, (record) => fileOfRecord(name, record), async (file, parts) => {
          const span: unknown[] = [];
          await sink.file(file, 'array', (async function* () {
            for await (const part of parts) {
              if (isPartitioned(name)) {
                const { from, to } = spanOf(part);
                span.push({ at: from }, { at: to });
              }
              yield part.map((r) => JSON.stringify(r));
            }
          })());
          // Blocks of members and sessions are listed too, with no span (partitions.ts).
          if (isSplit(name)) partitions[file] = isPartitioned(name) ? spanOf(span) : { from: null, to: null };
        });
        // A collection kept whole has its file even when it is empty.
        if (files === 0 && !isSplit(name)) await sink.file(`${name}.json`, 'array', []);
      }
      // The derived files as the server sums them up, a batch of members at a time in id order (as the files are).
      const byId = (column: string) => `ORDER BY length(${column}), ${column} COLLATE "C"`;
      const derived: Array<[DerivedName, string, (rows: Array<Record<string, string>>) => Map<string, unknown>]> = [
        ['balances', `SELECT member_id, sum(delta)::text AS sum FROM club.ledger GROUP BY member_id HAVING sum(delta) <> 0 ${byId('member_id')}`, (rows) => new Map(rows.map((r) => [r.member_id!, Number(r.sum)]))],
        ['presence', `${PRESENCE_SQL} GROUP BY member_id ${byId('member_id')}`, (rows) => new Map(rows.map((r) => [r.member_id!, r.marks]))],
        ['roster', `SELECT doc::text AS doc FROM club.members ${byId('id')}`, (rows) => rosterOf(rows.map((r) => JSON.parse(r.doc!) as unknown))],
      ];
      for (const [name, sql, valueOf] of derived) {
        // Each in its blocks of members (roster.b0.json: m1–m999, …), listed in store.json like the collections' blocks;
        // none for no entries. The entries come in id order, so a block's are together.
        const index = derivedByName[name] as unknown as Derived<unknown>;
        const entries = (async function* (this: PgStore) {
          for await (const rows of this.cursor<Record<string, string>>(sql)) yield [...valueOf(rows)];
        }).call(this);
        await eachFileRun(entries, ([id]) => derivedFileOf(index, id), async (file, parts) => {
          await sink.file(file, 'object', (async function* () {
            for await (const part of parts) yield entryLines(index.serialize(new Map(part)));
          })());
          partitions[file] = { from: null, to: null };
        });
      }
      // Not the calendar: a restore makes it from the sessions (derived.ts, BACKED_UP).
      const receipts = Object.fromEntries(Object.entries(await this.checkedReceipts(expenses)).map(([sha256, b]) => [sha256, b.toString('base64')]));
      expenses = [];
      const templates = await this.query<{ name: string; body: string }>('SELECT name, body FROM club.templates ORDER BY name');
      const access = await this.query<{ user: string; memberId: string | null }>('SELECT login AS "user", member_id AS "memberId" FROM club.access ORDER BY login');
      await sink.tail({
        partitions,
        audit: await this.readAuditForBundle(),
        ...(templates.length ? { templates: Object.fromEntries(templates.map((r) => [r.name, r.body])) } : {}),
        ...(Object.keys(receipts).length ? { receipts } : {}),
        ...(access.length ? { access } : {}),
      });
    });
  }

  /** The rows of `sql`, 2,000 at a time through a cursor (in the transaction under way). */
  private async *cursor<R>(sql: string): AsyncGenerator<R[]> {
    await this.query(`DECLARE club_rows NO SCROLL CURSOR FOR ${sql}`);
    try {
      for (;;) {
        const rows = await this.query<R>('FETCH 2000 FROM club_rows');
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await this.query('CLOSE club_rows').catch(() => undefined);
    }
  }

  async readTemplate(name: string): Promise<(StoredTemplate & { text: string }) | null> {
    const rows = await this.query<{ body: string }>('SELECT body FROM club.templates WHERE name = $1', [name]);
    return rows[0] ? { name, where: this.templateWhere(name), text: rows[0].body } : null;
  }

  async listTemplates(): Promise<StoredTemplate[]> {
    const rows = await this.query<{ name: string }>('SELECT name FROM club.templates ORDER BY name');
    return rows.map((r) => ({ name: r.name, where: this.templateWhere(r.name) }));
  }

  async writeTemplate(name: string, text: string): Promise<StoredTemplate> {
    await this.whoAmI();
    await this.transaction('write', async () => {
      await this.query(
        'INSERT INTO club.templates (name, body, recorded_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, recorded_at = EXCLUDED.recorded_at',
        [name, text, this.options.now.toISOString()],
      );
      await this.appendAudit(`template ${name}`, [], this.options.onBehalf);
    });
    return { name, where: this.templateWhere(name) };
  }

  async listAccess(): Promise<AccessEntry[]> {
    const who = await this.whoAmI();
    return this.transaction('read', () => this.accessRows(who.db));
  }

  async grantAccess(user: string, role: (typeof ACCESS_ROLES)[number], memberId: string | null): Promise<AccessEntry> {
    const who = await this.whoAmI();
    return this.transaction('write', async () => {
      const login = await this.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [user]);
      if (!login[0]?.rolcanlogin) throw new NotFoundError(t('pgs.noLogin', { user }), t('pgs.noLogin.hint', { user }));
      if (role !== 'owner') await this.refuseLastOwner(who.db, user);
      for (const r of ACCESS_ROLES) await this.query(`REVOKE ${ident(groupRole(who.db, r))} FROM ${ident(user)}`);
      await this.query(`GRANT ${ident(groupRole(who.db, role))} TO ${ident(user)}${role === 'owner' ? ' WITH ADMIN OPTION' : ''}`);
      await this.query('INSERT INTO club.access (login, member_id) VALUES ($1, $2) ON CONFLICT (login) DO UPDATE SET member_id = EXCLUDED.member_id', [user, memberId]);
      await this.appendAudit(`granted ${role} to the login ${user}`, memberId ? [memberId] : [], this.options.onBehalf);
      return { user, role, memberId };
    });
  }

  async revokeAccess(user: string): Promise<void> {
    const who = await this.whoAmI();
    await this.transaction('write', async () => {
      const rows = await this.accessRows(who.db);
      if (!rows.some((r) => r.user === user)) throw new NotFoundError(t('pgs.noAccess', { user }));
      await this.refuseLastOwner(who.db, user);
      for (const r of ACCESS_ROLES) await this.query(`REVOKE ${ident(groupRole(who.db, r))} FROM ${ident(user)}`);
      await this.query('DELETE FROM club.access WHERE login = $1', [user]);
      await this.appendAudit(`revoked the login ${user}`, [], this.options.onBehalf);
    });
  }

  /** `club store upgrade`: an older club brought to this club's schemaVersion, in one transaction under the lock. */
  async upgrade(): Promise<UpgradeResult> {
    await this.whoAmI();
    const { upgradeClub } = await import('./upgrade.js');
    return this.transaction(
      'write',
      async () => {
        // Its statements' errors as PostgreSQL raised them, so the upgrade can say what a refused GRANT means.
        const client = await this.connection();
        const raw = async <R>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as R[];
        try {
          return await upgradeClub(raw, { now: this.options.now, command: this.options.command, onBehalf: this.options.onBehalf });
        } catch (err) {
          throw fromPgError(err, this.options.host, { waitMs: this.lockWait() });
        }
      },
      { anyVersion: true },
    );
  }

  // --- reading ---------------------------------------------------------------------------------------------------

  /** `actor`: for a change, the member its audit may name (`--by`), whom a scope of some members reads too. */
  private async load(names: readonly CollectionName[], scopeArg?: ScopeArg<CollectionName>, verify = false, actor: string | null = null): Promise<Loaded> {
    const meta = await this.readMeta();
    const loaded: Loaded = { snapshot: { meta }, texts: new Map(), partial: new Set() };
    // The sessions a scope names, when it is known before the reading (a scope function is given what was read).
    const sessionIds = verify || typeof scopeArg === 'function' ? undefined : scopeArg?.sessionIds;
    for (const name of names) {
      if (isPartitioned(name) || name === 'members') continue;
      await this.readTable(loaded, name, name === 'sessions' && sessionIds ? { sql: 'id = ANY($1)', params: [sessionIds] } : undefined);
    }
    const scope: Scope | undefined = typeof scopeArg === 'function' ? scopeArg(loaded.snapshot as never) : scopeArg;
    for (const name of names.filter(isPartitioned)) await this.readTable(loaded, name, partWhere(name, verify ? undefined : scope?.[name]));
    const memberIds = typeof scope?.memberIds === 'function' ? scope.memberIds(loaded.snapshot as never) : scope?.memberIds;
    let only = verify ? undefined : memberIds;
    if (!verify && (scope?.memberRefs || scope?.memberContacts || (only && actor !== null))) {
      // The members the references may name, found by the server (named.ts), with those named by id and memberIds.
      const { ids, keys, params } = namedLookup([...(scope!.memberRefs ?? []), ...(actor === null ? [] : [actor])], scope!.memberContacts ?? [], meta.counters.member);
      const byId = [...new Set([...(only ?? []), ...ids])];
      const where: Where = keys.length === 0 ? { sql: 'id = ANY($1)', params: [byId] } : { sql: `id = ANY($1) OR ${namedCondition(2, !seesContacts((await this.whoAmI()).role))}`, params: [byId, ...params] };
      if (names.includes('members')) {
        await this.readTable(loaded, 'members', where);
        only = [...new Set([...byId, ...(loaded.snapshot.members as Member[]).map((m) => m.id)])];
      } else {
        only = [...new Set([...byId, ...(await this.query<{ id: string }>(`SELECT id FROM club.members WHERE ${where.sql}`, where.params)).map((r) => r.id)])];
      }
    } else if (names.includes('members')) await this.readTable(loaded, 'members', only ? { sql: 'id = ANY($1)', params: [only] } : undefined);
    if (scope?.balances) loaded.snapshot.balances = await this.balances(only);
    if (scope?.presence) loaded.snapshot.presence = await this.presence(only);
    if (scope?.roster) {
      const members = loaded.snapshot.members as unknown[] | undefined;
      loaded.snapshot.roster = members ? rosterOf(members) : await this.roster(only);
    }
    if (scope?.calendar) {
      const sessions = loaded.partial.has('sessions') ? undefined : (loaded.snapshot.sessions as Session[] | undefined);
      loaded.snapshot.calendar = sessions ? timelineOf(sessionSummaries(sessions)) : await this.timeline();
    }
    return loaded;
  }

  private async readTable(loaded: Loaded, name: CollectionName, where?: Where): Promise<void> {
    const { records, texts } = await this.records(name, where);
    loaded.snapshot[name] = records;
    loaded.texts.set(name, texts);
    if (where && !isPartitioned(name)) loaded.partial.add(name);
  }

  /**
   * What a command counting attendance reads of the sessions (Snapshot.calendar), as one row: every session's id,
   * start (its typed column, which `club check` holds to the record, in milliseconds) and status (a letter), each
   * column one text with the sessions in the same order, and the stored audiences as one JSON object. A row object for
   * each of 5,000 sessions, with the start cut out of each record's text, cost more than the counting; so did sorting
   * in each aggregate (the three columns come in the scan's one order, and are put in id order here when they are
   * not). A missing start or an unknown status is refused naming the row.
   */
  private async timeline(): Promise<SessionTimeline> {
    const letters = SESSION_STATUSES.map((status) => `WHEN '${status}' THEN '${status[0]}'`).join(' ');
    const [row] = await this.query<{ ids: string | null; starts: string | null; statuses: string | null; audiences: Record<string, string> | null }>(
      `SELECT string_agg(id, ',') AS ids,
         string_agg(coalesce((extract(epoch FROM starts_at) * 1000)::bigint::text, 'null'), ',') AS starts,
         string_agg(CASE status ${letters} ELSE '?' END, '') AS statuses,
         json_object_agg(id, doc->>'audience') FILTER (WHERE CASE WHEN strpos(doc::text, '"audience"') > 0 THEN doc->>'audience' IS NOT NULL ELSE false END) AS audiences
       FROM club.sessions`,
    );
    if (!row?.ids) return timelineOf([]);
    const ids = row.ids.split(',');
    const starts = JSON.parse(`[${row.starts}]`) as Array<number | null>;
    const statuses = row.statuses!;
    const bad = (id: string) => new StoreError('store_invalid', t('pgs.badSummary', { where: 'club.sessions', id }), t('pgs.columnDiffers.hint'));
    // An id with a comma in it (written with psql) would shift the columns: refused.
    if (starts.length !== ids.length || statuses.length !== ids.length) throw bad(ids.find((id) => Number.isNaN(sessionNumber(id))) ?? ids[0]!);
    const numbers = ids.map(sessionNumber);
    // In id order: the order the rows were inserted in, nearly always.
    let order: number[] | null = null;
    for (let i = 1; i < numbers.length && !order; i++) if (!(numbers[i - 1]! < numbers[i]!)) order = numbers.map((_, j) => j).sort((x, y) => numbers[x]! - numbers[y]!);
    const timeline = { numbers: new Float64Array(ids.length), starts: new Float64Array(ids.length), statuses: new Uint8Array(ids.length), audiences: new Map<number, string>() };
    const statusOf = STATUS_BY_LETTER;
    for (let k = 0; k < ids.length; k++) {
      const i = order ? order[k]! : k;
      const letter = statuses.charCodeAt(i);
      const start = starts[i];
      if (Number.isNaN(numbers[i]!) || statusOf[letter] === undefined || typeof start !== 'number') throw bad(ids[i]!);
      timeline.numbers[k] = numbers[i]!;
      timeline.starts[k] = start;
      timeline.statuses[k] = letter;
    }
    for (const [id, audience] of Object.entries(row.audiences ?? {})) timeline.audiences.set(sessionNumber(id), audience);
    return timeline;
  }

  /** The documents of a table's rows (with the members' contacts from their columns), as records; `more` selects more columns. */
  private async selectRecords(name: CollectionName, more = ''): Promise<string> {
    const masked = name === 'members' && !seesContacts((await this.whoAmI()).role);
    // An anonymous donation's donor, an anonymous donor's name and member only for those who may see them (the
    // database refuses the others anyway): the others read donor_id_public, and the donor's doc as it is.
    const hidden = HIDDEN_COLUMNS[name];
    const sees = hidden !== undefined && seesDonors((await this.whoAmI()).role);
    const contacts =
      name === 'members'
        ? `, ${CONTACTS.map((c) => (masked ? `${ident(`${c}_masked`)} AS ${ident(c)}` : ident(c))).join(', ')}`
        : sees
          ? `, ${hidden!.map(ident).join(', ')}`
          : name === 'donations'
            ? ', donor_id_public AS donor_id'
            : '';
    return `SELECT doc::text AS doc${contacts}${more} FROM club.${ident(tableOf(name).table)}`;
  }

  private static recordOf(name: CollectionName, row: Record<string, string | null>): Record<string, unknown> {
    const record = JSON.parse(row.doc!) as Record<string, unknown>;
    if (name === 'members') for (const c of CONTACTS) record[c] = row[c] ?? null;
    // The hidden columns, when they were read (selectRecords reads them for those who may see them; a donation's
    // public donor, as donor_id, otherwise).
    if (HIDDEN_COLUMNS[name]?.some((c) => c in row)) restoreHidden(name, record, row);
    return record;
  }

  /**
   * club check of one table: its records validated 2,000 at a time, read through a cursor; their count.
   *
   * A duplicate key is found without keeping the keys (half a million each for attendance and the ledger at 5x the
   * large club): the table's primary key holds its key columns unique, so while every record's key is the key its
   * row's columns make, no two records share one. A record whose key is not its row's (a doc edited behind club's
   * back) sends the check through the table again keeping every key, to name the first duplicate, or the first
   * record that is not valid, as a folder store's check does.
   */
  private async checkTable(name: CollectionName): Promise<number> {
    return (await this.walkTable(name, false)) ?? (await this.walkTable(name, true))!;
  }

  /** One walk of checkTable: null when, keeping no keys, it met a record whose key is not its row's. */
  private async walkTable(name: CollectionName, keepKeys: boolean): Promise<number | null> {
    const spec = tableOf(name);
    const where = `club.${spec.table}`;
    const seen = new Set<string>();
    let count = 0;
    await this.query(`DECLARE club_check NO SCROLL CURSOR FOR ${await this.selectRecords(name, keepKeys ? '' : `, ${keyTextColumns(spec)}`)} ORDER BY seq`);
    try {
      for (;;) {
        const rows = await this.query<Record<string, string | null>>('FETCH 2000 FROM club_check');
        if (rows.length === 0) break;
        const records = rows.map((row) => PgStore.recordOf(name, row));
        if (!keepKeys && records.some((r, j) => typeof r !== 'object' || r === null || COLLECTION_KEYS[name](r as never) !== keyOfRow(spec, rows[j]!))) return null;
        validateRecords(name, records, where, keepKeys ? seen : NO_KEYS, count);
        count += rows.length;
      }
    } finally {
      await this.query('CLOSE club_check').catch(() => undefined);
    }
    return count;
  }

  /** A table's records in the order they were added, validated as a folder store's files are. */
  private async records(name: CollectionName, where?: Where): Promise<{ records: unknown[]; texts: Map<string, string> }> {
    const spec = tableOf(name);
    const rows = await this.query<Record<string, string | null>>(`${await this.selectRecords(name)}${where ? ` WHERE ${where.sql}` : ''} ORDER BY seq`, where?.params);
    const records: unknown[] = rows.map((row) => PgStore.recordOf(name, row));
    validateCollection(name, records, `club.${spec.table}`);
    const texts = new Map<string, string>();
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as Record<string, unknown>;
      texts.set(COLLECTION_KEYS[name](record as never), name === 'members' || HIDDEN_COLUMNS[name] ? JSON.stringify(record) : rows[i]!.doc!);
    }
    return { records, texts };
  }

  /**
   * Each member's summary as roster.json holds it, put together by the server from the members' documents and
   * checked with roster.json's schema: the summaries' fields only, instead of every whole record parsed and validated
   * (the large club's 10,000 members, for `attendance` and the reports).
   */
  private async roster(only?: readonly string[]): Promise<Map<string, MemberSummary>> {
    const list = (field: string, keys: readonly string[]) =>
      `(SELECT coalesce(json_agg(json_build_object(${keys.map((k) => `'${k}', x.v->'${k}'`).join(', ')}) ORDER BY x.i), '[]'::json)
          FROM json_array_elements(CASE json_typeof(doc->'${field}') WHEN 'array' THEN doc->'${field}' ELSE '[]'::json END) WITH ORDINALITY AS x(v, i))`;
    const rows = await this.query<{ roster: string }>(
      `SELECT coalesce(json_object_agg(id, json_build_object('id', id, 'name', doc->'name', 'status', doc->'status', 'joinedAt', doc->'joinedAt',
                'referrerId', doc->'referrerId', 'warnings', ${list('warnings', ['at', 'reason'])}, 'history', ${list('history', ['status', 'date', 'reason', 'at'])}) ORDER BY seq), '{}'::json)::text AS roster
       FROM club.members${only ? ' WHERE id = ANY($1)' : ''}`,
      only ? [only] : [],
    );
    return parseRoster(JSON.parse(rows[0]!.roster), 'club.members');
  }

  private async balances(only?: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.query<{ member_id: string; sum: string }>(
      `SELECT member_id, sum(delta)::text AS sum FROM club.ledger${only ? ' WHERE member_id = ANY($1)' : ''} GROUP BY member_id HAVING sum(delta) <> 0`,
      only ? [only] : [],
    );
    return new Map(rows.map((r) => [r.member_id, Number(r.sum)]).sort(([a], [b]) => compareIds(a as string, b as string)) as Array<[string, number]>);
  }

  /**
   * Each member's statuses encoded as presence.json holds them ("s1p s5l s9e": sessions in id order, s + digits), put
   * together by the server: one row a member instead of one a check-in (30,000 rows for the typical club's attendance).
   */
  private async presence(only?: readonly string[]) {
    const rows = await this.query<{ member_id: string; marks: string }>(`${PRESENCE_SQL}${only ? ' WHERE member_id = ANY($1)' : ''} GROUP BY member_id`, only ? [only] : []);
    return presenceView(new Map(rows.map((r) => [r.member_id, r.marks])));
  }


  private async readMeta(): Promise<Meta> {
    // Asked in the transaction's first round trip (transaction()), or here when it was not.
    const rows = this.prefetched ? this.prefetched.splice(0) : await this.query<MetaRow>(META_SQL);
    this.prefetched = undefined;
    const row = rows[0];
    if (!row) throw new StoreError('store_invalid', t('pgs.noMeta'));
    if (row.schema_version > CURRENT_SCHEMA_VERSION) {
      throw new StoreError('store_too_new', t('pgs.tooNew', { version: row.schema_version, ours: CURRENT_SCHEMA_VERSION }), t('pgs.tooNew.hint'));
    }
    const settings = JSON.parse(row.settings ?? '{}') as Record<string, unknown>;
    const counters = JSON.parse(row.counters ?? '{}') as Record<string, unknown>;
    const ordered = Object.fromEntries([...SETTING_KEYS.filter((k) => k in settings), ...Object.keys(settings).filter((k) => !(SETTING_KEYS as string[]).includes(k))].map((k) => [k, settings[k]]));
    const meta = validateWith(
      metaSchema,
      {
        format: row.format,
        schemaVersion: row.schema_version,
        createdAt: row.created_at.toISOString(),
        settings: ordered,
        counters: Object.fromEntries(COUNTERS.filter((k) => k in counters).map((k) => [k, counters[k]])),
      },
      'club.meta',
    );
    useClubLang(meta.settings.lang);
    return meta;
  }

  /** In the order of their numbers: `a.seq`, as a plain `seq` would sort the text column of the same name (1, 10, 2). */
  private async auditRows(): Promise<AuditRow[]> {
    const rows = await this.query<{ seq: string; at: string; actor: string; on_behalf: string | null; command: string; summary: string; refs: string; prev_hash: string; hash: string }>(
      `SELECT a.seq::text AS seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, on_behalf, command, summary, refs::text AS refs, prev_hash, hash
       FROM club.audit a ORDER BY a.seq`,
    );
    return rows.map((r) => ({ seq: Number(r.seq), at: r.at, actor: r.actor, onBehalf: r.on_behalf, command: r.command, summary: r.summary, refs: r.refs, prevHash: r.prev_hash, hash: r.hash }));
  }

  /**
   * The audit log as a folder store's audit.jsonl holds it, for backups: a folder's entry has one actor, so a row
   * made on behalf of someone (--by, or the original actor of a row copied in) reads `login/on_behalf`.
   */
  private async readAuditForBundle(): Promise<string> {
    const rows = await this.auditRows();
    const actor = (r: AuditRow) => (r.onBehalf === null ? r.actor : `${r.actor}/${r.onBehalf}`);
    return rows.map((r) => `${JSON.stringify({ at: r.at, actor: actor(r), command: r.command, summary: r.summary, refs: JSON.parse(r.refs) as string[] })}\n`).join('');
  }

  private async accessRows(db: string): Promise<AccessEntry[]> {
    const groups = ACCESS_ROLES.map((r) => groupRole(db, r));
    const rows = await this.query<{ login: string; grp: string; member_id: string | null }>(
      `SELECT r.rolname AS login, g.rolname AS grp, a.member_id
       FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles r ON r.oid = am.member
       LEFT JOIN club.access a ON a.login = r.rolname
       WHERE g.rolname = ANY($1) AND r.rolcanlogin ORDER BY r.rolname`,
      [groups],
    );
    const best = new Map<string, AccessEntry>();
    for (const row of rows) {
      const role = ACCESS_ROLES[groups.indexOf(row.grp)]!;
      const had = best.get(row.login);
      if (!had || ACCESS_ROLES.indexOf(role) < ACCESS_ROLES.indexOf(had.role)) best.set(row.login, { user: row.login, role, memberId: row.member_id });
    }
    return [...best.values()];
  }

  private async refuseLastOwner(db: string, user: string): Promise<void> {
    const owners = (await this.accessRows(db)).filter((r) => r.role === 'owner');
    if (owners.length === 1 && owners[0]!.user === user) throw new RuleError(t('pgs.lastOwner', { user }), t('pgs.lastOwner.hint'));
  }

  // --- writing ---------------------------------------------------------------------------------------------------

  /** Writes the records of `next` that differ from what was read, and deletes the ones it dropped. */
  private async writeChanges(name: CollectionName, before: Map<string, string>, next: readonly unknown[], partial: boolean): Promise<void> {
    const spec = tableOf(name);
    const key = COLLECTION_KEYS[name] as (record: unknown) => string;
    const changed: Array<Record<string, unknown>> = [];
    const added: Array<Record<string, unknown>> = [];
    const kept = new Set<string>();
    // Collections read whole: a record not read is a new row. (Attendance, the ledger and members may be read in part,
    // and sessions by id, so a record not read may have a row already: those are upserted as before.)
    const whole = !isPartitioned(name) && name !== 'members' && !partial;
    for (const record of next) {
      const k = key(record);
      kept.add(k);
      if (whole && !before.has(k)) added.push(record as Record<string, unknown>);
      else if (before.get(k) !== JSON.stringify(record)) changed.push(record as Record<string, unknown>);
    }
    const dropped = [...before.keys()].filter((k) => !kept.has(k));
    if (dropped.length) {
      const keyRows = dropped.map((k) => keyColumns(spec, k));
      await this.query(
        `DELETE FROM club.${ident(spec.table)} WHERE (${spec.key.map(ident).join(', ')}) IN (SELECT ${spec.key.map(ident).join(', ')} FROM json_to_recordset($1::json) AS x(${spec.key.map((c) => `${ident(c)} ${typeOf(spec, c)}`).join(', ')}))`,
        [JSON.stringify(keyRows)],
      );
    }
    // New rows by a plain INSERT: a role that may only add rows (a clerk's expense) needs no UPDATE privilege.
    if (added.length) {
      const insert = insertOf(spec, added);
      await this.query(insert.text, insert.params);
    }
    if (!changed.length) return;
    const upsert = upsertOf(spec, changed);
    await this.query(upsert.text, upsert.params);
  }

  /** Adds the receipts a change keeps (each once: one the database holds already is left as it is). */
  private async writeReceipts(files: readonly ReceiptFile[]): Promise<void> {
    for (const file of files) {
      await this.query('INSERT INTO club.receipts (sha256, size, bytes, recorded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [
        file.sha256,
        file.bytes.length,
        Buffer.from(file.bytes),
        this.options.now.toISOString(),
      ]);
    }
  }

  async readReceipt(sha256: string): Promise<Uint8Array | null> {
    await this.whoAmI();
    const rows = await this.transaction('read', () => this.query<{ bytes: Buffer }>('SELECT bytes FROM club.receipts WHERE sha256 = $1', [sha256]));
    return rows[0]?.bytes ?? null;
  }

  /** Every receipt the expenses list, verified against its hash: exit 3 naming the first missing or changed one. */
  private async checkedReceipts(expenses: readonly Expense[]): Promise<Record<string, Buffer>> {
    const refs = referencedReceipts(expenses);
    const found: Record<string, Buffer> = {};
    if (refs.size === 0) return found;
    const rows = await this.query<{ sha256: string; bytes: Buffer }>('SELECT sha256, bytes FROM club.receipts WHERE sha256 = ANY($1::text[])', [[...refs.keys()]]);
    const bytes = new Map(rows.map((r) => [r.sha256, r.bytes]));
    for (const [sha256, id] of refs) {
      const b = bytes.get(sha256);
      if (!b) throw new StoreError('store_invalid', t('receipt.missingInStore', { sha256, id }), t('receipt.checkHint'));
      if (sha256Of(b) !== sha256) throw new StoreError('store_invalid', t('receipt.badHash', { sha256 }), t('receipt.checkHint'));
      found[sha256] = b;
    }
    return found;
  }

  private async writeMeta(before: Meta, after: Meta): Promise<void> {
    for (const [key, value] of Object.entries(after.settings)) {
      if (JSON.stringify(value) === JSON.stringify((before.settings as Record<string, unknown>)[key])) continue;
      await this.query('INSERT INTO club.settings (key, value) VALUES ($1, $2::json) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, JSON.stringify(value)]);
    }
    for (const [name, value] of Object.entries(after.counters)) {
      if (value === (before.counters as Record<string, number>)[name]) continue;
      await this.query('UPDATE club.counters SET value = $2 WHERE name = $1', [name, value]);
    }
  }

  private async appendAudit(summary: string, refs: readonly string[], by: string | null): Promise<void> {
    await this.query('SELECT club.audit_append($1, $2, $3, $4::json, $5)', [this.options.now.toISOString(), this.options.command, summary, JSON.stringify(refs), by]);
  }

  // --- the connection --------------------------------------------------------------------------------------------

  /**
   * Who the login is in this club, asked once per run, in one round trip: the login, the database, which of the club's
   * roles it holds and the member it is linked to. Without a club in the database, or for a login with none of its
   * roles (which may not read club.access), that query fails: then the steps one by one say which (whoAmIStepwise).
   */
  private async whoAmI(): Promise<Identity & { db: string }> {
    if (this.who) return this.who;
    const checks = ACCESS_ROLES.map((r) => `coalesce(pg_has_role(session_user, (SELECT oid FROM pg_roles WHERE rolname = current_database() || ${literalOf(groupRole('', r))}), 'USAGE'), false) AS ${r}`);
    const client = await this.connection();
    let row: Record<string, string | boolean | null> | undefined;
    try {
      row = (
        await client.query<Record<string, string | boolean | null>>(
          `SELECT session_user::text AS user, current_database()::text AS db, ${checks.join(', ')}, (SELECT member_id FROM club.access WHERE login = session_user) AS member_id, (SELECT value #>> '{}' FROM club.settings WHERE key = 'lang') AS lang`,
        )
      ).rows[0];
    } catch (err) {
      if (!NOT_A_CLUB_OF_MINE.includes((err as { code?: string }).code ?? '')) throw fromPgError(err, this.options.host);
    }
    const role = row && ACCESS_ROLES.find((r) => row[r] === true);
    if (!row || !role) return this.whoAmIStepwise();
    // The club's language from the first query: a refusal (exit 5) or a busy club (exit 4) comes before the meta.
    if (row.lang === 'zh' || row.lang === 'en') useClubLang(row.lang);
    this.who = { user: row.user as string, role, memberId: (row.member_id as string | null) ?? null, db: row.db as string };
    return this.who;
  }

  private async whoAmIStepwise(): Promise<Identity & { db: string }> {
    const rows = await this.query<{ user: string; db: string; club: boolean }>(
      `SELECT session_user::text AS user, current_database()::text AS db, to_regclass('club.meta') IS NOT NULL AS club`,
    );
    const { user, db, club } = rows[0]!;
    if (!club) throw new StoreError('store_missing', t('pgs.noClub', { db, where: this.location }), t('pgs.noClub.hint', { where: this.location }));
    const checks = ACCESS_ROLES.map((r) => `coalesce(pg_has_role(session_user, (SELECT oid FROM pg_roles WHERE rolname = ${literalOf(groupRole(db, r))}), 'USAGE'), false) AS ${r}`);
    const roles = (await this.query<Record<string, boolean>>(`SELECT ${checks.join(', ')}`))[0]!;
    const role = ACCESS_ROLES.find((r) => roles[r]);
    if (!role || !isAccessRole(role)) throw new ForbiddenError(t('pgs.noRole', { user, db }), t('pgs.noRole.hint'));
    const link = await this.query<{ member_id: string | null }>('SELECT member_id FROM club.access WHERE login = session_user').catch(() => []);
    this.who = { user, role, memberId: link[0]?.member_id ?? null, db };
    return this.who;
  }

  private async connection(): Promise<pg.Client> {
    if (!this.client) {
      try {
        this.client = await this.options.connect();
      } catch (err) {
        throw fromPgError(err, this.options.host);
      }
      // A connection that drops between queries is reported by the next query; until then, nothing to do.
      this.client.on('error', () => undefined);
    }
    return this.client;
  }

  private async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
    const client = await this.connection();
    try {
      return (await client.query(text, params as unknown[])).rows as T[];
    } catch (err) {
      throw fromPgError(err, this.options.host, { waitMs: this.lockWait() });
    }
  }

  /**
   * Runs `fn` in one transaction: a read in a REPEATABLE READ, READ ONLY snapshot; a write under the club's lock.
   * Anything thrown rolls it back. A connection lost during COMMIT may or may not have committed: exit 3 says so.
   */
  private async transaction<T>(mode: 'read' | 'write', fn: () => Promise<T>, options: { anyVersion?: boolean } = {}): Promise<T> {
    // One round trip opens it: BEGIN (and for a write the lock wait and the lock), then the meta row, which every
    // command reads first, as statements of one simple query. A write's meta statement runs after the lock is taken,
    // so under READ COMMITTED it sees every change committed before. (Each statement was a round trip of its own.)
    const begin =
      mode === 'read'
        ? ['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY']
        : ['BEGIN ISOLATION LEVEL READ COMMITTED', `SET LOCAL lock_timeout = ${this.lockWait()}`, `SELECT pg_advisory_xact_lock(${CLUB_LOCK})`];
    const client = await this.connection();
    let result: T;
    try {
      let results: pg.QueryResult[];
      try {
        results = (await client.query([...begin, META_SQL].join(';\n'))) as unknown as pg.QueryResult[];
      } catch (err) {
        throw fromPgError(err, this.options.host, { waitMs: this.lockWait() });
      }
      this.prefetched = results.at(-1)!.rows as MetaRow[];
      // A club made by an older club lacks tables and records this one needs: every command but the upgrade
      // (upgrade.ts, run by its owner) is refused, those that read no meta (the log, access) included.
      const version = this.prefetched[0]?.schema_version;
      // A club of a version that changed only the folder store's files holds the same tables (DATA_SCHEMA_VERSION).
      if (!options.anyVersion && version !== undefined && version < DATA_SCHEMA_VERSION) {
        throw new StoreError('store_too_old', t('upgrade.tooOld', { version, ours: CURRENT_SCHEMA_VERSION }), t('upgrade.tooOld.hint', { where: this.location.replace(/^(postgres(?:ql)?:\/\/)[^@/]*@/, '$1OWNER@') }));
      }
      result = await fn();
    } catch (err) {
      this.prefetched = undefined;
      await this.client?.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    this.prefetched = undefined;
    try {
      await this.client!.query('COMMIT');
    } catch (err) {
      const mapped = fromPgError(err, this.options.host);
      if (mapped instanceof StoreError && mapped.code === 'store_unavailable') throw commitFailed(this.options.host);
      throw mapped;
    }
    return result;
  }

  /** lock_timeout in ms: 10 s, or CLUB_LOCK_WAIT_MS. */
  private lockWait(): number {
    return Math.max(1, Math.floor(this.options.waitMs ?? 10_000));
  }

  private templateWhere(name: string): string {
    return `${this.location} (club.templates: ${name})`;
  }
}

interface MetaRow {
  format: string;
  schema_version: number;
  created_at: Date;
  settings: string | null;
  counters: string | null;
}

const META_SQL = `SELECT m.format, m.schema_version, m.created_at,
    (SELECT json_object_agg(key, value) FROM club.settings)::text AS settings,
    (SELECT json_object_agg(name, value) FROM club.counters)::text AS counters
  FROM club.meta m`;

/** The fields of a session's summary (SessionSummary), each read from its document. */
const SUMMARY_FIELDS = ['id', 'startsAt', 'endsAt', 'status', 'audience'] as const satisfies ReadonlyArray<keyof SessionSummary>;
// Every field of SessionSummary is read: one added to the type must be added above.
const _everySummaryField: Exclude<keyof SessionSummary, (typeof SUMMARY_FIELDS)[number]> extends never ? true : never = true;
void _everySummaryField;

/** The summaries of sessions already read whole. */
function sessionSummaries(sessions: readonly Session[]): SessionSummary[] {
  return sessions
    .map((s) => Object.fromEntries(SUMMARY_FIELDS.filter((f) => s[f] !== undefined).map((f) => [f, s[f]])) as unknown as SessionSummary)
    .sort((a, b) => compareIds(a.id, b.id));
}

/** What whoAmI's one query fails with when the database holds no club, or the login holds none of its roles. */
const NOT_A_CLUB_OF_MINE = ['42P01', '3F000', '42501'];

const COUNTERS = Object.keys(ID_PREFIXES);

/** Each member's statuses as presence.json holds them, before its WHERE and GROUP BY member_id (presence()). */
const PRESENCE_SQL = `SELECT member_id, string_agg(session_id || CASE status WHEN 'present' THEN 'p' WHEN 'late' THEN 'l' WHEN 'excused' THEN 'e' WHEN 'absent' THEN 'a' END, ' '
                ORDER BY length(session_id), session_id COLLATE "C") AS marks
       FROM club.attendance`;

/**
 * How a backup orders a table's rows before `seq`, so that the records of each folder store file come together
 * (backup-stream.ts's fileOfRecord): attendance by its session's partition, the ledger by its session's partition or
 * month, as partitions.ts's partitionKey files them.
 */
/**
 * The items of `batches`, in an order that keeps each file's items together, handed to `onFile` a file at a time as
 * the batches of that file's items, as they come (a backup's files are written in one piece, never held whole);
 * returns how many files there were. A file met twice means the order did not keep it together: a bug, not data.
 */
async function eachFileRun<T>(batches: AsyncIterable<T[]>, fileOf: (item: T) => string, onFile: (file: string, parts: AsyncIterable<T[]>) => Promise<void>): Promise<number> {
  const source = batches[Symbol.asyncIterator]();
  let pending: T[] = [];
  let done = false;
  const pull = async (): Promise<boolean> => {
    const next = done ? null : await source.next();
    if (!next || next.done) {
      done = true;
      return false;
    }
    pending = pending.length ? [...pending, ...next.value] : next.value;
    return true;
  };
  const sent = new Set<string>();
  try {
    for (await pull(); pending.length > 0; ) {
      const file = fileOf(pending[0]!);
      if (sent.has(file)) throw new Error(`internal: ${file} is not read in one piece`);
      sent.add(file);
      await onFile(file, (async function* () {
        for (;;) {
          let i = 0;
          while (i < pending.length && fileOf(pending[i]!) === file) i++;
          if (i > 0) {
            const part = pending.slice(0, i);
            pending = pending.slice(i);
            yield part;
          }
          if (pending.length > 0 || !(await pull())) return;
        }
      })());
    }
  } finally {
    await source.return?.(undefined);
  }
  return sent.size;
}

const FILE_ORDER: Partial<Record<CollectionName, string>> = {
  // Id blocks (partitions.ts: MEMBERS_PER_FILE, SESSIONS_PER_BLOCK); any other id in members.other.json, last.
  members: `CASE WHEN doc->>'id' ~ '^m[0-9]+$' THEN floor(substring(doc->>'id' from 2)::numeric / ${MEMBERS_PER_FILE}) ELSE 1e18 END, `,
  sessions: `CASE WHEN doc->>'id' ~ '^s[0-9]+$' THEN floor(substring(doc->>'id' from 2)::numeric / ${SESSIONS_PER_BLOCK}) ELSE 1e18 END, `,
  attendance: `CASE WHEN doc->>'sessionId' ~ '^s[0-9]+$' THEN floor(substring(doc->>'sessionId' from 2)::numeric / 16) ELSE -1 END, `,
  ledger: `CASE WHEN doc->>'kind' = 'auto' AND doc->>'ref' ~ '^s[0-9]+$' THEN 's' || floor(substring(doc->>'ref' from 2)::numeric / 16)::text
            WHEN doc->>'at' ~ '^[0-9]{4}-[0-9]{2}' THEN left(doc->>'at', 7) ELSE 'other' END, `,
};

interface Where {
  sql: string;
  params?: unknown[];
}

/** The rows of attendance or the ledger a scope asks for (SPEC: partitions.ts), or all without one. */
function partWhere(name: PartitionedName, scope: PartScope | undefined): Where | undefined {
  if (!scope) return undefined;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.sessions) {
    params.push(scope.sessions);
    parts.push(name === 'attendance' ? `session_id = ANY($${params.length})` : `(kind = 'auto' AND ref = ANY($${params.length}))`);
  }
  const window: { from?: Date; to?: Date } = scope.days ? dateWindow(scope.days.from, scope.days.to) : scope;
  if (window.from || window.to) {
    const bounds: string[] = [];
    if (window.from) {
      params.push(window.from.toISOString());
      bounds.push(`at >= $${params.length}`);
    }
    if (window.to) {
      params.push(window.to.toISOString());
      bounds.push(`at < $${params.length}`);
    }
    parts.push(`(${bounds.join(' AND ')})`);
  }
  return { sql: parts.length ? parts.join(' OR ') : 'false', params };
}

/** The key columns' values of a record key (COLLECTION_KEYS: `s3/m12`, `s3#2`, `s3/topic/m4`, `p17`). */
function keyColumns(spec: TableSpec, key: string): Record<string, unknown> {
  const values = spec.key.length === 1 ? [key] : key.split(/[/#]/);
  return Object.fromEntries(spec.key.map((c, i) => [c, typeOf(spec, c) === 'integer' ? Number(values[i]) : values[i]]));
}

const typeOf = (spec: TableSpec, column: string): string => spec.columns.find((c) => c.name === column)!.type;

const literalOf = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** `--by M`: the member's id when it names one member (no name in the log), else the text as given (SPEC §14). */
function actorAsMember(actor: string, members: readonly Member[]): string {
  try {
    return resolveMember(members, actor).id;
  } catch {
    return actor;
  }
}
