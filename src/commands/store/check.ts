import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';

export default async function check(ctx: Context, _args: unknown[], opts: { repair?: boolean; head?: string }): Promise<Output> {
  const store = await ctx.openStore();
  // The derived files summarise the collections and hold nothing of their own: rebuilt, nothing is lost.
  const repaired = opts.repair ? await store.repair() : [];
  for (const file of repaired) ctx.err(`${ctx.style.green('✓')} rebuilt ${file} from its records\n`);
  if (opts.repair && repaired.length === 0) ctx.err('nothing to repair: every derived file agrees with its records\n');
  const counts = await store.check(opts.head !== undefined ? { head: opts.head } : {});
  return {
    kind: 'item',
    data: { ok: true, store: store.location, counts, ...(opts.repair ? { repaired } : {}) },
    render: (style) => `${style.green('✓')} the store is valid: ${store.location}\n${keyValues(Object.entries(counts), style)}`,
  };
}
