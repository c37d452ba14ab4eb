// The derived files on disk (derived.ts says what each holds): read whole, or a few members' entries picked from
// their lines; changed by splicing a few entries into the bytes the store wrote, or by writing the whole value. Bytes
// are trusted only when their digest in store.json says the store wrote them; anything else is parsed and validated.
import { Low } from 'lowdb';
import { StoreError } from '../core/errors.js';
import { basename } from 'node:path';
import { t } from '../i18n/index.js';
import { applyAll, byFile, derivedFileOf, derivedFilesOf } from './derived.js';
import type { Derived } from './derived.js';
import type { PartitionInfo } from './partitions.js';
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

/** What a command read of one file of a derived value: every entry, or those of some members picked from `bytes`. */
export interface DerivedFileRead {
  value: Map<string, unknown>;
  picked: Buffer | null;
  /** What Derived.view made of trusted bytes (then `value` is empty and `picked` holds the bytes). */
  view?: unknown;
}

/** What a command read of a derived value: each file read (a block, or the one file), and their entries together. */
export interface DerivedRead {
  value: Map<string, unknown>;
  files: Map<string, DerivedFileRead>;
  /** For a value of one file read for its view (Derived.view): the view. */
  view?: unknown;
}

export class DerivedFiles {
  constructor(
    private readonly fs: StoreFs,
    private readonly path: (file: string) => string,
    private readonly stage: Stager,
  ) {}

  /**
   * The files of `index` (for a member-blocked one, the blocks of `only`, or all of them), each whole, or when `only`
   * names a few members and the bytes are trusted, just their entries.
   */
  async read(index: Derived<unknown>, meta: Meta, mode: ReadMode, only?: readonly string[]): Promise<DerivedRead> {
    const names = index.blocked && only ? [...new Set(only.map((id) => derivedFileOf(index, id)))].filter((file) => meta.partitions?.[file]) : derivedFilesOf(index, meta);
    const files = new Map<string, DerivedFileRead>();
    for (const name of names) {
      const file = mode === 'verify' ? undefined : await this.bytes(index, name, meta);
      const mine = index.blocked && only ? only.filter((id) => derivedFileOf(index, id) === name) : only;
      if (mine && mine.length <= ONE_BY_ONE && file?.trusted && !index.document) files.set(name, { value: pickEntries(file.bytes, mine, index.decode), picked: file.bytes });
      // Read for a command's view, not its entries: a change made after applies them to the bytes, as for picked.
      else if (index.view && !index.blocked && file?.trusted) files.set(name, { value: new Map(), picked: file.bytes, view: index.view(file.bytes) });
      else files.set(name, { value: await this.whole(index, name, meta, mode, file), picked: null });
    }
    const reads = [...files.values()];
    if (reads.length === 1 && reads[0]!.view !== undefined) return { value: reads[0]!.value, files, view: reads[0]!.view };
    // The blocks' entries into one map, with forEach: spreading each map made a [key, value] array per entry (20,000
    // for the roster and presence of the large club) and an array of them all.
    const value = reads.length === 1 ? reads[0]!.value : new Map<string, unknown>();
    if (reads.length !== 1) for (const r of reads) r.value.forEach((v, k) => value.set(k, v));
    return { value, files };
  }

  /** Every entry of one file: trusted when the bytes are the ones the store wrote, validated otherwise. */
  async whole<V>(index: Derived<V>, name: string, meta: Meta, mode: ReadMode, known?: FileBytes): Promise<Map<string, V>> {
    const file = this.path(name);
    const { bytes, trusted } = mode === 'verify' ? { bytes: await this.fileBytes(index, name), trusted: false } : (known ?? (await this.bytes(index as Derived<unknown>, name, meta)));
    if (trusted && index.document) return index.document(bytes.toString('utf8'));
    // Line by line: presence's 10,000 texts, for one, are sliced out rather than parsed.
    if (trusted && !index.jsonValues) return entryTexts(bytes.toString('utf8'), index.decode);
    if (trusted) {
      // One JSON.parse of the file, its keys taken with for…in: Object.entries made an array per entry.
      const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, V>;
      const entries = new Map<string, V>();
      for (const id in parsed) entries.set(id, parsed[id]!);
      return entries;
    }
    if (mode === 'digest-only') throw new NeedsLock(file);
    try {
      return index.parse(decodeJson(file, bytes), file);
    } catch (err) {
      throw derivedError(index, err, name);
    }
  }

  /** Every entry of every file of `index`, in id order of blocks (club backup). */
  async all<V>(index: Derived<V>, meta: Meta, mode: ReadMode): Promise<Map<string, Map<string, V>>> {
    const files = new Map<string, Map<string, V>>();
    for (const name of derivedFilesOf(index as Derived<unknown>, meta)) files.set(name, await this.whole(index, name, meta, mode));
    return files;
  }

  /**
   * The files of `index` that are missing, damaged or say other than `records` (club check --repair): for a blocked
   * value, each block listed or that the records need; throws what is wrong with a file that cannot be read.
   */
  async damaged<V>(index: Derived<V>, meta: Meta, records: readonly unknown[]): Promise<{ files: string[]; built: Map<string, Map<string, V>> }> {
    const built = byFile(index, index.build(records));
    const names = new Set([...derivedFilesOf(index as Derived<unknown>, meta), ...built.keys()]);
    if (!index.blocked) names.add(index.file);
    const files: string[] = [];
    for (const name of names) {
      try {
        if (!meta.partitions?.[name] && index.blocked) throw new StoreError('store_invalid', name);
        const value = await this.whole(index, name, meta, 'verify');
        index.compare(value, built.get(name) ?? new Map(), this.path(name));
      } catch (err) {
        // Only what is wrong with the file's content; a file that cannot be read (permissions, I/O) is reported.
        if (!(err instanceof StoreError) || err.code !== 'store_invalid') throw err;
        files.push(name);
      }
    }
    return { files, built };
  }

