// Every collection of a folder store as JSON text, with its settings and counters: what two stores are compared by
// (a copy and its original, a restore and the store backed up).
import { createStoreFs } from '../../src/store/fs.js';
import { storeAt } from '../../src/store/open.js';
import { COLLECTION_NAMES } from '../../src/store/schema.js';

export async function collectionsOf(dir: string): Promise<Record<string, string>> {
  const store = storeAt(dir, { fs: createStoreFs(), actor: 't', command: 't', now: new Date() });
  const snapshot = await store.read(COLLECTION_NAMES);
  const out: Record<string, string> = { settings: JSON.stringify(snapshot.meta.settings), counters: JSON.stringify(snapshot.meta.counters) };
  for (const name of COLLECTION_NAMES) out[name] = JSON.stringify(snapshot[name]);
  return out;
}
