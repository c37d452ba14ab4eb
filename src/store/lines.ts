// Records read out of a file without parsing the rest of it. Every file the store writes holds one record per line
// (serializeCollection, the derived files), so once a file's digest says its bytes are the ones the store wrote, the
// line of one record can be found by how it starts: `{"id":"m12",` in members.json, `"m12":` in balances.json. A
// command that works on one member of 10,000 then parses one line, not 4 MB, and a write puts its changed lines back
// among the others' bytes as they were. Only ever used on bytes the digest vouches for: anything else is parsed whole.

import { compareIds } from '../core/ids.js';

const NEWLINE = 0x0a;
const COMMA = 0x2c;

export const U8_INDEX_OF = Uint8Array.prototype.indexOf;
/**
 * Where `byte` next occurs in `bytes` at or after `from` (-1: nowhere). The typed array's own search: Buffer's
 * indexOf checks its arguments in JavaScript first, which cost 8 of a 10 ms pass over the 5,000 lines of a calendar as it was then.
 */
export const byteIndex = (bytes: Uint8Array, byte: number, from = 0): number => U8_INDEX_OF.call(bytes, byte, from);

/**
 * The CRC-32 of a text's UTF-8 bytes, carried on from `crc` (the CRC of the text before it): what `club check` keeps
 * of a derived value it only compares (Derived.gather).
 */
export function textCrc(text: string, crc = 0): number {
  return process.getBuiltinModule('node:zlib').crc32(text, crc);
}

export interface Line {
  /** Byte offsets of the line in the file, without its newline and its trailing comma. */
  start: number;
  end: number;
  text: string;
}

/** Where the record of a line ending at `end` (its newline) ends: before the comma that separates it from the next. */
const recordEnd = (bytes: Buffer, end: number): number => (bytes[end - 1] === COMMA ? end - 1 : end);

/** The line that starts with `prefix` (after a newline), or undefined when there is none. */
export function findLine(bytes: Buffer, prefix: string): Line | undefined {
  const at = bytes.indexOf(`\n${prefix}`, 0, 'utf8');
  if (at < 0) return undefined;
  const start = at + 1;
  let end = byteIndex(bytes, NEWLINE, start);
  if (end < 0) end = bytes.length;
  const stop = recordEnd(bytes, end);
  return { start, end: stop, text: bytes.toString('utf8', start, stop) };
}

/** How the line of a record keyed `id` starts: members.json and the other collections whose records lead with `id`. */
export const recordPrefix = (id: string): string => `{"id":${JSON.stringify(id)},`;

/** Up to this many ids are looked for one by one; more, in one pass over every line. */
export const ONE_BY_ONE = 16;
const RECORD_HEAD = Buffer.from('{"id":"');

/** The lines of the records keyed `ids` (see recordPrefix), or null when one of them has no line. */
export function findRecordLines(bytes: Buffer, ids: ReadonlySet<string>): Map<string, Line> | null {
  const found = new Map<string, Line>();
  if (ids.size <= ONE_BY_ONE) {
    for (const id of ids) {
      const line = findLine(bytes, recordPrefix(id));
      if (!line) return null;
      found.set(id, line);
    }
    return found;
  }
  for (let start = byteIndex(bytes, NEWLINE) + 1; start > 0 && start < bytes.length; ) {
    let end = byteIndex(bytes, NEWLINE, start);
    if (end < 0) end = bytes.length;
    const id = lineId(bytes, start, end);
    if (id !== undefined && ids.has(id)) {
      const stop = recordEnd(bytes, end);
      found.set(id, { start, end: stop, text: bytes.toString('utf8', start, stop) });
    }
    start = end + 1;
  }
  return found.size === ids.size ? found : null;
}

/** Whether the line from `start` to `end` begins `{"id":"`, compared byte by byte (no call into Buffer per line). */
function leadsWithId(bytes: Buffer, start: number, end: number): boolean {
  if (start + RECORD_HEAD.length > end) return false;
  for (let i = 0; i < RECORD_HEAD.length; i++) if (bytes[start + i] !== RECORD_HEAD[i]) return false;
  return true;
}

/** The id a record line from `start` to `end` (its newline) leads with, or undefined when it does not lead with one. */
function lineId(bytes: Buffer, start: number, end: number): string | undefined {
  if (!leadsWithId(bytes, start, end)) return undefined;
  const from = start + RECORD_HEAD.length;
  const close = byteIndex(bytes, 0x22 /* " */, from);
  // Ids are plain ASCII (m12): a quote ends them and a comma follows.
  return close > 0 && close < end && bytes[close + 1] === COMMA ? bytes.toString('latin1', from, close) : undefined;
}

