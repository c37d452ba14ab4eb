import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError, StoreError } from '../../src/core/errors.js';
import type { Member } from '../../src/core/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import type { FaultPlan } from '../../src/store/fs.js';
import { initTestStore } from '../helpers/store.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { acquireLock } from '../../src/store/lock.js';
import { tempDir } from '../helpers/run.js';
import { t } from '../../src/i18n/index.js';
import { useEnvLang } from '../../src/i18n/index.js';

// These zh stores are read directly, and their messages are checked in English: CLUB_LANG=en, as a run would say it.
beforeEach(() => {
  useEnvLang({ CLUB_LANG: 'en' });
});

const now = new Date('2026-03-05T12:00:00Z');
let dir: string;
let cleanup: () => void;

function member(id: string, name: string): Member {
  return {
    id, name, nick: null, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: 'active', tags: [],
    joinedAt: '2026-03-01', referrerId: null, note: null, warnings: [],
    history: [{ status: 'active', date: '2026-03-01', at: '2026-03-01T10:00:00+08:00', reason: null, by: null }],
    createdAt: '2026-03-01T10:00:00+08:00', purged: false,
  };
}

function open(faults: FaultPlan | null = null, extra: Partial<ConstructorParameters<typeof FileStore>[1]> = {}): FileStore {
  return new FileStore(join(dir, '.club'), { fs: createStoreFs(faults), actor: 'tester', command: 'test', now, waitMs: 300, ...extra });
}

async function addMember(store: FileStore, name: string): Promise<void> {
  await store.update(['members'], (draft) => {
    const id = `m${draft.meta.counters.member + 1}`;
    draft.members = [...draft.members, member(id, name)];
    draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, member: draft.meta.counters.member + 1 } };
    return { result: id, audit: { summary: `added ${id}`, refs: [id] } };
  });
}

function snapshotFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, '.club')).sort()) {
    const path = join(dir, '.club', name);
    if (statSync(path).isFile()) out[name] = readFileSync(path, 'hex');
  }
  return out;
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  const previous = process.umask(0o022);
  try {
    await initTestStore(join(dir, '.club'), now);
  } finally {
    process.umask(previous);
  }
});
afterEach(() => cleanup());

