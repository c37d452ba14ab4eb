// Buffers lent from one file to the next (src/store/buffers.ts) and the readers and the writer that borrow them
// (src/store/fs.ts): what they read and write is byte for byte what a whole-file read or write would give, whatever
// the buffer held before and however the pieces fall across its end.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { borrowBuffer, giveBackBuffer, growBuffer, HeldBuffer } from '../../src/store/buffers.js';
import { eachRecordBatch } from '../../src/store/check.js';
import { createStoreFs } from '../../src/store/fs.js';
import { jsonLines } from '../../src/io/json-lines.js';
import { tempDir } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('lending', () => {
  it('lends a buffer given back again, never one that is out, and grows one keeping its first bytes', () => {
    const size = 3 * 4096 + 7;
    const a = borrowBuffer(size);
    const b = borrowBuffer(size);
    expect(a).not.toBe(b);
    expect(a.length).toBe(size);
    giveBackBuffer(a);
    giveBackBuffer(a);
    expect(borrowBuffer(size)).toBe(a);
    // Given back once only: the second giving back did not put it out twice.
    expect(borrowBuffer(size)).not.toBe(a);
    const small = Buffer.from('前缀 kept');
    const grown = growBuffer(small, 10, small.length);
    expect(grown).toBe(small);
    const larger = growBuffer(small, small.length + 1, 6);
    expect(larger.length).toBe(1 << 20);
    expect(larger.subarray(0, 6).toString()).toBe('前缀');
    giveBackBuffer(larger);
  });
});

describe('the writer', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => s.repeat(1 + (s.length % 5))),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    // Around the megabyte it gathers into, and over it.
    fc.integer({ min: (1 << 20) - 8, max: (1 << 20) + 8 }).map((n) => '汉'.repeat(Math.floor(n / 3)) + 'x'.repeat(n % 3)),
  );

  it('writes exactly the bytes of its pieces, strings as UTF-8, whatever their sizes', () => {
    const fs = createStoreFs(null);
    let n = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = join(dir, `w${n++}.txt`);
        const writer = fs.createWriter(path, 0o600);
        for (const p of pieces) writer.write(p);
        const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
        expect(writer.bytes).toBe(expected.length);
        writer.close();
        expect(readFileSync(path).equals(expected)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a write after it is closed (its buffer is another file’s by then)', () => {
    const fs = createStoreFs(null);
    const first = fs.createWriter(join(dir, 'a.txt'), 0o600);
    first.write('一');
    first.close();
    const second = fs.createWriter(join(dir, 'b.txt'), 0o600);
    second.write('二');
    expect(() => first.write('三')).toThrow(/written after it was closed/);
    second.close();
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('一');
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('二');
  });
});

describe('reading into a lent buffer', () => {
  it('gives each file’s bytes, no more, one file after another through the same buffer', () => {
    const fs = createStoreFs(null);
    const sizes = [0, 1, 5000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20, 17];
    const held = new HeldBuffer();
    const lengths = new Set<number>();
    for (const [i, size] of sizes.entries()) {
      const bytes = Buffer.alloc(size, String.fromCharCode(97 + i));
      writeFileSync(join(dir, `f${i}`), bytes);
      const read = fs.readFileInto(join(dir, `f${i}`), held);
      expect(read.length).toBe(size);
      expect(read.equals(bytes)).toBe(true);
      expect(read.buffer.byteLength).toBeGreaterThan(size);
      lengths.add(read.buffer.byteLength);
    }
    // Grown twice (to 2 MB for the files of a megabyte and to 4 MB for 3 MB), the small files after read into it.
    expect([...lengths]).toEqual([1 << 20, 2 << 20, 4 << 20]);
    held.giveBack();
  });

  it('refuses what is not a plain file, as a read does', () => {
    const fs = createStoreFs(null);
    writeFileSync(join(dir, 'target'), 'secret');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    mkdirSync(join(dir, 'folder'));
    expect(() => fs.readFileInto(join(dir, 'link'), new HeldBuffer())).toThrow(/link/i);
    expect(() => fs.readFileInto(join(dir, 'folder'), new HeldBuffer())).toThrow(/folder|directory|EISDIR/i);
    expect(() => fs.readFileInto(join(dir, 'none'), new HeldBuffer())).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('the check’s reader', () => {
  it('parses file after file through the same lent buffers, a short file after a long one included', () => {
    const fs = createStoreFs(null);
    const long = Array.from({ length: 6000 }, (_, i) => ({ id: `m${i + 1}`, name: `名字${i}`.repeat(20) }));
    const short = [{ id: 'm1', name: '短' }];
    writeFileSync(join(dir, 'long.json'), jsonLines(long));
    writeFileSync(join(dir, 'short.json'), jsonLines(short));
    for (const [file, records] of [['long.json', long], ['short.json', short], ['long.json', long], ['short.json', short]] as const) {
      const got: unknown[] = [];
      expect(eachRecordBatch(fs.readChunks(join(dir, file), 1 << 20), 1000, (batch) => got.push(...batch))).toBe(true);
      expect(got).toEqual(records);
    }
  });
});
