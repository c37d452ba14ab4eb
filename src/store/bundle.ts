// A backup file (`club backup`) is one JSON document laid out as a folder store's files (store.json, each
// collection's file, the partitions of attendance and the ledger, the derived files) with the audit log as JSON Lines,
// and the store's own templates by name (`templates`, absent in backups made before templates were kept).
// A database store writes the same layout from its records, so any backup restores into either kind of store, and
// `club store copy` moves a club through the same bundle.
import type { StoreFs } from './fs.js';
import { BACKED_UP, byFile } from './derived.js';
import { FILE_MODE, META_FILE, collectionFile } from './file-store.js';
import { CURRENT_SCHEMA_VERSION } from './migrations.js';
import { filesOf, groupByFile, isSplit, mergeParts, spanFor } from './partitions.js';
import type { PartitionInfo } from './partitions.js';
import { COLLECTION_NAMES } from './schema.js';
import type { Collections, Meta } from './schema.js';
import { durableWrite } from './validated-json-file.js';
import { UsageError } from '../core/errors.js';
import { SHA256_RE, referencedReceipts, sha256Of } from '../core/money/receipts.js';
import type { ReceiptFile } from '../core/money/receipts.js';
import { t } from '../i18n/index.js';

export interface BackupBundle {
  format: 'clubadmin-backup';
  schemaVersion: number;
  createdAt: string;
  files: Record<string, unknown>;
  audit: string;
  /** The store's own copies of report templates, by file name (`weekly.zh.md.hbs`). */
  templates?: Record<string, string>;
  /** Receipt files (SPEC §14): base64 under their SHA-256; absent when no expense lists one. */
  receipts?: Record<string, string>;
  /**
   * A database's links of logins to members (`access grant … --member`), not the logins or their roles. A folder
   * store has none; restored into a folder they are left out.
   */
  access?: AccessLink[];
}

export interface AccessLink {
  user: string;
  memberId: string | null;
}

/** A whole club as records: the meta, every collection, the audit log as JSON Lines, the store's templates. */
export type ClubRecords = { meta: Meta; audit: string; templates?: Record<string, string>; access?: AccessLink[]; receipts?: Record<string, string> } & Collections;

/** A whole club (every collection, the meta, the audit log as JSON Lines) laid out as a folder store's files. */
export function bundleOf(club: ClubRecords, now: Date): BackupBundle {
  const files: Record<string, unknown> = {};
  const partitions: Record<string, PartitionInfo> = {};
  for (const name of COLLECTION_NAMES) {
    const records = club[name] as unknown[];
    if (!isSplit(name)) {
      files[collectionFile(name)] = records;
      continue;
    }
    for (const [file, part] of groupByFile(name, records)) {
      files[file] = part;
      partitions[file] = spanFor(name, part);
    }
  }
  // Not the refs blocks nor the calendar (derived.ts, BACKED_UP, says why).
  for (const index of BACKED_UP) {
    const value = index.build(club[index.source] as unknown[]);
    if (!index.blocked) files[index.file] = JSON.parse(index.serialize(value));
    else {
      for (const [file, part] of byFile(index, value)) {
        files[file] = JSON.parse(index.serialize(part));
        partitions[file] = { from: null, to: null };
      }
    }
  }
  const { digests: _digests, partitions: _partitions, ...meta } = club.meta;
  void _digests;
  void _partitions;
  files[META_FILE] = { ...meta, partitions };
  return {
    format: 'clubadmin-backup',
    schemaVersion: CURRENT_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    files,
    audit: club.audit,
    ...(club.templates ? { templates: club.templates } : {}),
    ...(club.access ? { access: club.access } : {}),
    ...(club.receipts ? { receipts: club.receipts } : {}),
  };
}

/**
 * The records of a bundle (the inverse of bundleOf): each collection in the order a folder store reads it (partition
 * files and blocks in their order, the ledger in id order). A collection kept whole in an older layout
 * (`members.json` before schemaVersion 9) is read from that file. Not validated here: the store that takes them
 * validates.
 */
export function recordsOf(bundle: BackupBundle): { meta: Meta; collections: Collections } {
  const meta = bundle.files[META_FILE] as Meta;
  const collections: Record<string, unknown[]> = {};
  for (const name of COLLECTION_NAMES) {
    if (!isSplit(name) || Array.isArray(bundle.files[collectionFile(name)])) {
      const records = bundle.files[collectionFile(name)];
      collections[name] = Array.isArray(records) ? records : [];
      continue;
    }
    const parts = filesOf(meta, name).map((file) => bundle.files[file]).filter(Array.isArray) as unknown[][];
    collections[name] = parts.length ? mergeParts(name, parts) : [];
  }
  return { meta, collections: collections as unknown as Collections };
}

/**
 * The receipts of a bundle as bytes, each checked against its SHA-256, and every receipt an expense lists present:
 * a usage error (exit 2) naming the first that is not.
 */
export function receiptsOf(bundle: BackupBundle, expenses: ReadonlyArray<{ id: string; receipts: ReadonlyArray<{ sha256: string }> }>): ReceiptFile[] {
  const raw = bundle.receipts ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(t('receipt.badBundle', { sha256: '(receipts)' }));
  const files: ReceiptFile[] = [];
  for (const [sha256, b64] of Object.entries(raw)) {
    const bytes = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : null;
    if (!SHA256_RE.test(sha256) || !bytes || sha256Of(bytes) !== sha256) throw new UsageError(t('receipt.badBundle', { sha256 }));
    files.push({ sha256, bytes });
  }
  for (const [sha256, id] of referencedReceipts(expenses)) {
    if (!(sha256 in raw)) throw new UsageError(t('receipt.notInBundle', { sha256, id }));
  }
  return files;
}

export function bundleText(bundle: BackupBundle): string {
  return `${JSON.stringify(bundle, null, 1)}\n`;
}

export async function writeBundle(fs: StoreFs, outFile: string, club: ClubRecords, now: Date): Promise<{ file: string; bytes: number }> {
  const text = bundleText(bundleOf(club, now));
  await durableWrite(fs, outFile, text, FILE_MODE);
  return { file: outFile, bytes: Buffer.byteLength(text) };
}