describe('file store', () => {
  it('creates 0600 files in a 0700 directory under umask 022, and keeps the modes on rewrite', async () => {
    const previous = process.umask(0o022);
    try {
      const store = open();
      for (let i = 0; i < 5; i++) await addMember(store, `成员${i}`);
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, '.club')).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(join(dir, '.club'))) {
      expect([name, statSync(join(dir, '.club', name)).mode & 0o777]).toEqual([name, 0o600]);
    }
  });

  it('commits a change with its audit entry and reads it back', async () => {
    const store = open();
    await addMember(store, '王小明');
    const { members, meta } = await store.read(['members']);
    expect(members.map((m) => m.name)).toEqual(['王小明']);
    expect(meta.counters.member).toBe(1);
    const audit = await store.readAudit();
    expect(audit.map((a) => a.summary)).toEqual(['created the store', 'added m1']);
    expect(audit[1]).toMatchObject({ actor: 'tester', command: 'test', refs: ['m1'] });
  });

  // A write validates what the command added or replaced since its read (the records it read are not checked twice).
  it.each([
    ['a new record', (members: readonly Member[]) => [...members, { ...member('m9', '坏'), status: 'lost' as never }], /members\.b0\.json: \[1\]\.status: /],
    ['a read record replaced by a bad copy', (members: readonly Member[]) => [{ ...members[0]!, joinedAt: 7 as never }], /members\.b0\.json: \[0\]\.joinedAt: /],
  ])('refuses to write %s that is not valid, and changes nothing', async (_label, spoil, message) => {
    await addMember(open(), '甲');
    const before = snapshotFiles();
    const err = await open()
      .update(['members'], (draft) => {
        draft.members = spoil(draft.members);
        return { result: null, audit: { summary: 'spoiled', refs: [] } };
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(message);
    expect(snapshotFiles()).toEqual(before);
  });

  it('writes nothing when the change says nothing changed', async () => {
    const before = snapshotFiles();
    await open().update(['members'], () => ({ result: null, audit: null }));
    expect(snapshotFiles()).toEqual(before);
  });

  it.each<[string, FaultPlan]>([
    ['the first temp file cannot be opened', { op: 'open', nth: 1, mode: 'once', code: 'EACCES' }],
    ['a write fails with ENOSPC', { op: 'write', nth: 1, mode: 'always', code: 'ENOSPC' }],
    ['the second temp file fails to fsync', { op: 'fsync', nth: 2, mode: 'once', code: 'EIO' }],
    ['the journal rename fails', { op: 'rename', nth: 1, mode: 'once', code: 'EIO' }],
  ])('leaves every byte unchanged when %s, and the next run succeeds', async (_label, fault) => {
    await addMember(open(), '甲');
    const before = snapshotFiles();
    const err = await addMember(open(fault), '乙').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/the store is unchanged/);
    expect((err as StoreError).message).toContain(fault.code);
    expect(snapshotFiles()).toEqual(before);
    await addMember(open(), '丙');
    expect((await open().read(['members'])).members.map((m) => m.name)).toEqual(['甲', '丙']);
  });

  it('completes a committed change whose renames were interrupted', async () => {
    // rename #1 is the journal (the commit point); #2 is the first file of the change.
    const err = await addMember(open({ op: 'rename', nth: 2, mode: 'always', code: 'EIO' }), '甲').catch((e: unknown) => e);
    expect((err as StoreError).message).toMatch(/committed to the journal/);
    expect(readdirSync(join(dir, '.club'))).toContain('journal.json');
    const warnings: string[] = [];
    const { members, meta } = await open(null, { warn: (m) => warnings.push(m) }).read(['members']);
    expect(members.map((m) => m.name)).toEqual(['甲']);
    expect(meta.counters.member).toBe(1);
    expect(warnings.join()).toMatch(/interrupted/);
    expect(readdirSync(join(dir, '.club'))).not.toContain('journal.json');
    expect((await open().readAudit()).map((a) => a.summary)).toEqual(['created the store', 'added m1']);
  });

  it('removes temp files left by a killed writer on the next write', async () => {
    writeFileSync(join(dir, '.club', 'members.b0.json.99999.abc.tmp'), '[', { mode: 0o600 });
    await addMember(open(), '甲');
    expect(readdirSync(join(dir, '.club')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['cut in half', (text: string) => text.slice(0, Math.floor(text.length / 2)), /members\.b0\.json: not valid JSON/],
    ['empty', () => '', /members\.b0\.json: the file is empty/],
    ['NUL-filled', (text: string) => '\u0000'.repeat(text.length), /members\.b0\.json: not valid JSON/],
    ['a wrong type', (text: string) => text.replace('"role":"member"', '"role":42'), /members\.b0\.json: \[0\]\.role: /],
    ['an unknown field', (text: string) => text.replace('"purged":false', '"purged":false,"hack":1'), /members\.b0\.json: \[0\]\.hack: unknown field "hack"/],
    ['a duplicate id', (text: string) => text.replace('"id":"m2"', '"id":"m1"'), /members\.b0\.json: \[1\]\.id: duplicate id "m1"/],
    ['a bad email-less date', (text: string) => text.replace('"joinedAt":"2026-03-01"', '"joinedAt":"2026-02-30"'), /\[0\]\.joinedAt: expected a date/],
  ])('refuses a members file that is %s, naming file and path, and never overwrites it', async (_label, damage, message) => {
    await addMember(open(), '甲');
    await addMember(open(), '乙');
    const file = join(dir, '.club', 'members.b0.json');
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    const damaged = readFileSync(file);
    const err = await addMember(open(), '丙').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('store_invalid');
    expect((err as StoreError).message).toMatch(message);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('refuses invalid UTF-8', async () => {
    await addMember(open(), '甲');
    writeFileSync(join(dir, '.club', 'members.b0.json'), Buffer.from([0x5b, 0xff, 0xfe, 0x5d]));
    await expect(open().read(['members'])).rejects.toThrow(/members\.b0\.json: not valid UTF-8/);
  });

  it('refuses a store written by a newer version', async () => {
    const file = join(dir, '.club', 'store.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"schemaVersion": \d+/, '"schemaVersion": 99'));
    const err = await open().read(['members']).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('store_too_new');
    expect((err as StoreError).exitCode).toBe(3);
  });

  it('migrates an older store after a byte-identical backup, once', async () => {
    await addMember(open(), '甲');
    const before = snapshotFiles();
    const migrations = [
      {
        from: CURRENT_SCHEMA_VERSION,
        describe: 'tag everyone',
        up: (raw: { meta: Record<string, unknown>; collections: Record<string, unknown> }) => ({
          ...raw,
          collections: { ...raw.collections, members: (raw.collections.members as Member[]).map((m) => ({ ...m, tags: ['migrated'] })) },
        }),
      },
    ];
    const store = open(null, { migrations, targetVersion: CURRENT_SCHEMA_VERSION + 1 });
    const { members, meta } = await store.read(['members']);
    expect(meta.schemaVersion).toBe(CURRENT_SCHEMA_VERSION + 1);
    expect(members[0]!.tags).toEqual(['migrated']);
    const backups = readdirSync(join(dir, '.club', 'backups'));
    expect(backups).toHaveLength(1);
    const backupDir = join(dir, '.club', 'backups', backups[0]!);
    for (const [name, hex] of Object.entries(before)) {
      expect(readFileSync(join(backupDir, name), 'hex')).toBe(hex);
      expect(statSync(join(backupDir, name)).mode & 0o777).toBe(0o600);
    }
    const after = snapshotFiles();
    await open(null, { migrations, targetVersion: CURRENT_SCHEMA_VERSION + 1 }).read(['members']);
    expect(snapshotFiles()).toEqual(after);
    expect(readdirSync(join(dir, '.club', 'backups'))).toHaveLength(1);
  });

  it('migrates a schemaVersion 1 store (members, tasks, ledger only) to the current layout', async () => {
    const store = join(dir, '.club');
    await addMember(open(), '甲');
    const { rmSync } = await import('node:fs');
    // (A store of today has no sessions file until its first session.)
    for (const name of ['topics', 'votes', 'rewards', 'surveys', 'responses', 'feedback']) rmSync(join(store, `${name}.json`));
    const { partitions: _partitions, ...meta } = JSON.parse(readFileSync(join(store, 'store.json'), 'utf8'));
    writeFileSync(join(store, 'store.json'), JSON.stringify({ ...meta, schemaVersion: 1 }), { mode: 0o600 });
    const entry = { id: 'p1', memberId: 'm1', delta: 5, kind: 'award', reason: '分享', at: '2026-03-01T10:00:00+08:00', ref: null };
    writeFileSync(join(store, 'ledger.json'), JSON.stringify([entry]), { mode: 0o600 });
    const before = snapshotFiles();
    const warnings: string[] = [];
    const { ledger, sessions, meta: migrated } = await open(null, { warn: (m) => warnings.push(m) }).read(['ledger', 'sessions']);
    expect(migrated.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(ledger).toEqual([{ ...entry, rule: null, recordedAt: entry.at }]);
    expect(sessions).toEqual([]);
    expect(warnings.join()).toMatch(/migrated the store from schemaVersion 1/);
    const [backup] = readdirSync(join(store, 'backups'));
    for (const [name, hex] of Object.entries(before)) expect(readFileSync(join(store, 'backups', backup!, name), 'hex')).toBe(hex);
    const after = snapshotFiles();
    await open().read(['ledger']);
    expect(snapshotFiles()).toEqual(after);
  });

  it('waits for a busy store, then fails naming the holder, without changing anything', async () => {
    const lock = await acquireLock(join(dir, '.club'), { waitMs: 100, command: 'member import big.csv', actor: '小王' });
    try {
      const before = snapshotFiles();
      const started = Date.now();
      const err = await addMember(open(), '甲').catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(err).toBeInstanceOf(StoreBusyError);
      expect((err as Error).message).toContain('"club member import big.csv"');
      expect((err as Error).message).toContain(`pid ${process.pid}`);
      expect((err as Error).message).toContain('小王');
      expect(snapshotFiles()).toEqual(before);
    } finally {
      await lock.release();
    }
    await addMember(open(), '甲');
  });

  it('keeps waiting while the lock changes hands, then fails naming the one holder that kept it past the wait', async () => {
    const lock = await acquireLock(join(dir, '.club'), { waitMs: 100, command: 'member import big.csv', actor: '小王' });
    const ownerFile = join(dir, '.club', 'lock-owner.json');
    const first = JSON.parse(readFileSync(ownerFile, 'utf8')) as Record<string, unknown>;
    // A handover as a waiter sees it: a new owner record, every 100 ms for 2 s; then the last holder keeps the lock.
    let hand = 0;
    let last = '';
    const timer = setInterval(() => {
      hand += 1;
      last = new Date().toISOString();
      writeFileSync(ownerFile, JSON.stringify({ ...first, command: `points add m1 ${hand}`, since: last }));
      if (hand === 20) clearInterval(timer);
    }, 100);
    try {
      const started = Date.now();
      const err = await addMember(open(null, { waitMs: 1000 }), '甲').catch((e: unknown) => e);
      const took = Date.now() - started;
      expect(err).toBeInstanceOf(StoreBusyError);
      expect(hand).toBe(20);
      // Waited through the 2 s of handovers, then the whole wait for the last holder.
      expect(took).toBeGreaterThanOrEqual(2000 + 1000 - 100);
      expect((err as Error).message).toContain('"club points add m1 20"');
      expect((err as Error).message).toContain(`pid ${process.pid}`);
      expect((err as Error).message).toContain(last);
    } finally {
      clearInterval(timer);
      await lock.release();
    }
  });

  it('reads take no lock when every file is the one store.json vouches for', async () => {
    await addMember(open(), '甲');
    const lock = await acquireLock(join(dir, '.club'), { waitMs: 100, command: 'member import big.csv', actor: '小王' });
    try {
      const started = Date.now();
      const snapshot = await open().read(['members']);
      expect(Date.now() - started).toBeLessThan(290);
      expect(snapshot.members.map((m) => m.name)).toEqual(['甲']);
    } finally {
      await lock.release();
    }
  });

  it('reads what it cannot vouch for under the lock: a file changed by hand waits for the holder, then is validated', async () => {
    await addMember(open(), '甲');
    const file = join(dir, '.club', 'members.b0.json');
    const edited = JSON.parse(readFileSync(file, 'utf8')) as Member[];
    edited[0]!.name = '乙';
    writeFileSync(file, JSON.stringify(edited, null, 2));
    const lock = await acquireLock(join(dir, '.club'), { waitMs: 100, command: 'member import big.csv', actor: '小王' });
    try {
      const err = await open()
        .read(['members'])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreBusyError);
    } finally {
      await lock.release();
    }
    expect((await open().read(['members'])).members.map((m) => m.name)).toEqual(['乙']);
    // A change by hand that breaks the schema is reported, not read.
    writeFileSync(file, JSON.stringify([{ ...edited[0], status: 'dancing' }]));
    await expect(open().read(['members'])).rejects.toThrow(/members\.b0\.json: \[0\]\.status/);
  });

  it('writes nothing when its lock was taken over while it worked', async () => {
    const before = snapshotFiles();
    const err = await open()
      .update(['members'], (draft) => {
        // Another process decided this one was stale and took the lock.
        writeFileSync(join(dir, '.club', 'lock-owner.json'), JSON.stringify({ pid: 1, host: 'h', command: 'x', actor: 'y', since: 'now' }));
        draft.members = [...draft.members, member('m1', '甲')];
        return { result: null, audit: { summary: 'x' } };
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreBusyError);
    expect((err as Error).message).toBe(t('lock.lost'));
    const after = snapshotFiles();
    delete after['lock-owner.json'];
    expect(after).toEqual(before);
    expect(readdirSync(join(dir, '.club'))).toContain('lock');
  });

  it('serializes concurrent updates in one process without losing any', async () => {
    const stores = Array.from({ length: 8 }, () => open(null, { waitMs: 10_000 }));
    await Promise.all(stores.map((s, i) => addMember(s, `并发${i}`)));
    const { members } = await open().read(['members']);
    expect(members).toHaveLength(8);
    expect(new Set(members.map((m) => m.id)).size).toBe(8);
  });
});
