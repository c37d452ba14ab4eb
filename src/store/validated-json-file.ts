// lowdb adapters for the store's files. read() decodes strictly (UTF-8, JSON) and validates against the schema, so
// a damaged file is reported, never replaced by defaults. write() only stages the bytes in a fsynced temp file: the
// file store's journal renames it into place together with every other file of the same change.
import type { Adapter } from 'lowdb';
import * as v from 'valibot';
import { dirname } from 'node:path';
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { jsonLines } from '../io/json-lines.js';
import { tempPath } from './fs.js';
import type { StoreFs } from './fs.js';
import { findLine, findRecordLines, recordPrefix, reuseRecordLines, spliceRecords } from './lines.js';
import type { Line } from './lines.js';
import { COLLECTION_KEYS, collectionSchema, describeIssue, issuePath, metaSchema } from './schema.js';
import type { CollectionName, Meta } from './schema.js';

export type Stager = (target: string, text: string | Buffer) => Promise<void>;

/**
 * A read without the store lock met bytes it cannot vouch for (no digest, or not the bytes the store wrote): the
 * read is done again under the lock, which validates them or reports what is wrong.
 */
export class NeedsLock extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeJson(file: string, bytes: Buffer): unknown {
  if (bytes.length === 0) throw new StoreError('store_invalid', t('store.theFileIsEmpty2', { file }));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new StoreError('store_invalid', t('store.notValidUtf', { file }));
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StoreError('store_invalid', t('store.notValidJson', { file, value: (err as Error).message }));
  }
}

export function validateWith<S extends v.GenericSchema>(schema: S, data: unknown, where: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new StoreError('store_invalid', `${where}: ${issuePath(issue)}: ${describeIssue(issue)}`);
}

export function validateCollection(name: CollectionName, data: unknown, file: string, trusted: { has(record: unknown): boolean } = new Set()): never[] {
  if (!Array.isArray(data)) throw new StoreError('store_invalid', t('store.topLevelExpectedAn2', { file }));
  validateRecords(name, data, file, new Set(), 0, trusted);
  return data as never[];
}

/**
 * Records `first`, `first + 1`, … of a collection's file (a file read a part at a time passes each part with the index
 * of its first record, and the same `seen` keys): each valid, no key twice.
 */
export function validateRecords(name: CollectionName, data: readonly unknown[], file: string, seen: Set<string>, first = 0, trusted: { has(record: unknown): boolean } = new Set()): void {
  const schema = collectionSchema(name);
  for (let j = 0; j < data.length; j++) {
    const i = first + j;
    const result = trusted.has(data[j]) ? { success: true as const } : v.safeParse(schema, data[j], { abortEarly: true });
    if (!result.success) {
      const issue = result.issues[0];
      throw new StoreError('store_invalid', `${file}: [${i}]${issuePath(issue) === '(top level)' ? '' : `.${issuePath(issue)}`}: ${describeIssue(issue)}`.replace(/\]\.\[/g, ']['));
    }
    const key = COLLECTION_KEYS[name](data[j] as never);
    if (seen.has(key)) {
      const what = 'id' in (data[j] as object) ? `.id: duplicate id ${JSON.stringify(key)}` : `: duplicate record ${JSON.stringify(key)}`;
      throw new StoreError('store_invalid', `${file}: [${i}]${what}`);
    }
    seen.add(key);
  }
}

/** One record per line: compact, yet readable and friendly to diff (the layout `--json` prints lists in). */
export const serializeCollection = jsonLines;

export function serializeMeta(meta: Meta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

export async function readBytes(fs: StoreFs, file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StoreError('store_invalid', t('store.isMissing', { file }), t('store.restoreTheStoreFrom2'));
    }
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new StoreError('store_invalid', t('fail.isFolder', { path: file }), t('fail.isFolder.hint'));
    throw err;
  }
}

export class MetaFile implements Adapter<Meta> {
  constructor(
    private readonly fs: StoreFs,
    private readonly file: string,
    private readonly stage: Stager,
  ) {}

  async read(): Promise<Meta> {
    return validateWith(metaSchema, decodeJson(this.file, await readBytes(this.fs, this.file)), this.file);
  }

  async write(data: Meta): Promise<void> {
    validateWith(metaSchema, data, this.file);
    await this.stage(this.file, serializeMeta(data));
  }
}

/**
 * `size:crc32:checksum` of a file's bytes: what the store records for every file it wrote, so that a read can tell
 * those bytes from any others (a hand edit, a copy from elsewhere) and validate only the others. It guards against
 * accident, not malice — whoever can write the files can write store.json too — so a CRC-32 with the size does:
 * zlib's is native and loads in a third of node:crypto's time (schemaVersion 3 recorded SHA-1).
 */
export async function digestOf(bytes: Buffer | string): Promise<string> {
  // The built-in as it is: a bundled import() would copy its hundred-odd exports into a namespace object first.
  const { crc32 } = process.getBuiltinModule('node:zlib');
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return digestFrom(buf.length, crc32(buf));
}

/** The digest of bytes whose size and CRC-32 were taken as they were written (a file written a piece at a time). */
export const digestFrom = (size: number, crc: number): string => `${size}:crc32:${crc.toString(16).padStart(8, '0')}`;

