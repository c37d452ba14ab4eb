// A backup file (`club backup`) is one JSON document laid out as a folder store's files (store.json, each
// collection's file, the partitions of attendance and the ledger, the derived files) with the audit log as JSON Lines.
// A database store writes the same layout from its records, so any backup restores into either kind of store.
import type { StoreFs } from './fs.js';
import { DERIVED } from './derived.js';
import { FILE_MODE, META_FILE, collectionFile } from './file-store.js';
import { CURRENT_SCHEMA_VERSION } from './migrations.js';
import { groupByFile, isPartitioned, spanOf } from './partitions.js';
import type { PartitionInfo } from './partitions.js';
import { COLLECTION_NAMES } from './schema.js';
import type { Collections, Meta } from './schema.js';
import { durableWrite } from './validated-json-file.js';

export interface BackupBundle {
  format: 'clubadmin-backup';
  schemaVersion: number;
  createdAt: string;
  files: Record<string, unknown>;
  audit: string;
}

/** A whole club (every collection, the meta, the audit log as JSON Lines) laid out as a folder store's files. */
export function bundleOf(club: { meta: Meta; audit: string } & Collections, now: Date): BackupBundle {
  const files: Record<string, unknown> = {};
  const partitions: Record<string, PartitionInfo> = {};
  for (const name of COLLECTION_NAMES) {
    const records = club[name] as unknown[];
    if (!isPartitioned(name)) {
      files[collectionFile(name)] = records;
      continue;
    }
    for (const [file, part] of groupByFile(name, records)) {
      files[file] = part;
      partitions[file] = spanOf(part);
    }
  }
  for (const index of DERIVED) files[index.file] = JSON.parse(index.serialize(index.build(club[index.source] as unknown[])));
  const { digests: _digests, partitions: _partitions, ...meta } = club.meta;
  void _digests;
  void _partitions;
  files[META_FILE] = { ...meta, partitions };
  return { format: 'clubadmin-backup', schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: now.toISOString(), files, audit: club.audit };
}

export async function writeBundle(fs: StoreFs, outFile: string, club: { meta: Meta; audit: string } & Collections, now: Date): Promise<{ file: string; bytes: number }> {
  const text = `${JSON.stringify(bundleOf(club, now), null, 1)}\n`;
  await durableWrite(fs, outFile, text, FILE_MODE);
  return { file: outFile, bytes: Buffer.byteLength(text) };
}
