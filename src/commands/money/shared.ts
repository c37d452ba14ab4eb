// What the money commands share: who sees the donors of anonymous donations.
import { seesDonors } from '../../core/access.js';
import type { Store } from '../../store/types.js';

/**
 * Whether the person running the command sees who gave an anonymous donation (core/access.ts seesDonors): on a
 * folder store the one person is the owner, who does.
 */
export async function storeSeesDonors(store: Store): Promise<boolean> {
  return seesDonors((await store.identity()).role);
}
