// A club written into an empty database from a bundle (`club restore FILE --store URL`, `club store copy --to URL`):
// the club made as `club init --store URL` makes it, then filled in the same transaction, so a failure leaves the
// database as it was. Records keep their order and their text; settings, counters (ids are never reused) and the
// club's creation time come along; templates are the store's own copies; the links of logins to members come
// along, the logins and their roles do not (grant them again in the new club).
//
// The audit log is re-appended row by row through club.audit_append, so the chain is the database's own: each row's
// actor is the login running the copy, and the original actor is kept in `on_behalf`; one row after them says where
// the club came from.
import type pg from 'pg';
import { RuleError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import { receiptsOf, recordsOf } from '../bundle.js';
import type { BackupBundle } from '../bundle.js';
import { CURRENT_SCHEMA_VERSION, holdsCurrentData } from '../migrations.js';
import { COLLECTION_NAMES, auditEntrySchema, metaSchema } from '../schema.js';
import { validateCollection, validateWith } from '../validated-json-file.js';
import { initDatabase } from './init.js';
import { tableOf, upsertOf } from './tables.js';

export interface DbRestoreOptions {
  now: Date;
  command: string;
  /** The last audit row: where the club came from. */
  summary: string;
  owner?: string | undefined;
}

/** Rows per INSERT: a big club goes in a few statements, none of them huge. */
const CHUNK = 5000;

export async function restoreDatabase(client: pg.Client, bundle: BackupBundle, options: DbRestoreOptions): Promise<{ db: string; owner: string }> {
  // Older backups are migrated by the folder store only: restoring one into a folder first brings it up to date.
  if (!holdsCurrentData(bundle.schemaVersion)) throw new RuleError(t('pgcopy.oldBackup', { version: bundle.schemaVersion, ours: CURRENT_SCHEMA_VERSION }), t('pgcopy.oldBackup.hint'));
  // Everything is validated before the database is touched.
  const { meta, collections } = recordsOf(bundle);
  const { digests: _digests, partitions: _partitions, ...plain } = meta;
  void _digests;
  void _partitions;
  const checked = validateWith(metaSchema, plain, "the backup's store.json");
  for (const name of COLLECTION_NAMES) validateCollection(name, collections[name], `the backup's ${name}`);
  const receipts = receiptsOf(bundle, collections.expenses);
  const audit = (typeof bundle.audit === 'string' ? bundle.audit : '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => validateWith(auditEntrySchema(), JSON.parse(line), `the backup's audit log: line ${i + 1}`));

  return initDatabase(client, {
    settings: checked.settings,
    now: options.now,
    owner: options.owner,
    command: options.command,
    createdAt: checked.createdAt,
    fill: async (q) => {
      for (const [name, value] of Object.entries(checked.counters)) await q('UPDATE club.counters SET value = $2 WHERE name = $1', [name, value]);
      for (const name of COLLECTION_NAMES) {
        const records = collections[name] as unknown as Array<Record<string, unknown>>;
        for (let i = 0; i < records.length; i += CHUNK) {
          const upsert = upsertOf(tableOf(name), records.slice(i, i + CHUNK));
          await q(upsert.text, upsert.params);
        }
      }
      for (const r of receipts) {
        await q('INSERT INTO club.receipts (sha256, size, bytes, recorded_at) VALUES ($1, $2, $3, $4)', [r.sha256, r.bytes.length, Buffer.from(r.bytes), options.now.toISOString()]);
      }
      for (const [name, body] of Object.entries(bundle.templates ?? {})) {
        await q('INSERT INTO club.templates (name, body, recorded_at) VALUES ($1, $2, $3)', [name, body, options.now.toISOString()]);
      }
      for (const link of bundle.access ?? []) await q('INSERT INTO club.access (login, member_id) VALUES ($1, $2)', [link.user, link.memberId]);
      for (const entry of audit) await q('SELECT club.audit_append($1, $2, $3, $4::json, $5)', [entry.at, entry.command, entry.summary, JSON.stringify(entry.refs), entry.actor]);
      await q('SELECT club.audit_append($1, $2, $3, $4::json, NULL)', [options.now.toISOString(), options.command, options.summary, '[]']);
    },
  });
}
