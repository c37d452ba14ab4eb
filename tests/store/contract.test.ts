// The Store contract (src/store/types.ts), held to the same assertions on both stores: a folder store and a database
// store. Data is written through real commands (in-process), then read back through the Store as commands read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleError } from '../../src/core/errors.js';
import { balances as balancesOf } from '../../src/core/points/ledger.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import type { Attendance } from '../../src/core/sessions/types.js';
import type { Member } from '../../src/core/types.js';
import { jsonLines } from '../../src/io/json-lines.js';
import { createStoreFs } from '../../src/store/fs.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import type { Scope, Store } from '../../src/store/types.js';
import { SAMPLE_ACTIVITY, SAMPLE_HOURS, SAMPLE_REGISTRATIONS, SAMPLE_STAFF, writeActivityRecords } from '../helpers/activity-records.js';
import { dropDatabase, newDatabase, pgSkipReason } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';
import { entriesOf, entryOf } from '../helpers/timeline.js';

const NOW = '2026-03-02T20:00:00+08:00';

export interface StoreUnderTest {
  kind: 'folder' | 'postgres';
  /** Who the store records as the actor: the OS user (CLUB_ACTOR) on a folder, the login on a database. */
  actor: string;
  club(argv: string[], o?: RunOptions): Promise<RunResult>;
  open(now?: string): Promise<Store>;
  cleanup(): Promise<void>;
}

async function folderStore(): Promise<StoreUnderTest> {
  const t = tempDir('club-contract-');
  const env = { CLUB_LANG: 'en' };
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    kind: 'folder',
    actor: 'tester',
    club: (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } }),
    open: (now = NOW) =>
      openStore({ flag: undefined, env: {}, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'contract', now: new Date(now), warn: () => undefined }),
    cleanup: async () => t.cleanup(),
  };
}

async function databaseStore(): Promise<StoreUnderTest> {
  const d = await newDatabase('contract');
  const t = tempDir('club-contract-pg-');
  const env = { CLUB_LANG: 'en', CLUB_STORE: d.url() };
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: NOW, env: { CLUB_LANG: 'en' } });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    kind: 'postgres',
    actor: d.owner.user,
    club: (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } }),
    open: (now = NOW) =>
      openStore({ flag: undefined, env: { CLUB_STORE: d.url() }, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'contract', now: new Date(now), warn: () => undefined }),
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

/** The stores the contract runs on: the database store only when PostgreSQL is there (else skipped, saying why). */
export const STORES: Array<[string, () => Promise<StoreUnderTest>]> = [
  ['a folder store', folderStore],
  [pgSkipReason() === null ? 'a database store' : `a database store (skipped: ${pgSkipReason()})`, databaseStore],
];
const skipped = (name: string) => name.includes('(skipped:');

