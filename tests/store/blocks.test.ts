// The folder store in id blocks (schemaVersion 9): a command on a few ids reads and writes only their blocks of
// members, sessions, roster, presence and balances. Each check tampers with a block the command must not read and
// sees it succeed, then sees a command that does read it refuse it (exit 3, naming the file).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleText } from '../../src/store/bundle.js';
import { calendarOf, serializeCalendar } from '../../src/store/calendar.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { INDEXED, indexFile } from '../../src/store/indexes.js';
import type { Session } from '../../src/core/sessions/types.js';
import type { BackupBundle } from '../../src/store/bundle.js';
import { blockKey, byFileOrder } from '../../src/store/partitions.js';
import { digestOf, serializeCollection } from '../../src/store/validated-json-file.js';
import { freshClub, run, succeeding } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let dir: string;
let store: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const now = { now: '2026-03-05T21:40:00+08:00' };

const ok = (argv: string[]): Promise<RunResult> => succeeding(club, now)(argv);

const meta = () => JSON.parse(readFileSync(join(store, 'store.json'), 'utf8')) as { counters: Record<string, number>; digests: Record<string, string> };
/** The index that lists `file` (schemaVersion 10: members.index.json for members.b3.json). */
const indexOf = (file: string) => JSON.parse(readFileSync(join(store, `${file.split('.')[0]}.index.json`), 'utf8')) as Record<string, { digest?: string; from: null; to: null }>;

