import { t } from '../../i18n/index.js';
import { UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';

export default async function check(ctx: Context, _args: unknown[], opts: { repair?: boolean; head?: string }): Promise<Output> {
  const store = await ctx.openStore();
  // The derived files summarise the collections and hold nothing of their own: rebuilt, nothing is lost.
  const repaired = opts.repair ? await store.repair() : [];
  for (const file of repaired) ctx.err(t('store.rebuiltFromItsRecords', { value: ctx.style.green('✓'), file }));
  if (opts.repair && repaired.length === 0) ctx.err(t('store.nothingToRepairEvery'));
  // A folder store says its log is not hash-chained, whatever the value.
  const counts = await store.check(opts.head !== undefined ? { head: store.kind === 'postgres' ? auditHash(opts.head) : opts.head } : {});
  return {
    kind: 'item',
    data: { ok: true, store: store.location, counts, ...(opts.repair ? { repaired } : {}) },
    render: (style) => `${style.green('✓')} ${t('store.valid', { location: store.location })}\n${keyValues(Object.entries(counts), style)}`,
  };
}

/** A hash as `club log --head` prints it (case and surrounding spaces aside); anything else is a typo, exit 2. */
function auditHash(text: string): string {
  const hash = text.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new UsageError(t('check.badHead', { head: JSON.stringify(text) }), t('check.badHead.hint'));
  return hash;
}
