// A fresh store for store tests: the zh reading club every store test starts from.
import { defaultSettings } from '../../src/core/settings.js';
import { createStoreFs } from '../../src/store/fs.js';
import { initStore } from '../../src/store/init.js';

export async function initTestStore(storeDir: string, now: Date, actor = 'tester', command = 'init'): Promise<void> {
  await initStore(storeDir, { fs: createStoreFs(), settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }), now, actor, command });
}
