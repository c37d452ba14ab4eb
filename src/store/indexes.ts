// An index per collection (schemaVersion 10). store.json keeps what does not grow with the club (settings, counters,
// the digests of the whole files); each collection kept in several files has an index of its own that lists them:
//   attendance.index.json    { "attendance.s0.json": {"digest":"…","from":"…","to":"…"}, … }
//   ledger.index.json        the ledger's partitions, likewise
//   members.index.json       the id blocks of members, with a null span (likewise sessions, roster, presence, balances)
// one entry a line, files in their order. store.json holds each index's digest, so it still vouches for every file:
// an index whose bytes are not those it names is refused, whatever it lists. A command reads store.json and the
// indexes of the collections it reads; a commit writes store.json and the indexes whose entries changed.
//
// In memory nothing changes: the indexes read are merged into the meta's `digests` and `partitions` (a command sees
// the files of the collections it read, as before), and split out again when the commit writes them.
import { StoreError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { byPartitionOrder, dateWindow, filesOf, partitionFile, sessionBucket } from './partitions.js';
import type { PartScope, PartitionInfo } from './partitions.js';
import { DIGEST, PARTITION_FILE, isSpan } from './schema.js';
import { FILTER } from './refs.js';
import type { Meta } from './schema.js';

/** The collections and member-blocked derived files that have an index. */
export const INDEXED = ['attendance', 'ledger', 'members', 'sessions', 'roster', 'refs', 'presence', 'balances'] as const;
export type IndexedName = (typeof INDEXED)[number];

export const indexFile = (name: IndexedName): string => `${name}.index.json`;

/** The index that lists a partition or block file (`attendance.s12.json` -> attendance); undefined for any other. */
export function indexOfFile(file: string): IndexedName | undefined {
  if (!PARTITION_FILE.test(file)) return undefined;
  return file.slice(0, file.indexOf('.')) as IndexedName;
}

/** One file an index lists: its digest (absent when the store did not write the bytes: a restore) and its span. */
export interface IndexEntry extends PartitionInfo {
  digest?: string;
}

/**
 * An index's entries as its file holds them: `{`, one `"file":{…}` a line in file order, `}`; `{}` when empty. The
 * entries are given in file order (indexEntriesOf), or sorted into it. Built by hand: JSON.stringify of the 900
 * entries of the ledger's index of a 50,000-member club took several milliseconds of every change to it.
 */
export function serializeIndex(entries: Record<string, IndexEntry>, sorted = false): string {
  const files = sorted ? Object.keys(entries) : Object.keys(entries).sort(byPartitionOrder);
  if (files.length === 0) return '{}\n';
  return `{\n${files.map((file) => indexLine(file, entries[file]!)).join(',\n')}\n}\n`;
}

/** One entry's line, without the comma that follows all but the last. */
const indexLine = (file: string, { digest, from, to, filter }: IndexEntry): string =>
  `${text(file)}:{${digest === undefined ? '' : `"digest":${text(digest)},`}"from":${from === null ? 'null' : text(from)},"to":${to === null ? 'null' : text(to)}${filter === undefined ? '' : `,"filter":${text(filter)}`}}`;

/**
 * An index as the store wrote it (`text`, one entry a line) with the lines of `files` replaced by their entries in
 * `meta`; null when one of them has no line yet (a new file: the index is then written whole, in file order).
 */
export function spliceIndex(text: string, files: Iterable<string>, meta: Meta): string | null {
  const lines = new Map<number, [number, string]>();
  for (const file of files) {
    const line = lineOf(text, file);
    if (!line) return null;
    lines.set(line.start, [line.end, indexLine(file, entryOf(meta, file))]);
  }
  let out = '';
  let at = 0;
  for (const [start, [end, line]] of [...lines].sort(([a], [b]) => a - b)) {
    out += text.slice(at, start) + line;
    at = end;
  }
  return out + text.slice(at);
}

/** A string as JSON: as it is between quotes when nothing in it needs escaping (file names, digests, instants). */
const text = (s: string): string => (/["\\\u0000-\u001f\u2028\u2029]/.test(s) ? JSON.stringify(s) : `"${s}"`);

/** The entries of index `name` in a meta that holds them merged (digests and spans of its files). */
export function indexEntriesOf(meta: Meta, name: IndexedName): Record<string, IndexEntry> {
  const entries: Record<string, IndexEntry> = {};
  for (const file of filesOf(meta, name)) entries[file] = entryOf(meta, file);
  return entries;
}

/** A listed file's entry in a meta that holds the indexes merged: its span, and its digest when it has one. */
function entryOf(meta: Meta, file: string): IndexEntry {
  const span = meta.partitions![file]!;
  const digest = meta.digests?.[file];
  const entry: IndexEntry = digest === undefined ? { from: span.from, to: span.to } : { digest, from: span.from, to: span.to };
  // A refs block's filter is its bytes', which its digest vouches for: without one, neither is kept.
  if (span.filter !== undefined && digest !== undefined) entry.filter = span.filter;
  return entry;
}

/** The parsed JSON of an index, validated: each key a file of `name`, each value {digest?, from, to}. */
export function parseIndex(data: unknown, name: IndexedName, path: string): Record<string, IndexEntry> {
  const bad = (what: string) => new StoreError('store_invalid', `${path}: ${what}`, t('index.invalidHint'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad(t('index.expectedObject'));
  for (const [file, entry] of Object.entries(data)) {
    if (indexOfFile(file) !== name) throw bad(t('index.notItsFile', { file: JSON.stringify(file), name }));
    const { digest, filter, ...span } = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : { from: 0 }) as Record<string, unknown>;
    if ((digest !== undefined && !(typeof digest === 'string' && DIGEST.test(digest))) || !isSpan(span)) throw bad(t('index.badEntry', { file }));
    if (filter !== undefined && !(name === 'refs' && typeof filter === 'string' && FILTER.test(filter))) throw bad(t('index.badEntry', { file }));
  }
  return data as Record<string, IndexEntry>;
}

/**
 * store.json as a commit writes it from a meta with the indexes merged in: no spans, and the digests of the files
 * that no index lists (the whole files, and the indexes themselves).
 */
export function rootOf(meta: Meta, written?: ReadonlyMap<string, string>): Meta {
  const { partitions: _partitions, digests, ...rest } = meta;
  void _partitions;
  const own: Record<string, string> = {};
  for (const file in digests) if (!PARTITION_FILE.test(file)) own[file] = digests[file]!;
  // The digests of the files a commit wrote, over those read.
  if (written) for (const [file, digest] of written) if (!PARTITION_FILE.test(file)) own[file] = digest;
  return { ...rest, digests: own };
}

/** An index of attendance or the ledger whose files are chosen from its text: the partitioned collections. */
export type SelectableIndex = 'attendance' | 'ledger';

/** A JSON string with nothing escaped and no control character (which JSON.parse would refuse). */
const PLAIN = '"[^"\\\\\\u0000-\\u001f]*"';

/**
 * One line of an index of `name` as the store writes it (serializeIndex): the file, an optional digest, the span (and
 * a refs block's filter), then `,` and a newline, or a newline alone on the last line. Nothing in it is escaped: file
 * names, digests, instants and filters need no escapes. Matched in place (sticky): a line costs no string or array.
 */
const LINE = (name: IndexedName) =>
  new RegExp(`"${name}\\.[a-z0-9-]+\\.json":\\{(?:"digest":${PLAIN},)?"from":(?:null|${PLAIN}),"to":(?:null|${PLAIN})${name === 'refs' ? `(?:,"filter":${PLAIN})?` : ''}\\},?\\n`, 'y');

/**
 * The entries of the lines of an index of `name` that `wanted` picks (given the file and where its name ends), each
 * parsed alone; null when the text is not laid out as the store writes an index, line by line.
 */
function pickLines(text: string, name: IndexedName, wanted: (file: string, fileEnd: number) => boolean): Record<string, IndexEntry> | null {
  const entries: Record<string, IndexEntry> = {};
  if (text === '{}\n') return entries;
  if (!text.startsWith('{\n') || !text.endsWith('\n}\n')) return null;
  const line = LINE(name);
  const end = text.length - 2;
  let at = 2;
  for (;;) {
    line.lastIndex = at;
    if (!line.test(text)) return null;
    const next = line.lastIndex;
    const last = text.charCodeAt(next - 2) !== 44; // no comma: the last line, which `}` must follow
    if (last !== (next === end)) return null;
    const fileEnd = text.indexOf('":{', at);
    const file = text.slice(at + 1, fileEnd);
    if (wanted(file, fileEnd)) entries[file] = JSON.parse(text.slice(fileEnd + 2, last ? next - 1 : next - 2)) as IndexEntry;
    if (last) return entries;
    at = next;
  }
}

/**
 * The entries of the files of `name` that `scope` needs (selectFiles, partitions.ts, on a meta with the index merged),
 * read from the index's text without parsing the others: a check-in or points booked at 5x the large club read the
 * 900 entries of the ledger's index and merged them into the meta for the one or two files they touch. Null when the
 * text is not laid out as the store writes an index: that one is read whole, as before.
 */
export function selectFromIndex(text: string, name: SelectableIndex, scope: PartScope): Record<string, IndexEntry> | null {
  const named = new Set<string>();
  for (const id of scope.sessions ?? []) named.add(partitionFile(name, sessionBucket(id) ?? 'other'));
  const window: { from?: Date; to?: Date } = scope.days ? dateWindow(scope.days.from, scope.days.to) : scope;
  const timed = Boolean(window.from || window.to);
  const from = window.from?.getTime() ?? -Infinity;
  const to = window.to?.getTime() ?? Infinity;
  return pickLines(text, name, (file, fileEnd) => {
    if (named.has(file)) return true;
    if (!timed) return false;
    const spanFrom = text.indexOf('"from":', fileEnd) + 7;
    const spanTo = text.indexOf(',"to":', spanFrom) + 6;
    if (text.charCodeAt(spanFrom) !== 34 || text.charCodeAt(spanTo) !== 34) return false;
    const first = Date.parse(text.slice(spanFrom + 1, text.indexOf('"', spanFrom + 1)));
    const latest = Date.parse(text.slice(spanTo + 1, text.indexOf('"', spanTo + 1)));
    return latest >= from && first < to;
  });
}

/** The entries of `files` in an index of `name` laid out as the store writes it (null otherwise); a file it does not list has none. */
export function entriesInIndex(text: string, name: IndexedName, files: ReadonlySet<string>): Record<string, IndexEntry> | null {
  return pickLines(text, name, (file) => files.has(file));
}

/** The entry of one file in an index as the store wrote it (one entry a line), or undefined when it lists none. */
export function entryInIndex(text: string, file: string): IndexEntry | undefined {
  const line = lineOf(text, file);
  return line ? (JSON.parse(text.slice(line.value, line.end)) as IndexEntry) : undefined;
}

/**
 * Where the line of `file` lies in an index as the store wrote it (one entry a line): its start, its value's, and its
 * end before the comma that follows all but the last; null when it lists no such file.
 */
function lineOf(text: string, file: string): { start: number; value: number; end: number } | null {
  const key = `\n"${file}":`;
  const at = text.indexOf(key);
  if (at < 0) return null;
  const end = text.indexOf('\n', at + 1);
  return { start: at + 1, value: at + key.length, end: text[end - 1] === ',' ? end - 1 : end };
}

/**
 * Every entry of an index read in part (selectFromIndex): those of its text, with the entries of the files of
 * `name` that `meta` holds (read, or written by the change) over them. For a change that adds a file to it.
 */
export function indexEntriesOver(text: string, meta: Meta, name: IndexedName): Record<string, IndexEntry> {
  const entries = JSON.parse(text) as Record<string, IndexEntry>;
  const all: Record<string, IndexEntry> = {};
  for (const file in entries) if (file !== '__proto__') all[file] = entries[file]!;
  for (const file of filesOf(meta, name)) all[file] = entryOf(meta, file);
  return all;
}
