// member purge (SPEC §14) covers the activity collections of section 9 on both stores: the member's own registration
// note is cleared, mentions of their name in plans, comments, notes and duties are scrubbed, the listing on stderr
// names the collections it changed, and on a folder the automatic backups under .club/backups/ are rewritten too.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Activity, HoursEntry, Registration, StaffDuty } from '../../src/core/activities/types.js';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { SAMPLE_ACTIVITY, SAMPLE_HOURS, SAMPLE_REGISTRATIONS, SAMPLE_STAFF } from '../helpers/activity-records.js';
import { dropDatabase, newDatabase, pgSkipReason, sql } from '../helpers/pg.js';
import { run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

const NOW = '2026-03-05T10:00:00+08:00';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface Club {
  club(argv: string[], o?: RunOptions): Promise<RunResult>;
  open(): Promise<Store>;
  /** Every record's text in the store (a folder's files, backups included; a database's docs). */
  texts(): Promise<string[]>;
  db?: string;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-purge-act-');
  cleanups.push(t.cleanup);
  const env = { CLUB_LANG: 'en' };
  const store = join(t.dir, '.club');
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-03-01T09:00:00+08:00', env });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [readFileSync(join(dir, f), 'utf8')]));
  return {
    club: (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } }),
    open: () => openStore({ flag: undefined, env: {}, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(NOW), warn: () => undefined }),
    texts: async () => files(store),
  };
}

async function databaseClub(): Promise<Club> {
  const d = await newDatabase('purge_act');
  const t = tempDir('club-purge-act-pg-');
  cleanups.push(async () => {
    t.cleanup();
    await dropDatabase(d.db);
  });
  const env = { CLUB_LANG: 'en', CLUB_STORE: d.url() };
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-03-01T09:00:00+08:00', env: { CLUB_LANG: 'en' } });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    club: (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } }),
    open: () => openStore({ flag: undefined, env: { CLUB_STORE: d.url() }, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(NOW), warn: () => undefined }),
    texts: async () => {
      const rows = await sql<{ doc: string }>(
        d.url(),
        ['members', 'sessions', 'activities', 'registrations', 'staff', 'hours'].map((t) => `SELECT doc::text AS doc FROM club.${t}`).join(' UNION ALL '),
      );
      return rows.map((r) => r.doc);
    },
    db: d.db,
  };
}

const KINDS: Array<[string, () => Promise<Club>]> = [
  ['a folder store', folderClub],
  [pgSkipReason() === null ? 'a database store' : `a database store (skipped: ${pgSkipReason()})`, databaseClub],
];

describe.each(KINDS)('member purge and the activity collections on %s', (name, make) => {
  if (name.includes('(skipped:')) return void it.skip(`needs PostgreSQL (${pgSkipReason() ?? 'not available'})`, () => undefined);

  it('scrubs registrations, staff, hours and plans, lists them on stderr, and rewrites the automatic backups', async () => {
    const c = await make();
    const ok = async (argv: string[]) => {
      const r = await c.club(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-05', '--phone', '13800138000']);
    await ok(['member', 'add', '雅风', '--joined', '2026-01-10']);
    await ok(['session', 'add', '辩论赛', '--type', 'competition', '--at', '2026-03-01 14:00']);
    // m1 is 杨洪勇: their own registration with a note, another's note, a plan, a comment and duties naming them.
    const store = await c.open();
    try {
      await store.update(['activities', 'registrations', 'staff', 'hours'], (draft) => {
        const plan = { ...SAMPLE_ACTIVITY.plan!, content: '杨洪勇主持，雅风计时' };
        const history = [...SAMPLE_ACTIVITY.history, { step: 'approve' as const, by: 'm2', at: '2026-02-22T09:00:00+08:00', comment: '感谢杨洪勇' }];
        draft.activities = [{ ...SAMPLE_ACTIVITY, plan, history } as Activity];
        draft.registrations = [
          { ...SAMPLE_REGISTRATIONS[0]!, note: '我是杨洪勇，电话 13800138000' } as Registration,
          { ...SAMPLE_REGISTRATIONS[1]!, note: '和杨洪勇一起来' } as Registration,
        ];
        draft.staff = [{ ...SAMPLE_STAFF, memberId: 'm1', duty: '主持' } as StaffDuty, { ...SAMPLE_STAFF, duty: '给杨洪勇拍照' } as StaffDuty];
        draft.hours = [{ id: 'h1', ...SAMPLE_HOURS, memberId: 'm2', duty: '协助杨洪勇' } as HoursEntry];
        draft.meta = { ...draft.meta, counters: { ...draft.meta.counters, hours: 1 } };
        return { result: null, audit: { summary: 'activity records', refs: ['s1'] } };
      });
    } finally {
      await store.close();
    }
    if (!c.db) await ok(['backup']);
    expect((await c.texts()).some((text) => text.includes('杨洪勇'))).toBe(true);

    await ok(['member', 'remove', '杨洪勇', '--reason', '退群']);
    const purge = await ok(['member', 'purge', '杨洪勇', '--yes']);
    const listed = /records changed: (.*)/.exec(purge.stderr)?.[1] ?? '';
    for (const collection of ['activities 1', 'registrations 2', 'staff 1', 'hours 1']) expect([collection, listed.includes(collection)]).toEqual([collection, true]);
    if (!c.db) expect(purge.stderr).toMatch(/rewrote 1 automatic backup\(s\) in \.club\/backups\/ without m1: backup-/);

    // Nothing names them any more, in the records or (on a folder) the backups; ids, statuses and numbers stay.
    expect((await c.texts()).filter((text) => text.includes('杨洪勇') || text.includes('13800138000'))).toEqual([]);
    const after = await c.open();
    try {
      const snap = await after.read(['activities', 'registrations', 'staff', 'hours']);
      expect(snap.registrations.map((r) => [r.memberId, r.status, r.note])).toEqual([
        ['m1', 'registered', '(purged)'],
        ['m2', 'waitlisted', '和(purged m1)一起来'],
      ]);
      expect(snap.activities[0]!.plan!.content).toBe('(purged m1)主持，雅风计时');
      expect(snap.activities[0]!.history.at(-1)!.comment).toBe('感谢(purged m1)');
      expect(snap.staff.map((x) => [x.memberId, x.duty])).toEqual([
        ['m1', '主持'],
        ['m2', '给(purged m1)拍照'],
      ]);
      expect(snap.hours.map((h) => [h.id, h.memberId, h.hours, h.duty])).toEqual([['h1', 'm2', 1.25, '协助(purged m1)']]);
    } finally {
      await after.close();
    }
    await ok(['check']);
  });
});
