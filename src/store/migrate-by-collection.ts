// The one-off migration of a folder store a collection at a time (issue #24): for steps that change each record on
// its own (8→9 changes none: it puts members and sessions, and the derived files, in id blocks), the runner in
// file-store.ts need not hold the whole store (1.3 GiB for 5x the large club). Each collection file is read a batch
// of records at a time as check.ts reads it, each record validated and kept as its text for the file it goes in;
// attendance and the ledger are staged a partition file at a time, the other whole files once read; members.json and
// sessions.json are read a second time and staged a block at a time, roster.json's blocks with members'; the other
// derived files are built from their sources as those are read, and staged once each source is done. Everything is
// staged as the whole migration stages it — the same files, the same bytes, store.json's lists in the same order — and
// committed in the same one journal, after the same byte-identical backup.
//
// What a batch-at-a-time pass cannot do as the whole migration does (a file not laid out one record a line, as after
// a hand edit, or a record in another partition's file, which the whole migration moves to its own) is left to it:
// the pass stops with NotByCollection before anything is committed, and the runner migrates the store whole.
import { Low } from 'lowdb';
import { StoreError } from '../core/errors.js';
import { eachRecordBatch } from './check.js';
import { DERIVED } from './derived.js';
import type { Derived } from './derived.js';
import type { DerivedFiles } from './derived-files.js';
import type { StoreFs } from './fs.js';
import type { Migration } from './migrations.js';
import { jsonLineTexts } from '../io/json-lines.js';
import { collectionOfFile, isBlocked, isPartitioned, isSplit, partitionFile, partitionKey } from './partitions.js';
import type { BlockedName, PartitionInfo } from './partitions.js';
import { COLLECTION_NAMES } from './schema.js';
import type { CollectionName, Meta } from './schema.js';
import { validateRecords } from './validated-json-file.js';
import type { Stager } from './validated-json-file.js';

/** Bytes read at a time, and records handled at a time. */
const CHUNK = 1 << 20;
const BATCH = 2000;

/** The steps from `from` to `to` all change each record on its own (Migration.records): a collection at a time will do. */
export function migratesByCollection(migrations: readonly Migration[], from: number, to: number): boolean {
  for (let version = from; version < to; version++) if (!migrations.find((m) => m.from === version)?.records) return false;
  return true;
}

/** The pass met what only the whole migration does; nothing was committed. */
export class NotByCollection extends StoreError {
  constructor(why: string) {
    super('store_invalid', why);
  }
}

export interface ByCollectionStore {
  fs: StoreFs;
  path: (file: string) => string;
  stage: Stager;
  derivedFiles: DerivedFiles;
}

/**
 * What the commit writes to migrate the store's collection files `files` (in byFileOrder, as the runner lists them)
 * by the steps from `from` to `to`, `meta` (migrated) last: each db stages a collection's files, and the derived
 * values it is the source of, when the commit writes it, and lets them go. Once all are staged, `staged` is told
 * every file written and the meta's partitions.
 */
