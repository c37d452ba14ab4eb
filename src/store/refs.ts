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
import { serializeEntries } from './lines.js';
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

/** club check: the file must say what the members say. */
export function compareRefs(refs: Refs, actual: Refs, file: string): void {
  for (const id of new Set([...refs.keys(), ...actual.keys()])) {
    if (JSON.stringify(refs.get(id) ?? []) !== JSON.stringify(actual.get(id) ?? [])) {
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

/** Whether a block whose filter is `filter` may hold `key` (never false when it does). */
export function mayHold(filter: Buffer, key: string): boolean {
  return bitsOf(key, filter.length * 8).every((bit) => (filter[bit >>> 3]! & (1 << (bit & 7))) !== 0);
}

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
