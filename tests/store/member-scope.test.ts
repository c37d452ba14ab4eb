// Reads and writes of some members only (Scope.memberIds): the lines of those members are parsed and put back among
// the others' bytes, and the result must be exactly what reading and writing every member gives.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Member } from '../../src/core/types.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import { initTestStore } from '../helpers/store.js';
import { entryTexts, findLine, findRecordLines, inIdOrder, recordPrefix, reuseRecordLines, serializeEntries, spliceEntries, spliceRecords } from '../../src/store/lines.js';
import { rosterOf, serializeRoster } from '../../src/store/roster.js';
import { balancesIndex, presenceIndex, rosterIndex } from '../../src/store/derived.js';
import type { Derived } from '../../src/store/derived.js';
import { digestOf, serializeCollection } from '../../src/store/validated-json-file.js';
import { filterOf, mayHold, scanRefsIndex, serializeRefs } from '../../src/store/refs.js';
import { tempDir } from '../helpers/run.js';
import { useEnvLang } from '../../src/i18n/index.js';

// These zh stores are read directly, and their messages are checked in English: CLUB_LANG=en, as a run would say it.
beforeEach(() => {
  useEnvLang({ CLUB_LANG: 'en' });
});

const now = new Date('2026-03-05T12:00:00Z');
let dir: string;
let cleanup: () => void;

function member(n: number, extra: Partial<Member> = {}): Member {
  return {
    id: `m${n}`, name: `成员${n}`, nick: null, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: 'active', tags: [],
    joinedAt: '2026-03-01', referrerId: null, note: null, warnings: [],
    history: [{ status: 'active', date: '2026-03-01', at: '2026-03-01T10:00:00+08:00', reason: null, by: null }],
    createdAt: '2026-03-01T10:00:00+08:00', purged: false, recordedAt: '2026-03-01T10:00:00+08:00', ...extra,
  };
}

const entry = (n: number, memberId: string, delta: number): LedgerEntry => ({ id: `p${n}`, memberId, delta, kind: 'award', reason: '分享', at: '2026-03-02T10:00:00+08:00', ref: null, rule: null });

function open(): FileStore {
  return new FileStore(join(dir, '.club'), { fs: createStoreFs(), actor: 'tester', command: 'test', now, waitMs: 300 });
}

const membersFile = () => join(dir, '.club', 'members.b0.json');

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  await initTestStore(join(dir, '.club'), now);
  // A note that looks like another member's line must not be taken for it.
  const members = [member(1), member(2, { note: '{"id":"m3","name":"假"}\n{"id":"m3",' }), member(3), member(12, { name: 'Zoë' })];
  await open().update(['members', 'ledger'], (draft) => {
    draft.members = members;
    draft.ledger = [entry(1, 'm1', 5), entry(2, 'm3', 2), entry(3, 'm12', 7)];
    draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 12, ledger: 3 } };
    return { result: null, audit: { summary: 'seeded' } };
  });
});
afterEach(() => cleanup());