/**
 * Whether every record line of a collection file (between its `[` and `]` lines) leads with an id, in id order. The
 * store adds records in the order their ids are given out, but a file once edited by hand and then rewritten keeps
 * whatever order it had. Ids are a letter and a number (ID_PREFIXES): read from the bytes, with no string made.
 */
export function inIdOrder(bytes: Buffer): boolean {
  let letter = -1;
  let previous = -1;
  for (let start = byteIndex(bytes, NEWLINE) + 1; start > 0 && start < bytes.length; ) {
    let end = byteIndex(bytes, NEWLINE, start);
    if (end < 0) end = bytes.length;
    if (bytes[start] === 0x5d /* ] */ && end === start + 1) return true;
    if (!leadsWithId(bytes, start, end)) return false;
    let i = start + RECORD_HEAD.length;
    const prefix = bytes[i++]!;
    if (prefix < 0x61 || prefix > 0x7a || (letter !== -1 && prefix !== letter)) return false;
    let n = 0;
    const digits = i;
    for (; i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) n = n * 10 + bytes[i]! - 0x30;
    if (i === digits || bytes[i] !== 0x22 || bytes[i + 1] !== COMMA || n <= previous) return false;
    letter = prefix;
    previous = n;
    start = end + 1;
  }
  return true;
}

/** How the line of `key` starts in a derived file (an object with one key per line). */
export const entryPrefix = (key: string): string => `${JSON.stringify(key)}:`;

/**
 * The file `bytes` (a JSON array, one record per line) with the lines at `replace` given new text (null: removed) and
 * `append` added at the end, in the same layout. Lines of other records are copied as bytes, unparsed.
 */
export function spliceRecords(bytes: Buffer, replace: ReadonlyMap<number, string | null>, append: readonly string[]): Buffer {
  const lines: Buffer[] = [];
  const { starts, ends } = recordSpans(bytes);
  for (let i = 0; i < starts.length; i++) {
    const next = replace.get(starts[i]!);
    if (next === undefined) lines.push(bytes.subarray(starts[i]!, ends[i]!));
    else if (next !== null) lines.push(Buffer.from(next, 'utf8'));
  }
  for (const text of append) lines.push(Buffer.from(text, 'utf8'));
  return enclose(lines, '[', ']');
}

/**
 * Where each record's line starts and ends (without its comma) in a file laid out as serializeCollection lays it
 * out: every line between the `[` and the `]`.
 */
function recordSpans(bytes: Buffer): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = byteIndex(bytes, NEWLINE) + 1; start > 0 && start < bytes.length && bytes[start] !== 0x5d /* ] */; ) {
    let end = byteIndex(bytes, NEWLINE, start);
    if (end < 0) end = bytes.length;
    const stop = recordEnd(bytes, end);
    if (stop > start) {
      starts.push(start);
      ends.push(stop);
    }
    start = end + 1;
  }
  return { starts, ends };
}

/**
 * `records` laid out as serializeCollection lays them out, from `bytes`, the file the store wrote of the `readCount`
 * records read (the digest vouches for them), whose line `j` is the record read `j`th: a run of records read, in the
 * order they were read, is copied as its lines are, and only the others are serialized. `placeOf` gives each record
 * read its place. Records read are never changed in place (a change replaces the object; every record in a written
 * collection already has its `recordedAt`), so a record read is the text of its line. Null when the bytes do not hold
 * one line per record read (the caller serializes every record).
 */
export function reuseRecordLines(bytes: Buffer, readCount: number, records: readonly unknown[], placeOf: ReadonlyMap<unknown, number>): Buffer | null {
  const { starts, ends } = recordSpans(bytes);
  if (starts.length !== readCount) return null;
  const lines: Buffer[] = [];
  for (let k = 0; k < records.length; k++) {
    const j = placeOf.get(records[k]);
    if (j === undefined) {
      lines.push(Buffer.from(JSON.stringify(records[k]), 'utf8'));
      continue;
    }
    // The longest run of records read that follow one another as they were read: their lines, and the commas
    // between them, copied at once.
    let last = j;
    while (k + 1 < records.length && placeOf.get(records[k + 1]) === last + 1) {
      last++;
      k++;
    }
    lines.push(bytes.subarray(starts[j]!, ends[last]!));
  }
  return enclose(lines, '[', ']');
}

/** Several files laid out as serializeCollection lays them out, as one such file: their record lines in order. */
export function joinLines(files: readonly Buffer[]): Buffer {
  const lines: Buffer[] = [];
  // Between a file's `[\n` and its `\n]\n`; `[]\n` holds none.
  for (const bytes of files) if (bytes.length > 3) lines.push(bytes.subarray(2, bytes.length - 3));
  return enclose(lines, '[', ']');
}