/** The counters moved on by hand, so that the next member and session land in later blocks. */
function skipTo(member: number, session: number): void {
  const m = meta();
  writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...m, counters: { ...m.counters, member, session } }, null, 2)}\n`);
}

beforeEach(async () => {
  const c = await freshClub();
  ({ dir, cleanup, club } = c);
  store = join(dir, '.club');
  await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-01']);
  await ok(['session', 'add', '读书会', '--at', '2026-03-03 20:00']);
  await ok(['checkin', 's1', 'm1']);
  await ok(['points', 'add', 'm1', '3', '--reason', '分享']);
  skipTo(3011, 1200);
  // m3012 in members.b3.json, s1201 in sessions.b2.json.
  await ok(['member', 'add', '雅风', '--joined', '2026-01-01']);
  await ok(['session', 'add', '周四读书会', '--at', '2026-03-05 20:00']);
});
afterEach(() => cleanup());

describe('id blocks', () => {
  it('puts each id in its block, lists every block in its index with its digest', async () => {
    expect([blockKey('m999', 'm', 1000), blockKey('m1000', 'm', 1000), blockKey('s499', 's', 500), blockKey('s500', 's', 500), blockKey('x1', 'm', 1000)]).toEqual(['b0', 'b1', 'b0', 'b1', 'other']);
    expect(['members.b10.json', 'members.b2.json', 'members.other.json'].sort(byFileOrder)).toEqual(['members.b2.json', 'members.b10.json', 'members.other.json']);
    await ok(['checkin', 's1201', 'm3012']);
    const files = readdirSync(store).filter((f) => /\.b\d+\.json$/.test(f)).sort();
    expect(files).toEqual(['balances.b0.json', 'balances.b3.json', 'members.b0.json', 'members.b3.json', 'presence.b0.json', 'presence.b3.json', 'refs.b0.json', 'refs.b3.json', 'roster.b0.json', 'roster.b3.json', 'sessions.b0.json', 'sessions.b2.json']);
    // A refs block's entry also keeps its filter (refs.ts).
    for (const file of files) {
      const filter = file.startsWith('refs.') ? { filter: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } : {};
      expect([file, indexOf(file)[file]]).toEqual([file, { digest: expect.stringMatching(/^\d+:crc32:/), from: null, to: null, ...filter }]);
    }
    expect(JSON.parse(readFileSync(join(store, 'members.b3.json'), 'utf8')).map((r: { id: string }) => r.id)).toEqual(['m3012']);
    expect(JSON.parse(readFileSync(join(store, 'presence.b3.json'), 'utf8'))).toEqual({ m3012: 's1201p' });
    // No file of the whole layout.
    for (const name of ['members', 'sessions', 'roster', 'presence', 'balances']) expect([name, existsSync(join(store, `${name}.json`))]).toEqual([name, false]);
    expect((await club(['check'], now)).code).toBe(0);
  });

  it('member show, points add, checkin and member add of ids in block 3 never read block 0', async () => {
    for (const name of ['members', 'roster', 'presence', 'balances']) writeFileSync(join(store, `${name}.b0.json`), '[');
    await ok(['member', 'show', 'm3012']);
    await ok(['points', 'add', 'm3012', '5', '--reason', '笔记']);
    await ok(['checkin', 's1201', 'm3012']);
    await ok(['member', 'add', '王芳', '--joined', '2026-01-01']);
    expect(JSON.parse(readFileSync(join(store, 'members.b3.json'), 'utf8')).map((r: { id: string }) => r.id)).toEqual(['m3012', 'm3013']);
    expect(JSON.parse(readFileSync(join(store, 'balances.b3.json'), 'utf8'))).toEqual({ m3012: 7 });
    // What reads block 0 refuses it, naming it, and leaves it as it is.
    const list = await club(['member', 'list'], now);
    expect(list.code).toBe(3);
    expect(list.stderr).toContain(join(store, 'members.b0.json'));
    const show = await club(['member', 'show', 'm1'], now);
    expect(show.code).toBe(3);
    expect(show.stderr).toMatch(/(members|presence|balances)\.b0\.json/);
    expect((await club(['check'], now)).code).toBe(3);
    expect(readFileSync(join(store, 'members.b0.json'), 'utf8')).toBe('[');
  });

  it('a check-in by session id reads only that session\'s block; an excused absence, whose limit needs the week, reads every block', async () => {
    writeFileSync(join(store, 'sessions.b0.json'), '[');
    await ok(['checkin', 's1201', 'm3012']);
    const excused = await club(['checkin', 's1201', 'm3012', '--status', 'excused'], now);
    expect(excused.code).toBe(3);
    expect(excused.stderr).toContain(join(store, 'sessions.b0.json'));
    const list = await club(['session', 'list'], now);
    expect(list.code).toBe(3);
    expect(list.stderr).toContain(join(store, 'sessions.b0.json'));
  });

  it('member list --json prints the blocks\' records as one list in id order, as a whole file laid them out', async () => {
    await ok(['member', 'add', '王芳', '--joined', '2026-01-01']);
    const printed = (await ok(['member', 'list', '--json'])).stdout;
    const records = [...JSON.parse(readFileSync(join(store, 'members.b0.json'), 'utf8')), ...JSON.parse(readFileSync(join(store, 'members.b3.json'), 'utf8'))];
    expect(printed).toBe(serializeCollection(records));
    expect(records.map((r: { id: string }) => r.id)).toEqual(['m1', 'm3012', 'm3013']);
  });

  it('club check refuses a block store.json does not list, and a whole file of the old layout left beside the blocks', async () => {
    writeFileSync(join(store, 'members.b7.json'), '[]\n');
    let r = await club(['check'], now);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'members.b7.json'));
    const { rmSync } = await import('node:fs');
    rmSync(join(store, 'members.b7.json'));
    writeFileSync(join(store, 'roster.json'), '{}\n');
    r = await club(['check'], now);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'roster.json'));
  });

  it('check --repair rebuilds a block that is missing from the list and the folder, and only that one', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(store, 'roster.b3.json'));
    const { 'roster.b3.json': _gone, ...entries } = indexOf('roster.b3.json');
    void _gone;
    // The index as club would have written it: store.json holds its new digest.
    const text = `${JSON.stringify(entries)}\n`;
    writeFileSync(join(store, 'roster.index.json'), text);
    const m = meta();
    writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...m, digests: { ...m.digests, 'roster.index.json': await digestOf(text) } }, null, 2)}\n`);
    const bad = await club(['check'], now);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('roster.b3.json');
    const repaired = await club(['check', '--repair', '--json'], now);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.json()).toMatchObject({ repaired: ['roster.b3.json'] });
    expect((await club(['check'], now)).code).toBe(0);
  });

  it('a journal may retire the old layout\'s files, never store.json, the log or a name of no store file', async () => {
    for (const name of ['store.json', 'attendance.index.json', 'audit.jsonl', 'notes.json', '../members.json']) {
      writeFileSync(join(store, 'journal.json'), JSON.stringify({ renames: [], removes: [name], audit: null }));
      const r = await club(['member', 'list'], now);
      expect([name, r.code]).toEqual([name, 3]);
      expect(r.stderr).toContain('journal.json');
      expect(existsSync(join(dir, 'members.json')) || existsSync(join(store, 'store.json'))).toBe(true);
    }
    writeFileSync(join(store, 'members.json'), '[]\n');
    writeFileSync(join(store, 'journal.json'), JSON.stringify({ renames: [], removes: ['members.json', 'roster.json'], audit: null }));
    await ok(['member', 'list']);
    expect(existsSync(join(store, 'members.json'))).toBe(false);
  });
});