describe('members by name (refs blocks)', () => {
  const refsFile = () => join(dir, '.club', 'refs.b0.json');

  it('reads just the members a name, nickname or contact may mean, from the refs the store wrote', async () => {
    expect(readFileSync(refsFile(), 'utf8')).toBe('{\n"m1":["成员1"],\n"m2":["成员2"],\n"m3":["成员3"],\n"m12":["zoë"]\n}\n');
    expect((await open().read(['members'], { memberRefs: ['ZOË'] })).members.map((m) => m.id)).toEqual(['m12']);
    expect((await open().read(['members'], { memberRefs: ['成员2', 'm1'] })).members.map((m) => m.id)).toEqual(['m1', 'm2']);
    // m99 is an id the club never gave out, m012 no member's id at all: names, looked up as such.
    expect((await open().read(['members'], { memberRefs: ['m99'] })).members).toEqual([]);
    await open().update(['members'], (draft) => {
      draft.members = draft.members.map((m) => (m.id === 'm2' ? { ...m, nick: 'M012' } : m.id === 'm12' ? { ...m, nick: 'm99' } : m));
      return { result: null, audit: { summary: 'nicks' } };
    });
    expect((await open().read(['members'], { memberRefs: ['m012'] })).members.map((m) => m.id)).toEqual(['m2']);
    expect((await open().read(['members'], { memberRefs: ['m99'] })).members.map((m) => m.id)).toEqual(['m12']);
    // A change to a name changes the member's line in the same commit.
    await open().update(['members'], (draft) => {
      draft.members = draft.members.map((m) => (m.id === 'm3' ? { ...m, nick: '荆州+Li', phone: '+86 138-0000-0003' } : m));
      return { result: null, audit: { summary: 'nick' } };
    }, { memberRefs: ['m3'] });
    expect(readFileSync(refsFile(), 'utf8')).toContain('"m3":["成员3","荆州+li","li","13800000003"]');
    expect((await open().read(['members'], { memberRefs: ['li'] })).members.map((m) => m.id)).toEqual(['m3']);
    expect((await open().read(['members'], { memberRefs: ['13800000003'] })).members.map((m) => m.id)).toEqual(['m3']);
    expect(await open().check()).toMatchObject({ members: 4 });
  });

  it('a change by id looks up its actor when it was named (--by): the audit records the member, not the name', async () => {
    const by = new FileStore(join(dir, '.club'), { fs: createStoreFs(), actor: '成员2', onBehalf: '成员2', command: 'test', now, waitMs: 300 });
    await by.update(['members'], (draft) => {
      draft.members = draft.members.map((m) => (m.id === 'm3' ? { ...m, city: '荆州' } : m));
      return { result: null, audit: { summary: 'city of m3' } };
    }, { memberRefs: ['m3'] });
    const last = JSON.parse(readFileSync(join(dir, '.club', 'audit.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ actor: 'm2', summary: 'city of m3' });
  });

  it('reads every member when a refs block is not the one the store wrote; check names it and repair rebuilds it', async () => {
    writeFileSync(refsFile(), '{\n"m1":["成员1"]\n}\n');
    // Not searched: it would hide 成员3. Every member is read, and the name still resolves.
    expect((await open().read(['members'], { memberRefs: ['成员3'] })).members.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm12']);
    await expect(open().check()).rejects.toThrow(/refs\.b0\.json: m2: does not match the member records/);
    expect(await open().repair()).toEqual(['refs.b0.json']);
    expect((await open().read(['members'], { memberRefs: ['成员3'] })).members.map((m) => m.id)).toEqual(['m3']);
  });
});

describe('the indexes of the files that follow the members', () => {
  const index = (name: string) => join(dir, '.club', `${name}.index.json`);
  const book = (n: number) =>
    open().update(['members', 'ledger'], (draft) => ({ result: (draft.ledger = [...draft.ledger, entry(n, 'm1', 1)]), audit: { summary: 'booked' } }), { ledger: { sessions: [] }, balances: true, memberIds: ['m1'] });

  it('are read by a change only when the members change: booking points reads neither the refs nor the roster index', async () => {
    const refs = readFileSync(index('refs'), 'utf8');
    const roster = readFileSync(index('roster'), 'utf8');
    // Damaged: any read of them is refused (exit 3), as store.json's digests no longer match.
    writeFileSync(index('refs'), '{');
    writeFileSync(index('roster'), '{');
    await book(4);
    expect((await open().read(['ledger'])).ledger.map((e) => e.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    // A change to a member must read them, and refuses to write over the damage.
    const rename = () =>
      open().update(['members'], (draft) => ({ result: (draft.members = draft.members.map((m) => (m.id === 'm1' ? { ...m, name: '新名' } : m))), audit: { summary: 'renamed' } }), { memberIds: ['m1'] });
    await expect(rename()).rejects.toThrow(/roster\.index\.json/);
    writeFileSync(index('refs'), refs);
    writeFileSync(index('roster'), roster);
    await rename();
    // The indexes the rename rewrote list every block still, and a name is found by the new name only.
    expect(readFileSync(index('refs'), 'utf8').split('\n').filter((line) => line.startsWith('"refs.')).length).toBe(refs.split('\n').filter((line) => line.startsWith('"refs.')).length);
    expect((await open().read(['members'], { memberRefs: ['新名'] })).members.map((m) => m.id)).toEqual(['m1']);
    expect((await open().read(['members'], { memberRefs: ['成员1'] })).members.map((m) => m.id)).toEqual([]);
    await open().check();
  });
});

describe('a change to members reads only the lines of the blocks it writes in the indexes that follow them', () => {
  const index = (name: string) => join(dir, '.club', `${name}.index.json`);
  const lines = (name: string) => readFileSync(index(name), 'utf8').split('\n').map((line) => line.trimStart()).filter((line) => line.startsWith(`"${name}.`));
  const change = (fn: (members: Member[]) => Member[], memberIds?: string[]) =>
    open().update(['members'], (draft) => ({ result: (draft.members = fn(draft.members)), audit: { summary: 'changed' } }), memberIds && { memberIds });
  async function club(layout: 'store' | 'pretty') {
    // Members in three blocks (m1000… is b1), then the refs and roster indexes as the layout says.
    await change((members) => [...members, ...Array.from({ length: 1300 }, (_, i) => member(990 + i * 2, { qq: String(100000 + i) }))]);
    if (layout === 'pretty') {
      for (const name of ['refs', 'roster']) {
        const text = `${JSON.stringify(JSON.parse(readFileSync(index(name), 'utf8')), null, 1)}\n`;
        writeFileSync(index(name), text);
        const meta = JSON.parse(readFileSync(join(dir, '.club', 'store.json'), 'utf8'));
        writeFileSync(join(dir, '.club', 'store.json'), JSON.stringify({ ...meta, digests: { ...meta.digests, [`${name}.index.json`]: await digestOf(text) } }));
      }
    }
  }

  for (const layout of ['store', 'pretty'] as const) {
    it(`keeps every other block's line and finds every member by name after (indexes laid out ${layout === 'store' ? 'as the store writes them' : 'otherwise'})`, async () => {
      await club(layout);
      const before = layout === 'store' ? lines('refs') : [];
      expect(lines('refs').map((line) => line.slice(0, line.indexOf(':')))).toEqual(['"refs.b0.json"', '"refs.b1.json"', '"refs.b2.json"', '"refs.b3.json"']);
      // A rename in b1: that block's line alone changes.
      await change((members) => members.map((m) => (m.id === 'm1500' ? { ...m, name: '杨洪勇' } : m)), ['m1500']);
      if (layout === 'store') expect(lines('refs').map((line, i) => line === before[i])).toEqual([true, false, true, true]);
      // A member in a block the store has no file for yet (b5): the index is written with every block.
      await change((members) => [...members, member(5001, { name: '雅风' })], ['m5001']);
      expect(lines('refs').map((line) => line.slice(0, line.indexOf(':')))).toEqual(['"refs.b0.json"', '"refs.b1.json"', '"refs.b2.json"', '"refs.b3.json"', '"refs.b5.json"']);
      expect(lines('roster').map((line) => line.slice(0, line.indexOf(':')))).toEqual(['"roster.b0.json"', '"roster.b1.json"', '"roster.b2.json"', '"roster.b3.json"', '"roster.b5.json"']);
      for (const [ref, id] of [['杨洪勇', 'm1500'], ['雅风', 'm5001'], ['成员990', 'm990'], ['100649', 'm2288'], ['成员3588', 'm3588'], ['成员1500', undefined]] as const) {
        expect([ref, (await open().read(['members'], { memberRefs: [ref] })).members.map((m) => m.id)]).toEqual([ref, id ? [id] : []]);
      }
      await open().check();
    });
  }
});

describe('the refs index read where it is (scanRefsIndex)', () => {
  const entry = (n: number, filter = 'AAAAAAAAAAAA') => `"refs.b${n}.json":{"digest":"10:crc32:0000000${n}","from":null,"to":null,"filter":"${filter}"}`;
  const scan = (text: string) => scanRefsIndex(Buffer.from(text));

  it('gives every entry of the layout the store writes, with its digest and where its filter is', () => {
    const text = `{\n${entry(0)},\n${entry(1, 'AAAAAAAAAAAAAAAA')},\n${entry(2)}\n}\n`;
    const scanned = scan(text)!;
    expect(scanned.map((e) => [e.file, e.digest, text.slice(...e.filter!)])).toEqual([
      ['refs.b0.json', '10:crc32:00000000', 'AAAAAAAAAAAA'],
      ['refs.b1.json', '10:crc32:00000001', 'AAAAAAAAAAAAAAAA'],
      ['refs.b2.json', '10:crc32:00000002', 'AAAAAAAAAAAA'],
    ]);
    expect(scan('{}\n')).toEqual([]);
    expect(scan(`{\n"refs.b0.json":{"from":null,"to":null}\n}\n`)).toEqual([{ file: 'refs.b0.json', digest: undefined, filter: null }]);
  });

  it('refuses any other layout (null: the index is then parsed), for one could hold entries a line at a time would miss', () => {
    const others = [
      `{${entry(0)},${entry(1)}}\n`, // one line
      `{\n${entry(0)},\n ${entry(1)}\n}\n`, // an indented line
      `{\n${entry(0)},${entry(1)}\n}\n`, // two entries on a line
      `{\n${entry(0)},\n${entry(1)}\n}`, // no newline at the end
      `{\n${entry(0)},\n${entry(1)}\n}\n\n`, // more after it
      `{\n${entry(0)}\n${entry(1)}\n}\n`, // a comma missing
      `{\r\n${entry(0)}\r\n}\r\n`, // CRLF
      `{\n"../x.json":{"digest":"10:crc32:00000000","from":null,"to":null}\n}\n`, // not a refs block
      `{\n${entry(0, 'AAAAA')}\n}\n`, // a filter that is not whole groups of four
      JSON.stringify(JSON.parse(`{${entry(0)},${entry(1)}}`), null, 2), // pretty-printed
    ];
    for (const text of others) expect(scan(text)).toBeNull();
  });

  it('a by-name read of an index laid out otherwise, that store.json vouches for, still finds every member the name may mean', async () => {
    await open().update(['members'], (draft) => ({ result: (draft.members = [...draft.members, member(1001, { name: '成员3' }), member(2002, { name: '成员3' })]), audit: { summary: 'more' } }), { memberIds: ['m1001', 'm2002'] });
    const file = join(dir, '.club', 'refs.index.json');
    const compact = `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')))}\n`;
    writeFileSync(file, compact);
    const metaFile = join(dir, '.club', 'store.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { digests: Record<string, string> };
    meta.digests['refs.index.json'] = await digestOf(Buffer.from(compact));
    writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    expect((await open().read(['members'], { memberRefs: ['成员3'] })).members.map((m) => m.id)).toEqual(['m3', 'm1001', 'm2002']);
  });
});

describe('the filters of the refs blocks', () => {
  it('say yes to every key a block holds, and to few others', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 300 }), (keys) => {
        const refs = new Map(keys.map((key, i) => [`m${i + 1}`, [key]]));
        // Read where the index holds it: base64 text among other bytes.
        const text = Buffer.from(`{"filter":"${filterOf(serializeRefs(refs))}"}`, 'latin1');
        for (const key of keys) expect(mayHold(text, 11, text.length - 2, key)).toBe(true);
      }),
      { numRuns: 200 },
    );
    const keys = Array.from({ length: 4000 }, (_, i) => `成员${i}`);
    const filter = Buffer.from(filterOf(serializeRefs(new Map(keys.map((key, i) => [`m${i + 1}`, [key]])))), 'latin1');
    const others = Array.from({ length: 10_000 }, (_, i) => `other${i}`).filter((key) => mayHold(filter, 0, filter.length, key)).length;
    expect(others).toBeLessThan(300);
  });

  it('a name is looked for only in the blocks whose filter may hold it', async () => {
    await open().update(['members'], (draft) => {
      draft.members = [...draft.members, member(3012, { name: '远方' })];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 3012 } };
      return { result: null, audit: { summary: 'far' } };
    });
    const index = JSON.parse(readFileSync(join(dir, '.club', 'refs.index.json'), 'utf8'));
    expect(Object.keys(index)).toEqual(['refs.b0.json', 'refs.b3.json']);
    // refs.b3.json spoiled (not the store's bytes): a name its filter does not hold never reads it, so it does not make
    // the lookup read every member; one it may hold does.
    writeFileSync(join(dir, '.club', 'refs.b3.json'), '{\n"m3012":["改过"]\n}\n');
    expect((await open().read(['members'], { memberRefs: ['成员2'] })).members.map((m) => m.id)).toEqual(['m2']);
    expect((await open().read(['members'], { memberRefs: ['远方'] })).members.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm12', 'm3012']);
  });

  it('club check refuses an index whose filter is not its block\'s', async () => {
    const indexPath = join(dir, '.club', 'refs.index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index['refs.b0.json'].filter = Buffer.alloc(8).toString('base64');
    const text = `{\n"refs.b0.json":${JSON.stringify(index['refs.b0.json'])}\n}\n`;
    writeFileSync(indexPath, text);
    const metaPath = join(dir, '.club', 'store.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    meta.digests['refs.index.json'] = await digestOf(text);
    writeFileSync(metaPath, JSON.stringify(meta, null, 2));
    // The filter that says no hides 成员2 from a lookup: what check is there to catch.
    expect((await open().read(['members'], { memberRefs: ['成员2'] })).members).toEqual([]);
    await expect(open().check()).rejects.toThrow(/refs\.index\.json: the filter of refs\.b0\.json is not that of its keys/);
  });
});

describe('members by id', () => {
  it('reads just the members asked for, with their balances, from a file the store wrote', async () => {
    const snapshot = await open().read(['members'], { memberIds: ['m3', 'm12'], balances: true });
    expect(snapshot.members.map((m) => m.id)).toEqual(['m3', 'm12']);
    expect(snapshot.members[1]).toEqual(member(12, { name: 'Zoë' }));
    expect([...snapshot.balances!]).toEqual([['m3', 2], ['m12', 7]]);
    // m1 is not m12's prefix, m2's note is not m3.
    expect((await open().read(['members'], { memberIds: ['m1'] })).members).toEqual([member(1)]);
  });

  it('reads every member when one asked for has no line, or the file is not the one the store wrote', async () => {
    expect((await open().read(['members'], { memberIds: ['m3', 'm9'] })).members).toHaveLength(4);
    const edited = JSON.parse(readFileSync(membersFile(), 'utf8')) as Member[];
    edited[2]!.name = '改过';
    writeFileSync(membersFile(), JSON.stringify(edited, null, 2));
    const snapshot = await open().read(['members'], { memberIds: ['m3'] });
    expect(snapshot.members.find((m) => m.id === 'm3')!.name).toBe('改过');
    // ...and so validated: a hand edit that breaks the schema is reported, as for any read.
    writeFileSync(membersFile(), JSON.stringify([{ ...edited[0], status: 'dancing' }]));
    await expect(open().read(['members'], { memberIds: ['m1'] })).rejects.toThrow(/members\.b0\.json: \[0\]\.status/);
  });

  it('a write after reading some members gives the bytes a write of every member gives', async () => {
    await open().update(['members'], (draft) => {
      expect(draft.members.map((m) => m.id)).toEqual(['m2']);
      draft.members = [{ ...draft.members[0]!, city: '荆州' }, member(13, { name: '新人' })];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 13 } };
      return { result: null, audit: { summary: 'edited m2, added m13' } };
    }, { memberIds: ['m2'] });
    const expected = [member(1), member(2, { note: '{"id":"m3","name":"假"}\n{"id":"m3",', city: '荆州' }), member(3), member(12, { name: 'Zoë' }), member(13, { name: '新人' })];
    expect(readFileSync(membersFile(), 'utf8')).toBe(serializeCollection(expected));
    expect((await open().read(['members'])).members).toEqual(expected);
    await expect(open().check()).resolves.toMatchObject({ members: 5 });
  });

  it('a member left out of the draft is removed; one added that was in the file unread is refused, and nothing is written', async () => {
    await open().update(['members'], (draft) => {
      draft.members = draft.members.filter((m) => m.id !== 'm12');
      return { result: null, audit: { summary: 'dropped m12' } };
    }, { memberIds: ['m12', 'm1'] });
    expect((await open().read(['members'])).members.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    const before = readFileSync(membersFile());
    await expect(
      open().update(['members'], (draft) => {
        draft.members = [...draft.members, member(3, { name: '重复' })];
        return { result: null, audit: { summary: 'again' } };
      }, { memberIds: ['m1'] }),
    ).rejects.toThrow(/m3 is in .*members\.b0\.json but was not read/);
    expect(readFileSync(membersFile())).toEqual(before);
  });

  it('the members to read can be named by the ledger entries read', async () => {
    const snapshot = await open().read(['members', 'ledger'], () => ({ ledger: { sessions: [], from: new Date('2026-03-02T00:00:00Z') }, memberIds: ({ ledger }) => ledger!.map((e) => e.memberId) }));
    expect(snapshot.members.map((m) => m.id)).toEqual(['m1', 'm3', 'm12']);
  });

  it('a ledger write after reading one member’s balance keeps every balance', async () => {
    await open().update(['members', 'ledger'], (draft) => {
      expect([...draft.balances!]).toEqual([['m3', 2]]);
      draft.ledger = [...draft.ledger, entry(4, 'm3', 1)];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, ledger: 4 } };
      return { result: null, audit: { summary: '+1 m3' } };
    }, { memberIds: ['m3'], balances: true, ledger: { sessions: [] } });
    expect([...(await open().read(['members'], { balances: true })).balances!]).toEqual([['m1', 5], ['m3', 3], ['m12', 7]]);
    await expect(open().check()).resolves.toMatchObject({ ledger: 4 });
  });
});