export function planByCollection(
  store: ByCollectionStore,
  files: readonly string[],
  migrations: readonly Migration[],
  from: number,
  to: number,
  meta: Low<Meta>,
  staged: (written: ReadonlySet<string>, partitions: Record<string, PartitionInfo>) => void,
): Array<Low<unknown>> {
  const steps = Array.from({ length: to - from }, (_, i) => migrations.find((m) => m.from === from + i)!);
  const migrated = (name: CollectionName, records: unknown[]) => steps.reduce((out, step) => step.records!(name, out), records);
  const partitions: Record<string, PartitionInfo> = {};
  const written = new Set<string>();
  const order: string[] = [];
  const derivedParts = new Map<Derived<unknown>, Record<string, PartitionInfo>>(DERIVED.map((index) => [index, {}]));
  const stageFile = async (file: string, texts: readonly string[]) => {
    written.add(file);
    order.push(file);
    await store.stage(store.path(file), jsonLinesOf(texts));
  };
  const stageDerived = async (index: Derived<unknown>, value: Map<string, unknown>) => {
    const parts = derivedParts.get(index)!;
    for (const db of store.derivedFiles.writeAll(index, value, parts)) await db.write();
  };

  /**
   * One collection, its files in order, a batch of records at a time: numbered and their keys compared across the
   * files as the whole collection's are (validateRecords, in the words of its file of the old layout, `members.json`),
   * each record's text kept for the file it goes in, the derived values it is the source of built as they come.
   * Attendance and the ledger are staged a file at a time, under the same names; the others once all is read.
   */
  const collection = async (name: CollectionName, mine: readonly string[]) => {
    const shown = store.path(`${name}.json`);
    // An attendance record's file is a function of its key (its session): keys are compared within a file. The
    // others' across the collection's files, ids as bits (CompactKeys).
    const keys = name === 'attendance' ? null : new CompactKeys();
    const texts = new Map<string, string[]>();
    const spans = new Map<string, { min: number; max: number }>();
    // Members and sessions go to blocks in a second pass (blockwise), the summaries kept in the same blocks with them.
    const blocked = isBlocked(name);
    const byBlock = DERIVED.filter((index) => index.source === name && blocked && index.blocked);
    const built = new Map(DERIVED.filter((index) => index.source === name && !byBlock.includes(index)).map((index) => [index, new Map<string, unknown>()]));
    let first = 0;
    for (const file of mine) {
      const seen = keys ?? new Set<string>();
      const onBatch = (batch: unknown[]) => {
        const records = migrated(name, batch);
        // A record in another file than its own is moved there by the whole migration.
        if (isPartitioned(name)) for (const r of records) if (typeof r === 'object' && r !== null && partitionFile(name, partitionKey(name, r)) !== file) throw new NotByCollection(`${file}: a record of another file`);
        validateRecords(name, records, shown, seen, first);
        first += records.length;
        for (const r of records) {
          if (blocked) continue;
          const target = isSplit(name) ? partitionFile(name, partitionKey(name, r)) : `${name}.json`;
          let list = texts.get(target);
          if (!list) texts.set(target, (list = []));
          list.push(JSON.stringify(r));
          if (!isPartitioned(name)) continue;
          const at = Date.parse((r as { at: string }).at);
          const span = spans.get(target) ?? { min: Infinity, max: -Infinity };
          spans.set(target, { min: Math.min(span.min, at), max: Math.max(span.max, at) });
        }
        for (const [index, value] of built) index.merge(value, index.build(records));
      };
      let laidOut: boolean;
      try {
        laidOut = eachRecordBatch(store.fs.readChunks(store.path(file), CHUNK), BATCH, onBatch);
      } catch (err) {
        // A file that cannot be read is reported as the whole migration reports it.
        if (!(err instanceof StoreError)) throw new NotByCollection(`${file}: ${(err as Error).message}`);
        throw err;
      }
      // Not one record a line (edited by hand): parsed whole, as the whole migration parses it.
      if (!laidOut) throw new NotByCollection(`${file}: not one record a line`);
      if (isPartitioned(name)) await stageParts(name, texts, spans);
    }
    if (!isSplit(name) && texts.size === 0) texts.set(`${name}.json`, []);
    await stageParts(name, texts, spans);
    if (blocked) await blockwise(name, mine, byBlock);
    for (const [index, value] of built) await stageDerived(index, value);
  };

  /**
   * The records of members or sessions (valid: read once already) read again, their block files staged one at a time
   * as each block's records end, with the blocks of the summaries built from them (roster.b3.json with members.b3.json):
   * a block's records all come together, in id order, as the store writes them. Records of a block met again after
   * it was staged are left to the whole migration, which gathers them.
   */
  const blockwise = async (name: BlockedName, mine: readonly string[], indexes: ReadonlyArray<Derived<unknown>>) => {
    let open: string | null = null;
    let records: unknown[] = [];
    const done = new Set<string>();
    const flush = async () => {
      if (open === null) return;
      partitions[open] = { from: null, to: null };
      await stageFile(open, records.map((r) => JSON.stringify(r)));
      for (const index of indexes) await stageDerived(index, index.build(records));
      done.add(open);
      records = [];
    };
    for (const file of mine) {
      for (const batch of jsonLineTexts(await store.fs.readFile(store.path(file)), '[]', BATCH) ?? []) {
        for (const r of migrated(name, batch.map((text) => JSON.parse(text) as unknown))) {
          const target = partitionFile(name, partitionKey(name, r));
          if (target !== open) {
            await flush();
            if (done.has(target)) throw new NotByCollection(`${file}: the records of ${target} apart`);
            open = target;
          }
          records.push(r);
        }
      }
    }
    await flush();
  };

  /** The files of `texts` staged in their order, and let go; a partition file listed with the span of its records. */
  const stageParts = async (name: CollectionName, texts: Map<string, string[]>, spans: Map<string, { min: number; max: number }>) => {
    for (const [file, list] of texts) {
      if (isSplit(name)) {
        const span = spans.get(file);
        partitions[file] = span ? { from: new Date(span.min).toISOString(), to: new Date(span.max).toISOString() } : { from: null, to: null };
      }
      await stageFile(file, list);
    }
    texts.clear();
    spans.clear();
  };

  const dbs = COLLECTION_NAMES.map((name) => {
    const mine = files.filter((file) => collectionOfFile(file) === name);
    return new Low<unknown>({ read: async () => null, write: () => collection(name, mine) }, true);
  });
  // Once every file is staged: store.json's lists as the whole migration makes them, in its order (the collections'
  // files, then each derived value's), the digests to come in the same order.
  const finish = async () => {
    const all = { ...partitions, ...Object.assign({}, ...DERIVED.map((index) => derivedParts.get(index)!)) } as Record<string, PartitionInfo>;
    const derivedFiles = DERIVED.flatMap((index) => (index.blocked ? Object.keys(derivedParts.get(index)!) : [index.file]));
    const digests = Object.fromEntries([...order, ...derivedFiles].map((file) => [file, '']));
    meta.data = { ...meta.data, digests, partitions: all };
    staged(written, all);
  };
  dbs.push(new Low<unknown>({ read: async () => null, write: finish }, true));
  return dbs;
}

