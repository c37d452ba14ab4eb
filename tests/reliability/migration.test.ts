// Migrations from every earlier schemaVersion, from stores written by that version's club (tests/fixtures/).
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { run, tempDir } from '../helpers/run.js';
import { BIN, clubOk, clubProcess } from '../helpers/spawn.js';

const fixture = (version: number) => join(import.meta.dirname, '..', 'fixtures', `store-v${version}`);
const FIXTURES = [
  { version: 1, dir: fixture(1), members: ['杨洪勇 active', '雅风 active'], balances: null },
  // Written by the v2 club: sessions, check-ins, a leave, host points, an award and a deduction.
  { version: 2, dir: fixture(2), members: ['王小明 active', '李雷 active', 'Anna Müller active'], balances: { 王小明: 7, 李雷: 6, 'Anna Müller': 1 } },
  // The same steps by the v3 club: partition files, balances.json and presence.json, SHA-1 digests in store.json.
  { version: 3, dir: fixture(3), members: ['王小明 active', '李雷 active', 'Anna Müller active'], balances: { 王小明: 7, 李雷: 6, 'Anna Müller': 1 } },
  // The same by the v4 club (CRC-32 digests, roster.json), with tasks, a topic vote, a reward, a survey, feedback and a
  // cancelled session added: every collection has records to give a recordedAt.
  { version: 4, dir: fixture(4), members: ['王小明 active', '李雷 active', 'Anna Müller active'], balances: { 王小明: 7, 李雷: 6, 'Anna Müller': 1 } },
  // Made by the v5 club with tests/fixtures/make-store-v5.sh: sessions of the types that need approval from version 6
  // (competition, exhibition, social) and of others, check-ins, points, a task, a survey answered.
  { version: 5, dir: fixture(5), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
  // Made by the v7 club with tests/fixtures/make-store-v7.sh: an approved competition plan with a budget of two lines,
  // a draft plan with one, registrations, check-ins, hours, a book read.
  { version: 7, dir: fixture(7), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
  // Made by the v8 club with tests/fixtures/make-store-v8.sh: the v7 club, money collections empty, points given by
  // hand; the last layout with members.json, sessions.json, roster.json, presence.json and balances.json whole.
  { version: 8, dir: fixture(8), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
  // Made by the v9 club with tests/fixtures/make-store-v9.sh: the v8 club; the last layout whose store.json lists every
  // partition and block (with its span and digest).
  { version: 9, dir: fixture(9), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
  // Made by the v10 club with tests/fixtures/make-store-v10.sh: the v8 club again; the last layout without refs blocks.
  { version: 10, dir: fixture(10), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
  // Made by the v11 club with tests/fixtures/make-store-v11.sh: the v8 club again; the last layout with calendar.json a
  // line a session.
  { version: 11, dir: fixture(11), members: ['杨洪勇 active', '雅风 active', '王小明 active'], balances: null },
];

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('club-migrate-'));
});
afterEach(() => cleanup());

function install(fixture: string): string {
  const store = join(dir, '.club');
  mkdirSync(store, { mode: 0o700 });
  cpSync(fixture, store, { recursive: true });
  chmodSync(store, 0o700);
  for (const f of readdirSync(store)) chmodSync(join(store, f), 0o600);
  return store;
}

const files = (store: string) =>
  Object.fromEntries(readdirSync(store).filter((f) => statSync(join(store, f)).isFile()).sort().map((f) => [f, readFileSync(join(store, f), 'hex')]));

/**
 * The fixture of `version` installed and migrated by a `club check` at `now`: the store's folder, its files before (hex)
 * and a reader of a migrated file's records.
 */
async function migratedByCheck(version: number, now = '2026-04-01T10:00:00+08:00') {
  const store = install(fixture(version));
  const before = files(store);
  const r = await run(dir, ['check'], { now });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(`schemaVersion ${version} to ${CURRENT_SCHEMA_VERSION}`);
  const records = (file: string) => JSON.parse(readFileSync(join(store, file), 'utf8')) as Array<Record<string, unknown>>;
  return { store, before, records };
}

describe.each(FIXTURES)('a schemaVersion $version store', ({ version, dir: fixture, members, balances }) => {
  it('migrates after a byte-identical 0600 backup, validates, and a second run changes nothing', async () => {
    const store = install(fixture);
    const before = files(store);
    const r = await clubProcess(dir, ['member', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`migrated the store from schemaVersion ${version} to ${CURRENT_SCHEMA_VERSION}`));
    expect(JSON.parse(r.stdout).map((m: { name: string; status: string }) => `${m.name} ${m.status}`)).toEqual(members);
    expect(JSON.parse(readFileSync(join(store, 'store.json'), 'utf8')).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const [backup] = readdirSync(join(store, 'backups'));
    for (const [name, hex] of Object.entries(before)) {
      expect(readFileSync(join(store, 'backups', backup!, name), 'hex')).toBe(hex);
      expect(statSync(join(store, 'backups', backup!, name)).mode & 0o777).toBe(0o600);
    }
    await clubOk(dir, ['check']);
    const after = files(store);
    await clubOk(dir, ['member', 'list', '--json']);
    expect(files(store)).toEqual(after);
    expect(readdirSync(join(store, 'backups'))).toHaveLength(1);
    // Everything works on the migrated store.
    if (balances) {
      const rows = JSON.parse((await clubOk(dir, ['points', 'balance', '--json'])).stdout) as Array<{ name: string; balance: number }>;
      expect(Object.fromEntries(rows.map((row) => [row.name, row.balance]))).toEqual(balances);
      // Check-ins and automatic points of the migrated sessions still reconcile: no double award.
      await clubOk(dir, ['checkin', 's1', '王小明', '--status', 'present']);
      expect((await clubOk(dir, ['session', 'show', 's3', '--json'])).stdout).toContain('excused');
    }
    await clubOk(dir, ['points', 'add', members[0]!.split(' ')[0]!, '3', '--reason', '迁移后']);
    if (balances) {
      const rows = JSON.parse((await clubOk(dir, ['points', 'balance', '--json'])).stdout) as Array<{ name: string; balance: number }>;
      expect(rows.find((row) => row.name === '王小明')!.balance).toBe(10);
    }
    expect((await clubOk(dir, ['log', '--json'])).stdout).toContain('migrated the store');
  });

  it('kill -9 mid-migration leaves the old store or the new one, never a mix', async () => {
    // Kill times from 60 to 214 ms: before, during and after the migration's commit, on a fast or a busy machine.
    for (let attempt = 0; attempt < 8; attempt++) {
      cleanup();
      ({ dir, cleanup } = tempDir('club-migrate-'));
      const store = install(fixture);
      const old = files(store);
      await new Promise<void>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.NODE_ENV;
        const child = spawn(process.execPath, [BIN, 'member', 'list'], { cwd: dir, env, stdio: 'ignore' });
        setTimeout(() => child.kill('SIGKILL'), 60 + attempt * 22);
        child.on('exit', () => resolve());
      });
      const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
      if (meta.schemaVersion === version && !existsSync(join(store, 'journal.json'))) {
        // Not migrated and no journal committed: the old files are exactly as they were. (With a journal, the next
        // command finishes the migration, checked below.)
        const now = files(store);
        for (const [name, hex] of Object.entries(old)) if (name !== 'journal.json') expect([name, now[name]]).toEqual([name, hex]);
      }
      // The next command (in-process: the same store code as the built CLI's) finishes or leaves the migration whole.
      const now = new Date().toISOString();
      const r = await run(dir, ['member', 'list', '--json'], { now });
      expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
      expect(JSON.parse(r.stdout)).toHaveLength(members.length);
      const check = await run(dir, ['check'], { now });
      expect([check.code, check.stderr]).toEqual([0, expect.any(String)]);
    }
  }, 120_000);
});

describe('schemaVersion 9 to 10', () => {
  it('moves the lists of partitions and blocks out of store.json into an index per collection, each vouched for by its digest', async () => {
    const { store, before } = await migratedByCheck(9);
    const old = JSON.parse(Buffer.from(before['store.json']!, 'hex').toString('utf8'));
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    expect(meta.partitions).toBeUndefined();
    expect(meta.settings).toEqual(old.settings);
    expect(meta.counters).toEqual(old.counters);
    const { digestOf } = await import('../../src/store/validated-json-file.js');
    // Every file store.json listed is in its index with the same span and the digest of its bytes, which are unchanged.
    const listed: Record<string, unknown> = {};
    for (const name of ['attendance', 'ledger', 'members', 'sessions', 'roster', 'presence', 'balances']) {
      const file = `${name}.index.json`;
      const bytes = readFileSync(join(store, file));
      expect([file, meta.digests[file]]).toEqual([file, await digestOf(bytes)]);
      Object.assign(listed, JSON.parse(bytes.toString('utf8')));
    }
    expect(Object.keys(listed).sort()).toEqual(Object.keys(old.partitions).sort());
    for (const [file, span] of Object.entries(old.partitions as Record<string, object>)) {
      expect([file, listed[file]]).toEqual([file, { ...span, digest: await digestOf(readFileSync(join(store, file))) }]);
      expect([file, readFileSync(join(store, file), 'hex')]).toEqual([file, before[file]]);
    }
    // store.json itself lists none of them any more.
    expect(Object.keys(meta.digests).filter((f: string) => f in old.partitions)).toEqual([]);
    expect((await run(dir, ['points', 'add', 'm3', '2', '--reason', '迁移后'], { now: '2026-04-01T11:00:00+08:00' })).code).toBe(0);
    expect((await run(dir, ['check'])).code).toBe(0);
  });
});

describe('schemaVersion 10 to 11', () => {
  it('adds a refs block for each block of members, listed in refs.index.json, and changes no other file but store.json and the calendar', async () => {
    const { store, before } = await migratedByCheck(10);
    const now = files(store);
    // calendar.json too: 11 -> 12 follows (its own test, below).
    for (const [name, hex] of Object.entries(before)) if (!['store.json', 'audit.jsonl', 'calendar.json'].includes(name)) expect([name, now[name]]).toEqual([name, hex]);
    const refs = JSON.parse(readFileSync(join(store, 'refs.b0.json'), 'utf8'));
    expect(Object.keys(refs)).toEqual(['m1', 'm2', 'm3']);
    expect(refs.m1[0]).toBe('杨洪勇');
    const { digestOf } = await import('../../src/store/validated-json-file.js');
    const index = JSON.parse(readFileSync(join(store, 'refs.index.json'), 'utf8'));
    expect(index).toEqual({ 'refs.b0.json': { digest: await digestOf(readFileSync(join(store, 'refs.b0.json'))), from: null, to: null, filter: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    expect(meta.digests['refs.index.json']).toBe(await digestOf(readFileSync(join(store, 'refs.index.json'))));
    // A name is looked up in them, and a change to a name changes its line.
    expect(JSON.parse((await run(dir, ['member', 'show', '王小明', '--json'])).stdout).id).toBe('m3');
    expect((await run(dir, ['member', 'edit', '王小明', '--nick', '北京+小明'], { now: '2026-04-01T11:00:00+08:00' })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(store, 'refs.b0.json'), 'utf8')).m3).toEqual(['王小明', '北京+小明', '小明']);
    expect(JSON.parse((await run(dir, ['member', 'show', '小明', '--json'])).stdout).id).toBe('m3');
    expect((await run(dir, ['check'])).code).toBe(0);
  });
});

describe('schemaVersion 11 to 12', () => {
  it('writes calendar.json in columns, saying what the old one said, and changes no other file but store.json', async () => {
    const old = readFileSync(join(fixture(11), 'calendar.json'), 'utf8');
    const { store, before } = await migratedByCheck(11);
    const now = files(store);
    for (const [name, hex] of Object.entries(before)) if (!['store.json', 'audit.jsonl', 'calendar.json'].includes(name)) expect([name, now[name]]).toEqual([name, hex]);
    // The v11 file said, a line a session: start, end, status.
    const said = Object.entries(JSON.parse(old) as Record<string, [string, string, string]>);
    expect(said.map(([id, [, , status]]) => [id, status])).toEqual([['s1', 'done'], ['s2', 'done'], ['s3', 'scheduled']]);
    const columns = JSON.parse(readFileSync(join(store, 'calendar.json'), 'utf8'));
    expect(columns).toEqual({ sessions: [1, 2, 3], starts: said.map(([, [start]]) => Date.parse(start)), statuses: 'dds', audiences: {} });
    const { digestOf } = await import('../../src/store/validated-json-file.js');
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    expect(meta.schemaVersion).toBe(12);
    expect(meta.digests['calendar.json']).toBe(await digestOf(readFileSync(join(store, 'calendar.json'))));
    // The backup of the files as they were, byte for byte.
    const backups = readdirSync(join(store, 'backups'));
    expect(backups).toEqual([expect.stringMatching(/^schema-v11-/)]);
    expect(readFileSync(join(store, 'backups', backups[0]!, 'calendar.json'), 'utf8')).toBe(old);
    // member show counts from it; a session cancelled changes its letter.
    const attendance = async () => JSON.parse((await run(dir, ['member', 'show', '王小明', '--json'], { now: '2026-04-01T11:00:00+08:00' })).stdout).attendance;
    expect(await attendance()).toMatchObject({ attended: 1, expected: 3 });
    expect((await run(dir, ['session', 'cancel', 's3', '--reason', '下雨'], { now: '2026-04-01T11:00:00+08:00' })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(store, 'calendar.json'), 'utf8')).statuses).toBe('ddc');
    expect(await attendance()).toMatchObject({ attended: 1, expected: 2 });
    expect((await run(dir, ['check'])).code).toBe(0);
  });
});

describe('a migration that cannot be done', () => {
  it('says so, leaves the store as it was and takes no copy of it, for each command run again', async () => {
    const store = install(fixture(11));
    const block = join(store, 'sessions.b0.json');
    writeFileSync(block, readFileSync(block, 'utf8').replace('"status":"done"', '"status":"bogus"'));
    const before = files(store);
    for (let i = 0; i < 2; i++) {
      const r = await run(dir, ['member', 'list'], { env: { CLUB_LANG: 'en' } });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/the store could not be migrated from schemaVersion 11 to 12, and is left at 11: .*sessions\.b0\.json: \[0\]\.status/);
    }
    expect(files(store)).toEqual(before);
    expect(existsSync(join(store, 'backups')) ? readdirSync(join(store, 'backups')) : []).toEqual([]);
  });
});

describe('schemaVersion 4 to 5', () => {
  it('gives every record a recordedAt from its own time, and sessions the times of their later changes', async () => {
    const { store, records } = await migratedByCheck(4, '2026-03-01T10:00:00+08:00');
    // Records with a creation time take it; events their own time.
    expect(records('members.b0.json').map((m) => m.recordedAt)).toEqual(['2026-02-01T09:01:00+08:00', '2026-02-01T09:02:00+08:00', '2026-02-01T09:03:00+08:00']);
    expect(records('tasks.json').map((t) => t.recordedAt)).toEqual(['2026-02-01T09:03:00+08:00', '2026-02-11T09:30:00+08:00', '2026-02-11T09:31:00+08:00']);
    expect(records('attendance.s0.json').map((a) => a.recordedAt)).toEqual(records('attendance.s0.json').map((a) => a.at));
    expect(records('responses.json')[0]!.recordedAt).toBe('2026-02-13T09:02:00+08:00');
    expect(records('feedback.json')[0]!.recordedAt).toBe('2026-02-13T09:04:00+08:00');
    for (const file of ['sessions.b0.json', 'topics.json', 'votes.json', 'rewards.json', 'surveys.json', 'ledger.s0.json', 'ledger.2026-02.json']) {
      for (const record of records(file)) expect([file, typeof record.recordedAt]).toEqual([file, 'string']);
    }
    // A cancellation or a topic chosen before version 5 kept no time: null, which counts as before any report.
    expect(records('sessions.b0.json').find((s) => s.id === 's4')).toMatchObject({ status: 'cancelled', cancelledAt: null, topicChosenAt: null, bestChosenAt: null });
    expect(records('sessions.b0.json').find((s) => s.id === 's3')).toMatchObject({ topic: '活着', topicChosenAt: null });
    // roster.json, rebuilt, holds when each status change was recorded.
    expect(JSON.parse(readFileSync(join(store, 'roster.b0.json'), 'utf8')).m1.history).toEqual([{ status: 'active', date: '2026-01-05', reason: null, at: '2026-02-01T09:01:00+08:00' }]);
    // Records added from now on are stamped with the commit's time (CLUB_NOW).
    expect((await run(dir, ['task', 'add', '买茶'], { now: '2026-03-02T08:00:00+08:00' })).code).toBe(0);
    expect(records('tasks.json').at(-1)).toMatchObject({ id: 't4', recordedAt: '2026-03-02T08:00:00+08:00' });
  });
});

describe('schemaVersion 5 to 6', () => {
  it('adds the activity collections, an approved activity for each old session of an approval type, the new settings and counters', async () => {
    const { store, before, records } = await migratedByCheck(5);
    // Sessions that existed before the upgrade count as approved (SPEC §14): competition s2, exhibition s3, social s4
    // and the cancelled social s6; not the reading s1 or the discussion s5. Dated when the session was recorded.
    expect(records('activities.json')).toEqual(
      [
        ['s2', '2026-03-02T10:01:00+08:00'],
        ['s3', '2026-03-02T10:02:00+08:00'],
        ['s4', '2026-03-02T10:03:00+08:00'],
        ['s6', '2026-03-02T10:05:00+08:00'],
      ].map(([sessionId, at]) => ({ sessionId, status: 'approved', plan: null, history: [{ step: 'migrated', by: null, at, comment: null }], recordedAt: at })),
    );
    for (const file of ['registrations.json', 'staff.json', 'hours.json']) expect([file, records(file)]).toEqual([file, []]);
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(meta.settings).toMatchObject({ name: '读书会', 'approval.types': 'competition,exhibition,social', 'discipline.noShowLimit': 3, 'evaluation.surveyDays': 7 });
    expect(meta.counters).toMatchObject({ member: 3, session: 6, survey: 1, task: 1, hours: 0, expense: 0, donation: 0, donor: 0, book: 0, reading: 0 });
    // The old records are kept as they were; the old files are in the backup, byte for byte.
    expect(readFileSync(join(store, 'sessions.b0.json'), 'utf8')).toBe(Buffer.from(before['sessions.json']!, 'hex').toString('utf8'));
    const [backup] = readdirSync(join(store, 'backups'));
    for (const [name, hex] of Object.entries(before)) expect([name, readFileSync(join(store, 'backups', backup!, name), 'hex')]).toEqual([name, hex]);
    // The migrated store reads as the commands see it: the competition that was held is approved, the reading none.
    const list = await run(dir, ['config', 'get', 'approval.types']);
    expect(list.stdout.trim()).toBe('competition,exhibition,social');
  });
});

describe('schemaVersion 7 to 8', () => {
  it('adds the money collections and the currency setting, and makes each plan budget its session\'s budgets', async () => {
    const { store, before, records } = await migratedByCheck(7);
    // The approved s2's two lines and the draft s3's one (SPEC §14: a plan's budget becomes the session's budgets),
    // in fen as the plans held them, dated when the activity was last recorded.
    const activities = records('activities.json');
    const at = (id: string) => activities.find((a) => a.sessionId === id)!.recordedAt;
    expect(records('budgets.json')).toEqual([
      { sessionId: 's2', category: 'materials', amount: 30050, note: null, at: at('s2'), by: null, forced: false, recordedAt: at('s2') },
      { sessionId: 's2', category: 'rewards', amount: 20000, note: null, at: at('s2'), by: null, forced: false, recordedAt: at('s2') },
      { sessionId: 's3', category: 'promotion', amount: 8880, note: null, at: at('s3'), by: null, forced: false, recordedAt: at('s3') },
    ]);
    for (const file of ['expenses.json', 'donors.json', 'donations.json']) expect([file, records(file)]).toEqual([file, []]);
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    expect(meta.settings).toMatchObject({ name: '读书会', currency: 'CNY', 'reading.days': 7 });
    expect(readFileSync(join(store, 'activities.json'), 'utf8')).toBe(Buffer.from(before['activities.json']!, 'hex').toString('utf8'));
    expect((await run(dir, ['config', 'get', 'currency'])).stdout.trim()).toBe('CNY');
  });
});

describe('schemaVersion 8 to 9', () => {
  it('moves members, sessions, roster, presence and balances into id blocks, each listed with its digest, and retires the whole files', async () => {
    const { store, before } = await migratedByCheck(8);
    const text = (hex: string) => Buffer.from(hex, 'hex').toString('utf8');
    const now = files(store);
    // The same bytes, under the block's name: every member and session of the fixture is in block 0.
    for (const name of ['members', 'sessions', 'roster', 'presence', 'balances']) {
      expect([name, name in now]).toEqual([name, false]);
      expect([name, text(now[`${name}.b0.json`]!)]).toEqual([name, text(before[`${name}.json`]!)]);
    }
    const meta = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    for (const file of ['members.b0.json', 'sessions.b0.json', 'roster.b0.json', 'presence.b0.json', 'balances.b0.json']) {
      // Listed in its collection's index (schemaVersion 10).
      const index = JSON.parse(readFileSync(join(store, `${file.split('.')[0]}.index.json`), 'utf8'));
      expect([file, index[file]]).toEqual([file, { digest: expect.stringMatching(/^\d+:crc32:[0-9a-f]{8}$/), from: null, to: null }]);
    }
    expect(Object.keys(meta.digests).filter((f: string) => /^(members|sessions|roster|presence|balances)\.json$/.test(f))).toEqual([]);
    // The old files are in the backup, byte for byte.
    const [backup] = readdirSync(join(store, 'backups'));
    for (const [name, hex] of Object.entries(before)) expect([name, readFileSync(join(store, 'backups', backup!, name), 'hex')]).toEqual([name, hex]);
    // Commands work on the blocks: a check-in by id, points, a new member.
    expect((await run(dir, ['points', 'add', 'm3', '2', '--reason', '迁移后'], { now: '2026-04-01T11:00:00+08:00' })).code).toBe(0);
    const balances = JSON.parse((await run(dir, ['points', 'balance', '--json'])).stdout) as Array<{ memberId: string; balance: number }>;
    expect(balances.find((b) => b.memberId === 'm3')!.balance).toBe(9);
    expect((await run(dir, ['member', 'add', '李雷'], { now: '2026-04-01T11:01:00+08:00' })).code).toBe(0);
    expect((await run(dir, ['check'])).code).toBe(0);
  });
});
