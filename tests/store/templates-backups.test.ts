// What commands ask the store for instead of reaching into its folder: its own report templates, its own backups,
// and attendance statuses as marks (not presence.json's encoding).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { createStoreFs } from '../../src/store/fs.js';
import { storeAt } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { initTestStore } from '../helpers/store.js';
import { freshClub, tempDir } from '../helpers/run.js';

const now = new Date('2026-03-05T12:00:00Z');
let dir: string;
let cleanup: () => void;
let store: Store;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  await initTestStore(join(dir, '.club'), now);
  store = storeAt(join(dir, '.club'), { fs: createStoreFs(), actor: 'tester', command: 'test', now });
});
afterEach(() => cleanup());

describe('templates', () => {
  it('has none of its own at first, keeps one written, lists it, and replaces it', async () => {
    expect(await store.readTemplate('weekly.zh.md.hbs')).toBeNull();
    expect(await store.listTemplates()).toEqual([]);
    const written = await store.writeTemplate('weekly.zh.md.hbs', '# {{club.name}}\n');
    expect(written.where).toBe(join(dir, '.club', 'templates', 'weekly.zh.md.hbs'));
    expect(statSync(written.where).mode & 0o777).toBe(0o600);
    expect(await store.readTemplate('weekly.zh.md.hbs')).toEqual({ name: 'weekly.zh.md.hbs', where: written.where, text: '# {{club.name}}\n' });
    await store.writeTemplate('weekly.zh.md.hbs', 'again\n');
    expect((await store.readTemplate('weekly.zh.md.hbs'))?.text).toBe('again\n');
    expect((await store.listTemplates()).map((t) => t.name)).toEqual(['weekly.zh.md.hbs']);
  });

  it('refuses a name that would leave the templates folder', async () => {
    await expect(store.writeTemplate('../store.json', '{}')).rejects.toBeInstanceOf(UsageError);
    await expect(store.readTemplate('a/b')).rejects.toBeInstanceOf(UsageError);
  });
});

describe('backups', () => {
  it('writes into its own backups folder when given no file, named by the time', async () => {
    const result = await store.backup();
    expect(result.file).toBe(join(dir, '.club', 'backups', 'backup-20260305T120000Z.json'));
    expect(readdirSync(join(dir, '.club', 'backups'))).toEqual(['backup-20260305T120000Z.json']);
    expect(JSON.parse(readFileSync(result.file, 'utf8')).format).toBe('clubadmin-backup');
  });
});

describe('commands through the store', () => {
  it('template eject and list, and a report that uses the ejected template', async () => {
    const c = await freshClub();
    try {
      const eject = await c.club(['template', 'eject', 'weekly.zh', '--json']);
      expect(eject.code).toBe(0);
      const file = join(c.dir, '.club', 'templates', 'weekly.zh.md.hbs');
      expect(eject.json()).toEqual({ name: 'weekly.zh', file });
      expect((await c.club(['template', 'eject', 'weekly.zh'])).code).toBe(1);
      const listed = (await c.club(['template', 'list', '--json'])).json() as Array<{ name: string; source: string; file: string }>;
      expect(listed.find((t) => t.name === 'weekly.zh')).toEqual({ name: 'weekly.zh', source: 'override', file });
      expect(listed.find((t) => t.name === 'weekly.en')?.source).toBe('built-in');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, 'OWN TEMPLATE {{period.from}}\n');
      const report = await c.club(['report', 'weekly']);
      expect(report.code).toBe(0);
      expect(report.stdout).toMatch(/^OWN TEMPLATE \d{4}-\d{2}-\d{2}\n$/);
    } finally {
      c.cleanup();
    }
  });
});