/** A file's text from its records' texts, as jsonLines lays the records out. */
const jsonLinesOf = (texts: readonly string[]): string => (texts.length === 0 ? '[]\n' : `[\n${texts.join(',\n')}\n]\n`);

/**
 * Keys seen, as validateRecords keeps them: ids (a letter and a number: `p12`, `m345`) as one bit each, a few dozen
 * kilobytes for half a million ledger entries where a set of them takes tens of megabytes; anything else in the set.
 * The records are valid when their keys are added: a collection's ids all have its one letter.
 */
class CompactKeys extends Set<string> {
  private bits = new Uint8Array(1024);
  private letter: string | null = null;

  private number(key: string): number | null {
    const m = /^([a-z])([1-9]\d{0,8})$/.exec(key);
    if (!m || (this.letter !== null && m[1] !== this.letter)) return null;
    this.letter = m[1]!;
    return Number(m[2]);
  }

  override has(key: string): boolean {
    const n = this.number(key);
    if (n === null) return super.has(key);
    return n >> 3 < this.bits.length && (this.bits[n >> 3]! & (1 << (n & 7))) !== 0;
  }

  override add(key: string): this {
    const n = this.number(key);
    if (n === null) return super.add(key);
    if (n >> 3 >= this.bits.length) {
      const grown = new Uint8Array(Math.max((n >> 3) + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[n >> 3]! |= 1 << (n & 7);
    return this;
  }
}
