// A whole store moved a file at a time (`club backup`, `club restore`, `club store copy`), in memory that does not
// grow with the club. A store pushes its parts into a BundleSink (Store.writeBackup): the meta, then each of its
// files' records a batch at a time, then the audit log, templates, receipts and links. Sinks: the backup file
// (written piece by piece), a new folder store (restore.ts's restoreInto), a new database (pg/restore-sink.ts), a
// count of the records (to compare a copy with its original).
//
// The backup file is the same JSON document as before (bundle.ts: `format`, `schemaVersion`, `createdAt`, `files`,
// `audit`, `templates`, `receipts`, `access`), laid out so that it can be read back a line at a time: each store
// file's records one a line as the store keeps them, store.json last among the files (its partitions are known only
// once every record went by), the rest after the files:
//   {"format":"clubadmin-backup","schemaVersion":9,"createdAt":"…","files":{
//   "members.json":[
//   {"id":"m1",…},
//   {"id":"m2",…}
//   ]
//   ,"roster.json":{
//   "m1":{…}
//   }
//   ,"store.json":{…}
//   }
//   ,"audit":"…"
//   ,"templates":{…}
//   }
// readBackup reads a file in this layout as its bytes come; any other file (a backup of an earlier club, one
// rewritten by `member purge`, one edited by hand) is parsed whole, as before, so that what is wrong with it is
// reported in the same words.
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, UsageError } from '../core/errors.js';
import { jsonLineTexts } from '../io/json-lines.js';
import { borrowBuffer, giveBackBuffer, lineSpans } from './buffers.js';
import { t } from '../i18n/index.js';
import type { AccessLink, BackupBundle } from './bundle.js';
import { BACKED_UP, DERIVED, derivedFilesOf, derivedOfFile } from './derived.js';
import type { Derived } from './derived.js';
import { compareIds } from '../core/ids.js';
import type { FileWriter, StoreFs } from './fs.js';
import { tempPath } from './fs.js';
import { collectionOfFile, filesOf, isSplit, partitionFile, partitionKey } from './partitions.js';
import type { PartitionInfo } from './partitions.js';
import { COLLECTION_NAMES } from './schema.js';
import type { CollectionName, Meta } from './schema.js';

export type FileShape = 'array' | 'object';

/** A batch of a file's records (JSON texts), or of a derived file's entries (`"m12":VALUE`). */
export type Batches = AsyncIterable<readonly string[]> | Iterable<readonly string[]>;

export interface BundleHead {
  schemaVersion: number;
  createdAt: string;
  /** store.json without its digests and partitions. */
  meta: Omit<Meta, 'digests' | 'partitions'> & Record<string, unknown>;
}

export interface BundleTail {
  /** store.json's partitions (each partition file's span); absent in a backup of a store older than partitions. */
  partitions?: Record<string, PartitionInfo>;
  audit: string;
  templates?: Record<string, string>;
  receipts?: Record<string, string>;
  access?: AccessLink[];
}

/** Where a store's parts go, in this order: head, every file (each once), tail. */
export interface BundleSink {
  head(head: BundleHead): Promise<void>;
  /**
   * One store file, whole: `batches` is read through before the promise settles, and no line is used after (the bytes
   * under them are those of the next file then: FileStore.writeBackup).
   */
  file(name: string, shape: FileShape, batches: Batches): Promise<void>;
  tail(tail: BundleTail): Promise<void>;
}

/** The derived file named `name`, if it is one. */
export const derivedOf = (name: string) => derivedOfFile(name) ?? DERIVED.find((d) => d.file === name);

/**
 * Every file of a folder store that a backup holds, but store.json: the collections' files, the partitions listed in
 * store.json, the derived files. (The one place that knows the folder's layout for backups.)
 */
