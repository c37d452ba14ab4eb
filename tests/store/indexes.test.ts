// An index per collection (schemaVersion 10): store.json lists no partition or block, each split collection's index
// does, and store.json holds the index's digest. A command reads the indexes of the collections it reads only: each
// check tampers with an index the command must not read and sees it succeed, then sees a command that does read it
// refuse it (exit 3, naming the file).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEXED, indexFile, serializeIndex, spliceIndex } from '../../src/store/indexes.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { digestOf } from '../../src/store/validated-json-file.js';
import { freshClub, succeeding } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let store: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const now = { now: '2026-03-05T21:40:00+08:00' };

const ok = (argv: string[]): Promise<RunResult> => succeeding(club, now)(argv);

const read = (file: string) => JSON.parse(readFileSync(join(store, file), 'utf8'));
type Entry = { digest?: string; from: string | null; to: string | null };

/** An index rewritten by hand, store.json's digest of it brought along (as club would have written both). */
async function rewriteIndex(file: string, entries: Record<string, Entry>): Promise<void> {
  const text = `${JSON.stringify(entries, null, 1)}\n`;
  writeFileSync(join(store, file), text);
  const meta = read('store.json');
  writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...meta, digests: { ...meta.digests, [file]: await digestOf(text) } }, null, 2)}\n`);
}

beforeEach(async () => {
  const c = await freshClub();
  ({ cleanup, club } = c);
  store = join(c.dir, '.club');
  await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-01']);
  await ok(['member', 'add', '雅风', '--joined', '2026-01-01']);
  await ok(['session', 'add', '读书会', '--at', '2026-03-03 20:00']);
  await ok(['checkin', 's1', 'm1', 'm2']);
  await ok(['points', 'add', 'm2', '3', '--reason', '分享']);
});
afterEach(() => cleanup());

describe('an index per collection', () => {
  it('store.json lists no file of a split collection; each index lists its files with digest and span, and store.json its digest', async () => {
    const meta = read('store.json');
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(meta.partitions).toBeUndefined();
    expect(Object.keys(meta.digests).filter((f) => /\.(?:b\d+|s\d+|other|\d{4}-\d{2})\.json$/.test(f))).toEqual([]);
    for (const name of INDEXED) {
      const file = indexFile(name);
      const text = readFileSync(join(store, file));
      expect([file, meta.digests[file]]).toEqual([file, await digestOf(text)]);
    }
    const files = readdirSync(store);
    expect(read('attendance.index.json')).toEqual({ 'attendance.s0.json': { digest: await digestOf(readFileSync(join(store, 'attendance.s0.json'))), from: expect.any(String), to: expect.any(String) } });
    expect(Object.keys(read('ledger.index.json')).sort()).toEqual(files.filter((f) => /^ledger\.(?!index)/.test(f)).sort());
    expect(read('members.index.json')).toEqual({ 'members.b0.json': { digest: await digestOf(readFileSync(join(store, 'members.b0.json'))), from: null, to: null } });
    // One entry a line, readable.
    expect(readFileSync(join(store, 'members.index.json'), 'utf8')).toMatch(/^\{\n"members\.b0\.json":\{"digest":"[^"]+","from":null,"to":null\}\n\}\n$/);
    expect((await club(['check'], now)).code).toBe(0);
  });

  it('a commit rewrites store.json and only the indexes whose entries changed', async () => {
    const before = Object.fromEntries(INDEXED.map((name) => [name, readFileSync(join(store, indexFile(name)), 'utf8')]));
    await ok(['member', 'add', '王小明', '--joined', '2026-01-01']);
    const changed = INDEXED.filter((name) => readFileSync(join(store, indexFile(name)), 'utf8') !== before[name]);
    expect(changed).toEqual(['members', 'roster', 'refs']);
  });

  it('a change replaces only the lines of the files it wrote, byte for byte what writing the index whole gives', async () => {
    await ok(['points', 'add', 'm2', '1', '--reason', '分享']);
    await ok(['checkin', 's1', 'm1', '--status', 'late']);
    for (const name of INDEXED) {
      const text = readFileSync(join(store, indexFile(name)), 'utf8');
      expect([name, text]).toEqual([name, serializeIndex(JSON.parse(text))]);
    }
    const text = '{\n"ledger.s0.json":{"digest":"1:crc32:00000000","from":null,"to":null},\n"ledger.2026-03.json":{"from":null,"to":null}\n}\n';
    const meta = {
      digests: { 'ledger.s0.json': '2:crc32:0000000a', 'ledger.2026-03.json': '3:crc32:0000000b' },
      partitions: { 'ledger.s0.json': { from: null, to: null }, 'ledger.2026-03.json': { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }, 'ledger.2026-04.json': { from: null, to: null } },
    } as never;
    const spliced = spliceIndex(text, ['ledger.2026-03.json', 'ledger.s0.json'], meta);
    expect(spliced).toBe(serializeIndex({ 'ledger.s0.json': { digest: '2:crc32:0000000a', from: null, to: null }, 'ledger.2026-03.json': { digest: '3:crc32:0000000b', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' } }));
    // A file the index has no line for yet: written whole instead.
    expect(spliceIndex(text, ['ledger.2026-04.json'], meta)).toBeNull();
  });

  it('member show and member add never open the attendance or ledger index; check-in and points refuse a tampered one', async () => {
    const attendance = readFileSync(join(store, 'attendance.index.json'), 'utf8');
    const ledger = readFileSync(join(store, 'ledger.index.json'), 'utf8');
    // Tampered: a digest other than that of the file's bytes, the index's own digest in store.json unchanged.
    writeFileSync(join(store, 'attendance.index.json'), attendance.replace(/"digest":"\d+:/, '"digest":"1:'));
    writeFileSync(join(store, 'ledger.index.json'), '[');
    expect((await ok(['member', 'show', 'm2'])).stdout).toContain('雅风');
    await ok(['member', 'add', '王小明', '--joined', '2026-01-01']);
    await ok(['member', 'show', 'm3']);
    let r = await club(['checkin', 's1', 'm3'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining(join(store, 'attendance.index.json'))]);
    r = await club(['points', 'add', 'm2', '1', '--reason', '分享'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining(join(store, 'ledger.index.json'))]);
    r = await club(['check'], now);
    expect(r.code).toBe(3);
    // Put back as club wrote them: every command works again.
    writeFileSync(join(store, 'attendance.index.json'), attendance);
    writeFileSync(join(store, 'ledger.index.json'), ledger);
    await ok(['checkin', 's1', 'm3']);
    await ok(['points', 'add', 'm2', '1', '--reason', '分享']);
    expect((await club(['check'], now)).code).toBe(0);
  });

  it('an index that is missing, or not valid, is refused naming it', async () => {
    rmSync(join(store, 'members.index.json'));
    let r = await club(['member', 'show', 'm2'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining(join(store, 'members.index.json'))]);
    // Not what club wrote (store.json holds no digest of it): validated, and a file of another collection refused.
    writeFileSync(join(store, 'members.index.json'), `${JSON.stringify({ 'ledger.2026-03.json': { from: null, to: null } })}\n`);
    const meta = read('store.json');
    delete meta.digests['members.index.json'];
    writeFileSync(join(store, 'store.json'), `${JSON.stringify(meta, null, 2)}\n`);
    r = await club(['member', 'show', 'm2'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining('members.index.json')]);
    expect(r.stderr).toContain('ledger.2026-03.json');
  });

  it('a file missing from its index, or listed with a span its records do not have, is refused by check naming both', async () => {
    const entries = read('attendance.index.json') as Record<string, Entry>;
    await rewriteIndex('attendance.index.json', {});
    let r = await club(['check'], now);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(join(store, 'attendance.s0.json'));
    expect(r.stderr).toContain('attendance.index.json');
    await rewriteIndex('attendance.index.json', { 'attendance.s0.json': { ...entries['attendance.s0.json']!, from: '2020-01-01T00:00:00.000Z' } });
    r = await club(['check'], now);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/attendance\.index\.json[:：] ?attendance\.s0\.json[:：] ?/);
  });

  it('check --repair rebuilds an index that is damaged or missing from the files in the folder, and only those', async () => {
    const ledger = readFileSync(join(store, 'ledger.index.json'), 'utf8');
    const attendance = read('attendance.index.json') as Record<string, Entry>;
    writeFileSync(join(store, 'attendance.index.json'), '{');
    rmSync(join(store, 'members.index.json'));
    expect((await club(['check'], now)).code).toBe(3);
    const repaired = await club(['check', '--repair', '--json'], now);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.json()).toMatchObject({ repaired: ['attendance.index.json', 'members.index.json'] });
    // The spans as the records give them; no digest (the files are validated when read, until a change writes them).
    expect(read('attendance.index.json')).toEqual({ 'attendance.s0.json': { from: attendance['attendance.s0.json']!.from, to: attendance['attendance.s0.json']!.to } });
    expect(read('members.index.json')).toEqual({ 'members.b0.json': { from: null, to: null } });
    expect(readFileSync(join(store, 'ledger.index.json'), 'utf8')).toBe(ledger);
    await ok(['checkin', 's1', 'm1', '--status', 'late']);
    await ok(['member', 'show', 'm2']);
    expect((await club(['check'], now)).code).toBe(0);
  });

  it('store.json that lists partitions itself (the layout before schemaVersion 10) is refused', async () => {
    const meta = read('store.json');
    writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...meta, partitions: { 'members.b0.json': { from: null, to: null } } }, null, 2)}\n`);
    const r = await club(['member', 'show', 'm2'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining('members.index.json')]);
  });

  it('an index with no digest in store.json (a restored store) is validated and vouches for no file: hand-edited files are validated', async () => {
    const meta = read('store.json');
    const { 'members.index.json': _gone, ...digests } = meta.digests;
    void _gone;
    writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...meta, digests }, null, 2)}\n`);
    // The index vouches for the bytes of members.b0.json no more: a record made invalid by hand is found.
    const members = readFileSync(join(store, 'members.b0.json'), 'utf8');
    writeFileSync(join(store, 'members.b0.json'), members.replace('"name":"雅风"', '"name":7'));
    const r = await club(['member', 'show', 'm2'], now);
    expect([r.code, r.stderr]).toEqual([3, expect.stringContaining(join(store, 'members.b0.json'))]);
    writeFileSync(join(store, 'members.b0.json'), members);
    await ok(['member', 'add', '王小明', '--joined', '2026-01-01']);
    // The commit wrote the index again, with its digest in store.json.
    expect(read('store.json').digests['members.index.json']).toBe(await digestOf(readFileSync(join(store, 'members.index.json'))));
    expect((await club(['check'], now)).code).toBe(0);
  });
});
