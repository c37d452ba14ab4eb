// The files of attendance and the ledger that a scope needs, chosen from their index's text (selectFromIndex) rather
// than from the whole index merged into the meta (selectFiles): the same files, with the same entries, for any index
// the store writes and any scope; null for an index laid out any other way, which is then read whole.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../src/store/validated-json-file.js';
import { freshClub, succeeding } from '../helpers/run.js';
import { entryInIndex, indexEntriesOver, selectFromIndex, serializeIndex } from '../../src/store/indexes.js';
import type { IndexEntry } from '../../src/store/indexes.js';
import { selectFiles } from '../../src/store/partitions.js';
import type { PartScope } from '../../src/store/partitions.js';
import type { Meta } from '../../src/store/schema.js';

const DAY = 86_400_000;
const BASE = Date.parse('2026-01-01T00:00:00Z');
const instant = fc.integer({ min: -40, max: 40 }).map((d) => new Date(BASE + d * DAY + 3_600_000 * (d & 7)).toISOString());
const key = fc.oneof(fc.nat(12).map((n) => `s${n}`), fc.integer({ min: 1, max: 12 }).map((m) => `2026-${String(m).padStart(2, '0')}`), fc.constant('other'));
const entry: fc.Arbitrary<IndexEntry> = fc.oneof(
  fc.record({ digest: fc.nat(99999).map((n) => `${n}:crc32:0000abcd`), from: instant, to: instant }).map((e) => (e.from <= e.to ? e : { ...e, from: e.to, to: e.from })),
  fc.record({ from: instant, to: instant }).map((e) => (e.from <= e.to ? e : { from: e.to, to: e.from })),
  fc.constant({ from: null, to: null }),
);
const name = fc.constantFrom('ledger' as const, 'attendance' as const);
const index = fc.dictionary(key, entry, { maxKeys: 14 });
const scope: fc.Arbitrary<PartScope> = fc.record(
  {
    sessions: fc.array(fc.oneof(fc.nat(220).map((n) => `s${n}`), fc.constant('x1')), { maxLength: 4 }),
    from: instant.map((s) => new Date(s)),
    to: instant.map((s) => new Date(s)),
    days: fc.tuple(fc.integer({ min: -40, max: 40 }), fc.nat(10)).map(([d, n]) => ({ from: new Date(BASE + d * DAY).toISOString().slice(0, 10), to: new Date(BASE + (d + n) * DAY).toISOString().slice(0, 10) })),
  },
  { requiredKeys: [] },
);

const entriesOf = (n: string, byKey: Record<string, IndexEntry>): Record<string, IndexEntry> => Object.fromEntries(Object.entries(byKey).map(([k, e]) => [`${n}.${k}.json`, e]));
const metaOf = (entries: Record<string, IndexEntry>): Meta => ({ partitions: { 'members.b0.json': { from: null, to: null }, ...entries }, digests: {} }) as unknown as Meta;

