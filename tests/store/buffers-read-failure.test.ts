// readFileInto (src/store/fs.ts) when a read fails part way: the buffer the caller holds must still be the caller's.
// FileStore.writeBackup and vouchRestored swallow the error (`catch {}` / `catch { continue; }`), keep `held` and read
// the next file into it; if readFileInto gave it back to the pool before the read failed, the pool lends the very
// buffer that holds the next file's bytes to the next borrower (the writer of the copy's next file).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { borrowBuffer, giveBackBuffer, HeldBuffer } from '../../src/store/buffers.js';
import { createStoreFs } from '../../src/store/fs.js';
import { tempDir } from '../helpers/run.js';

// The next positioned read of a file fails (EIO), once: a disk error, an NFS server gone (ESTALE), …
const failing = vi.hoisted(() => ({ next: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readSync = ((...args: unknown[]) => {
    if (failing.next) {
      failing.next = false;
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    return (real.readSync as (...a: unknown[]) => number)(...args);
  }) as typeof real.readSync;
  return { ...real, readSync, default: { ...real, readSync } };
});

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('reading into a lent buffer, when a read fails', () => {
  it('leaves the caller its buffer: not lent to anyone else while the caller goes on with it', () => {
    const fs = createStoreFs(null);
    writeFileSync(join(dir, 'a.json'), 'first file');
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(3 << 20, 0x62));
    writeFileSync(join(dir, 'c.json'), '[\n{"id":"m1","name":"third file"}\n]\n');
    // As writeBackup's loop does it.
    const held = new HeldBuffer();
    expect(fs.readFileInto(join(dir, 'a.json'), held).toString()).toBe('first file');
    failing.next = true;
    expect(() => fs.readFileInto(join(dir, 'big.json'), held)).toThrow(/EIO/);
    const bytes = fs.readFileInto(join(dir, 'c.json'), held);
    // While c.json's lines are still being handed to the sink, the sink opens the file it writes them into, and
    // anyone else borrows a buffer of either size the pass went through.
    const writer = fs.createWriter(join(dir, 'copy-of-another.json'), 0o600);
    writer.write('{"m9":"another file\'s bytes"}\n');
    const others = [borrowBuffer(1 << 20), borrowBuffer(4 << 20)];
    for (const other of others) other.fill(0x78);
    expect(bytes.toString()).toBe('[\n{"id":"m1","name":"third file"}\n]\n');
    writer.close();
    for (const other of others) giveBackBuffer(other);
    held.giveBack();
  });
});
