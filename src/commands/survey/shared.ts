import type { CoreEnv } from '../../core/env.js';
import type { Context } from '../../io/context.js';
import type { AuditInput, CollectionName, Snapshot } from '../../store/types.js';
import { coreEnv } from '../member/shared.js';

type Base = 'surveys' | 'responses' | 'members';

export async function surveyTransaction<K extends CollectionName, R>(
  ctx: Context,
  names: readonly K[],
  fn: (draft: Snapshot<K | Base>, env: CoreEnv) => { result: R; audit: AuditInput | null },
): Promise<R> {
  const store = await ctx.openStore();
  return store.update([...new Set<K | Base>([...names, 'surveys', 'responses', 'members'])], (draft) => fn(draft, coreEnv(ctx, draft.meta)));
}
