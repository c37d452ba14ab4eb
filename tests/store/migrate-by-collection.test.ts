// The migration of a version-8 store to 9 a collection at a time (issue #24: 273 MiB for the large club held whole)
// writes what the whole migration writes, byte for byte: the same files, store.json's lists in the same order, the
// same backup and audit entry. A store the pass cannot take a file at a time (a file laid out by hand, a record in
// another partition's file) is migrated whole, with the same result; a damaged one is refused in the same words,
// nothing changed but the backup.
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import type { StoreFs } from '../../src/store/fs.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { Migration } from '../../src/store/migrations.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { tempDir } from '../helpers/run.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'store-v8');
const now = new Date('2026-04-01T02:00:00Z');
/** The steps as they were: the 8→9 step without `records`, which the runner then applies to the store held whole. */
const WHOLE: Migration[] = MIGRATIONS.map(({ records: _records, ...step }) => step);

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  useEnvLang({ CLUB_LANG: 'en' });
  ({ dir, cleanup } = tempDir('club-migrate-collection-'));
});
afterEach(() => cleanup());

const store = () => join(dir, '.club');

/** The fixture at the same place each time (the backup's path is in the audit entry), changed by `edit`. */
function install(edit: (store: string) => void = () => undefined): void {
  rmSync(store(), { recursive: true, force: true });
  mkdirSync(store(), { mode: 0o700 });
  cpSync(FIXTURE, store(), { recursive: true });
  chmodSync(store(), 0o700);
  for (const f of readdirSync(store())) chmodSync(join(store(), f), 0o600);
  edit(store());
}

/** Every file under the store (backups included), as hex. */
function files(root = store()): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'hex');
    }
  };
  walk(root);
  return out;
}

/** Files read by the streams (a collection file a chunk at a time) and whole. */
function countingFs(): { fs: StoreFs; chunked: string[]; whole: string[] } {
  const fs = createStoreFs();
  const chunked: string[] = [];
  const whole: string[] = [];
  return {
    chunked,
    whole,
    fs: {
      ...fs,
      readChunks: (path, size) => {
        chunked.push(relative(store(), path));
        return fs.readChunks(path, size);
      },
      readFile: (path) => {
        whole.push(relative(store(), path));
        return fs.readFile(path);
      },
    },
  };
}

async function migrate(migrations: Migration[], fs: StoreFs = createStoreFs()): Promise<unknown> {
  return new FileStore(store(), { fs, actor: 'tester', command: 'test', now, migrations }).read(['members']).catch((err: unknown) => err);
}

describe('the migration from schemaVersion 8 a collection at a time', () => {
  it('writes what the whole migration writes, byte for byte, reading each collection file a chunk at a time', async () => {
    install();
    expect(await migrate(WHOLE)).toMatchObject({ members: expect.any(Array) });
    const whole = files();
    install();
    const counted = countingFs();
    expect(await migrate(MIGRATIONS, counted.fs)).toMatchObject({ members: expect.any(Array) });
    expect(files()).toEqual(whole);
    expect(Object.keys(whole)).toContain('members.b0.json');
    // Each collection file read as a stream once the backup has copied it (a whole read); members.json and
    // sessions.json read again, whole, to be staged a block at a time.
    const collectionFiles = readdirSync(FIXTURE).filter((f) => f.endsWith('.json') && f !== 'store.json' && !/^(roster|presence|balances)\.json$/.test(f));
    expect(counted.chunked.sort()).toEqual(collectionFiles.sort());
    for (const file of collectionFiles) expect([file, counted.whole.filter((f) => f === file).length]).toEqual([file, /^(members|sessions)\.json$/.test(file) ? 2 : 1]);
  });

  it('takes a store it cannot read a file at a time whole, with the same result', async () => {
    const edits: Record<string, (store: string) => void> = {
      // Laid out by hand: not one record a line.
      'a partition file laid out by hand': (s) => writeFileSync(join(s, 'ledger.s0.json'), JSON.stringify(JSON.parse(readFileSync(join(s, 'ledger.s0.json'), 'utf8')), null, 2)),
      // A session's points (p1, of s1) in the month's file, read after the session's: the whole migration moves it
      // back, to the end of ledger.s0.json.
      'a ledger entry in another partition file': (s) => {
        const session = JSON.parse(readFileSync(join(s, 'ledger.s0.json'), 'utf8')) as unknown[];
        const march = JSON.parse(readFileSync(join(s, 'ledger.2026-03.json'), 'utf8')) as unknown[];
        const lines = (records: unknown[]) => `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
        writeFileSync(join(s, 'ledger.s0.json'), lines(session.slice(1)));
        writeFileSync(join(s, 'ledger.2026-03.json'), lines([...march, session[0]]));
      },
      // Members of block 0, block 1, block 0 again: the whole migration gathers block 0's two.
      'a block\'s members apart': (s) => writeFileSync(join(s, 'members.json'), readFileSync(join(s, 'members.json'), 'utf8').replace('"id":"m2"', '"id":"m1001"')),
    };
    for (const [what, edit] of Object.entries(edits)) {
      install(edit);
      expect([what, await migrate(WHOLE)]).toEqual([what, expect.objectContaining({ members: expect.any(Array) })]);
      const whole = files();
      install(edit);
      expect([what, await migrate(MIGRATIONS)]).toEqual([what, expect.objectContaining({ members: expect.any(Array) })]);
      expect([what, files()]).toEqual([what, whole]);
    }
  });

  it('refuses a damaged store in the words of the whole migration, changing nothing but the backup', async () => {
    const edits: Record<string, (store: string) => void> = {
      // An id given twice, in two of the ledger's files: its keys are compared across them.
      'a ledger id in two files': (s) => writeFileSync(join(s, 'ledger.2026-03.json'), readFileSync(join(s, 'ledger.2026-03.json'), 'utf8').replace('"id":"p6"', '"id":"p2"')),
      'a member id twice': (s) => writeFileSync(join(s, 'members.json'), readFileSync(join(s, 'members.json'), 'utf8').replace('"id":"m3"', '"id":"m1"')),
      'a check-in that is not valid': (s) => writeFileSync(join(s, 'attendance.s0.json'), readFileSync(join(s, 'attendance.s0.json'), 'utf8').replace('"status":"late"', '"status":"asleep"')),
    };
    for (const [what, edit] of Object.entries(edits)) {
      install(edit);
      const before = files();
      const wholeError = await migrate(WHOLE);
      expect([what, wholeError]).toEqual([what, expect.objectContaining({ code: 'store_invalid' })]);
      const whole = files();
      install(edit);
      const error = (await migrate(MIGRATIONS)) as Error;
      expect([what, error.message]).toEqual([what, (wholeError as Error).message]);
      expect([what, files()]).toEqual([what, whole]);
      // Only the backup is new.
      expect(Object.keys(whole).filter((f) => !(f in before)).every((f) => f.startsWith('backups/'))).toBe(true);
    }
  });
});