export function backupFilesOf(meta: Meta): Array<{ file: string; name: CollectionName | null }> {
  const files: Array<{ file: string; name: CollectionName | null }> = [];
  for (const name of COLLECTION_NAMES) {
    if (isSplit(name)) for (const file of filesOf(meta, name)) files.push({ file, name });
    else files.push({ file: `${name}.json`, name });
  }
  // Not the refs blocks nor the calendar (derived.ts, BACKED_UP, says why).
  for (const index of BACKED_UP) for (const file of derivedFilesOf(index, meta)) files.push({ file, name: null });
  return files;
}

/** The file of a folder store that holds `record` of collection `name`. */
export function fileOfRecord(name: CollectionName, record: unknown): string {
  return isSplit(name) ? partitionFile(name, partitionKey(name, record)) : `${name}.json`;
}

/** The texts of a file's records (or entries) from bytes in the layout the store writes; null for any other. */
export const linesOfFile = (bytes: Buffer, shape: FileShape): Iterable<string[]> | null => jsonLineTexts(bytes, shape === 'array' ? '[]' : '{}');

/** The entries of a derived file's serialized text (`{`, one `"m12":VALUE` a line, `}`). */
export function entryLines(serialized: string): string[] {
  const lines = serialized.split('\n');
  return lines.slice(1, -2).map((line) => (line.endsWith(',') ? line.slice(0, -1) : line));
}

/**
 * A derived file's entries a batch at a time, each batch validated as the file is (Derived.parse) and laid out as
 * the store writes it (sorted, empty values left out); the batches must come in id order (lines.ts finds an entry
 * by it), as the store writes them: else exit 3 naming `where`.
 */
export async function* validatedEntries(index: Derived<unknown>, batches: Batches, where: string): AsyncGenerator<string[]> {
  let previous: string | null = null;
  const idOf = (line: string) => JSON.parse(line.slice(0, line.indexOf('":') + 1)) as string;
  for await (const batch of batches) {
    const lines = entryLines(index.serialize(index.parse(JSON.parse(`{${batch.join(',')}}`), where)));
    if (lines.length === 0) continue;
    const first = idOf(lines[0]!);
    if (previous !== null && compareIds(previous, first) >= 0) throw new StoreError('store_invalid', t('backup.entryOrder', { name: where, id: first, previous }));
    previous = idOf(lines.at(-1)!);
    yield lines;
  }
}

// --- the backup file --------------------------------------------------------------------------------------------

/** Writes a backup file piece by piece: a temp file beside it, fsynced and renamed into place by finish(). */
export class BackupFileSink implements BundleSink {
  private readonly tmp: string;
  private writer: FileWriter | null = null;
  private meta: BundleHead['meta'] | null = null;
  private files = 0;

  constructor(
    private readonly fs: StoreFs,
    private readonly target: string,
    private readonly mode: number,
  ) {
    this.tmp = tempPath(target, true);
  }

  async head(head: BundleHead): Promise<void> {
    this.writer = this.fs.createWriter(this.tmp, this.mode);
    this.meta = head.meta;
    this.writer.write(`{"format":"clubadmin-backup","schemaVersion":${head.schemaVersion},"createdAt":${JSON.stringify(head.createdAt)},"files":{\n`);
  }

