// The partitioned layout of attendance and the ledger (schemaVersion 3): what goes in which file, scoped reads that
// open only the files in scope, writes that touch only the files they change, and balances.b0.json kept in step.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import type { StoreFs } from '../../src/store/fs.js';
import { initTestStore } from '../helpers/store.js';
import { byPartitionOrder, filesOf, partitionKey, selectFiles, sessionBucket } from '../../src/store/partitions.js';
import fc from 'fast-check';
import { digestOf } from '../../src/store/validated-json-file.js';
import { marksAt } from '../../src/store/presence.js';
import { tempDir } from '../helpers/run.js';
import { useEnvLang } from '../../src/i18n/index.js';

// These zh stores are read directly, and their messages are checked in English: CLUB_LANG=en, as a run would say it.
beforeEach(() => {
  useEnvLang({ CLUB_LANG: 'en' });
});

const now = new Date('2026-03-05T12:00:00Z');
let dir: string;
let cleanup: () => void;
let opened: string[];

/** A store whose file system records every file it reads. */
function open(): FileStore {
  const fs = createStoreFs(null);
  const spy: StoreFs = { ...fs, readFile: async (file) => (opened.push(file.split('/').pop()!), fs.readFile(file)) };
  return new FileStore(join(dir, '.club'), { fs: spy, actor: 'tester', command: 'test', now, waitMs: 300 });
}

const entry = (n: number, memberId: string, delta: number, at: string, kind: LedgerEntry['kind'] = 'award', ref: string | null = null): LedgerEntry => ({
  id: `p${n}`, memberId, delta, kind, reason: '测试', at, ref, rule: kind === 'auto' ? 'attendance:present' : null,
});
const record = (sessionId: string, memberId: string): Attendance => ({
  sessionId, memberId, status: 'present', at: '2026-03-03T21:30:00+08:00', reason: null, forced: false, source: 'manual', by: null,
});

/** A session held on 3 March: check-ins name sessions the store holds (club check refuses others). */
const session = (id: string): Session => ({
  id, title: '读书会', type: 'reading', startsAt: '2026-03-03T19:30:00+08:00', endsAt: '2026-03-03T21:00:00+08:00', durationMinutes: 90, hostId: null, topic: null,
  place: null, status: 'done', seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false,
  bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-03-01T10:00:00+08:00', recordedAt: '2026-03-01T10:00:00+08:00',
});

async function seed(store: FileStore): Promise<void> {
  await store.update(['sessions'], (draft) => {
    draft.sessions = ['s3', 's20', 's21', 's40'].map(session);
    draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, session: 40 } };
    return { result: null, audit: { summary: 'sessions' } };
  });
  await store.update(['ledger', 'attendance'], (draft) => {
    draft.ledger = [
      entry(1, 'm1', 5, '2026-01-10T10:00:00+08:00'),
      entry(2, 'm2', 3, '2026-02-10T10:00:00+08:00'),
      entry(3, 'm1', 2, '2026-02-11T22:00:00+08:00', 'auto', 's3'),
      entry(4, 'm1', -1, '2026-03-01T10:00:00+08:00', 'deduct'),
      entry(5, 'm2', 2, '2026-03-02T22:00:00+08:00', 'auto', 's20'),
    ];
    draft.attendance = [record('s3', 'm1'), record('s20', 'm2'), record('s21', 'm1')];
    draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, ledger: 5 } };
    return { result: null, audit: { summary: 'seeded' } };
  });
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  opened = [];
  await initTestStore(join(dir, '.club'), now);
});
afterEach(() => cleanup());

describe('partition keys', () => {
  it('puts a session’s attendance and automatic points with its 15 neighbours, other entries by month', () => {
    expect(sessionBucket('s15')).toBe('s0');
    expect(sessionBucket('s16')).toBe('s1');
    expect(sessionBucket('r1')).toBeNull();
    expect(partitionKey('attendance', record('s33', 'm1'))).toBe('s2');
    expect(partitionKey('ledger', entry(1, 'm1', 2, '2026-03-02T22:00:00+08:00', 'auto', 's33'))).toBe('s2');
    expect(partitionKey('ledger', entry(1, 'm1', 2, '2026-03-02T22:00:00+08:00', 'redeem', 'r1'))).toBe('2026-03');
  });
});