describe('a whole collection as stored (readLines)', () => {
  it('is the bytes of members.b0.json, unparsed, when the store wrote them in id order', async () => {
    const bytes = await open().readLines('members');
    expect(Buffer.from(bytes).equals(readFileSync(membersFile()))).toBe(true);
    expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toEqual((await open().read(['members'])).members);
  });

  it('is laid out afresh in id order from a valid file in another order, and refuses an invalid one', async () => {
    const records = JSON.parse(readFileSync(membersFile(), 'utf8')) as Member[];
    const shuffled = [records[3]!, records[0]!, records[2]!, records[1]!];
    writeFileSync(membersFile(), serializeCollection(shuffled));
    expect(Buffer.from(await open().readLines('members')).toString('utf8')).toBe(serializeCollection(records));
    // The same order written back by the store (digest matching, lines out of order): still in id order.
    await open().update(['members'], (draft) => {
      draft.members = [...draft.members.slice(0, 3), { ...draft.members[3]!, city: '武汉' }];
      return { result: null, audit: { summary: 'edit' } };
    });
    const out = JSON.parse(Buffer.from(await open().readLines('members')).toString('utf8')) as Member[];
    expect(out.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm12']);
    writeFileSync(membersFile(), serializeCollection([{ ...records[0]!, status: 'dancing' }]));
    await expect(open().readLines('members')).rejects.toMatchObject({ code: 'store_invalid', message: expect.stringContaining('status') });
  });
});

describe('record lines', () => {
  const bytes = Buffer.from(serializeCollection([{ id: 'm1', n: '甲' }, { id: 'm2', n: '乙' }, { id: 'm10', n: '丙' }]));

  it('finds a record by how its line starts, without its comma', () => {
    expect(findLine(bytes, recordPrefix('m2'))?.text).toBe('{"id":"m2","n":"乙"}');
    expect(findLine(bytes, recordPrefix('m10'))?.text).toBe('{"id":"m10","n":"丙"}');
    expect(findLine(bytes, recordPrefix('m3'))).toBeUndefined();
  });

  it('tells a file whose lines lead with ids in id order (m2 before m10) from any other', () => {
    expect(inIdOrder(bytes)).toBe(true);
    expect(inIdOrder(Buffer.from(serializeCollection([])))).toBe(true);
    const file = (...ids: string[]) => Buffer.from(serializeCollection(ids.map((id) => ({ id, n: '名' }))));
    expect(inIdOrder(file('m9', 'm10', 'm100'))).toBe(true);
    expect(inIdOrder(file('m2', 'm10', 'm9'))).toBe(false);
    expect(inIdOrder(file('m2', 'm2'))).toBe(false);
    expect(inIdOrder(file('m1', 's2'))).toBe(false);
    expect(inIdOrder(Buffer.from(serializeCollection([{ id: 'm1', n: 1 }, { n: 'm2', id: 'm2' }])))).toBe(false);
  });

  it('finds many records in one pass over the lines, the same as one by one', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ id: `m${i + 1}`, n: `名${i + 1}`, note: i === 4 ? '\n{"id":"m7",' : null }));
    const many = Buffer.from(serializeCollection(records));
    const wanted = new Set(Array.from({ length: 20 }, (_, i) => `m${2 * i + 1}`));
    const found = findRecordLines(many, wanted)!;
    expect([...found.keys()].sort()).toEqual([...wanted].sort());
    for (const [id, line] of found) {
      expect(JSON.parse(line.text)).toEqual(records.find((r) => r.id === id));
      expect(line).toEqual(findLine(many, recordPrefix(id)));
    }
    expect(findRecordLines(many, new Set([...wanted, 'm41']))).toBeNull();
  });

  it('splices lines in place and at the end, in the layout serializeCollection writes', () => {
    const m2 = findLine(bytes, recordPrefix('m2'))!;
    const m10 = findLine(bytes, recordPrefix('m10'))!;
    const out = spliceRecords(bytes, new Map([[m2.start, '{"id":"m2","n":"乙乙"}'], [m10.start, null]]), ['{"id":"m11","n":"丁"}']);
    expect(out.toString()).toBe(serializeCollection([{ id: 'm1', n: '甲' }, { id: 'm2', n: '乙乙' }, { id: 'm11', n: '丁' }]));
    expect(spliceRecords(Buffer.from('[]\n'), new Map(), ['{"id":"m1","n":"甲"}']).toString()).toBe(serializeCollection([{ id: 'm1', n: '甲' }]));
    const only = Buffer.from(serializeCollection([{ id: 'm1', n: '甲' }]));
    expect(spliceRecords(only, new Map([[findLine(only, recordPrefix('m1'))!.start, null]]), []).toString()).toBe('[]\n');
  });
});

