// Who a session expects, and its no-shows, through the commands on both stores (SPEC §9, §14 "Activities"): a club of
// 20 holds competitions of 8 places; participation expects the 8, a registered member who does not come is a no-show
// (session show, the weekly report in Markdown and JSON), three no-shows in 60 days put a member at risk and two do
// not; one on leave, or who left the club before, is not a no-show; `--audience` on session add/edit; a vote by a
// member who joined after the session's start is refused unless --force.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Registration } from '../../src/core/activities/types.js';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { dropDatabase, newDatabase, pgSkipReason } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

const START = '2026-02-01T10:00:00+08:00';
const END = '2026-03-31T22:00:00+08:00';

interface Club {
  club(argv: string[], now: string, o?: RunOptions): Promise<RunResult>;
  open(now: string): Promise<Store>;
  dir: string;
  cleanup(): Promise<void>;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-audience-');
  const env = { CLUB_LANG: 'en' };
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: START, env });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    dir: t.dir,
    club: (argv, now, o = {}) => run(t.dir, argv, { ...o, now, env: { ...env, ...o.env } }),
    open: (now) => openStore({ flag: undefined, env: {}, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(now), warn: () => undefined }),
    cleanup: async () => t.cleanup(),
  };
}

async function databaseClub(): Promise<Club> {
  const d = await newDatabase('audience');
  const t = tempDir('club-audience-pg-');
  const env = { CLUB_LANG: 'en', CLUB_STORE: d.url() };
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: START, env: { CLUB_LANG: 'en' } });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return {
    dir: t.dir,
    club: (argv, now, o = {}) => run(t.dir, argv, { ...o, now, env: { ...env, ...o.env } }),
    open: (now) => openStore({ flag: undefined, env: { CLUB_STORE: d.url() }, cwd: t.dir, fs: createStoreFs(), actor: 'tester', command: 'test', now: new Date(now), warn: () => undefined }),
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const reason = pgSkipReason();
const STORES: Array<[string, () => Promise<Club>]> = [
  ['a folder store', folderClub],
  [reason === null ? 'a database store' : `a database store (skipped: ${reason})`, databaseClub],
];

/** Writes plans and registrations as the activity and register commands would leave them (they are built apart). */
async function book(c: Club, now: string, activities: Array<Pick<Activity, 'sessionId'> & { capacity: number | null }>, registrations: Array<[string, string, Registration['status']]>): Promise<void> {
  const store = await c.open(now);
  try {
    await store.update(['activities', 'registrations'], (draft) => {
      draft.activities = [
        ...draft.activities,
        ...activities.map(
          (a): Activity => ({
            sessionId: a.sessionId,
            status: 'approved',
            plan: { theme: '知识竞赛', form: null, content: null, participation: null, rewards: null, resources: null, risks: [], capacity: a.capacity, registrationDeadline: null, eligibility: { minPoints: null, minDaysMember: null, roles: [] }, budget: [] },
            history: [{ step: 'approve', by: 'tester', at: now, comment: null }],
          }) as Activity,
        ),
      ];
      draft.registrations = [
        ...draft.registrations,
        ...registrations.map(([sessionId, memberId, status], i) => ({ sessionId, memberId, status, at: new Date(Date.parse(now) + i * 1000).toISOString().replace('Z', '+00:00'), note: null, source: 'manual', by: null, promotedAt: null, cancelledAt: null }) as Registration),
      ];
      return { result: null, audit: { summary: `test: ${registrations.length} registrations`, refs: [] } };
    });
  } finally {
    await store.close();
  }
}

describe.each(STORES)('audiences and no-shows on %s', (name, make) => {
  if (name.includes('(skipped:')) return void it.skip(`needs PostgreSQL (${reason})`, () => undefined);
  let c: Club;
  async function ok(argv: string[], now = END, o?: RunOptions): Promise<RunResult> {
    const r = await c.club(argv, now, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }
  const m = (i: number) => `m${i}`;

  beforeAll(async () => {
    c = await make();
    // A club of 20 (m1, m2 volunteers; m3 tagged 读书), all members since January.
    const rows = Array.from({ length: 20 }, (_, i) => `成员${i + 1},2026-01-0${1 + (i % 9)},${i < 2 ? 'volunteer' : 'member'},${i === 2 ? '读书' : ''}`);
    writeFileSync(join(c.dir, 'roster.csv'), ['姓名,加入时间,角色,标签', ...rows].join('\n'));
    await ok(['member', 'import', 'roster.csv'], START);
    // Three competitions: s1 with 8 places; s2 and s3 take registrations.
    for (const [at, title] of [['2026-03-03 19:30', '知识竞赛'], ['2026-03-10 19:30', '辩论赛'], ['2026-03-17 19:30', '演讲比赛']]) {
      await ok(['session', 'add', title!, '--at', at!, '--type', 'competition'], START);
    }
    await book(c, '2026-02-20T10:00:00+08:00', [{ sessionId: 's1', capacity: 8 }, { sessionId: 's2', capacity: null }, { sessionId: 's3', capacity: null }], [
      ...Array.from({ length: 8 }, (_, i) => ['s1', m(i + 1), 'registered'] as [string, string, Registration['status']]),
      ['s1', 'm9', 'waitlisted'],
      ['s1', 'm10', 'waitlisted'],
      ['s2', 'm1', 'registered'],
      ['s2', 'm6', 'registered'],
      ['s2', 'm7', 'registered'],
      ['s2', 'm8', 'registered'],
      ['s2', 'm9', 'registered'],
      ['s3', 'm1', 'registered'],
      ['s3', 'm8', 'registered'],
      ['s3', 'm9', 'registered'],
    ]);
    // s1: 7 of the 8 come, m8 does not.
    await ok(['checkin', 's1', ...Array.from({ length: 7 }, (_, i) => m(i + 1))], '2026-03-03T19:35:00+08:00');
    await ok(['session', 'done', 's1'], '2026-03-03T22:00:00+08:00');
    // s2: m7 takes leave, m6 leaves the club before it; m8 and m9 do not come.
    await ok(['leave', 'm7', '--session', 's2', '--reason', '出差'], '2026-03-08T10:00:00+08:00');
    await ok(['member', 'remove', 'm6', '--reason', '搬家'], '2026-03-08T11:00:00+08:00');
    await ok(['checkin', 's2', 'm1'], '2026-03-10T19:35:00+08:00');
    await ok(['session', 'done', 's2'], '2026-03-10T22:00:00+08:00');
    // s3: m8 and m9 again do not come.
    await ok(['checkin', 's3', 'm1'], '2026-03-17T19:35:00+08:00');
    await ok(['session', 'done', 's3'], '2026-03-17T22:00:00+08:00');
    // A member who joined after s2.
    await ok(['member', 'add', '新人', '--joined', '2026-03-12'], '2026-03-12T10:00:00+08:00');
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
  });

  it('session show keeps booked and attended apart: registered 8, attended 7, the no-show named, the waitlist', async () => {
    const show = (await ok(['session', 'show', 's1', '--json'])).json();
    expect([show.audience, show.registered, show.attended, show.noShows, show.waitlisted]).toEqual(['registered', 8, 7, ['m8'], 2]);
    expect([show.tally.expected, show.tally.attended, show.tally.absent]).toEqual([8, 7, 1]);
    // Only the audience is on the sheet: not the 12 members without a place.
    expect(show.attendance.map((r: { memberId: string }) => r.memberId)).toEqual(Array.from({ length: 8 }, (_, i) => m(i + 1)));
    const text = (await ok(['session', 'show', 's1'])).stdout;
    expect(text).toMatch(/no-shows\s+成员8 \(m8\)/);
    expect(text).toContain('registered 8, attended 7, waitlisted 2');
  });

  it('is not a no-show on leave, or having left the club before the session', async () => {
    const show = (await ok(['session', 'show', 's2', '--json'])).json();
    expect(show.noShows).toEqual(['m8', 'm9']);
    // m6 (left) is not expected; m7 (leave) is excused: 5 places, 1 left, 1 excused → 3 expected, 1 came.
    expect([show.registered, show.tally.expected, show.tally.attended, show.tally.excused]).toEqual([5, 3, 1, 1]);
  });

  it('the weekly report expects the 8, not the 20, and lists the no-show in Markdown and JSON', async () => {
    const json = (await ok(['report', 'weekly', '--week', '2026-W10', '--json'])).json();
    expect(json.kpis.participationRate).toBe(7 / 8);
    expect(json.sessions.map((s: { id: string; attended: number; expected: number }) => [s.id, s.attended, s.expected])).toEqual([['s1', 7, 8]]);
    expect(json.noShows).toEqual([{ sessionId: 's1', memberId: 'm8', name: '成员8', session: expect.stringContaining('s1') }]);
    // Absent without leave: the no-show only, not the 12 without a place.
    expect(json.absentWithoutLeave.map((a: { name: string }) => a.name)).toEqual(['成员8']);
    const markdown = (await ok(['report', 'weekly', '--week', '2026-W10'])).stdout;
    expect(markdown).toMatch(/\*\*报名未到（爽约）：\*\*\n- 成员8（s1 /);
    expect(markdown).toContain('| 7/8 | 87.5% |');
    const en = (await ok(['report', 'weekly', '--week', '2026-W10', '--lang', 'en'])).stdout;
    expect(en).toMatch(/\*\*No-shows \(registered, did not come\):\*\*\n- 成员8 \(s1 /);
  });

  it('three no-shows in 60 days put a member at risk; two do not', async () => {
    const monthly = (await ok(['report', 'monthly', '--month', '2026-03', '--json'])).json();
    const row = (who: string) => monthly.atRisk.find((r: { name: string }) => r.name === who);
    expect(row('成员8')).toMatchObject({ noShows: 3, rulesHit: expect.arrayContaining(['noShows']) });
    expect(row('成员8').reason).toContain('60天内爽约3次');
    // m9: two no-shows (absent twice, which the absence rule counts) but not the no-show rule.
    expect(row('成员9')).toMatchObject({ noShows: 2 });
    expect(row('成员9').rulesHit).not.toContain('noShows');
    // The 11 who never held a place were expected nowhere: not at risk.
    expect(row('成员20')).toBeUndefined();
    // m8 hits more rules than m9: first.
    expect(monthly.atRisk.findIndex((r: { name: string }) => r.name === '成员8')).toBeLessThan(monthly.atRisk.findIndex((r: { name: string }) => r.name === '成员9'));
    // With the limit at 4, three no-longer do.
    await ok(['config', 'set', 'discipline.noShowLimit', '4']);
    const again = (await ok(['report', 'monthly', '--month', '2026-03', '--json'])).json();
    expect(again.atRisk.find((r: { name: string }) => r.name === '成员8').rulesHit).not.toContain('noShows');
    await ok(['config', 'set', 'discipline.noShowLimit', '3']);
  });

  it('attendance --below and member show count only the sessions a member was expected at', async () => {
    const below = (await ok(['attendance', '--below', '50', '--json'])).json() as Array<{ memberId: string; expected: number; absent: number }>;
    expect(below.map((r) => r.memberId).sort()).toEqual(['m8', 'm9']);
    expect(below.find((r) => r.memberId === 'm8')).toMatchObject({ expected: 3, absent: 3 });
    const m20 = (await ok(['member', 'show', 'm20', '--json'])).json();
    expect(m20.attendance).toMatchObject({ expected: 0, absent: 0, rate: null });
    const m9 = (await ok(['member', 'show', 'm9', '--json'])).json();
    // Waitlisted at s1 (not expected there), registered at s2 and s3.
    expect(m9.attendance).toMatchObject({ expected: 2, absent: 2 });
  });

  it('session add|edit --audience: validated, stored, and always in the session JSON', async () => {
    const bad = await c.club(['session', 'add', '培训', '--at', '2026-04-02 19:00', '--audience', 'everyone'], END);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('all|registered|role:R|tag:T')]);
    const badRole = await c.club(['session', 'add', '培训', '--at', '2026-04-02 19:00', '--audience', 'role:chef'], END);
    expect([badRole.code, badRole.stderr]).toEqual([2, expect.stringContaining('volunteer')]);
    const added = (await ok(['session', 'add', '志愿者培训', '--at', '2026-03-24 19:00', '--type', 'training', '--audience', 'Role:Volunteer', '--json'], START)).json();
    expect([added.id, added.audience]).toEqual(['s4', 'role:volunteer']);
    await ok(['checkin', 's4', 'm1'], '2026-03-24T19:05:00+08:00');
    const s4 = (await ok(['session', 'show', 's4', '--json'])).json();
    expect([s4.tally.expected, s4.tally.attended, s4.attendance.map((r: { memberId: string }) => r.memberId)]).toEqual([2, 1, ['m1', 'm2']]);
    const edited = (await ok(['session', 'edit', 's4', '--audience', 'tag:读书', '--json'])).json();
    expect(edited.audience).toBe('tag:读书');
    const after = (await ok(['session', 'show', 's4', '--json'])).json();
    // m3 has the tag and did not come; m1 came anyway (expected and attended).
    expect([after.tally.expected, after.tally.attended, after.tally.absent]).toEqual([2, 1, 1]);
    const list = (await ok(['session', 'list', '--json'])).json() as Array<{ id: string; audience: string }>;
    expect(list.map((s) => [s.id, s.audience])).toEqual([['s1', 'registered'], ['s2', 'registered'], ['s3', 'registered'], ['s4', 'tag:读书']]);
    // The monthly report reads the members' tags for it (the roster holds none).
    const monthly = (await ok(['report', 'monthly', '--month', '2026-03', '--json'])).json();
    expect(monthly.kpis.sessionsHeld).toBe(4);
    expect(monthly.kpis.participationRate).toBe((7 + 1 + 1 + 1) / (8 + 3 + 3 + 2));
    // The audit log holds the kind of audience only, never the tag's text.
    const log = (await ok(['log', '--json'])).json() as Array<{ summary: string }>;
    expect(log.some((e) => e.summary === 'edited s4: audience tag')).toBe(true);
    expect(JSON.stringify(log)).not.toContain('读书');
  });

  it('refuses a vote by a member who joined after the session started, naming the join date, unless --force', async () => {
    const refused = await c.club(['best', 'vote', 's2', 'm1', '--by', '新人'], END);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-12')]);
    await ok(['topic', 'propose', 's2', '下次辩题', '--by', 'm1']);
    const topicVote = await c.club(['topic', 'vote', 's2', '1', '--by', '新人'], END);
    expect([topicVote.code, topicVote.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-12')]);
    const forced = (await ok(['best', 'vote', 's2', 'm1', '--by', '新人', '--force', '--json'])).json();
    expect([forced.voterId, forced.choice]).toEqual(['m21', 'm1']);
  });
});