describe('the partitioned store', () => {
  it('writes each record to the file its key names and lists the files with their spans', async () => {
    await seed(open());
    const files = readdirSync(join(dir, '.club')).filter((f) => /^(ledger|attendance)\.(?!index)/.test(f)).sort();
    expect(files).toEqual(['attendance.s0.json', 'attendance.s1.json', 'ledger.2026-01.json', 'ledger.2026-02.json', 'ledger.2026-03.json', 'ledger.s0.json', 'ledger.s1.json']);
    // Listed in ledger.index.json (schemaVersion 10), in their order, each with its digest and span.
    const index = JSON.parse(readFileSync(join(dir, '.club', 'ledger.index.json'), 'utf8'));
    expect(Object.keys(index)).toEqual(['ledger.s0.json', 'ledger.s1.json', 'ledger.2026-01.json', 'ledger.2026-02.json', 'ledger.2026-03.json']);
    expect(index['ledger.2026-02.json']).toEqual({ digest: expect.stringMatching(/^\d+:crc32:/), from: '2026-02-10T02:00:00.000Z', to: '2026-02-10T02:00:00.000Z' });
    expect(JSON.parse(readFileSync(join(dir, '.club', 'balances.b0.json'), 'utf8'))).toEqual({ m1: 6, m2: 5 });
    expect(JSON.parse(readFileSync(join(dir, '.club', 'presence.b0.json'), 'utf8'))).toEqual({ m1: 's3p s21p', m2: 's20p' });
    expect(await open().check()).toMatchObject({ ledger: 5, attendance: 3 });
  });

  it('reads without a scope give every record, the ledger in id order', async () => {
    await seed(open());
    const { ledger, attendance } = await open().read(['ledger', 'attendance']);
    expect(ledger.map((e) => e.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(attendance).toHaveLength(3);
  });

  it('a scoped read opens only the files in scope', async () => {
    await seed(open());
    opened = [];
    const { ledger, attendance } = await open().read(['ledger', 'attendance'], { attendance: { sessions: ['s20'] }, ledger: { from: new Date('2026-03-01T00:00:00+08:00'), to: new Date('2026-04-01T00:00:00+08:00') } });
    expect(opened.filter((f) => /^(ledger|attendance)\./.test(f)).sort()).toEqual(['attendance.index.json', 'attendance.s1.json', 'ledger.2026-03.json', 'ledger.index.json', 'ledger.s1.json']);
    expect(attendance.map((r) => r.sessionId).sort()).toEqual(['s20', 's21']);
    expect(ledger.map((e) => e.id)).toEqual(['p4', 'p5']);
  });

  it('a scope can be chosen from the other collections of the same snapshot, members excepted (it may name them)', async () => {
    await seed(open());
    let seen: string[] = [];
    const snapshot = await open().read(['members', 'sessions', 'attendance'], (snapshot) => {
      seen = Object.keys(snapshot).sort();
      return { attendance: { sessions: [] } };
    });
    expect(seen).toEqual(['meta', 'sessions']);
    expect(snapshot.members).toEqual([]);
  });

  it('a write with a scope adds to files it did not read, rewrites only what changed, and keeps balances', async () => {
    await seed(open());
    const before = readFileSync(join(dir, '.club', 'ledger.2026-01.json'), 'utf8');
    opened = [];
    const balance = await open().update(['ledger'], (draft) => {
      expect(draft.ledger).toEqual([]);
      draft.ledger = [...draft.ledger, entry(6, 'm2', 4, '2026-03-05T20:00:00+08:00')];
      draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, ledger: 6 } };
      return { result: draft.balances!.get('m2'), audit: { summary: 'awarded' } };
    }, { ledger: { sessions: [] }, balances: true });
    expect(balance).toBe(5);
    expect(opened).not.toContain('ledger.2026-01.json');
    expect(readFileSync(join(dir, '.club', 'ledger.2026-01.json'), 'utf8')).toBe(before);
    const march = JSON.parse(readFileSync(join(dir, '.club', 'ledger.2026-03.json'), 'utf8')) as LedgerEntry[];
    expect(march.map((e) => e.id)).toEqual(['p4', 'p6']);
    expect(JSON.parse(readFileSync(join(dir, '.club', 'balances.b0.json'), 'utf8'))).toEqual({ m1: 6, m2: 9 });
    await open().check();
  });

  it('keeps presence.b0.json in step when a status changes, a record goes, or one is added to a file not read', async () => {
    await seed(open());
    await open().update(['attendance'], (draft) => {
      draft.attendance = [{ ...draft.attendance.find((r) => r.sessionId === 's21')!, status: 'late' }, record('s40', 'm2')];
      return { result: null, audit: { summary: 'changed' } };
    }, { attendance: { sessions: ['s20', 's21'] } });
    expect(JSON.parse(readFileSync(join(dir, '.club', 'presence.b0.json'), 'utf8'))).toEqual({ m1: 's3p s21l', m2: 's40p' });
    const { presence } = await open().read([], { presence: true });
    expect(presence!.marksOf('m1')).toEqual([{ sessionId: 's3', memberId: 'm1', status: 'present' }, { sessionId: 's21', memberId: 'm1', status: 'late' }]);
    await open().check();
  });

  it('finds the marks of chosen sessions only, never taking s1 for the start of s12', () => {
    const presence = new Map([
      ['m1', 's1p s12l s120e s21a'],
      ['m2', 's12p'],
    ]);
    const marks = (members: string[], ids: string[]) => marksAt(presence, members, ids).map((m) => `${m.memberId}/${m.sessionId}:${m.status}`);
    expect(marks(['m1'], ['s12'])).toEqual(['m1/s12:late']);
    expect(marks(['m1', 'm2'], ['s1', 's120', 's2', 's21', 's12'])).toEqual(['m1/s1:present', 'm1/s12:late', 'm1/s120:excused', 'm1/s21:absent', 'm2/s12:present']);
    expect(marks(['m1'], ['s3'])).toEqual([]);
    expect(marks(['m1'], [])).toEqual([]);
    expect(marks(['m9'], ['s1'])).toEqual([]);
  });

  it('club check refuses a presence.b0.json that does not match attendance', async () => {
    await seed(open());
    const file = join(dir, '.club', 'presence.b0.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('s20p', 's20e'));
    await expect(open().check()).rejects.toThrow(/presence\.b0\.json: m2: does not match the attendance records/);
  });

  it('club check compares a member\'s statuses gathered across attendance files: one missing, or out of order, is refused', async () => {
    await seed(open());
    const file = join(dir, '.club', 'presence.b0.json');
    const good = readFileSync(file, 'utf8');
    // m1's statuses come from attendance.s0.json (s3) and attendance.s1.json (s21).
    expect(good).toContain('"m1":"s3p s21p"');
    for (const text of ['s3p', 's21p', 's21p s3p', 's3p s21p s40p', 's3p s21l']) {
      writeFileSync(file, good.replace('"m1":"s3p s21p"', `"m1":${JSON.stringify(text)}`));
      await expect(open().check(), text).rejects.toThrow(/presence\.b0\.json: m1: does not match the attendance records/);
    }
    writeFileSync(file, good);
    expect((await open().check()).attendance).toBe(3);
  });

  it('club check refuses balances that do not match the ledger, and a span that is not true', async () => {
    await seed(open());
    const balances = join(dir, '.club', 'balances.b0.json');
    const good = readFileSync(balances, 'utf8');
    writeFileSync(balances, good.replace('"m2":5', '"m2":50'));
    await expect(open().check()).rejects.toThrow(/balances\.b0\.json: m2: says 50, but the ledger sums to 5/);
    writeFileSync(balances, good);
    // The span in the index, as club would have written it (store.json holds the index's new digest).
    const index = join(dir, '.club', 'ledger.index.json');
    const text = readFileSync(index, 'utf8').replace('"to":"2026-02-10T02:00:00.000Z"', '"to":"2026-02-01T02:00:00.000Z"');
    writeFileSync(index, text);
    const meta = JSON.parse(readFileSync(join(dir, '.club', 'store.json'), 'utf8'));
    writeFileSync(join(dir, '.club', 'store.json'), JSON.stringify({ ...meta, digests: { ...meta.digests, 'ledger.index.json': await digestOf(text) } }));
    await expect(open().check()).rejects.toThrow(/ledger\.index\.json: ledger\.2026-02\.json: the span/);
  });

  it('selects files by session and by overlapping span', () => {
    const meta = {
      partitions: {
        'ledger.2026-02.json': { from: '2026-02-01T00:00:00.000Z', to: '2026-02-20T00:00:00.000Z' },
        'ledger.s1.json': { from: '2026-03-02T14:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
        'attendance.s1.json': { from: null, to: null },
      },
    } as never;
    expect(selectFiles(meta, 'ledger', { from: new Date('2026-05-01T00:00:00Z'), to: new Date('2026-05-02T00:00:00Z') })).toEqual(['ledger.s1.json']);
    expect(selectFiles(meta, 'ledger', { sessions: ['s16'] })).toEqual(['ledger.s1.json']);
    expect(selectFiles(meta, 'ledger', undefined)).toEqual(['ledger.s1.json', 'ledger.2026-02.json']);
    expect(selectFiles(meta, 'attendance', { sessions: ['s99'] })).toEqual([]);
  });
});

describe('the order of partition files', () => {
  // The definition the store kept before (a rank per file, then a sort): buckets and blocks by number, then months,
  // then anything else by its key's text.
  const rank = (file: string): [number, number, string] => {
    const key = file.split('.')[1] ?? '';
    const s = /^[sb](\d+)$/.exec(key);
    return s ? [0, Number(s[1]), ''] : /^\d{4}-\d{2}$/.test(key) ? [1, 0, key] : [2, 0, key];
  };
  const definition = (a: string, b: string): number => {
    const [ra, na, ka] = rank(a);
    const [rb, nb, kb] = rank(b);
    return ra - rb || na - nb || (ka < kb ? -1 : ka > kb ? 1 : 0);
  };
  const key = fc.oneof(
    fc.tuple(fc.constantFrom('s', 'b', 'x', 'S'), fc.oneof(fc.nat(40).map(String), fc.constantFrom('', '007', '7', '1'.repeat(400), '2'.repeat(400), '1e3', '٣'))).map(([p, n]) => p + n),
    fc.tuple(fc.integer({ min: 1970, max: 2040 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    fc.constantFrom('2026-3', '2026-03x', '202６-03', 'other', '', 'ab.cd'),
    fc.string({ maxLength: 8 }),
  );
  const file = fc.tuple(fc.constantFrom('ledger', 'attendance', 'members'), key, fc.boolean()).map(([c, k, json]) => (json ? `${c}.${k}.json` : `${c}.${k}`));

  it('compares every two names as the rank of each did, and sorts them alike', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 30 }), (files) => {
        for (const a of files) for (const b of files) expect(Math.sign(byPartitionOrder(a, b))).toBe(Math.sign(definition(a, b)));
        expect([...files].sort(byPartitionOrder)).toEqual([...files].sort(definition));
      }),
      { numRuns: 400 },
    );
  });

  it('gives a collection’s files in order, whether the meta lists them in order or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(file), (files) => {
        const meta = { partitions: Object.fromEntries(files.map((f) => [f, { from: null, to: null }])) } as never;
        for (const name of ['ledger', 'attendance', 'members']) {
          const mine = files.filter((f) => f.startsWith(`${name}.`));
          expect(filesOf(meta, name)).toEqual([...mine].sort(definition));
        }
      }),
      { numRuns: 300 },
    );
    const inOrder = { partitions: { 'ledger.s2.json': {}, 'ledger.s10.json': {}, 'ledger.1978-04.json': {}, 'ledger.2026-03.json': {}, 'ledger.other.json': {} } } as never;
    expect(filesOf(inOrder, 'ledger')).toEqual(['ledger.s2.json', 'ledger.s10.json', 'ledger.1978-04.json', 'ledger.2026-03.json', 'ledger.other.json']);
    const outOfOrder = { partitions: { 'ledger.2026-03.json': {}, 'ledger.s10.json': {}, 'ledger.other.json': {}, 'ledger.s2.json': {}, 'ledgers.s1.json': {} } } as never;
    expect(filesOf(outOfOrder, 'ledger')).toEqual(['ledger.s2.json', 'ledger.s10.json', 'ledger.2026-03.json', 'ledger.other.json']);
  });
});
