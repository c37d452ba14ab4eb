// Receipts (SPEC §10, §14): a receipt file is kept in the store under the SHA-256 of its bytes, whatever its type,
// and listed with its expense by that hash, its name as given (for people) and its size. The store holds each file
// once however many expenses list it; `check` verifies every file's hash and that every listed receipt is there.
/** The most one receipt may be: 20 MB. */
export const MAX_RECEIPT_BYTES = 20 * 1024 * 1024;

export const SHA256_RE = /^[0-9a-f]{64}$/;

/** node:crypto is taken when a hash is asked for: every store command imports this file, few hash (about 5 ms). */
export const sha256Of = (bytes: Uint8Array): string => process.getBuiltinModule('node:crypto').createHash('sha256').update(bytes).digest('hex');

/** A receipt's bytes on their way into the store, with the hash they are kept under. */
export interface ReceiptFile {
  sha256: string;
  bytes: Uint8Array;
}

/** Every receipt the expenses list, once each, in the order first listed. */
export function referencedReceipts(expenses: ReadonlyArray<{ id: string; receipts: ReadonlyArray<{ sha256: string }> }>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const e of expenses) for (const r of e.receipts) if (!refs.has(r.sha256)) refs.set(r.sha256, e.id);
  return refs;
}