/** `open` and `close` around `lines`, one per line with commas between (`[]\n` or `{}\n` for none). */
function enclose(lines: readonly Buffer[], open: string, close: string): Buffer {
  if (lines.length === 0) return Buffer.from(`${open}${close}\n`);
  const separator = Buffer.from(',\n');
  const parts: Buffer[] = [Buffer.from(`${open}\n`), lines[0]!];
  for (let i = 1; i < lines.length; i++) parts.push(separator, lines[i]!);
  parts.push(Buffer.from(`\n${close}\n`));
  return Buffer.concat(parts);
}

// Derived files (balances.json, presence.json, roster.json) are one JSON object with an entry per line, in id order:
// `{\n"m1":16,\n"m2":4\n}\n`. A change to a few members' entries is spliced into the bytes as they are.

/** A derived file from its entries' keys and value texts, in id order. */
export function serializeEntries(entries: ReadonlyArray<readonly [string, string]>): string {
  if (entries.length === 0) return '{}\n';
  const sorted = [...entries].sort((a, b) => compareIds(a[0], b[0]));
  return `{\n${sorted.map(([id, text]) => `${entryPrefix(id)}${text}`).join(',\n')}\n}\n`;
}

/**
 * The derived file `bytes` with each entry of `changes` given the value text its function returns for the current
 * one (undefined when the entry has no line; null removes it), those without a line inserted where the id order puts
 * them: byte for byte what serializeEntries gives for the changed entries. One search finds each changed entry; the
 * lines between are copied as they are.
 */
export function spliceEntries(bytes: Buffer, changes: ReadonlyMap<string, (value: string | undefined) => string | null>): Buffer {
  // The entries lie between `{\n` and `\n}\n`; `{}\n` has none.
  const first = 2;
  const last = Math.max(first, bytes.length - 3);
  const edits = [...changes].map(([id, change]) => {
    const line = findLine(bytes, entryPrefix(id));
    const text = change(line?.text.slice(entryPrefix(id).length));
    const at = line ? line.start : insertionPoint(bytes, id, first, last);
    // The next line's start after a replaced or removed entry; an inserted one leaves the line at `at` in place.
    const resume = line ? Math.min(line.end + 2, last) : at;
    return { id, at, resume, text: text === null ? null : `${entryPrefix(id)}${text}` };
  });
  // In file order; an entry inserted before a line that changes too comes first, as its id is the smaller.
  edits.sort((a, b) => a.at - b.at || a.resume - b.resume || compareIds(a.id, b.id));
  const pieces: Buffer[] = [];
  // Whole lines from a line's start up to the next one's start (or the end of the entries), without the `,\n`.
  const keep = (from: number, to: number) => {
    if (to > from) pieces.push(bytes.subarray(from, to === last ? to : to - 2));
  };
  let cursor = first;
  for (const edit of edits) {
    keep(cursor, edit.at);
    if (edit.text !== null) pieces.push(Buffer.from(edit.text, 'utf8'));
    cursor = edit.resume;
  }
  keep(cursor, last);
  return enclose(pieces, '{', '}');
}

/** The start of the first line in [first, last) whose id comes after `id`, or `last`: a binary search over bytes. */
function insertionPoint(bytes: Buffer, id: string, first: number, last: number): number {
  let lo = first;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const start = Math.max(lo, bytes.lastIndexOf(NEWLINE, mid - 1) + 1);
    // A line is `"m12":…`: its id is between the first two quotes.
    const lineId = bytes.toString('latin1', start + 1, byteIndex(bytes, 0x22 /* " */, start + 1));
    if (compareIds(lineId, id) < 0) {
      const next = byteIndex(bytes, NEWLINE, start);
      lo = next < 0 || next + 1 > last ? last : next + 1;
    } else hi = start;
  }
  return lo;
}

/**
 * Every entry of a derived file the store wrote (serializeEntries: `"m12":VALUE` a line), each value given to `value`
 * as its JSON text, unparsed. Keys are ids, which need no unescaping.
 */
export function entryTexts<V>(text: string, value: (json: string) => V): Map<string, V> {
  const entries = new Map<string, V>();
  for (let start = text.indexOf('\n') + 1; start > 0 && start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) === 0x22 /* " */) {
      const close = text.indexOf('"', start + 1);
      entries.set(text.slice(start + 1, close), value(text.slice(close + 2, text.charCodeAt(end - 1) === COMMA ? end - 1 : end)));
    }
    start = end + 1;
  }
  return entries;
}

/** The entries of `ids` in a derived file, each decoded from its line alone; an id without a line has no entry. */
export function pickEntries<V>(bytes: Buffer, ids: readonly string[], value: (json: string) => V): Map<string, V> {
  const picked = new Map<string, V>();
  for (const id of ids) {
    const line = findLine(bytes, entryPrefix(id));
    if (line) picked.set(id, value(line.text.slice(entryPrefix(id).length)));
  }
  return picked;
}
