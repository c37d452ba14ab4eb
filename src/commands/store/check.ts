import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';

export default async function check(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const counts = await store.check();
  return {
    kind: 'item',
    data: { ok: true, store: store.dir, counts },
    render: (style) => `${style.green('✓')} the store is valid: ${store.dir}\n${keyValues(Object.entries(counts), style)}`,
  };
}