describe('choosing files from an index’s text', () => {
  it('chooses the files selectFiles chooses from the merged index, with their entries as written', () => {
    fc.assert(
      fc.property(name, index, scope, (n, byKey, part) => {
        const entries = entriesOf(n, byKey);
        const chosen = selectFromIndex(serializeIndex(entries), n, part);
        const expected = selectFiles(metaOf(entries), n, part);
        expect(chosen).not.toBeNull();
        expect(Object.keys(chosen!).sort()).toEqual([...expected].sort());
        for (const file of expected) expect(chosen![file]).toEqual(entries[file]);
      }),
      { numRuns: 500 },
    );
  });

  it('finds one file’s entry, and gives every entry with those a change holds over them', () => {
    const entries = entriesOf('ledger', {
      s1: { digest: '10:crc32:0000abcd', from: '2026-01-02T00:00:00.000Z', to: '2026-01-09T00:00:00.000Z' },
      '2026-01': { digest: '20:crc32:0000abce', from: '2026-01-03T00:00:00.000Z', to: '2026-01-30T00:00:00.000Z' },
      '2026-02': { digest: '30:crc32:0000abcf', from: '2026-02-03T00:00:00.000Z', to: '2026-02-20T00:00:00.000Z' },
    });
    const text = serializeIndex(entries);
    expect(entryInIndex(text, 'ledger.s1.json')).toEqual(entries['ledger.s1.json']);
    expect(entryInIndex(text, 'ledger.2026-02.json')).toEqual(entries['ledger.2026-02.json']);
    expect(entryInIndex(text, 'ledger.2026-03.json')).toBeUndefined();
    expect(entryInIndex(text, 'ledger.s1')).toBeUndefined();
    // A change read 2026-02 and wrote it, and added 2026-03: the other entries come from the text.
    const meta = {
      partitions: { 'ledger.2026-02.json': { from: '2026-02-03T00:00:00.000Z', to: '2026-02-27T00:00:00.000Z' }, 'ledger.2026-03.json': { from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' } },
      digests: { 'ledger.2026-02.json': '40:crc32:0000ab00', 'ledger.2026-03.json': '5:crc32:0000ab01' },
    } as unknown as Meta;
    const all = indexEntriesOver(text, meta, 'ledger');
    expect(serializeIndex(all)).toBe(
      serializeIndex({
        ...entries,
        'ledger.2026-02.json': { digest: '40:crc32:0000ab00', from: '2026-02-03T00:00:00.000Z', to: '2026-02-27T00:00:00.000Z' },
        'ledger.2026-03.json': { digest: '5:crc32:0000ab01', from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
      }),
    );
    expect(Object.keys(all)).toHaveLength(4);
  });

  it('says null for an index laid out in any way but the store’s, so that it is read whole', () => {
    const entries = entriesOf('ledger', {
      s1: { digest: '10:crc32:0000abcd', from: '2026-01-02T00:00:00.000Z', to: '2026-01-09T00:00:00.000Z' },
      '2026-01': { from: '2026-01-03T00:00:00.000Z', to: '2026-01-30T00:00:00.000Z' },
    });
    const text = serializeIndex(entries);
    const all: PartScope = { from: new Date('2025-01-01T00:00:00Z') };
    expect(Object.keys(selectFromIndex(text, 'ledger', all)!)).toEqual(['ledger.s1.json', 'ledger.2026-01.json']);
    expect(selectFromIndex('{}\n', 'ledger', all)).toEqual({});
    const lines = text.split('\n');
    const others = [
      `${JSON.stringify(entries)}\n`, // one line
      `${JSON.stringify(entries, null, 1)}\n`, // pretty-printed
      `{\n${lines[1]}${lines[2]}\n}\n`, // two entries on a line
      `{\n ${lines[1]}\n${lines[2]}\n}\n`, // indented
      text.slice(0, -1), // no final newline
      text.replace('},\n', '}\n'), // a comma missing
      text.replace('}\n}', '},\n}'), // a comma too many
      text.replace('"from":"2026-01-03', '"from":"2026\\u002d01-03'), // an escape
      text.replace('ledger.2026-01.json', 'attendance.2026-01.json'), // another collection's file
      text.replace('"digest":"10:crc32:0000abcd",', ''), // fine: a file with no digest
      text.replace('"to":"2026-01-09T00:00:00.000Z"', '"to":"2026-01-09T00:00:00.000Z","x":1'), // a key the store does not write
      text.replace('{"digest"', '{"to":null,"digest"'), // keys out of order
      `${text}\n`, // a line after the end
      text.replace('"from":"2026-01-03', '"from":"2026-01-03\t'), // a control character, which JSON.parse refuses
    ];
    expect(others.map((other) => selectFromIndex(other, 'ledger', all) === null)).toEqual([true, true, true, true, true, true, true, true, true, false, true, true, true, true]);
    // A window with no ends is no window, as selectFiles reads it: only the files of the sessions named.
    expect(selectFromIndex(text, 'ledger', { from: null, to: null, sessions: ['s17'] } as never)).toEqual({ 'ledger.s1.json': entries['ledger.s1.json'] });
  });
});

describe('a change that read only part of the ledger’s index', () => {
  // Note points are booked when the notes are handed in; `reading done` reads the ledger from the book's first
  // start only: the month's file, whose entries end before it, and a month with no file yet, are outside what it read.
  async function club(layout: 'store' | 'pretty') {
    const c = await freshClub();
    const store = join(c.dir, '.club');
    const at = (now: string) => succeeding(c.club, { now });
    await at('2026-01-05T20:00:00+08:00')(['member', 'add', '杨洪勇', '--joined', '2026-01-01']);
    await at('2026-01-05T20:00:00+08:00')(['member', 'add', '雅风', '--joined', '2026-01-01']);
    await at('2026-01-10T20:00:00+08:00')(['points', 'add', 'm1', '3', '--reason', '分享']);
    await at('2026-01-20T20:00:00+08:00')(['points', 'add', 'm2', '2', '--reason', '分享']);
    await at('2026-01-20T20:00:00+08:00')(['book', 'add', '活着', '--pages', '191']);
    await at('2026-01-20T20:00:00+08:00')(['book', 'add', '百年孤独', '--pages', '360']);
    await at('2026-01-26T09:00:00+08:00')(['reading', 'start', 'm1', '活着']);
    await at('2026-01-29T09:00:00+08:00')(['reading', 'start', 'm2', '百年孤独']);
    if (layout === 'pretty') {
      // The same entries laid out otherwise, store.json's digest brought along: read whole, as before.
      const file = join(store, 'ledger.index.json');
      const text = `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 1)}\n`;
      writeFileSync(file, text);
      const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
      writeFileSync(join(store, 'store.json'), `${JSON.stringify({ ...meta, digests: { ...meta.digests, 'ledger.index.json': await digestOf(text) } }, null, 2)}\n`);
    }
    return { ...c, store, at };
  }

  for (const layout of ['store', 'pretty'] as const) {
    it(`adds to a month’s file it did not read, starts a new one, and loses no entry (index laid out ${layout === 'store' ? 'as the store writes it' : 'otherwise'})`, async () => {
      const { store, at, club: run, cleanup } = await club(layout);
      try {
        const notes = join(store, '..', 'notes.md');
        writeFileSync(notes, '福贵的一生。\n');
        // The notes of 活着 on 28 January: into ledger.2026-01.json, whose entries (10 and 20 January) end before the
        // book's start (26 January), so before what the change read.
        await at('2026-01-28T21:00:00+08:00')(['reading', 'done', 'm1', '活着', '--notes', notes]);
        // The notes of 百年孤独 on 3 February: a new file, ledger.2026-02.json; the index is written with every file.
        await at('2026-02-03T21:00:00+08:00')(['reading', 'done', 'm2', '百年孤独', '--notes', notes]);
        const index = JSON.parse(readFileSync(join(store, 'ledger.index.json'), 'utf8'));
        expect(Object.keys(index)).toEqual(['ledger.2026-01.json', 'ledger.2026-02.json']);
        const january = JSON.parse(readFileSync(join(store, 'ledger.2026-01.json'), 'utf8')) as Array<{ memberId: string; delta: number; at: string }>;
        expect(january.map((e) => [e.memberId, e.delta])).toEqual([['m1', 3], ['m2', 2], ['m1', 2]]);
        expect(index['ledger.2026-01.json']).toEqual({ digest: await digestOf(readFileSync(join(store, 'ledger.2026-01.json'))), from: '2026-01-10T12:00:00.000Z', to: '2026-01-28T13:00:00.000Z' });
        for (const [id, deltas] of [['m1', [3, 2]], ['m2', [2, 2]]] as const) {
          const history = await run(['points', 'history', id, '--json'], { now: '2026-02-04T09:00:00+08:00' });
          expect([history.code, history.stderr]).toEqual([0, '']);
          expect((JSON.parse(history.stdout) as Array<{ delta: number }>).map((e) => e.delta)).toEqual(deltas);
        }
        expect((await run(['check'], { now: '2026-02-04T09:00:00+08:00' })).code).toBe(0);
      } finally {
        cleanup();
      }
    });
  }
});

describe('a change to a ledger file it did not read, whose bytes no digest vouches for', () => {
  // Such a file is read and validated, and its span held to its index's entry: the one found in the index's text.
  async function january() {
    const c = await freshClub();
    const store = join(c.dir, '.club');
    const at = (now: string) => succeeding(c.club, { now });
    await at('2026-01-05T20:00:00+08:00')(['member', 'add', '杨洪勇', '--joined', '2026-01-01']);
    await at('2026-01-10T20:00:00+08:00')(['points', 'add', 'm1', '3', '--reason', '分享']);
    return { ...c, store, at };
  }
  const deltas = (store: string) => (JSON.parse(readFileSync(join(store, 'ledger.2026-01.json'), 'utf8')) as Array<{ delta: number }>).map((e) => e.delta);

  it('after check --repair rebuilt the index, whose entries have no digest', async () => {
    const { store, at, club: run, cleanup } = await january();
    try {
      rmSync(join(store, 'ledger.index.json'));
      const repaired = await run(['check', '--repair', '--json'], { now: '2026-01-11T20:00:00+08:00' });
      expect([repaired.code, JSON.parse(repaired.stdout).repaired]).toEqual([0, ['ledger.index.json']]);
      expect(readFileSync(join(store, 'ledger.index.json'), 'utf8')).not.toContain('digest');
      await at('2026-01-12T20:00:00+08:00')(['points', 'add', 'm1', '2', '--reason', '分享']);
      expect(deltas(store)).toEqual([3, 2]);
      expect((await run(['check'], { now: '2026-01-13T20:00:00+08:00' })).code).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('after the month’s file was laid out again by hand (the same records)', async () => {
    const { store, at, club: run, cleanup } = await january();
    try {
      const file = join(store, 'ledger.2026-01.json');
      writeFileSync(file, `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2)}\n`);
      await at('2026-01-12T20:00:00+08:00')(['points', 'add', 'm1', '2', '--reason', '分享']);
      expect(deltas(store)).toEqual([3, 2]);
      expect((await run(['check'], { now: '2026-01-13T20:00:00+08:00' })).code).toBe(0);
    } finally {
      cleanup();
    }
  });
});
