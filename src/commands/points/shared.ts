import type { CoreEnv } from '../../core/env.js';
import type { Context } from '../../io/context.js';
import type { AuditInput, CollectionName, Snapshot } from '../../store/types.js';
import { coreEnv } from '../member/shared.js';

/**
 * One transaction that adds to the ledger (and members, and whatever else `names` adds). The ledger entries are not
 * read, only every member's balance: a new entry goes to its file without reading the rest.
 */
export async function ledgerTransaction<K extends CollectionName, R>(
  ctx: Context,
  names: readonly K[],
  fn: (draft: Snapshot<K | 'members' | 'ledger'>, env: CoreEnv) => { result: R; audit: AuditInput | null },
  /** The member references the command resolves, when it has them: only the members they may name are read. */
  refs?: readonly string[],
): Promise<R> {
  const store = await ctx.openStore();
  return store.update([...new Set<K | 'members' | 'ledger'>([...names, 'members', 'ledger'])], (draft) => fn(draft, coreEnv(ctx, draft.meta)), {
    ledger: { sessions: [] },
    balances: true,
    ...(refs && { memberRefs: refs }),
  });
}
