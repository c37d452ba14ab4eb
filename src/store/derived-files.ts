// The derived files on disk (derived.ts says what each holds): read whole, or a few members' entries picked from
// their lines; changed by splicing a few entries into the bytes the store wrote, or by writing the whole value. Bytes
// are trusted only when their digest in store.json says the store wrote them; anything else is parsed and validated.
import { Low } from 'lowdb';
import { StoreError } from '../core/errors.js';
import { applyAll } from './derived.js';
import type { Derived } from './derived.js';
import type { StoreFs } from './fs.js';
import { ONE_BY_ONE, entryTexts, pickEntries, spliceEntries } from './lines.js';
import type { Meta } from './schema.js';
import { NeedsLock, decodeJson, readBytes, vouchedFor } from './validated-json-file.js';
import type { Stager } from './validated-json-file.js';

/**
 * How a read treats each file's bytes. trust-digest: bytes that match the digest in store.json are the ones the store
 * wrote and validated, so they are parsed as they are; other bytes are validated record by record. verify: every file
 * is validated (club check). digest-only: bytes that do not match their digest throw NeedsLock (a read without the
 * lock, which must not trust anything it cannot prove).
 */
export type ReadMode = 'trust-digest' | 'verify' | 'digest-only';

interface FileBytes {
  bytes: Buffer;
  /** The bytes are the ones the store wrote (their digest is in store.json). */
  trusted: boolean;
}

/** What a command read of a derived file: every entry, or those of some members picked from `bytes`. */
export interface DerivedRead {
  value: Map<string, unknown>;
  picked: Buffer | null;
}

export class DerivedFiles {
  constructor(
    private readonly fs: StoreFs,
    private readonly path: (file: string) => string,
    private readonly stage: Stager,
  ) {}

  /** The file whole, or when `only` names a few members and the bytes are trusted, just their entries. */
  async read(index: Derived<unknown>, meta: Meta, mode: ReadMode, only?: readonly string[]): Promise<DerivedRead> {
    const file = mode === 'verify' ? undefined : await this.bytes(index, meta);
    if (only && only.length <= ONE_BY_ONE && file?.trusted) return { value: pickEntries(file.bytes, only, index.decode), picked: file.bytes };
    return { value: await this.whole(index, meta, mode, file), picked: null };
  }

  /** Every entry: trusted when the bytes are the ones the store wrote, validated otherwise. */
  async whole<V>(index: Derived<V>, meta: Meta, mode: ReadMode, known?: FileBytes): Promise<Map<string, V>> {
    const file = this.path(index.file);
    const { bytes, trusted } = mode === 'verify' ? { bytes: await this.fileBytes(index), trusted: false } : (known ?? (await this.bytes(index as Derived<unknown>, meta)));
    // Line by line: presence.json's 10,000 texts, for one, are sliced out rather than parsed.
    if (trusted) return entryTexts(bytes.toString('utf8'), index.decode);
    if (mode === 'digest-only') throw new NeedsLock(file);
    try {
      return index.parse(decodeJson(file, bytes), file);
    } catch (err) {
      throw derivedError(index, err);
    }
  }

  /** Throws, naming the way out, when the file is missing, damaged or says other than `records` (club check). */
  async check<V>(index: Derived<V>, meta: Meta, records: readonly unknown[]): Promise<void> {
    const value = await this.whole(index, meta, 'verify');
    try {
      index.verify(value, records, this.path(index.file));
    } catch (err) {
      throw derivedError(index, err);
    }
  }

  /** check, against a value built from the source records (Derived.build and merge) rather than the records. */
  async checkBuilt<V>(index: Derived<V>, meta: Meta, actual: Map<string, V>): Promise<void> {
    const value = await this.whole(index, meta, 'verify');
    try {
      index.compare(value, actual, this.path(index.file));
    } catch (err) {
      throw derivedError(index, err);
    }
  }

  /**
   * The write that applies `changes`, given what the command read (nothing, when its scope did not ask for the file).
   * A value read whole is changed and written whole. Otherwise a few changed entries are spliced into the bytes the
   * store wrote (each is a search through the file); many, or bytes that are not those (then validated), are applied
   * to the file read whole.
   */
  async update<V, P>(index: Derived<V, P>, meta: Meta, read: DerivedRead | undefined, changes: ReadonlyMap<string, P>): Promise<Low<unknown>> {
    if (read && !read.picked) return this.write(index, applyAll(index, read.value as Map<string, V>, changes));
    const file = read?.picked ? { bytes: read.picked, trusted: true } : await this.bytes(index as Derived<unknown>, meta);
    if (file.trusted && changes.size <= ONE_BY_ONE) return this.splice(index, file.bytes, changes);
    return this.write(index, applyAll(index, await this.whole(index, meta, 'trust-digest', file), changes));
  }

  /** The whole value, staged like a collection file when the commit writes it. */
  write<V>(index: Derived<V>, value: Map<string, V>): Low<unknown> {
    const file = this.path(index.file);
    return new Low<Map<string, V>>({ read: async () => value, write: async (data) => this.stage(file, index.serialize(data)) }, value) as Low<unknown>;
  }

  private async bytes(index: Derived<unknown>, meta: Meta): Promise<FileBytes> {
    const bytes = await this.fileBytes(index);
    return { bytes, trusted: await vouchedFor(bytes, meta.digests?.[index.file]) };
  }

  private async fileBytes(index: Derived<unknown>): Promise<Buffer> {
    try {
      return await readBytes(this.fs, this.path(index.file));
    } catch (err) {
      throw derivedError(index, err);
    }
  }

  /** `bytes` (ones the store wrote) with the entries of `changes` spliced in, staged at commit. */
  private splice<V, P>(index: Derived<V, P>, bytes: Buffer, changes: ReadonlyMap<string, P>): Low<unknown> {
    const texts = new Map(
      [...changes].map(([id, change]) => [
        id,
        (value: string | undefined) => {
          const after = index.apply(value === undefined ? undefined : index.decode(value), change);
          return after === null ? null : index.encode(after);
        },
      ]),
    );
    const file = this.path(index.file);
    const spliced = spliceEntries(bytes, texts);
    return new Low<Buffer>({ read: async () => spliced, write: async (data) => this.stage(file, data) }, spliced) as Low<unknown>;
  }
}

/**
 * A derived file that is missing or damaged, or that disagrees with its collection, with the way out: it holds nothing
 * of its own and is rebuilt from the collection. Other errors pass as they are.
 */
export function derivedError(index: Derived<unknown>, err: unknown): unknown {
  if (!(err instanceof StoreError) || err.code !== 'store_invalid') return err;
  return new StoreError('store_invalid', err.message, `club check --repair rebuilds ${index.file} from the ${index.source} records`);
}
