// A backup's parts into an empty database a batch at a time (`club restore FILE --store URL` of a large backup,
// `club store copy --to URL`): the club made as `club init --store URL` makes it and filled in the same transaction,
// as restore.ts does from a bundle held whole, so a failure (a record that is not valid, a lost connection) leaves the
// database as it was. Every record is validated as it comes, before its batch is inserted.
import type pg from 'pg';
import { RuleError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import { NULL_SINK, auditLines, derivedOf } from '../backup-stream.js';
import type { Batches, BundleHead, BundleSink, BundleTail, FileShape } from '../backup-stream.js';
import { receiptsOf } from '../bundle.js';
import type { BackupBundle } from '../bundle.js';
import { CURRENT_SCHEMA_VERSION, holdsCurrentData } from '../migrations.js';
import { collectionOfFile, isPartitioned } from '../partitions.js';
import { COLLECTION_NAMES, auditEntrySchema, metaSchema } from '../schema.js';
import type { CollectionName } from '../schema.js';
import { validateCollection, validateRecords, validateWith } from '../validated-json-file.js';
import { initDatabase } from './init.js';
import type { DbRestoreOptions } from './restore.js';
import { ident, insertOf, tableOf } from './tables.js';

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** Rows per INSERT. */
const CHUNK = 5000;

/**
 * Runs `feed` into a sink that fills the empty database of `client`; resolves once the transaction is committed.
 * A failure of `feed` (the source's, or the sink's own) rolls it back and is thrown.
 */
export async function restoreDatabaseFrom(client: pg.Client, options: DbRestoreOptions, feed: (sink: BundleSink) => Promise<void>): Promise<{ db: string; owner: string }> {
  let release!: () => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  // Nobody waits for it when the transaction never got as far as filling.
  finished.catch(() => undefined);
  let init: Promise<{ db: string; owner: string }> | null = null;
  const sink = new DatabaseSink(options, (settings, createdAt) => {
    let entered!: (q: Query) => void;
    const ready = new Promise<Query>((resolve) => {
      entered = resolve;
    });
    init = initDatabase(client, {
      settings,
      now: options.now,
      owner: options.owner,
      command: options.command,
      createdAt,
      fill: async (q) => {
        entered(q);
        await finished;
      },
    });
    // Whichever comes first: the transaction ready to fill, or its failure (a club there already, no privilege).
    return Promise.race([ready, init.then(() => ready)]);
  });
  try {
    await feed(sink);
  } catch (err) {
    fail(err);
    await (init as Promise<unknown> | null)?.catch(() => undefined);
    throw err;
  }
  release();
  return init!;
}

class DatabaseSink implements BundleSink {
  private q: Query | null = null;
  private readonly seen = new Map<CollectionName, Set<string>>();
  private readonly counts = new Map<CollectionName, number>();
  private expenses: Array<{ id: string; receipts: Array<{ sha256: string }> }> = [];

  constructor(
    private readonly options: DbRestoreOptions,
    private readonly begin: (settings: ReturnType<typeof validateWith<typeof metaSchema>>['settings'], createdAt: string) => Promise<Query>,
  ) {}

  async head(head: BundleHead): Promise<void> {
    // Older backups are migrated by the folder store only: restoring one into a folder first brings it up to date.
    if (!holdsCurrentData(head.schemaVersion)) throw new RuleError(t('pgcopy.oldBackup', { version: head.schemaVersion, ours: CURRENT_SCHEMA_VERSION }), t('pgcopy.oldBackup.hint'));
    const checked = validateWith(metaSchema, head.meta, "the backup's store.json");
    this.q = await this.begin(checked.settings, checked.createdAt);
    for (const [name, value] of Object.entries(checked.counters)) await this.q('UPDATE club.counters SET value = $2 WHERE name = $1', [name, value]);
  }

  async file(name: string, shape: FileShape, batches: Batches): Promise<void> {
    const collection = collectionOfFile(name) as CollectionName;
    if (derivedOf(name) || !(COLLECTION_NAMES as readonly string[]).includes(collection)) {
      // The database sums these up itself.
      return NULL_SINK.file(name, shape, batches);
    }
    const where = `the backup's ${collection}`;
    if (shape !== 'array') validateCollection(collection, {}, where);
    // Keys are kept for the collection under way only (a backup holds each collection's files together), and not
    // for attendance and the ledger (half a million each at 50,000 members): a key met again there, or in another
    // collection's stretch, is refused by the table's primary key (every row a plain INSERT).
    const seen = isPartitioned(collection) ? null : (this.seen.get(collection) ?? new Set<string>());
    this.seen.clear();
    if (seen) this.seen.set(collection, seen);
    let count = this.counts.get(collection) ?? 0;
    for await (const batch of batches) {
      const records = batch.map((text) => JSON.parse(text) as Record<string, unknown>);
      validateRecords(collection, records, where, seen ?? new Set(), count);
      count += records.length;
      if (collection === 'expenses') for (const e of records as unknown as typeof this.expenses) if (Array.isArray(e.receipts)) this.expenses.push(e);
      for (let i = 0; i < records.length; i += CHUNK) {
        const insert = insertOf(tableOf(collection), records.slice(i, i + CHUNK));
        await this.q!(collection === 'ledger' ? LEDGER_INSERT : insert.text, insert.params);
      }
    }
    this.counts.set(collection, count);
  }

  async tail(tail: BundleTail): Promise<void> {
    const q = this.q!;
    const { now, command, summary } = this.options;
    const receipts = receiptsOf({ receipts: tail.receipts } as BackupBundle, this.expenses);
    const audit = auditLines(tail.audit).map((line, i) => validateWith(auditEntrySchema(), JSON.parse(line), `the backup's audit log: line ${i + 1}`));
    // Rows given their place (seq) by their id: the identity goes on after the last.
    await q(`SELECT setval(pg_get_serial_sequence('club.ledger', 'seq'), max(seq)) FROM club.ledger HAVING count(*) > 0`);
    for (const r of receipts) {
      await q('INSERT INTO club.receipts (sha256, size, bytes, recorded_at) VALUES ($1, $2, $3, $4)', [r.sha256, r.bytes.length, Buffer.from(r.bytes), now.toISOString()]);
    }
    for (const [name, body] of Object.entries(tail.templates ?? {})) {
      await q('INSERT INTO club.templates (name, body, recorded_at) VALUES ($1, $2, $3)', [name, body, now.toISOString()]);
    }
    for (const link of tail.access ?? []) await q('INSERT INTO club.access (login, member_id) VALUES ($1, $2)', [link.user, link.memberId]);
    for (const entry of audit) await q('SELECT club.audit_append($1, $2, $3, $4::json, $5)', [entry.at, entry.command, entry.summary, JSON.stringify(entry.refs), entry.actor]);
    await q('SELECT club.audit_append($1, $2, $3, $4::json, NULL)', [now.toISOString(), command, summary, '[]']);
  }
}

/**
 * The ledger's rows, placed (seq) in id order as a store reads the ledger: a backup holds it partition by partition
 * (each session's points, then each month's), not in the order the entries were made.
 */
const LEDGER_INSERT = (() => {
  const spec = tableOf('ledger');
  const cols = spec.columns.map((c) => ident(c.name));
  return `INSERT INTO club.${ident(spec.table)} (seq, ${cols.join(', ')}, doc) OVERRIDING SYSTEM VALUE
    SELECT substring(x.id from 2)::bigint, ${cols.map((c) => `x.${c}`).join(', ')}, x.doc
    FROM json_to_recordset($1::json) AS x(${spec.columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')}, doc json)`;
})();