describe('restoring an older backup', () => {
  it('a backup of a schemaVersion 8 store (members.json, roster.json whole) restores and is migrated to blocks', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'store-v8');
    const files: Record<string, unknown> = {};
    for (const name of readdirSync(fixture).filter((f) => f.endsWith('.json'))) files[name] = JSON.parse(readFileSync(join(fixture, name), 'utf8'));
    const bundle: BackupBundle = { format: 'clubadmin-backup', schemaVersion: 8, createdAt: '2026-03-07T10:00:00.000Z', files, audit: readFileSync(join(fixture, 'audit.jsonl'), 'utf8') };
    writeFileSync(join(dir, 'v8.json'), bundleText(bundle));
    const r = await run(dir, ['restore', 'v8.json', '--store', 'restored'], now);
    expect(r.code, r.stderr).toBe(0);
    const restored = join(dir, 'restored');
    expect(readdirSync(restored).filter((f) => /^(members|roster)\./.test(f)).sort()).toEqual(['members.b0.json', 'members.index.json', 'roster.b0.json', 'roster.index.json']);
    const names = JSON.parse((await run(dir, ['--store', 'restored', 'member', 'list', '--json'], now)).stdout).map((m: { name: string }) => m.name);
    expect(names).toEqual(['杨洪勇', '雅风', '王小明']);
    // And a backup of the blocks restores as it is.
    const backup = await run(dir, ['--store', 'restored', 'backup', '--out', 'v9.json'], now);
    expect(backup.code, backup.stderr).toBe(0);
    const v9 = JSON.parse(readFileSync(join(dir, 'v9.json'), 'utf8')) as BackupBundle;
    expect(Object.keys(v9.files).filter((f) => /\.b0\.json$/.test(f)).sort()).toEqual(['balances.b0.json', 'members.b0.json', 'presence.b0.json', 'roster.b0.json', 'sessions.b0.json']);
    // No refs blocks in a backup (the members' names and contacts again): the restore makes them.
    expect(Object.keys(v9.files).filter((f) => f.startsWith('refs.'))).toEqual([]);
    const again = await run(dir, ['restore', 'v9.json', '--store', 'again'], now);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again', 'roster.b0.json'), 'utf8')).toBe(readFileSync(join(restored, 'roster.b0.json'), 'utf8'));
    // ...made from the members as they are restored, byte for byte what the store wrote, and listed in their index.
    expect(readFileSync(join(dir, 'again', 'refs.b0.json'), 'utf8')).toBe(readFileSync(join(restored, 'refs.b0.json'), 'utf8'));
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'again', 'refs.index.json'), 'utf8')))).toEqual(['refs.b0.json']);
    expect(JSON.parse((await run(dir, ['--store', 'again', 'member', 'show', '王小明', '--json'], now)).stdout).name).toBe('王小明');
  });

  it('a backup made by the v11 club (its calendar.json a line a session) restores, the calendar made in columns from the sessions', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'backup-v11.json');
    expect(readFileSync(fixture, 'utf8')).toContain('"calendar.json":{\n"s1":["2026-03-03T20:00:00+08:00"');
    const r = await run(dir, ['restore', fixture, '--store', 'restored'], now);
    expect(r.code, r.stderr).toBe(0);
    const restored = join(dir, 'restored');
    const sessions = JSON.parse(readFileSync(join(restored, 'sessions.b0.json'), 'utf8')) as Session[];
    expect(sessions.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    const calendar = readFileSync(join(restored, 'calendar.json'), 'utf8');
    expect(calendar).toBe(serializeCalendar(calendarOf(sessions)));
    expect(JSON.parse(calendar)).toMatchObject({ sessions: [1, 2, 3], statuses: 'dds' });
    const meta = JSON.parse(readFileSync(join(restored, 'store.json'), 'utf8'));
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    // Once the check passed, what the restore wrote is vouched for as the store's own: every file its digest (in
    // store.json, or in its index, whose own digest store.json holds), each refs block its filter.
    const digest = async (file: string) => digestOf(readFileSync(join(restored, file)));
    for (const file of ['calendar.json', 'tasks.json', 'expenses.json']) expect([file, meta.digests[file]]).toEqual([file, await digest(file)]);
    let listed = 0;
    for (const name of INDEXED) {
      expect(meta.digests[indexFile(name)]).toBe(await digest(indexFile(name)));
      const index = JSON.parse(readFileSync(join(restored, indexFile(name)), 'utf8')) as Record<string, { digest?: string; filter?: string }>;
      for (const [file, entry] of Object.entries(index)) {
        expect([file, entry.digest]).toEqual([file, await digest(file)]);
        listed++;
      }
    }
    expect(listed).toBe(9);
    expect(JSON.parse(readFileSync(join(restored, 'refs.index.json'), 'utf8'))['refs.b0.json'].filter).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await run(dir, ['--store', 'restored', 'check'], now)).code).toBe(0);
    const after = { now: '2026-03-20T12:00:00+08:00' };
    expect(JSON.parse((await run(dir, ['--store', 'restored', 'member', 'show', 'm1', '--json'], after)).stdout).attendance).toMatchObject({ attended: 2, expected: 2 });
    // Its backup holds no calendar; restored again, the calendar is made the same.
    expect((await run(dir, ['--store', 'restored', 'backup', '--out', 'v12.json'], now)).code).toBe(0);
    expect(Object.keys((JSON.parse(readFileSync(join(dir, 'v12.json'), 'utf8')) as BackupBundle).files)).not.toContain('calendar.json');
    expect((await run(dir, ['restore', 'v12.json', '--store', 'again'], now)).code).toBe(0);
    expect(readFileSync(join(dir, 'again', 'calendar.json'), 'utf8')).toBe(calendar);
    expect((await run(dir, ['--store', 'again', 'check'], now)).code).toBe(0);
  });
});
