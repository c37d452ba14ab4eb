// Megabyte buffers lent out and taken back: the file reader's chunk, the line splitter's work buffer (lineSpans) and
// the writer's gathering buffer, each one of a few per process instead of one per file.
//
// Why: a buffer's memory is outside the JavaScript heap (malloc'ed) and given back only when the collector finds
// its object dead. A copy of a 50,000-member club writes and reads about 1,500 files; with a new megabyte per file
// the dead buffers piled up to 70 MB between collections, and glibc kept the freed memory mapped after them (it
// returns only the top of its heap): some 40 MB more resident during the check that ends the copy, which took its
// peak over 250 MiB. Lent again, a buffer's memory is reused as it is.
//
// A borrower gives a buffer back only when it is done with every view of it (readChunks' chunk is used up before
// the next is asked for; the writer's bytes are written before it closes): what a buffer held before is never shown,
// since every reader uses the bytes it filled, and no more.

import { byteIndex } from './lines.js';

/** How many buffers of one size are kept for lending: more than are ever borrowed at once. */
const KEPT = 4;
const spare = new Map<number, Buffer[]>();

/** A buffer of `size` bytes (what it holds is whatever was written there last). */
export function borrowBuffer(size: number): Buffer {
  return spare.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

/** `buffer` back, to be lent again: the caller keeps no view of it. */
export function giveBackBuffer(buffer: Buffer): void {
  let kept = spare.get(buffer.length);
  if (!kept) spare.set(buffer.length, (kept = []));
  if (kept.length < KEPT && !kept.includes(buffer)) kept.push(buffer);
}

/**
 * A buffer at least `size` long for a borrower that grows it (lineSpans' work buffer): `held` given back and
 * a larger one borrowed with its first `keep` bytes copied over. The caller holds the one returned from then on.
 */
export function growBuffer(held: Buffer, size: number, keep: number): Buffer {
  if (held.length >= size) return held;
  let length = 1 << 20;
  while (length < size) length *= 2;
  const grown = borrowBuffer(length);
  held.copy(grown, 0, 0, keep);
  if (held.length > 0) giveBackBuffer(held);
  return grown;
}

/**
 * A buffer held through a pass over many files (StoreFs.readFileInto), grown when a file is larger, given back once
 * at the end. It holds the buffer it grew to before anything else can fail: a read that fails after the growth leaves
 * it holding the new buffer, never the one given back (which the pool may lend to the next borrower).
 */
export class HeldBuffer {
  private held: Buffer = Buffer.alloc(0);

  /** The buffer, at least `size` long, its first `keep` bytes kept. */
  grow(size: number, keep: number): Buffer {
    this.held = growBuffer(this.held, size, keep);
    return this.held;
  }

  giveBack(): void {
    if (this.held.length > 0) giveBackBuffer(this.held);
    this.held = Buffer.alloc(0);
  }
}

/** A line of a file's bytes (lineSpans): `bytes` from `start` to `end`, without its newline. */
export interface LineSpan {
  bytes: Buffer;
  start: number;
  end: number;
  /** False for the bytes after the last newline, when the file does not end with one. */
  ended: boolean;
}

/**
 * Every line of the bytes `chunks` hold, in order, through one work buffer lent for the pass: the line begun at the
 * end of a chunk, then the next chunk. The same span each time, good until the next line is asked for (a caller that
 * keeps a line makes a string of it). The check's reader (eachRecordBatch) and a backup file's (linesOf) read this way.
 */
export function* lineSpans(chunks: Iterable<Buffer>): Generator<LineSpan> {
  const span: LineSpan = { bytes: Buffer.alloc(0), start: 0, end: 0, ended: true };
  let work: Buffer = Buffer.alloc(0);
  let carry = 0;
  try {
    for (const chunk of chunks) {
      const length = carry + chunk.length;
      work = growBuffer(work, length, carry);
      chunk.copy(work, carry);
      // Only what was filled is searched: what the buffer held before is never a line.
      span.bytes = work.subarray(0, length);
      let start = 0;
      for (let nl = byteIndex(span.bytes, 0x0a, start); nl >= 0; nl = byteIndex(span.bytes, 0x0a, start)) {
        span.start = start;
        span.end = nl;
        yield span;
        start = nl + 1;
      }
      work.copyWithin(0, start, length);
      carry = length - start;
    }
    if (carry > 0) {
      span.bytes = work.subarray(0, carry);
      span.start = 0;
      span.end = carry;
      span.ended = false;
      yield span;
    }
  } finally {
    if (work.length > 0) giveBackBuffer(work);
  }
}