  async file(name: string, shape: FileShape, batches: Batches): Promise<void> {
    const w = this.writer!;
    const [open, close] = shape === 'array' ? ['[', ']'] : ['{', '}'];
    w.write(`${this.files++ ? ',' : ''}${JSON.stringify(name)}:`);
    let count = 0;
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      w.write(`${count ? ',\n' : `${open}\n`}${batch.join(',\n')}`);
      count += batch.length;
    }
    w.write(count ? `\n${close}\n` : `${open}${close}\n`);
  }

  async tail(tail: BundleTail): Promise<void> {
    const w = this.writer!;
    const meta = tail.partitions ? { ...this.meta, partitions: tail.partitions } : this.meta;
    w.write(`${this.files++ ? ',' : ''}"store.json":${JSON.stringify(meta)}\n}\n`);
    w.write(`,"audit":${JSON.stringify(tail.audit)}\n`);
    if (tail.templates) w.write(`,"templates":${JSON.stringify(tail.templates)}\n`);
    if (tail.receipts) w.write(`,"receipts":${JSON.stringify(tail.receipts)}\n`);
    if (tail.access) w.write(`,"access":${JSON.stringify(tail.access)}\n`);
    w.write('}\n');
  }

  /** The file fsynced and renamed into place; its size. */
  async finish(): Promise<{ file: string; bytes: number }> {
    const w = this.writer!;
    w.close();
    this.writer = null;
    await this.fs.rename(this.tmp, this.target);
    await this.fs.fsyncDir(dirname(this.target));
    return { file: this.target, bytes: w.bytes };
  }

  /** After a failure: no temp file left behind. */
  async abort(): Promise<void> {
    this.writer?.abandon();
    this.writer = null;
    await this.fs.unlink(this.tmp).catch(() => undefined);
  }
}