describe.each(STORES)('the Store contract on %s', (name, make) => {
  if (skipped(name)) return void it.skip(`needs PostgreSQL (${pgSkipReason() ?? 'not available'})`, () => undefined);
  let s: StoreUnderTest;
  let store: Store;
  async function ok(argv: string[], o?: RunOptions): Promise<RunResult> {
    const r = await s.club(argv, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }

  beforeAll(async () => {
    s = await make();
    await ok(['member', 'add', '杨洪勇', '--phone', '+86 138 0000 0001', '--qq', '1023919001', '--city', '荆州']);
    await ok(['member', 'add', '雅风', '--email', 'yafeng@example.org']);
    await ok(['member', 'add', '李雷']);
    await ok(['session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--count', '3']);
    await ok(['checkin', 's1', '杨洪勇', '雅风'], { now: '2026-03-03T21:35:00+08:00' });
    await ok(['checkin', 's2', '杨洪勇'], { now: '2026-03-10T21:35:00+08:00' });
    await ok(['checkin', 's2', '李雷', '--status', 'late'], { now: '2026-03-10T21:55:00+08:00' });
    await ok(['points', 'add', '雅风', '5', '--reason', '分享读书笔记'], { now: '2026-03-04T10:00:00+08:00' });
    await ok(['points', 'add', '李雷', '2', '--reason', '带零食'], { now: '2026-03-11T10:00:00+08:00' });
    store = await s.open('2026-03-12T10:00:00+08:00');
  });
  afterAll(async () => {
    await store?.close();
    await s?.cleanup();
  });

  it('reads each collection as the commands wrote it, every record stamped with recordedAt', async () => {
    const snap = await store.read(['members', 'sessions', 'attendance', 'ledger']);
    expect(snap.members.map((m) => [m.id, m.name, m.status, m.phone, m.qq, m.city])).toEqual([
      ['m1', '杨洪勇', 'active', '+86 138 0000 0001', '1023919001', '荆州'],
      ['m2', '雅风', 'active', null, null, null],
      ['m3', '李雷', 'active', null, null, null],
    ]);
    expect(snap.members[1]!.email).toBe('yafeng@example.org');
    expect(snap.sessions.map((x) => [x.id, x.title, x.startsAt])).toEqual([
      ['s1', '读书会', '2026-03-03T21:30:00+08:00'],
      ['s2', '读书会', '2026-03-10T21:30:00+08:00'],
      ['s3', '读书会', '2026-03-17T21:30:00+08:00'],
    ]);
    const att = (a: Attendance) => [a.sessionId, a.memberId, a.status];
    expect(snap.attendance.map(att).sort()).toEqual([
      ['s1', 'm1', 'present'],
      ['s1', 'm2', 'present'],
      ['s2', 'm1', 'present'],
      ['s2', 'm3', 'late'],
    ]);
    const manual = snap.ledger.filter((e) => e.kind !== 'auto').map((e) => [e.memberId, e.delta, e.reason]);
    expect(manual).toEqual([
      ['m2', 5, '分享读书笔记'],
      ['m3', 2, '带零食'],
    ]);
    expect(snap.ledger.filter((e) => e.kind === 'auto').map((e) => [e.memberId, e.ref]).sort()).toEqual([
      ['m1', 's1'],
      ['m1', 's2'],
      ['m2', 's1'],
      ['m3', 's2'],
    ]);
    expect(snap.meta.settings.name).toBe('读书会');
    expect(snap.members.map((m) => m.recordedAt)).toEqual(Array(3).fill('2026-03-02T20:00:00+08:00'));
    expect(snap.attendance.find((a) => a.memberId === 'm3')!.recordedAt).toBe('2026-03-10T21:55:00+08:00');
    expect(snap.ledger.find((e) => e.reason === '带零食')!.recordedAt).toBe('2026-03-11T10:00:00+08:00');
  });

  it('reads attendance by sessions, the ledger by days and by sessions, and members by id', async () => {
    const whole = await store.read(['members', 'attendance', 'ledger']);
    const bySession = await store.read(['attendance', 'ledger'], { attendance: { sessions: ['s2'] }, ledger: { sessions: ['s2'] } });
    const inS2 = (a: Attendance) => a.sessionId === 's2';
    expect(bySession.attendance.filter(inS2)).toEqual(whole.attendance.filter(inS2));
    expect(bySession.attendance.filter(inS2)).toHaveLength(2);
    const autoS2 = (e: LedgerEntry) => e.kind === 'auto' && e.ref === 's2';
    expect(bySession.ledger.filter(autoS2)).toEqual(whole.ledger.filter(autoS2));
    expect(bySession.ledger.filter(autoS2).map((e) => e.memberId).sort()).toEqual(['m1', 'm3']);

    const byDays = await store.read(['ledger'], { ledger: { days: { from: '2026-03-11', to: '2026-03-12' } } });
    const onDay = (e: LedgerEntry) => e.at.startsWith('2026-03-11');
    expect(byDays.ledger.filter(onDay).map((e) => e.reason)).toEqual(['带零食']);
    expect(byDays.ledger.filter(onDay)).toEqual(whole.ledger.filter(onDay));

    const some = await store.read(['members'], { memberIds: ['m2'] });
    expect(some.members.find((m) => m.id === 'm2')).toEqual(whole.members.find((m) => m.id === 'm2'));
  });

  it('reads the members a reference may name, not every member: by name, contact, phone digits, or id', async () => {
    const ids = async (scope: Scope) => (await store.read(['members'], scope)).members.map((m) => m.id).sort();
    expect(await ids({ memberRefs: ['杨洪勇'] })).toEqual(['m1']);
    expect(await ids({ memberRefs: [' YAFENG@example.ORG '] })).toEqual(['m2']);
    // The phone's digits, the country code dropped; the QQ number as it is.
    expect(await ids({ memberRefs: ['138-0000-0001'] })).toEqual(['m1']);
    expect(await ids({ memberRefs: ['1023919001'] })).toEqual(['m1']);
    expect(await ids({ memberRefs: ['m3', '雅风'] })).toEqual(['m2', 'm3']);
    expect(await ids({ memberRefs: ['nobody'] })).toEqual([]);
    expect(await ids({ memberRefs: ['李雷'], memberIds: ['m1'] })).toEqual(['m1', 'm3']);
    // A contact, whatever its shape (a WeChat id may look like a member's id).
    expect(await ids({ memberContacts: ['yafeng@example.org'] })).toEqual(['m2']);
    const whole = await store.read([], { balances: true });
    const named = await store.read(['members'], { memberRefs: ['雅风'], balances: true, presence: true });
    expect(named.balances?.get('m2')).toBe(whole.balances?.get('m2'));
    expect(named.presence?.marksOf('m2').map((m) => m.sessionId)).toEqual(['s1']);
  });

  it('takes a scope picked from the snapshot, and members named by what was read', async () => {
    const snap = await store.read(['sessions', 'attendance', 'members'], (first) => ({
      attendance: { sessions: first.sessions.filter((x) => x.startsAt.startsWith('2026-03-10')).map((x) => x.id) },
      memberIds: (parts) => (parts.attendance ?? []).filter((a) => a.sessionId === 's2').map((a) => a.memberId),
    }));
    expect(snap.attendance.filter((a) => a.sessionId === 's2').map((a) => a.memberId).sort()).toEqual(['m1', 'm3']);
    expect(snap.members.filter((m) => ['m1', 'm3'].includes(m.id)).map((m) => m.name)).toEqual(['杨洪勇', '李雷']);
  });

  it('adds what a scoped update adds outside its scope, and leaves the rest it did not load as it was', async () => {
    const before = await store.read(['attendance']);
    const added = await store.update(
      ['attendance'],
      (draft) => {
        const model = draft.attendance.find((a) => a.sessionId === 's1' && a.memberId === 'm2')!;
        const { recordedAt: _r, ...rest } = model;
        draft.attendance = [...draft.attendance, { ...rest, sessionId: 's3', memberId: 'm3', at: '2026-03-17T21:40:00+08:00' }];
        return { result: draft.attendance.length, audit: { summary: 'checked in m3 to s3', refs: ['s3', 'm3'] } };
      },
      { attendance: { sessions: ['s1'] } },
    );
    expect(added).toBeGreaterThanOrEqual(3);
    const after = await store.read(['attendance']);
    expect(after.attendance.filter((a) => a.sessionId !== 's3')).toEqual(before.attendance);
    const s3 = after.attendance.filter((a) => a.sessionId === 's3');
    expect(s3.map((a) => [a.memberId, a.status, a.recordedAt])).toEqual([['m3', 'present', '2026-03-12T10:00:00+08:00']]);
    // put back as it was, so the counts below hold
    await store.update(['attendance'], (draft) => {
      draft.attendance = draft.attendance.filter((a) => a.sessionId !== 's3');
      return { result: null, audit: { summary: 'removed the check-in of m3 at s3', refs: ['s3', 'm3'] } };
    }, { attendance: { sessions: ['s3'] } });
    expect((await store.read(['attendance'])).attendance).toEqual(before.attendance);
  });

  it('gives balances, presence and roster views equal to what a whole read computes', async () => {
    const whole = await store.read(['members', 'attendance', 'ledger']);
    const views = await store.read([], { balances: true, presence: true, roster: true });
    const expected = [...balancesOf(whole.ledger)].filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b));
    expect([...views.balances!].sort(([a], [b]) => a.localeCompare(b))).toEqual(expected);
    expect(expected.length).toBe(3);
    for (const m of whole.members) {
      const marks = views.presence!.marksOf(m.id).map((x) => [x.sessionId, x.status]).sort();
      expect(marks).toEqual(whole.attendance.filter((a) => a.memberId === m.id).map((a) => [a.sessionId, a.status]).sort());
      expect(views.roster!.get(m.id)!.name).toBe(m.name);
    }
    expect(views.presence!.marksAt(['m3'], ['s2']).map((x) => x.status)).toEqual(['late']);
    const scoped = await store.read([], { balances: true, memberIds: ['m2'] });
    expect(scoped.balances!.get('m2')).toBe(views.balances!.get('m2'));
  });

  it('lays out readLines as the JSON of the records in id order', async () => {
    for (const name of ['members', 'sessions'] as const) {
      const records = [...((await store.read([name]))[name] as Array<{ id: string }>)];
      const bytes = Buffer.from(await store.readLines(name)).toString('utf8');
      expect(bytes).toBe(jsonLines(records));
      expect((JSON.parse(bytes) as Array<{ id: string }>).map((r) => r.id)).toEqual(records.map((r) => r.id));
    }
  });

  it('keeps an audit row per change: actor, command, summary, refs', async () => {
    const audit = await store.readAudit();
    const added = audit.filter((e) => e.summary === 'added m2');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: s.actor, refs: expect.arrayContaining(['m2']) });
    expect(added[0]!.command).toMatch(/^member add/);
    const points = audit.find((e) => e.command.startsWith('points add') && e.refs.includes('m3'))!;
    expect(points.actor).toBe(s.actor);
    expect(audit.map((e) => e.command.split(' ')[0])).toEqual(['init', 'member', 'member', 'member', 'session', 'checkin', 'checkin', 'checkin', 'points', 'points', 'contract', 'contract']);
  });

  it('changes all or nothing: a function that throws, or a rule refusing mid-command, leaves no row and no audit row', async () => {
    const before = await store.read(['members', 'sessions']);
    const auditBefore = (await store.readAudit()).length;
    await expect(
      store.update(['members'], (draft) => {
        draft.members = [...draft.members, { ...draft.members[0]!, id: 'm99', name: '幽灵' } as Member];
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      store.update(['members', 'sessions'], (draft) => {
        draft.members = draft.members.map((m) => (m.id === 'm1' ? { ...m, city: '武汉' } : m));
        draft.sessions = [];
        throw new RuleError('refused');
      }),
    ).rejects.toBeInstanceOf(RuleError);
    expect(await store.read(['members', 'sessions'])).toEqual(before);
    expect((await store.readAudit()).length).toBe(auditBefore);
    const refused = await s.club(['member', 'approve', '杨洪勇']);
    expect(refused.code).toBe(1);
    expect((await store.readAudit()).length).toBe(auditBefore);
    expect(await store.read(['members', 'sessions'])).toEqual(before);
  });

  it("gives the audit chain's head on a database, none on a folder, whose check refuses a head (exit 2)", async () => {
    const head = await store.auditHead();
    if (s.kind === 'folder') {
      expect(head).toBeNull();
      await expect(store.check({ head: 'abc' })).rejects.toMatchObject({ exitCode: 2 });
    } else {
      expect(head).toMatch(/^[0-9a-f]{64}$/);
      expect((await store.check({ head: head! })).members).toBe(3);
      await expect(store.check({ head: 'f'.repeat(64) })).rejects.toMatchObject({ exitCode: 3 });
    }
  });

  it('counts every collection in check()', async () => {
    expect(await store.check()).toEqual({ members: 3, sessions: 3, attendance: 4, ledger: 6, surveys: 0, responses: 0, tasks: 3, activities: 0, registrations: 0, staff: 0, hours: 0 });
  });

  it('keeps templates: write, read back, list; null for one it has not', async () => {
    const text = '# {{club.name}} 周报\n{{#each members}}- {{name}}\n{{/each}}';
    const written = await store.writeTemplate('weekly.zh.md.hbs', text);
    expect(written.name).toBe('weekly.zh.md.hbs');
    expect(await store.readTemplate('weekly.zh.md.hbs')).toEqual({ ...written, text });
    await store.writeTemplate('weekly.zh.md.hbs', `${text}\n`);
    expect((await store.readTemplate('weekly.zh.md.hbs'))!.text).toBe(`${text}\n`);
    expect((await store.listTemplates()).map((x) => x.name)).toEqual(['weekly.zh.md.hbs']);
    expect(await store.readTemplate('monthly.zh.md.hbs')).toBeNull();
  });

  it('says who runs the command and what the store is', async () => {
    expect(await store.identity()).toEqual({ user: s.actor, role: 'owner', memberId: null });
    const info = await store.info();
    expect(info).toEqual({ kind: s.kind, location: store.location, schemaVersion: CURRENT_SCHEMA_VERSION, user: s.actor, role: 'owner' });
    expect(store.kind).toBe(s.kind);
  });

  it('never reuses an id after a delete', async () => {
    // member add made t1..t3 (onboarding tasks)
    await ok(['task', 'add', '订场地']);
    const removed = await store.update(['tasks'], (draft) => {
      draft.tasks = draft.tasks.filter((x) => x.id !== 't4');
      return { result: draft.tasks.map((x) => x.id), audit: { summary: 'removed t4', refs: ['t4'] } };
    });
    expect(removed).toEqual(['t1', 't2', 't3']);
    await ok(['task', 'add', '借投影仪']);
    expect((await store.read(['tasks'])).tasks.map((x) => x.id)).toEqual(['t1', 't2', 't3', 't5']);
    expect((await store.read(['tasks'])).tasks.at(-1)!.title).toBe('借投影仪');
    const removedSession = await store.update(['sessions'], (draft) => {
      draft.sessions = draft.sessions.filter((x) => x.id !== 's3');
      return { result: draft.sessions.length, audit: { summary: 'removed s3', refs: ['s3'] } };
    });
    expect(removedSession).toBe(2);
    await ok(['session', 'add', '笔记分享', '--at', '2026-03-21 10:00']);
    expect((await store.read(['sessions'])).sessions.map((x) => x.id)).toEqual(['s1', 's2', 's4']);
  });

  it('keeps the activity collections (section 9) as written, stamped, in check(), bundle() and the counters', async () => {
    const at = '2026-03-12T10:00:00+08:00';
    const read = await writeActivityRecords(store);
    const stamped = <T extends object>(r: T) => ({ ...r, recordedAt: at });
    const expected = {
      activities: [stamped(SAMPLE_ACTIVITY)],
      registrations: SAMPLE_REGISTRATIONS.map(stamped),
      staff: [stamped(SAMPLE_STAFF)],
      hours: [stamped({ id: 'h1', ...SAMPLE_HOURS })],
    };
    // Byte for byte: the same JSON text, keys in the same order (a database keeps each record's text in `doc`).
    for (const name of ['activities', 'registrations', 'staff', 'hours'] as const) expect([name, JSON.stringify(read[name])]).toEqual([name, JSON.stringify(expected[name])]);
    // A later store sees them the same; the counter moved on (ids never reused).
    const again = await s.open('2026-03-13T10:00:00+08:00');
    try {
      const snap = await again.read(['activities', 'registrations', 'staff', 'hours']);
      expect(JSON.stringify(snap)).toBe(JSON.stringify({ ...snap, ...expected }));
      expect(snap.meta.counters.hours).toBe(1);
      expect(await again.check()).toMatchObject({ activities: 1, registrations: 2, staff: 1, hours: 1 });
      const bundle = await again.bundle();
      for (const name of ['activities', 'registrations', 'staff', 'hours'] as const) expect([name, bundle.files[`${name}.json`]]).toEqual([name, expected[name]]);
    } finally {
      await again.close();
    }
  });

  it("gives the calendar: each session's start, status and audience, in id order, following the sessions", async () => {
    const { sessions } = await store.read(['sessions']);
    expect(entriesOf((await store.read([], { calendar: true })).calendar!)).toEqual(sessions.map(entryOf));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    // A change to a session's status or audience is in the next read of the calendar; then put back.
    const last = sessions.at(-1)!;
    await store.update(['sessions'], (draft) => {
      draft.sessions = draft.sessions.map((x) => (x.id === last.id ? { ...x, status: 'cancelled' as const, audience: 'tag:读书' } : x));
      return { result: null, audit: { summary: `cancelled ${last.id}`, refs: [last.id] } };
    });
    const calendar = entriesOf((await store.read([], { calendar: true })).calendar!);
    expect(calendar.at(-1)).toEqual({ ...entryOf(last), status: 'cancelled', audience: 'tag:读书' });
    expect(calendar.slice(0, -1)).toEqual(sessions.slice(0, -1).map(entryOf));
    await store.update(['sessions'], (draft) => {
      draft.sessions = sessions;
      return { result: null, audit: { summary: `put ${last.id} back`, refs: [last.id] } };
    });
    expect(entriesOf((await store.read([], { calendar: true })).calendar!)).toEqual(sessions.map(entryOf));
  });
});