describe('a write after a whole read copies the lines of the records it kept', () => {
  it('gives the bytes a whole write gives: records kept, dropped, replaced, added and moved, anywhere', () => {
    const record = fc.record({ id: fc.integer({ min: 1, max: 999 }).map((n) => `r${n}`), note: fc.string(), 名: fc.constantFrom('甲', '乙', 'é', '"引号"', '\\') });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), fc.array(fc.oneof(fc.nat(40), record), { maxLength: 40 }), (read, plan) => {
        const bytes = Buffer.from(serializeCollection(read));
        const placeOf = new Map(read.map((r, i) => [r as unknown, i]));
        // A record read (by its place, kept as the same object) or a new one, in any order; each read one at most once.
        const used = new Set<number>();
        const data = plan.flatMap((step) => (typeof step === 'number' ? (step < read.length && !used.has(step) && used.add(step) ? [read[step]!] : []) : [step]));
        expect(reuseRecordLines(bytes, read.length, data, placeOf)?.toString()).toBe(serializeCollection(data));
      }),
      { numRuns: 300 },
    );
  });

  it('copies a run of kept lines at once, and gives up on bytes with another count of lines', () => {
    const read = [{ id: 'a1', n: '甲' }, { id: 'a2', n: '乙' }, { id: 'a3', n: '丙' }];
    const bytes = Buffer.from(serializeCollection(read));
    const placeOf = new Map(read.map((r, i) => [r as unknown, i]));
    const added = { id: 'a4', n: '丁' };
    expect(reuseRecordLines(bytes, 3, [...read, added], placeOf)!.toString()).toBe(serializeCollection([...read, added]));
    expect(reuseRecordLines(bytes, 2, read, placeOf)).toBeNull();
    expect(reuseRecordLines(Buffer.from('[]\n'), 0, [added], new Map())!.toString()).toBe(serializeCollection([added]));
  });
});

