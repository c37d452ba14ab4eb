// `club check` of a folder store, a file at a time and a few thousand records at a time: every collection file is
// validated record by record and then dropped, keeping only what the checks across files need (each partitioned
// collection's keys, the derived files' values built from the records), so that its memory does not grow with the
// records of the club (a 50,000-member store with half a million check-ins and ledger entries held whole took over
// 800 MiB). The files the store writes hold one record per line (serializeCollection), which are parsed line by line
// as the file is read; a file in any other layout (edited by hand) is parsed whole, as a read parses it, so that what
// is wrong with it is reported in the same words.
import { StoreError } from '../core/errors.js';
import type { Derived } from './derived.js';
import { DERIVED, byFile, calendarIndex, derivedFilesOf } from './derived.js';
import { derivedError, missingBlock } from './derived-files.js';
import type { DerivedFiles } from './derived-files.js';
import type { StoreFs } from './fs.js';
import { filesOf, isPartitioned, isSplit, partitionFile, partitionKey } from './partitions.js';
import { COLLECTION_NAMES } from './schema.js';
import { indexFile, indexOfFile } from './indexes.js';
import { lineSpans } from './buffers.js';
import { t } from '../i18n/index.js';
import type { CollectionName, Meta } from './schema.js';
import { decodeJson, readBytes, validateRecords } from './validated-json-file.js';

/** Bytes read at a time, and records validated at a time. */
const CHUNK = 1 << 20;
const BATCH = 1000;
const COMMA = 0x2c;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a collection file laid out as the store writes it (`[`, one record a line with a comma after every one but
 * the last, `]`, each line ending in a newline) as its bytes come, handing `onBatch` up to `size` records at a time
 * with the index of the first. Returns false as soon as the bytes are not in that layout, or a line is not UTF-8 or
 * not JSON on its own: the caller then parses the file whole (batches handed over until then are to be forgotten).
 * In that layout the records parsed line by line are exactly those JSON.parse finds in the whole file.
 */
export function eachRecordBatch(chunks: Iterable<Buffer>, size: number, onBatch: (records: unknown[], first: number) => void, brackets: '[]' | '{}' = '[]'): boolean {
  // A derived file (`{`, one `"m12":VALUE` entry a line, `}`) is read the same way, each entry as a one-key object.
  const [OPEN, CLOSE] = [brackets.charCodeAt(0), brackets.charCodeAt(1)];
  const entries = brackets === '{}';
  let state = 'start' as 'start' | 'records' | 'closed';
  let comma = false;
  let count = 0;
  let batch: unknown[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    onBatch(batch, count - batch.length);
    batch = [];
  };
  const line = (bytes: Buffer, start: number, end: number): boolean => {
    const length = end - start;
    if (state === 'start') {
      if (length === 1 && bytes[start] === OPEN) state = 'records';
      else if (length === 2 && bytes[start] === OPEN && bytes[start + 1] === CLOSE) state = 'closed';
      else return false;
      return true;
    }
    if (state === 'closed') return false;
    if (length === 1 && bytes[start] === CLOSE) {
      if (count === 0 || comma) return false;
      state = 'closed';
      return true;
    }
    if (count > 0 && !comma) return false;
    comma = length > 0 && bytes[end - 1] === COMMA;
    let record: unknown;
    try {
      const text = utf8.decode(bytes.subarray(start, comma ? end - 1 : end));
      record = JSON.parse(entries ? `{${text}}` : text);
      if (entries && Object.keys(record as object).length !== 1) return false;
    } catch {
      return false;
    }
    batch.push(record);
    count++;
    if (batch.length >= size) flush();
    return true;
  };
  for (const { bytes, start, end, ended } of lineSpans(chunks)) if (!ended || !line(bytes, start, end)) return false;
  if (state !== 'closed') return false;
  flush();
  return true;
}

/**
 * Ids seen: `p` and a number (every id the store gives out) as one bit each, a few dozen kilobytes for half a million
 * ledger entries where a set of them took tens of megabytes; anything else in a set.
 */
