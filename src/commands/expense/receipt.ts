// `club expense receipt E [--out DIR]`: an expense's receipt files copied out of the store, each under the name it
// was given (its base name only; a name already in DIR is not overwritten), checked against its SHA-256.
import { basename, join } from 'node:path';
import { RuleError, StoreError } from '../../core/errors.js';
import { findExpense } from '../../core/money/expenses.js';
import { sha256Of } from '../../core/money/receipts.js';
import type { Context } from '../../io/context.js';
import { writeOutput } from '../../io/files.js';
import { outputTaken } from '../../io/receipt-file.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

/** A file name to write: the base name given, with path separators and control characters out of it. */
const safeName = (name: string, sha256: string): string => {
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base && base !== '.' && base !== '..' ? base : sha256;
};

export default async function expenseReceipt(ctx: Context, [ref]: unknown[], opts: { out?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const { expenses } = await store.read(['expenses']);
  const expense = findExpense(expenses, String(ref));
  if (expense.receipts.length === 0) throw new RuleError(t('expense.noReceipts', { id: expense.id }));
  const written: Array<{ sha256: string; name: string; path: string; size: number }> = [];
  const lines: string[] = [];
  for (const r of expense.receipts) {
    const bytes = await store.readReceipt(r.sha256);
    if (!bytes) throw new StoreError('store_invalid', t('receipt.missingInStore', { sha256: r.sha256, id: expense.id }), t('receipt.checkHint'));
    if (sha256Of(bytes) !== r.sha256) throw new StoreError('store_invalid', t('receipt.badHash', { sha256: r.sha256 }), t('receipt.checkHint'));
    const path = join(opts.out ?? '.', safeName(r.name, r.sha256));
    if (written.some((w) => w.path === path)) continue;
    if (outputTaken(ctx.cwd, path)) {
      ctx.warn(t('receipt.exists', { path }));
      continue;
    }
    const where = await writeOutput(ctx, path, Buffer.from(bytes));
    written.push({ sha256: r.sha256, name: r.name, path: where, size: bytes.length });
    lines.push(t('expense.receiptWritten', { path, size: bytes.length }));
  }
  return { kind: 'done', data: { id: expense.id, receipts: written }, message: lines.join('\n') || t('expense.noReceipts', { id: expense.id }) };
}