describe('derived entries', () => {
  it('a splice gives the bytes a whole write gives: changed, removed and new entries, anywhere in id order', () => {
    const id = fc.integer({ min: 1, max: 60 }).map((n) => `m${n}`);
    const value = fc.option(fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0), { nil: null });
    fc.assert(
      fc.property(fc.dictionary(id, fc.integer({ min: 1, max: 99 }), { maxKeys: 40 }), fc.dictionary(id, value, { minKeys: 1, maxKeys: 12 }), (before, changes) => {
        const whole = new Map(Object.entries(before).map(([k, v]) => [k, String(v)]));
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) whole.delete(k);
          else whole.set(k, String(v));
        }
        const bytes = Buffer.from(serializeEntries(Object.entries(before).map(([k, v]) => [k, String(v)])));
        const texts = new Map(
          Object.entries(changes).map(([k, v]) => [
            k,
            (current: string | undefined) => {
              expect(current).toBe(before[k] === undefined ? undefined : String(before[k]));
              return v === null ? null : String(v);
            },
          ]),
        );
        expect(spliceEntries(bytes, texts).toString()).toBe(serializeEntries([...whole]));
      }),
      { numRuns: 400 },
    );
  });

  it('a file the store wrote reads back line by line to the value it was written from, for every derived file', () => {
    const id = fc.integer({ min: 1, max: 400 }).map((n) => `m${n}`);
    const values = <V>(value: fc.Arbitrary<V>) => fc.dictionary(id, value, { maxKeys: 30 }).map((d) => new Map(Object.entries(d)));
    const marks = fc.array(fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('p', 'l', 'e', 'a')), { minLength: 1, maxLength: 8 }).map((ms) => ms.map(([n, c]) => `s${n}${c}`).join(' '));
    const summaries = values(fc.record({ name: fc.string({ minLength: 1 }), reason: fc.option(fc.string(), { nil: null }) })).map(
      (m) => new Map([...m].map(([key, v]) => [key, { id: key, name: v.name, status: 'left', joinedAt: null, referrerId: null, warnings: [], history: [{ status: 'left', date: '2026-03-01', reason: v.reason, at: '2026-03-01T10:00:00+08:00' }] }])),
    );
    const cases: Array<[Derived<unknown>, fc.Arbitrary<Map<string, unknown>>]> = [
      [balancesIndex as Derived<unknown>, values(fc.integer({ min: -9999, max: 9999 }).filter((n) => n !== 0))],
      [presenceIndex as Derived<unknown>, values(marks)],
      [rosterIndex as Derived<unknown>, summaries],
    ];
    for (const [index, arbitrary] of cases) {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const text = index.serialize(value);
          // What a trusted read gives is what validating the same text gives.
          expect(entryTexts(text, index.decode)).toEqual(index.parse(JSON.parse(text), index.file));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('balances of members not read are spliced in; one that comes to zero loses its line; club check agrees', async () => {
    // m3's balance is read from its line; m1 and m2 change without being read.
    await open().update(['members', 'ledger'], (draft) => {
      draft.ledger = [...draft.ledger, entry(4, 'm3', -2), entry(5, 'm1', 4), entry(6, 'm2', 3)];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, ledger: 6 } };
      return { result: null, audit: { summary: 'points' } };
    }, { memberIds: ['m3'], balances: true, ledger: { sessions: [] } });
    expect(readFileSync(join(dir, '.club', 'balances.b0.json'), 'utf8')).toBe('{\n"m1":9,\n"m2":3,\n"m12":7\n}\n');
    await expect(open().check()).resolves.toMatchObject({ ledger: 6 });
  });
});

