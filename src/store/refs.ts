// refs.b3.json: what each member of the block can be named by ({"m3012": ["杨洪勇","荆州+杨洪勇","13800138000"]}),
// folded as references compare them (referenceKeys), kept by the store in the same commit as the members' block
// (schemaVersion 11). A command that names a member by name, nickname or contact reads these blocks, not every
// member: the members any key matches are the only ones the name can mean. Derived data: `club check` rebuilds it
// from the members and compares; a block whose bytes the store did not write is not searched (every member is read).
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { referenceKeys } from '../core/members/reference.js';
import type { Member } from '../core/types.js';
import { t } from '../i18n/index.js';
import { serializeEntries, textCrc } from './lines.js';
import { summaryChanges } from './summaries.js';
import { validateWith } from './validated-json-file.js';

export const REFS_FILE = 'refs.json';

/** A refs block's file name (refs.b3.json). */
export const isRefsBlock = (name: string): boolean => /^refs\.b\d+\.json$/.test(name);

const refsSchema = v.record(v.pipe(v.string(), v.regex(/^m[1-9]\d*$/)), v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)));

export type Refs = Map<string, string[]>;

export function parseRefs(data: unknown, file: string): Refs {
  return new Map(Object.entries(validateWith(refsSchema, data, file)));
}

export const serializeRefs = (refs: Refs): string => serializeEntries([...refs].map(([id, keys]) => [id, JSON.stringify(keys)]));

/** Every member's keys; a member with none (a name of spaces) has no entry. */
export function refsOf(members: readonly unknown[]): Refs {
  const refs: Refs = new Map();
  for (const m of members as readonly Member[]) {
    const keys = referenceKeys(m);
    if (keys.length > 0) refs.set(m.id, keys);
  }
  return refs;
}

/** Members whose keys replacing `before` with `after` changes: their new keys, or null when they are gone. */
export const refsChanges = (before: readonly unknown[], after: readonly unknown[]): Map<string, string[] | null> => summaryChanges<Member, string[]>(before, after, referenceKeys);

/** club check: the file must say what the members say (`actual` as built, or each entry's CRC-32: Derived.gather). */
export function compareRefs(refs: Refs, actual: ReadonlyMap<string, string[] | number>, file: string): void {
  for (const id of new Set([...refs.keys(), ...actual.keys()])) {
    const said = JSON.stringify(refs.get(id) ?? []);
    const is = actual.get(id);
    if (typeof is === 'number' ? !refs.has(id) || textCrc(said) !== is : said !== JSON.stringify(is ?? [])) {
      throw new StoreError('store_invalid', t('store.doesNotMatchMembers', { file, id }), t('store.restoreTheStoreFrom'));
    }
  }
}

/**
 * A block's filter (a Bloom filter of its keys, base64), kept in its entry of refs.index.json: a lookup reads only the
 * blocks whose filter may hold one of its keys, so a name costs about the same in a club of 50 blocks as in one of
 * 10. Ten bits and seven hashes a key: about 1% of the blocks that hold none of the keys are read anyway. `text` is
 * the block as the store wrote it.
 */
export function filterOf(text: string | Buffer): string {
  const refs = JSON.parse(typeof text === 'string' ? text : text.toString('utf8')) as Record<string, string[]>;
  const keys: string[] = [];
  for (const id in refs) for (const key of refs[id]!) keys.push(key);
  const bits = new Uint8Array(Math.max(8, Math.ceil((keys.length * BITS_PER_KEY) / 8)));
  for (const key of keys) for (const bit of bitsOf(key, bits.length * 8)) bits[bit >>> 3]! |= 1 << (bit & 7);
  return Buffer.from(bits).toString('base64');
}

/**
 * Whether a block whose filter is the base64 text at `text[start, end)` may hold `key` (never false when it does).
 * The bits are read from the text itself: a name looks at seven bits of each of 50 filters at 5x the large club,
 * whose decoding would be 240 KB.
 */
export function mayHold(text: Uint8Array, start: number, end: number, key: string): boolean {
  const padding = (text[end - 1] === 0x3d ? 1 : 0) + (text[end - 2] === 0x3d ? 1 : 0);
  const size = (((end - start) / 4) * 3 - padding) * 8;
  return bitsOf(key, size).every((bit) => {
    const byte = bit >>> 3;
    // Three bytes a group of four characters, the first in the group's top bits.
    const at = start + Math.floor(byte / 3) * 4;
    const group = (SEXTET[text[at]!]! << 18) | (SEXTET[text[at + 1]!]! << 12) | (SEXTET[text[at + 2]!]! << 6) | SEXTET[text[at + 3]!]!;
    return ((group >>> (16 - 8 * (byte % 3))) & (1 << (bit & 7))) !== 0;
  });
}

