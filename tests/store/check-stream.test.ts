// club check of a folder store a part at a time (src/store/check.ts): files in the store's layout parsed line by line
// as they are read, any other layout whole with the same verdicts, and the checks across partition files kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import type { Member } from '../../src/core/types.js';
import fc from 'fast-check';
import type { Attendance, AttendanceStatus } from '../../src/core/sessions/types.js';
import { eachRecordBatch } from '../../src/store/check.js';
import { textCrc } from '../../src/store/lines.js';
import { byPartitionOrder, partitionFile, partitionKey } from '../../src/store/partitions.js';
import { gatherPresence, mergePresence, presenceOf } from '../../src/store/presence.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import { jsonLines } from '../../src/io/json-lines.js';
import { initTestStore } from '../helpers/store.js';
import { tempDir } from '../helpers/run.js';

const now = new Date('2026-03-05T12:00:00Z');
let dir: string;
let cleanup: () => void;

const open = () => new FileStore(join(dir, '.club'), { fs: createStoreFs(null), actor: 'tester', command: 'test', now, waitMs: 300 });
const file = (name: string) => join(dir, '.club', name);

function member(n: number): Member {
  return {
    id: `m${n}`, name: `成员${n}`, nick: null, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: 'active', tags: [],
    joinedAt: '2026-01-01', referrerId: null, note: null, warnings: [], history: [{ status: 'active', date: '2026-01-01', at: '2026-01-01T12:00:00+08:00', reason: null, by: null }],
    createdAt: '2026-01-01T12:00:00+08:00', purged: false,
  } as Member;
}
const entry = (n: number, memberId: string, at: string): LedgerEntry => ({ id: `p${n}`, memberId, delta: 1, kind: 'award', reason: '测试', at, ref: null, rule: null });

/** `bytes` in chunks of `size`, each the same buffer filled again, as StoreFs.readChunks gives them. */
function* chunks(bytes: Buffer, size: number): Iterable<Buffer> {
  const chunk = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(chunk, 0, at, Math.min(at + size, bytes.length));
    yield chunk.subarray(0, n);
  }
}

beforeEach(async () => {
  // The store is zh; its messages are checked in English, as CLUB_LANG=en would print them.
  useEnvLang({ CLUB_LANG: 'en' });
  ({ dir, cleanup } = tempDir());
  await initTestStore(join(dir, '.club'), now);
});
afterEach(() => cleanup());

describe('records line by line', () => {
  it('gives every record of the store layout in batches with their first index, whatever the chunk size', () => {
    const records = Array.from({ length: 23 }, (_, i) => ({ id: `m${i + 1}`, name: `名字${i}`, note: i % 3 ? null : 'a,b\\n' }));
    const bytes = Buffer.from(jsonLines(records));
    for (const size of [1, 7, 64, bytes.length]) {
      const got: unknown[] = [];
      const firsts: number[] = [];
      expect(eachRecordBatch(chunks(bytes, size), 5, (batch, first) => (got.push(...batch), firsts.push(first)))).toBe(true);
      expect(got).toEqual(records);
      expect(firsts).toEqual([0, 5, 10, 15, 20]);
    }
    expect(eachRecordBatch(chunks(Buffer.from('[]\n'), 4), 5, () => {})).toBe(true);
  });

  it('says no to any other layout: pretty-printed, a comma missing or before the end, a line that is not JSON alone, no final newline', () => {
    const no = (text: string) => eachRecordBatch(chunks(Buffer.from(text), 3), 5, () => {});
    expect(no(`${JSON.stringify([{ id: 'm1' }, { id: 'm2' }], null, 2)}\n`)).toBe(false);
    expect(no('[\n{"id":"m1"}\n{"id":"m2"}\n]\n')).toBe(false);
    expect(no('[\n{"id":"m1"},\n{"id":"m2"},\n]\n')).toBe(false);
    expect(no('[\n{"id":\n"m1"}\n]\n')).toBe(false);
    expect(no('[\n{"id":"m1"}\n]')).toBe(false);
    expect(no('')).toBe(false);
    expect(no('[\n{"id":"m1"}\n]\n')).toBe(true);
  });
});