describe('roster.b0.json', () => {
  const roster = () => readFileSync(join(dir, '.club', 'roster.b0.json'), 'utf8');
  const everyMember = async () => serializeRoster(rosterOf((await open().read(['members'])).members));

  it('follows members.b0.json, also when a change read some members only: summaries changed, added, in id order', async () => {
    expect(roster()).toBe(await everyMember());
    // A warning for m3 and a new member m13, after reading m3 alone; m12 sorts after m3 and before m13.
    await open().update(['members'], (draft) => {
      const m3 = draft.members.find((m) => m.id === 'm3')!;
      draft.members = [...draft.members.map((m) => (m === m3 ? { ...m3, warnings: [{ at: '2026-03-05T20:00:00+08:00', reason: '缺席', by: null }] } : m)), member(13, { name: '新人' })];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 13 } };
      return { result: null, audit: { summary: 'warned m3, added m13' } };
    }, { memberIds: ['m3'] });
    expect(roster()).toBe(await everyMember());
    expect(roster()).toMatch(/"m12":.*\n"m13":\{"id":"m13","name":"新人"/);
    const read = (await open().read([], { roster: true })).roster!;
    expect(read.get('m3')!.warnings).toEqual([{ at: '2026-03-05T20:00:00+08:00', reason: '缺席' }]);
    expect([...read.keys()]).toEqual(['m1', 'm2', 'm3', 'm12', 'm13']);
    await expect(open().check()).resolves.toMatchObject({ members: 5 });
  });

  it('many changed summaries are applied to the file read whole, with the same result', async () => {
    await open().update(['members'], (draft) => {
      draft.members = [...draft.members, ...Array.from({ length: 18 }, (_, i) => member(13 + i))];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: 30 } };
      return { result: null, audit: { summary: 'added 18' } };
    }, { memberIds: ['m3'] });
    expect(roster()).toBe(await everyMember());
    expect(roster().split('\n')).toHaveLength(22 + 3);
  });

  it('a change that leaves every summary as it was does not rewrite it; club check refuses one that differs', async () => {
    const before = roster();
    const inode = statSync(join(dir, '.club', 'roster.b0.json')).ino;
    await open().update(['members'], (draft) => {
      draft.members = draft.members.map((m) => (m.id === 'm2' ? { ...m, phone: '13800000000' } : m));
      return { result: null, audit: { summary: 'phone' } };
    }, { memberIds: ['m2'] });
    expect((await open().read(['members'], { memberIds: ['m2'] })).members[0]!.phone).toBe('13800000000');
    expect([roster(), statSync(join(dir, '.club', 'roster.b0.json')).ino]).toEqual([before, inode]);
    writeFileSync(join(dir, '.club', 'roster.b0.json'), before.replace('"name":"成员3"', '"name":"成员33"'));
    await expect(open().check()).rejects.toThrow(/roster\.b0\.json: m3: does not match the member records/);
  });
});
