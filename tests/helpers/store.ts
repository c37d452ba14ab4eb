// A fresh store for store tests: the zh reading club every store test starts from.
import { join } from 'node:path';
import { defaultSettings } from '../../src/core/settings.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import { initStore } from '../../src/store/init.js';

export async function initTestStore(storeDir: string, now: Date, actor = 'tester', command = 'init'): Promise<void> {
  await initStore(storeDir, { fs: createStoreFs(), settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }), now, actor, command });
}

/** A new store in `dir`/.club, made by and opened as `seed`: for a test that writes its club straight into the store. */
export async function seedingStore(dir: string, now: Date): Promise<FileStore> {
  const storeDir = join(dir, '.club');
  await initTestStore(storeDir, now, 'seed', 'seed');
  return new FileStore(storeDir, { fs: createStoreFs(), actor: 'seed', command: 'seed', now });
}