  /** Throws, naming the way out, when a file is missing, damaged or says other than `records`. */
  async check<V>(index: Derived<V>, meta: Meta, records: readonly unknown[]): Promise<void> {
    const built = byFile(index, index.build(records));
    await this.checkFiles(index, meta, built);
  }

  /** check, against the value built from the source, grouped by file (Derived.build and merge, then byFile). */
  async checkFiles<V>(index: Derived<V>, meta: Meta, built: ReadonlyMap<string, Map<string, V>>): Promise<void> {
    const listed = derivedFilesOf(index as Derived<unknown>, meta);
    for (const name of listed) await this.checkBuilt(index, name, meta, built.get(name) ?? new Map());
    for (const name of built.keys()) if (!listed.includes(name)) throw missingBlock(index, this.path(name));
  }

  /** One file against the entries built from the source that belong in it. */
  async checkBuilt<V>(index: Derived<V>, name: string, meta: Meta, actual: Map<string, V>): Promise<void> {
    const value = await this.whole(index, name, meta, 'verify');
    try {
      index.compare(value, actual, this.path(name));
    } catch (err) {
      throw derivedError(index, err, name);
    }
  }

  /**
   * The writes that apply `changes`, given what the command read (nothing, when its scope did not ask for the value),
   * file by file: only the files (blocks) whose entries change. A file read whole is changed and written whole.
   * Otherwise a few changed entries are spliced into the bytes the store wrote (each is a search through the file);
   * many, or bytes that are not those (then validated), are applied to the file read whole. A block the store has no
   * file for yet is written with its new entries and listed in `partitions`.
   */
  async update<V, P>(index: Derived<V, P>, meta: Meta, read: DerivedRead | undefined, changes: ReadonlyMap<string, P>, partitions: Record<string, PartitionInfo>): Promise<Array<Low<unknown>>> {
    const writes: Array<Low<unknown>> = [];
    for (const [name, mine] of byFile(index as Derived<unknown, P>, changes)) {
      const had = read?.files.get(name);
      if (had && !had.picked) {
        writes.push(this.write(index, name, applyAll(index, had.value as Map<string, V>, mine)));
        continue;
      }
      if (index.blocked && !partitions[name]) {
        partitions[name] = { from: null, to: null };
        writes.push(this.write(index, name, applyAll(index, new Map<string, V>(), mine)));
        continue;
      }
      const file = had?.picked ? { bytes: had.picked, trusted: true } : await this.bytes(index as Derived<unknown>, name, meta);
      if (file.trusted && mine.size <= ONE_BY_ONE && !index.document) writes.push(this.splice(index, name, file.bytes, mine));
      else writes.push(this.write(index, name, applyAll(index, await this.whole(index, name, meta, 'trust-digest', file), mine)));
    }
    return writes;
  }

  /** A whole value written anew (a migration, a repair): every file of it, blocks listed in `partitions`. */
  writeAll<V>(index: Derived<V>, value: ReadonlyMap<string, V>, partitions: Record<string, PartitionInfo>): Array<Low<unknown>> {
    if (!index.blocked) return [this.write(index, index.file, new Map(value))];
    return [...byFile(index, value)].map(([name, part]) => {
      partitions[name] = { from: null, to: null };
      return this.write(index, name, part);
    });
  }

  /** The whole value of one file, staged like a collection file when the commit writes it. */
  write<V>(index: Derived<V>, name: string, value: Map<string, V>): Low<unknown> {
    const file = this.path(name);
    return new Low<Map<string, V>>({ read: async () => value, write: async (data) => this.stage(file, index.serialize(data)) }, value) as Low<unknown>;
  }

  private async bytes(index: Derived<unknown>, name: string, meta: Meta): Promise<FileBytes> {
    const bytes = await this.fileBytes(index, name);
    return { bytes, trusted: await vouchedFor(bytes, meta.digests?.[name]) };
  }

  private async fileBytes(index: Derived<unknown>, name: string): Promise<Buffer> {
    try {
      return await readBytes(this.fs, this.path(name));
    } catch (err) {
      throw derivedError(index, err, name);
    }
  }

  /** `bytes` (ones the store wrote) with the entries of `changes` spliced in, staged at commit. */
  private splice<V, P>(index: Derived<V, P>, name: string, bytes: Buffer, changes: ReadonlyMap<string, P>): Low<unknown> {
    const texts = new Map(
      [...changes].map(([id, change]) => [
        id,
        (value: string | undefined) => {
          const after = index.apply(value === undefined ? undefined : index.decode(value), change);
          return after === null ? null : index.encode(after);
        },
      ]),
    );
    const file = this.path(name);
    const spliced = spliceEntries(bytes, texts);
    return new Low<Buffer>({ read: async () => spliced, write: async (data) => this.stage(file, data) }, spliced) as Low<unknown>;
  }
}

/** A block the source's records need that the store does not list: missing, with the way out. */
export function missingBlock(index: Derived<unknown>, path: string): StoreError {
  return new StoreError('store_invalid', t('store.isMissing', { file: path }), t('blocks.repairHint', { file: basename(path), source: index.source }));
}

/**
 * A derived file that is missing or damaged, or that disagrees with its collection, with the way out: it holds nothing
 * of its own and is rebuilt from the collection. Other errors pass as they are.
 */
export function derivedError(index: Derived<unknown>, err: unknown, name = index.file): unknown {
  if (!(err instanceof StoreError) || err.code !== 'store_invalid') return err;
  return new StoreError('store_invalid', err.message, t('blocks.repairHint', { file: name, source: index.source }));
}