/** Each base64 character's six bits, by its code ('=' and anything else: 0). */
const SEXTET = new Uint8Array(128);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) SEXTET[c.charCodeAt(0)] = i;

/** A refs block's entry in refs.index.json as the store wrote it: its file, digest, and where its filter's text is. */
export interface ScannedRef {
  file: string;
  digest: string | undefined;
  /** The filter's text in the index's bytes, [start, end); null when the entry has none. */
  filter: [number, number] | null;
}

/**
 * The entries of refs.index.json's bytes as the store writes them (indexes.ts: `{`, one `"refs.b3.json":{…}` a line
 * with a comma after all but the last, `}`; `{}` when empty), read where they are rather than parsed: a name needs
 * the filters' bits, and parsing the index whole cost 4 ms at 5x the large club (324 KB, and as much again in
 * strings). Null for bytes in any other layout (another one could hold entries a line-by-line reading would miss):
 * the index is then parsed.
 */
export function scanRefsIndex(bytes: Buffer): ScannedRef[] | null {
  if (bytes.equals(EMPTY_INDEX)) return [];
  if (bytes[0] !== 0x7b || bytes[1] !== 0x0a) return null;
  const out: ScannedRef[] = [];
  /** The text of `"name":"…"` within [from, end), as its place [start, close). */
  const valueAt = (from: number, name: string, end: number): [number, number] | null => {
    const tag = bytes.indexOf(`"${name}":"`, from, 'latin1');
    if (tag < 0 || tag >= end) return null;
    const start = tag + name.length + 4;
    const close = bytes.indexOf(0x22, start);
    return close < 0 || close >= end ? null : [start, close];
  };
  for (let line = 2; ; ) {
    const next = bytes.indexOf(0x0a, line);
    if (next < 0 || bytes[line] !== 0x22) return null;
    const named = bytes.indexOf(0x22, line + 1);
    const file = bytes.toString('latin1', line + 1, named);
    const last = bytes[next - 1] !== 0x2c;
    const end = last ? next : next - 1;
    // One entry, one object: the file's name, `:{`, and `}` at the end of the line, with no other file's name between.
    if (!isRefsBlock(file) || bytes[named + 1] !== 0x3a || bytes[named + 2] !== 0x7b || bytes[end - 1] !== 0x7d) return null;
    const other = bytes.indexOf('"refs.', named, 'latin1');
    if (other >= 0 && other < end) return null;
    const digest = valueAt(named, 'digest', end);
    const filter = valueAt(named, 'filter', end);
    // What filterOf writes: whole groups of four characters, eight bytes or more (the bytes are vouched for as a whole).
    if (filter !== null && ((filter[1] - filter[0]) % 4 !== 0 || filter[1] - filter[0] < 12)) return null;
    out.push({ file, digest: digest === null ? undefined : bytes.toString('latin1', digest[0], digest[1]), filter });
    line = next + 1;
    // After the last entry, `}` and the end of the file.
    if (last) return bytes.length === line + 2 && bytes[line] === 0x7d && bytes[line + 1] === 0x0a ? out : null;
  }
}

const EMPTY_INDEX = Buffer.from('{}\n');

/** What filterOf writes: base64 of at least 8 bytes. */
export const FILTER = /^(?:[A-Za-z0-9+/]{4}){2,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const BITS_PER_KEY = 10;
const HASHES = 7;

/** The filter's bits for a key: two CRC-32s of its UTF-8 bytes, combined (h1 + i·h2). */
function bitsOf(key: string, size: number): number[] {
  const { crc32 } = process.getBuiltinModule('node:zlib');
  const h1 = crc32(key);
  const h2 = crc32(key, 0x9e3779b9) | 1;
  const bits: number[] = [];
  for (let i = 0; i < HASHES; i++) bits.push((h1 + i * (h2 >>> 0)) % size);
  return bits;
}

/**
 * The ids of the members of a block whose keys hold one of `needles` (lookupKeys, each as its JSON text's bytes), from
 * bytes the store wrote (one entry a line: `"m12":["key",…]`). A needle counts only as a whole element of the list,
 * between `[` or `,` and `,` or `]`: inside another key its quotes would be escaped.
 */
export function membersWithKeys(bytes: Buffer, needles: readonly Buffer[]): string[] {
  const ids = new Set<string>();
  for (const needle of needles) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      const before = bytes[at - 1];
      const after = bytes[at + needle.length];
      if ((before !== 0x5b && before !== 0x2c) || (after !== 0x2c && after !== 0x5d)) continue;
      const start = bytes.lastIndexOf(0x0a, at) + 1;
      // `"m12":[` starts the line; the id is between its first two quotes.
      const id = bytes.toString('latin1', start + 1, bytes.indexOf(0x22, start + 1));
      if (/^m[1-9]\d*$/.test(id)) ids.add(id);
    }
  }
  return [...ids];
}
