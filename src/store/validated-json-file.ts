// lowdb adapters for the store's files. read() decodes strictly (UTF-8, JSON) and validates against the schema, so
// a damaged file is reported, never replaced by defaults. write() only stages the bytes in a fsynced temp file: the
// file store's journal renames it into place together with every other file of the same change.
import type { Adapter } from 'lowdb';
import * as v from 'valibot';
import { dirname, join, basename } from 'node:path';
import { StoreError } from '../core/errors.js';
import type { StoreFs } from './fs.js';
import { COLLECTION_KEYS, COLLECTION_SCHEMAS, describeIssue, issuePath, metaSchema } from './schema.js';
import type { CollectionName, Meta } from './schema.js';

export type Stager = (target: string, text: string) => Promise<void>;

/**
 * A read without the store lock met bytes it cannot vouch for (no digest, or not the bytes the store wrote): the
 * read is done again under the lock, which validates them or reports what is wrong.
 */
export class NeedsLock extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeJson(file: string, bytes: Buffer): unknown {
  if (bytes.length === 0) throw new StoreError('store_invalid', `${file}: the file is empty`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new StoreError('store_invalid', `${file}: not valid UTF-8`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StoreError('store_invalid', `${file}: not valid JSON (${(err as Error).message})`);
  }
}

export function validateWith<S extends v.GenericSchema>(schema: S, data: unknown, where: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new StoreError('store_invalid', `${where}: ${issuePath(issue)}: ${describeIssue(issue)}`);
}

export function validateCollection(name: CollectionName, data: unknown, file: string, trusted: ReadonlySet<unknown> = new Set()): never[] {
  if (!Array.isArray(data)) throw new StoreError('store_invalid', `${file}: (top level): expected an array of records`);
  const schema = COLLECTION_SCHEMAS[name] as v.GenericSchema;
  const seen = new Set<string>();
  for (let i = 0; i < data.length; i++) {
    const result = trusted.has(data[i]) ? { success: true as const } : v.safeParse(schema, data[i], { abortEarly: true });
    if (!result.success) {
      const issue = result.issues[0];
      throw new StoreError('store_invalid', `${file}: [${i}]${issuePath(issue) === '(top level)' ? '' : `.${issuePath(issue)}`}: ${describeIssue(issue)}`.replace(/\]\.\[/g, ']['));
    }
    const key = COLLECTION_KEYS[name](data[i] as never);
    if (seen.has(key)) {
      const what = 'id' in (data[i] as object) ? `.id: duplicate id ${JSON.stringify(key)}` : `: duplicate record ${JSON.stringify(key)}`;
      throw new StoreError('store_invalid', `${file}: [${i}]${what}`);
    }
    seen.add(key);
  }
  return data as never[];
}

/** One record per line: compact, yet readable and friendly to diff. */
export function serializeCollection(records: readonly unknown[]): string {
  if (records.length === 0) return '[]\n';
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

export function serializeMeta(meta: Meta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

export async function readBytes(fs: StoreFs, file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StoreError('store_invalid', `${file} is missing`, 'restore the store from a backup (club backup) or re-create it with club init');
    }
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

/** `size:sha1` of a file's bytes: what the store records for every collection file it wrote. */
export async function digestOf(bytes: Buffer | string): Promise<string> {
  // node:crypto costs ~9 ms to load: only commands that read or write a collection pay for it.
  const { createHash } = await import('node:crypto');
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return `${buf.length}:${createHash('sha1').update(buf).digest('hex')}`;
}

/**
 * A collection file. Reading validates every record, unless the bytes are exactly those the store wrote last (the
 * digest in store.json, written in the same commit): those were validated before they were written, and checking
 * them again would only repeat the same verdict at the cost of most of a read. Writing validates the records that
 * were added or replaced since the read; the others are the validated objects that were read.
 */
export class CollectionFile implements Adapter<unknown[]> {
  private loaded: ReadonlySet<unknown> = new Set();
  /** Whether the last read validated every record (the bytes were not the ones the store last wrote). */
  validated = false;

  constructor(
    private readonly fs: StoreFs,
    private readonly file: string,
    private readonly name: CollectionName,
    private readonly stage: Stager,
    private readonly expectedDigest: string | undefined,
    /** Throw NeedsLock instead of validating bytes that do not match the digest (a read without the lock). */
    private readonly digestOnly = false,
  ) {}

  async read(): Promise<unknown[]> {
    const bytes = await readBytes(this.fs, this.file);
    let records: unknown[];
    if (this.expectedDigest !== undefined && bytes.length > 0 && (await digestOf(bytes)) === this.expectedDigest) {
      records = JSON.parse(bytes.toString('utf8')) as unknown[];
      this.validated = false;
    } else if (this.digestOnly) {
      throw new NeedsLock(this.file);
    } else {
      records = validateCollection(this.name, decodeJson(this.file, bytes), this.file);
      this.validated = true;
    }
    this.loaded = new Set(records);
    return records;
  }

  async write(data: unknown[]): Promise<void> {
    // A bug must not be able to store what could not be read back: new and replaced records are validated here.
    validateCollection(this.name, data, this.file, this.loaded);
    await this.stage(this.file, serializeCollection(data));
  }
}

/** A single file written atomically and durably on its own: temp, fsync, rename, fsync of the directory. */
export async function durableWrite(fs: StoreFs, target: string, text: string, mode: number): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await fs.createSynced(tmp, text, mode);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fs.fsyncDir(dirname(target));
}
