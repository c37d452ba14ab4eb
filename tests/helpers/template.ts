// A store set up once per test file and copied for each test: the same files, bytes and modes (cpSync keeps the
// 0700 folder and the 0600 files), without running the set-up commands again for every test.
import { cpSync } from 'node:fs';
import { tempDir } from './run.js';

export interface StoreTemplate {
  /** A fresh temp folder holding a copy of the template's folder (its .club and anything else set-up left there). */
  copy(prefix?: string): { dir: string; cleanup: () => void };
  /** Removes the template's folder. */
  cleanup(): void;
}

/** Runs `setUp` once in a new temp folder; each copy() is then a temp folder with the same contents. */
export async function storeTemplate(setUp: (dir: string) => Promise<void>, prefix = 'club-template-'): Promise<StoreTemplate> {
  const template = tempDir(prefix);
  try {
    await setUp(template.dir);
  } catch (e) {
    template.cleanup();
    throw e;
  }
  return {
    copy(copyPrefix = 'club-test-') {
      const t = tempDir(copyPrefix);
      cpSync(template.dir, t.dir, { recursive: true });
      return t;
    },
    cleanup: template.cleanup,
  };
}