describe('club check, a part at a time', () => {
  async function seedMembers(count: number): Promise<void> {
    await open().update(['members'], (draft) => {
      draft.members = Array.from({ length: count }, (_, i) => member(i + 1));
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: count } };
      return { result: null, audit: { summary: 'seeded' } };
    });
  }

  it('counts the records of files read in batches, and names a bad record by its index in its block', async () => {
    await seedMembers(4500);
    expect((await open().check()).members).toBe(4500);
    // m4322 is record 322 of the block of m4000..m4999.
    const members = file('members.b4.json');
    const good = readFileSync(members, 'utf8');
    writeFileSync(members, good.replace('"id":"m4322","name":"成员4322"', '"id":"m4322","name":""'));
    await expect(open().check()).rejects.toThrow(/members\.b4\.json: \[322\]\.name: /);
    writeFileSync(members, good.replace('"id":"m4322",', '"id":"m4323",'));
    await expect(open().check()).rejects.toThrow(/members\.b4\.json: \[323\]\.id: duplicate id "m4323"/);
    // An id of another block is in the wrong file.
    writeFileSync(members, good.replace('"id":"m4322",', '"id":"m17",'));
    await expect(open().check()).rejects.toThrow(/members\.b4\.json: \[322\]: this record belongs in members\.b0\.json/);
  });

  it('a file edited by hand into another layout is read whole and validated as before; roster.b0.json too', async () => {
    await seedMembers(30);
    const members = file('members.b0.json');
    const records = JSON.parse(readFileSync(members, 'utf8')) as Member[];
    writeFileSync(members, `${JSON.stringify(records, null, 2)}\n`);
    expect((await open().check()).members).toBe(30);
    writeFileSync(members, `${JSON.stringify([...records.slice(0, 29), { ...records[29], status: 'nope' }], null, 2)}\n`);
    await expect(open().check()).rejects.toThrow(/members\.b0\.json: \[29\]\.status/);
    writeFileSync(members, jsonLines(records));
    const roster = file('roster.b0.json');
    const summaries = JSON.parse(readFileSync(roster, 'utf8')) as Record<string, { name: string }>;
    writeFileSync(roster, `${JSON.stringify(summaries, null, 2)}\n`);
    expect((await open().check()).members).toBe(30);
    summaries.m30!.name = '别人';
    writeFileSync(roster, `${JSON.stringify(summaries)}\n`);
    await expect(open().check()).rejects.toThrow(/roster\.b0\.json: m30: does not match the member records/);
  });

  it('refuses a roster.b0.json laid out by the store that lacks a member, has one too many, or says other', async () => {
    await seedMembers(2500);
    const roster = file('roster.b2.json');
    const good = readFileSync(roster, 'utf8');
    const line = (id: string) => good.split('\n').find((l) => l.startsWith(`"${id}":`))!;
    writeFileSync(roster, good.replace(`${line('m2400')}\n`, ''));
    await expect(open().check()).rejects.toThrow(/roster\.b2\.json: m2400: does not match the member records/);
    writeFileSync(roster, good.replace(line('m2400'), line('m2400').replace('成员2400', '成员X')));
    await expect(open().check()).rejects.toThrow(/roster\.b2\.json: m2400: does not match the member records/);
    writeFileSync(roster, good);
    expect((await open().check()).members).toBe(2500);
  });

  it('refuses a ledger id that is in two partition files', async () => {
    await open().update(['ledger'], (draft) => {
      draft.ledger = [entry(1, 'm1', '2026-01-10T10:00:00+08:00'), entry(2, 'm1', '2026-02-10T10:00:00+08:00')];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, ledger: 2 } };
      return { result: null, audit: { summary: 'seeded' } };
    });
    expect((await open().check()).ledger).toBe(2);
    const february = file('ledger.2026-02.json');
    writeFileSync(february, readFileSync(february, 'utf8').replace('"id":"p2"', '"id":"p1"'));
    await expect(open().check()).rejects.toThrow(/ledger\.\*\.json: \[1\]\.id: duplicate id "p1"/);
  });
});

describe('what the check keeps of presence across attendance files', () => {
  it('gathers, file by file in their order, the CRC-32 of the text presenceOf gives of all the records', () => {
    const statuses: AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];
    const mark = fc.record({ session: fc.integer({ min: 1, max: 200 }), member: fc.integer({ min: 1, max: 6 }), status: fc.constantFrom(...statuses) });
    fc.assert(
      fc.property(fc.array(mark, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), (marks, batch) => {
        // One record a session and member (the check refuses a second), in the order drawn.
        const byKey = new Map(marks.map((m) => [`s${m.session}/m${m.member}`, m]));
        const records = [...byKey.values()].map((m) => ({ sessionId: `s${m.session}`, memberId: `m${m.member}`, status: m.status }) as Attendance);
        const files = new Map<string, Attendance[]>();
        for (const r of records) {
          const name = partitionFile('attendance', partitionKey('attendance', r));
          files.set(name, [...(files.get(name) ?? []), r]);
        }
        const gathered = new Map<string, unknown>();
        for (const name of [...files.keys()].sort(byPartitionOrder)) {
          // A file's statuses as the check builds them: a batch at a time, merged.
          const mine = files.get(name)!;
          const built = new Map<string, string>();
          for (let i = 0; i < mine.length; i += batch) mergePresence(built, presenceOf(mine.slice(i, i + batch)));
          gatherPresence(gathered, built);
        }
        const whole = presenceOf(records);
        expect(new Map([...gathered].sort())).toEqual(new Map([...whole].map(([id, text]) => [id, textCrc(text)] as const).sort()));
      }),
      { numRuns: 300 },
    );
  });
});