class IdSet {
  private bits = new Uint8Array(1024);
  private readonly others = new Set<string>();

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const m = /^p([1-9]\d{0,8})$/.exec(id);
    if (!m) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    const n = Number(m[1]);
    if (n >> 3 >= this.bits.length) {
      const grown = new Uint8Array(Math.max((n >> 3) + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (n & 7);
    if (this.bits[n >> 3]! & bit) return false;
    this.bits[n >> 3]! |= bit;
    return true;
  }
}

/** What the checks across a collection's files keep of one file while it is read. */
interface FileState {
  seen: Set<string>;
  min: number;
  max: number;
  built: Map<Derived<unknown>, Map<string, unknown>>;
  count: number;
}

/**
 * Validates every collection file of the store `meta` describes, then runs `between`, then checks the derived files
 * against their collections; returns each collection's record count.
 */
export async function checkCollections(fs: StoreFs, path: (file: string) => string, meta: Meta, derivedFiles: DerivedFiles, between: () => Promise<void>): Promise<Record<CollectionName, number>> {
  const counts = {} as Record<CollectionName, number>;
  const built = new Map<Derived<unknown>, Map<string, unknown>>(DERIVED.map((index) => [index, new Map()]));
  // Every session, by id, once the sessions are read (before attendance: COLLECTION_NAMES' order).
  const sessions = built.get(calendarIndex as Derived<unknown>)!;
  for (const name of COLLECTION_NAMES) {
    const indexes = DERIVED.filter((index) => index.source === name);
    // A ledger entry's file is not a function of its id: ids are compared across its files. (An attendance record's
    // file is a function of its key, its session, so the check of each record's file covers the files in between.)
    const ids = name === 'ledger' ? new IdSet() : null;
    let total = 0;
    for (const file of isSplit(name) ? filesOf(meta, name) : [`${name}.json`]) {
      const shown = path(file);
      const fresh = (): FileState => ({ seen: new Set(), min: Infinity, max: -Infinity, built: new Map(indexes.map((index) => [index, new Map()])), count: 0 });
      let state = fresh();
      const onBatch = (records: unknown[], first: number) => {
        validateRecords(name, records, shown, state.seen, first);
        if (isSplit(name)) {
          records.forEach((record, j) => {
            const home = partitionFile(name, partitionKey(name, record));
            if (home !== file) throw new StoreError('store_invalid', `${shown}: [${first + j}]: this record belongs in ${home}`, 'restore the store from a backup');
            if (!isPartitioned(name)) return;
            const at = Date.parse((record as { at: string }).at);
            if (at < state.min) state.min = at;
            if (at > state.max) state.max = at;
          });
        }
        // A check-in of a session the store does not hold: a backup or copy that lost a block of sessions.
        if (name === 'attendance') {
          records.forEach((record, j) => {
            const { sessionId } = record as { sessionId: string };
            if (!sessions.has(sessionId)) throw new StoreError('store_invalid', t('check.noSuchSession', { file: shown, i: first + j, id: sessionId }), t('store.restoreTheStoreFrom'));
          });
        }
        for (const index of indexes) index.merge(state.built.get(index)!, index.build(records));
        state.count += records.length;
      };
      let laidOut: boolean;
      try {
        laidOut = eachRecordBatch(fs.readChunks(shown, CHUNK), BATCH, onBatch);
      } catch (err) {
        // A file that cannot be read is reported as a read reports it (missing, a folder).
        if (!(err instanceof StoreError)) await readBytes(fs, shown);
        throw err;
      }
      if (!laidOut) {
        state = fresh();
        const data = decodeJson(shown, await readBytes(fs, shown));
        if (!Array.isArray(data)) throw new StoreError('store_invalid', `${shown}: (top level): expected an array of records`);
        onBatch(data, 0);
      }
      if (isSplit(name)) {
        const span = state.count && isPartitioned(name) ? { from: new Date(state.min).toISOString(), to: new Date(state.max).toISOString() } : { from: null, to: null };
        const listed = meta.partitions?.[file];
        if (listed?.from !== span.from || listed?.to !== span.to) {
          throw new StoreError('store_invalid', t('index.span', { index: path(indexFile(indexOfFile(file)!)), file, value: JSON.stringify(listed ?? null), span: JSON.stringify(span) }), t('store.restoreTheStoreFrom'));
        }
      }
      if (ids) {
        let i = total;
        for (const key of state.seen) {
          if (!ids.add(key)) throw new StoreError('store_invalid', `${path(`${name}.*.json`)}: [${i}].id: duplicate id ${JSON.stringify(key)}`);
          i++;
        }
      }
      for (const [index, value] of state.built) (index.gather ?? index.merge)(built.get(index)!, value);
      total += state.count;
    }
    counts[name] = total;
  }
  // What is checked after the collections and before the derived files (the audit log, the settings).
  await between();
  for (const index of DERIVED) await checkDerived(fs, path, meta, derivedFiles, index, built.get(index)!);
  return counts;
}

/**
 * A derived value against the value built from its collection, file by file (block by block): entries a batch at a
 * time, each batch validated and compared with the entries it names; then what the file lacks; then the blocks the
 * value needs that the store does not list. A file not in the store's layout is compared whole.
 */
async function checkDerived(fs: StoreFs, path: (file: string) => string, meta: Meta, derivedFiles: DerivedFiles, index: Derived<unknown>, actual: Map<string, unknown>): Promise<void> {
  const groups = byFile(index, actual);
  const listed = derivedFilesOf(index, meta);
  for (const name of listed) await checkDerivedFile(fs, path, meta, derivedFiles, index, name, groups.get(name) ?? new Map());
  for (const name of groups.keys()) if (!listed.includes(name)) throw missingBlock(index, path(name));
}

async function checkDerivedFile(fs: StoreFs, path: (file: string) => string, meta: Meta, derivedFiles: DerivedFiles, index: Derived<unknown>, name: string, actual: Map<string, unknown>): Promise<void> {
  const shown = path(name);
  const seen = new Set<string>();
  const compare = (batch: readonly unknown[]) => {
    const value = index.parse(Object.assign({}, ...batch), shown);
    const expected = new Map<string, unknown>();
    for (const id of value.keys()) {
      if (actual.has(id)) expected.set(id, actual.get(id));
      seen.add(id);
    }
    index.compare(value, expected, shown);
  };
  let laidOut = false;
  try {
    // A document (the calendar's columns) has no entry lines: compared whole, below.
    laidOut = !index.document && eachRecordBatch(fs.readChunks(shown, CHUNK), BATCH, compare, '{}');
    // What the file lacks: compared with no entries, the first is reported.
    if (laidOut) index.compare(new Map(), new Map([...actual].filter(([id]) => !seen.has(id))), shown);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'store_invalid') throw derivedError(index, err, name);
    if (!(err instanceof StoreError)) {
      // Missing or not a file: reported as a read reports it, with the way out.
      await derivedFiles.whole(index, name, meta, 'verify');
    }
    throw err;
  }
  // Not in the layout (entries compared until then are compared again): the file whole.
  if (!laidOut) await derivedFiles.checkBuilt(index, name, meta, actual);
}