/** Runs `write` into a backup file at `target`; the file is in place only when all went well. */
export async function writeBackupFile(fs: StoreFs, target: string, mode: number, write: (sink: BundleSink) => Promise<void>): Promise<{ file: string; bytes: number }> {
  const sink = new BackupFileSink(fs, target, mode);
  try {
    await write(sink);
    return await sink.finish();
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

// --- counting ---------------------------------------------------------------------------------------------------

/** A sink that keeps nothing (with countedSink: a store's records counted). */
export const NULL_SINK: BundleSink = {
  head: async () => undefined,
  file: async (_name, _shape, batches) => {
    for await (const _batch of batches) void _batch;
  },
  tail: async () => undefined,
};

export const auditLines = (audit: unknown): string[] => (typeof audit === 'string' ? audit : '').split('\n').filter((line) => line.trim() !== '');

/** `sink`, counting in `counts` the records of each collection and the audit log's entries that go through it. */
export function countedSink(sink: BundleSink, counts: Record<CollectionName | 'audit', number>): BundleSink {
  return {
    head: (head) => sink.head(head),
    file: (name, shape, batches) => {
      const collection = derivedOf(name) ? null : (collectionOfFile(name) as CollectionName);
      return sink.file(name, shape, (async function* () {
        for await (const batch of batches) {
          if (collection && collection in counts) counts[collection] += batch.length;
          yield batch;
        }
      })());
    },
    tail: (tail) => {
      counts.audit = auditLines(tail.audit).length;
      return sink.tail(tail);
    },
  };
}

export const emptyCounts = (): Record<CollectionName | 'audit', number> => Object.fromEntries([...COLLECTION_NAMES, 'audit'].map((name) => [name, 0])) as Record<CollectionName | 'audit', number>;

// --- reading a backup file --------------------------------------------------------------------------------------

/** The file is not in the layout the writer writes: it is read whole instead. */
class NotLayout extends Error {}

/** A backup file's lines as text, read a megabyte at a time (text decoded as a whole-file read decodes it). */
function* linesOf(path: string): Generator<string> {
  const fd = nodeFs.openSync(path, 'r');
  try {
    // The chunk and the work buffer lent (buffers.ts); every line is a string of its own before the next is read.
    const chunk = borrowBuffer(1 << 20);
    const chunks = function* (): Generator<Buffer> {
      for (let position = 0; ; ) {
        const n = nodeFs.readSync(fd, chunk, 0, chunk.length, position);
        if (n === 0) return;
        position += n;
        yield chunk.subarray(0, n);
      }
    };
    try {
      for (const { bytes, start, end } of lineSpans(chunks())) yield bytes.toString('utf8', start, end);
    } finally {
      giveBackBuffer(chunk);
    }
  } finally {
    nodeFs.closeSync(fd);
  }
}

const HEAD = /^\{"format":"clubadmin-backup","schemaVersion":(0|[1-9]\d{0,8}),"createdAt":("(?:[^"\\\u0000-\u001f]|\\.)*"),"files":\{$/;
const FILE_LINE = /^(,?)("(?:[^"\\\u0000-\u001f]|\\.)*"):(.*)$/;
const TAIL_KEYS = new Set(['files', 'audit', 'templates', 'receipts', 'access']);

/** What a backup in the layout holds besides its files' records: found by a first reading. */
export interface BackupOutline {
  head: BundleHead;
  tail: BundleTail;
  /** The bundle as parseBundle checks it: every file's name, store.json, the expenses (their receipts), the rest. */
  checked: BackupBundle;
}

/**
 * Reads the layout, handing each file to `onFile` (its texts, every one parsed as JSON on its own line, or `"id":VALUE`
 * for an object file); throws NotLayout at the first line out of it.
 */
async function readLayout(path: string, onFile: (name: string, shape: FileShape, batches: Batches) => Promise<void>): Promise<{ schemaVersion: number; createdAt: string; meta: Record<string, unknown>; rest: Record<string, unknown> }> {
  const lines = linesOf(path);
  const next = (): string => {
    const r = lines.next();
    if (r.done) throw new NotLayout();
    return r.value;
  };
  try {
    const head = HEAD.exec(next());
    if (!head) throw new NotLayout();
    const createdAt = parseOr(head[2]!) as string;
    let meta: Record<string, unknown> | null = null;
    const seen = new Set<string>();
    for (;;) {
      const line = next();
      if (line === '}') break;
      const m = FILE_LINE.exec(line);
      if (!m || (m[1] === ',') !== seen.size > 0) throw new NotLayout();
      const name = parseOr(m[2]!) as string;
      // Twice in the layout: a damaged or forged backup, refused (read whole, the last copy would win unseen).
      if (seen.has(name)) throw new StoreError('store_invalid', t('backup.fileTwice', { name }), t('store.restoreTheStoreFrom'));
      seen.add(name);
      const value = m[3]!;
      if (name === 'store.json') {
        const parsed = value.startsWith('{') ? parseOr(value) : null;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new NotLayout();
        meta = parsed as Record<string, unknown>;
        continue;
      }
      const shape: FileShape | null = value === '[' || value === '[]' ? 'array' : value === '{' || value === '{}' ? 'object' : null;
      if (!shape || (shape === 'object') !== (derivedOf(name) !== undefined)) throw new NotLayout();
      if (value.length === 2) {
        await onFile(name, shape, []);
        continue;
      }
      const close = shape === 'array' ? ']' : '}';
      await onFile(name, shape, (function* () {
        let batch: string[] = [];
        // Whether another record may follow: none read yet, or the last one ended with a comma.
        let comma = true;
        let count = 0;
        for (;;) {
          const line = next();
          if (line === close) {
            if (count === 0 || comma) throw new NotLayout();
            break;
          }
          if (!comma) throw new NotLayout();
          comma = line.endsWith(',');
          const text = comma ? line.slice(0, -1) : line;
          const parsed = parseOr(shape === 'array' ? text : `{${text}}`);
          if (shape === 'object' && Object.keys(parsed as object).length !== 1) throw new NotLayout();
          batch.push(text);
          count++;
          if (batch.length >= 2000) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      })());
    }
    if (!meta) throw new NotLayout();
    const restLines: string[] = [];
    for (let r = lines.next(); !r.done; r = lines.next()) restLines.push(r.value);
    const { files, ...rest } = parseOr(`{"files":0${restLines.join('\n')}`) as Record<string, unknown>;
    if (files !== 0 || Object.keys(rest).some((key) => !TAIL_KEYS.has(key))) throw new NotLayout();
    return { schemaVersion: Number(head[1]), createdAt, meta, rest };
  } finally {
    lines.return(undefined);
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotLayout();
  }
}

/** A backup file in the layout: what it holds, read once through (its records not kept); null for any other file. */
export async function outlineOf(path: string): Promise<BackupOutline | null> {
  const names: Record<string, unknown> = {};
  let expenses: unknown[] = [];
  let read;
  try {
    read = await readLayout(path, async (name, shape, batches) => {
      const keep = name === 'expenses.json' && shape === 'array';
      for await (const batch of batches) if (keep) for (const text of batch) expenses.push(JSON.parse(text));
      names[name] = shape === 'array' ? [] : {};
    });
  } catch (err) {
    if (err instanceof NotLayout) return null;
    throw err;
  }
  if (names['expenses.json']) names['expenses.json'] = expenses;
  expenses = [];
  const { digests: _digests, partitions, ...meta } = read.meta;
  void _digests;
  const checked = { format: 'clubadmin-backup', schemaVersion: read.schemaVersion, createdAt: read.createdAt, files: { ...names, 'store.json': read.meta }, ...read.rest } as unknown as BackupBundle;
  const tail: BundleTail = {
    ...(partitions !== undefined ? { partitions: partitions as Record<string, PartitionInfo> } : {}),
    audit: typeof read.rest.audit === 'string' ? read.rest.audit : '',
    ...(read.rest.templates !== undefined ? { templates: read.rest.templates as Record<string, string> } : {}),
    ...(read.rest.receipts !== undefined ? { receipts: read.rest.receipts as Record<string, string> } : {}),
    ...(read.rest.access !== undefined ? { access: read.rest.access as AccessLink[] } : {}),
  };
  return { head: { schemaVersion: read.schemaVersion, createdAt: read.createdAt, meta: meta as BundleHead['meta'] }, tail, checked };
}

/** Reads a backup file in the layout (outlined before) into `sink` a file at a time. */
export async function replayFile(path: string, outline: BackupOutline, sink: BundleSink): Promise<void> {
  await sink.head(outline.head);
  try {
    await readLayout(path, (name, shape, batches) => sink.file(name, shape, batches));
  } catch (err) {
    // Changed since it was outlined.
    if (err instanceof NotLayout) throw new UsageError(t('store.notAClubBackup2'));
    throw err;
  }
  await sink.tail(outline.tail);
}

/** A whole bundle (a backup read whole) into `sink`, as a store would send it. */
export async function replayBundle(bundle: BackupBundle, sink: BundleSink): Promise<void> {
  const { digests: _digests, partitions, ...meta } = bundle.files['store.json'] as Record<string, unknown>;
  void _digests;
  await sink.head({ schemaVersion: bundle.schemaVersion, createdAt: bundle.createdAt, meta: meta as BundleHead['meta'] });
  for (const [name, content] of Object.entries(bundle.files)) {
    if (name === 'store.json') continue;
    const index = derivedOf(name);
    if (index) {
      // Not a file a restore makes from the records (an older backup's calendar and refs blocks): passed over.
      if (!BACKED_UP.includes(index)) continue;
      // Anything but an object is refused by the derived file's own parse, in its words.
      if (typeof content !== 'object' || content === null || Array.isArray(content)) index.parse(content, `the backup's ${name}`);
      await sink.file(name, 'object', [Object.entries(content as object).map(([id, value]) => `${JSON.stringify(id)}:${JSON.stringify(value)}`)]);
      continue;
    }
    if (!Array.isArray(content)) throw new StoreError('store_invalid', t('store.theBackupSIs', { name }));
    await sink.file(name, 'array', [content.map((record) => JSON.stringify(record))]);
  }
  await sink.tail({
    ...(partitions !== undefined ? { partitions: partitions as Record<string, PartitionInfo> } : {}),
    audit: typeof bundle.audit === 'string' ? bundle.audit : '',
    ...(bundle.templates ? { templates: bundle.templates } : {}),
    ...(bundle.receipts ? { receipts: bundle.receipts } : {}),
    ...(bundle.access ? { access: bundle.access } : {}),
  });
}

