// A receipt file as `expense add --receipt FILE` reads it: a regular file of at most 20 MB, never followed through a
// link, never a folder, FIFO or device (a FIFO would block, a device never end). Anything else is a usage error
// (exit 2) naming the file.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { MAX_RECEIPT_BYTES, sha256Of } from '../core/money/receipts.js';
import type { ReceiptFile } from '../core/money/receipts.js';
import type { ReceiptRef } from '../core/money/types.js';
import { t } from '../i18n/index.js';

/** True when something (a file, a link, anything) is at `path` already: a receipt written out never replaces it. */
export function outputTaken(cwd: string, path: string): boolean {
  try {
    lstatSync(resolve(cwd, path));
    return true;
  } catch {
    return false;
  }
}

export function readReceiptFile(cwd: string, path: string): { ref: ReceiptRef; file: ReceiptFile } {
  const full = resolve(cwd, path);
  let kind: string | null = null;
  try {
    const st = lstatSync(full);
    if (st.isSymbolicLink()) kind = t('receipt.kind.link');
    else if (st.isDirectory()) kind = t('receipt.kind.dir');
    else if (st.isFIFO()) kind = t('receipt.kind.fifo');
    else if (!st.isFile()) kind = t('receipt.kind.device');
    else if (st.size > MAX_RECEIPT_BYTES) throw new UsageError(t('receipt.tooBig', { path, size: st.size }), t('receipt.tooBigHint'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? t('receipt.missing', { path }) : t('receipt.unreadable', { path, reason: code ?? String(err) }));
  }
  if (kind) throw new UsageError(t('receipt.notAFile', { path, kind }), t('receipt.notAFileHint'));
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: a link or FIFO swapped in after the check is refused, not followed or waited on.
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new UsageError(t('receipt.unreadable', { path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(t('receipt.notAFile', { path, kind: t('receipt.kind.device') }), t('receipt.notAFileHint'));
    if (st.size > MAX_RECEIPT_BYTES) throw new UsageError(t('receipt.tooBig', { path, size: st.size }), t('receipt.tooBigHint'));
    // Read up to one byte past the limit: a file that grew since fstat is still refused.
    const buf = Buffer.alloc(Math.min(st.size + 1, MAX_RECEIPT_BYTES + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > MAX_RECEIPT_BYTES) throw new UsageError(t('receipt.tooBig', { path, size: n }), t('receipt.tooBigHint'));
    const bytes = buf.subarray(0, n);
    const sha256 = sha256Of(bytes);
    // The name is for people: kept without control characters (a file name may hold escape sequences or newlines).
    const name = basename(full).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 200) || sha256;
    return { ref: { sha256, name, size: n }, file: { sha256, bytes } };
  } finally {
    closeSync(fd);
  }
}