/** Whether `bytes` are exactly those whose digest the store recorded (`digest`, from store.json); an empty file never is. */
export async function vouchedFor(bytes: Buffer, digest: string | undefined): Promise<boolean> {
  return digest !== undefined && bytes.length > 0 && (await digestOf(bytes)) === digest;
}

/**
 * A collection file. Reading validates every record, unless the bytes are exactly those the store wrote last (the
 * digest in store.json, written in the same commit): those were validated before they were written, and checking
 * them again would only repeat the same verdict at the cost of most of a read. Writing validates the records that
 * were added or replaced since the read; the others are the validated objects that were read.
 */
export class CollectionFile implements Adapter<unknown[]> {
  /**
   * The records as read (a copy of the array, so that what a command adds to it is not counted as read): a write
   * validates only the others. A set of them is built when a write needs it, not at every read: a report at the large
   * size reads hundreds of thousands of records, and a set of that many objects costs tens of milliseconds (V8 gives
   * each object an identity hash as it goes in) where the copy costs a few.
   */
  private loaded: readonly unknown[] = [];
  /** Whether the last read validated every record (the bytes were not the ones the store last wrote). */
  validated = false;
  /** After a read of some records only: the file's bytes, and the line each record read came from. */
  private partial: { bytes: Buffer; lines: Map<unknown, Line> } | null = null;
  /** After a read of every record from bytes the store wrote: those bytes, whose lines a write copies where it can. */
  private vouched: Buffer | null = null;

  constructor(
    private readonly fs: StoreFs,
    private readonly file: string,
    private readonly name: CollectionName,
    private readonly stage: Stager,
    private readonly expectedDigest: string | undefined,
    /** Throw NeedsLock instead of validating bytes that do not match the digest (a read without the lock). */
    private readonly digestOnly = false,
    /**
     * The ids of the only records the command needs (records keyed by `id`). When the bytes are the ones the store
     * wrote, just their lines are parsed; otherwise, or when one is missing, every record is read as usual.
     */
    private readonly only?: readonly string[],
  ) {}

  async read(): Promise<unknown[]> {
    const bytes = await readBytes(this.fs, this.file);
    let records: unknown[];
    this.partial = null;
    this.vouched = null;
    if (await vouchedFor(bytes, this.expectedDigest)) {
      records = (this.only && this.pick(bytes, this.only)) || (JSON.parse(bytes.toString('utf8')) as unknown[]);
      if (!this.partial) this.vouched = bytes;
      this.validated = false;
    } else if (this.digestOnly) {
      throw new NeedsLock(this.file);
    } else {
      records = validateCollection(this.name, decodeJson(this.file, bytes), this.file);
      this.validated = true;
    }
    this.loaded = records.slice();
    return records;
  }

  /** The records of `ids` from their lines, or null when one has no line (the caller then reads them all). */
  private pick(bytes: Buffer, ids: readonly string[]): unknown[] | null {
    const found = findRecordLines(bytes, new Set(ids));
    if (!found) return null;
    const lines = new Map<unknown, Line>();
    for (const line of found.values()) lines.set(JSON.parse(line.text), line);
    this.partial = { bytes, lines };
    return [...lines.keys()];
  }

  async write(data: unknown[]): Promise<void> {
    // A bug must not be able to store what could not be read back: new and replaced records are validated here.
    const placeOf = new Map(this.loaded.map((record, i) => [record, i]));
    validateCollection(this.name, data, this.file, placeOf);
    // After a whole read of bytes the store wrote, the records kept are copied as their lines were: a check-in changes
    // one record of the thousands in its file, and serializing them all again was most of the write's own work.
    const kept = this.vouched && reuseRecordLines(this.vouched, this.loaded.length, data, placeOf);
    await this.stage(this.file, this.partial ? this.splice(data) : (kept ?? serializeCollection(data)));
  }

  /**
   * After a partial read: the file as it was, with the lines of the records read replaced by what `data` holds for
   * them (removed when it holds nothing), and records that are new appended. A record the command did not read can
   * only be new: one already in the file is a bug, refused rather than written twice.
   */
  private splice(data: unknown[]): Buffer {
    const { bytes, lines } = this.partial!;
    const key = COLLECTION_KEYS[this.name] as (r: unknown) => string;
    const byKey = new Map([...lines].map(([record, line]) => [key(record), line]));
    const replace = new Map<number, string | null>([...lines.values()].map((line) => [line.start, null]));
    const append: string[] = [];
    for (const record of data) {
      const line = byKey.get(key(record));
      if (line) replace.set(line.start, lines.has(record) ? line.text : JSON.stringify(record));
      else if (findLine(bytes, recordPrefix(key(record)))) throw new Error(t('store.internalIsInBut', { record: key(record), file: this.file }));
      else append.push(JSON.stringify(record));
    }
    return spliceRecords(bytes, replace, append);
  }
}

/** A single file written atomically and durably on its own: temp, fsync, rename, fsync of the directory. */
export async function durableWrite(fs: StoreFs, target: string, text: string | Buffer, mode: number): Promise<void> {
  const tmp = tempPath(target, true);
  try {
    await fs.createSynced(tmp, text, mode);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fs.fsyncDir(dirname(target));
}
