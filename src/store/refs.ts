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
