// Reports are history: a report made at T is made again, byte for byte, with `--as-of T` (or CLUB_NOW=T), whatever
// was recorded afterwards; a report for a past period shows the club as it stood at the period's end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const ok = async (now: string, ...argv: string[]) => {
  const r = await club(argv, { now });
  if (r.code !== 0) throw new Error(`club ${argv.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r;
};

beforeEach(async () => {
  ({ cleanup, club } = await freshClub());
});
afterEach(() => cleanup());

// Sunday evening at the end of week 2026-W11 (9–15 March).
const T = '2026-03-15T22:00:00+08:00';
const LATER = '2026-03-29T20:00:00+08:00';

/** Up to T: members, an applicant, sessions twice a week, check-ins, a leave, points, tasks, a topic vote. */
async function untilT(): Promise<void> {
  await ok('2026-02-20T10:00:00+08:00', 'member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--joined', '2026-01-05');
  await ok('2026-02-20T10:01:00+08:00', 'member', 'add', '雅风', '--joined', '2026-02-01');
  await ok('2026-02-20T10:02:00+08:00', 'member', 'add', '李雷', '--joined', '2026-02-10');
  await ok('2026-03-01T10:00:00+08:00', 'session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '8', '--host', '杨洪勇');
  await ok('2026-03-02T10:00:00+08:00', 'member', 'apply', '韩梅梅', '--referrer', '杨洪勇');
  await ok('2026-03-03T21:31:00+08:00', 'checkin', 's1', '杨洪勇', '雅风', '李雷');
  await ok('2026-03-05T21:31:00+08:00', 'checkin', 's2', '杨洪勇', '雅风');
  await ok('2026-03-09T09:00:00+08:00', 'task', 'add', '整理书单', '--owner', '杨洪勇', '--due', '2026-03-20');
  await ok('2026-03-09T09:01:00+08:00', 'task', 'add', '订场地', '--owner', '雅风', '--due', '2026-03-13');
  await ok('2026-03-10T12:00:00+08:00', 'leave', '李雷', '--session', 's3', '--reason', '出差');
  await ok('2026-03-10T21:32:00+08:00', 'checkin', 's3', '杨洪勇', '雅风');
  await ok('2026-03-12T21:33:00+08:00', 'checkin', 's4', '杨洪勇');
  await ok('2026-03-12T23:00:00+08:00', 'best', 'set', 's4', '杨洪勇');
  await ok('2026-03-13T10:00:00+08:00', 'task', 'done', 't2');
  await ok('2026-03-13T11:00:00+08:00', 'points', 'add', '雅风', '5', '--reason', '分享笔记');
  await ok('2026-03-14T10:00:00+08:00', 'topic', 'propose', 's5', '《活着》', '《三体》', '--by', '杨洪勇');
  await ok('2026-03-14T10:01:00+08:00', 'topic', 'vote', 's5', '2', '--by', '雅风');
  await ok('2026-03-15T10:00:00+08:00', 'feedback', 'add', '希望多组织线下活动', '--anonymous');
}

/** Two more weeks, recorded after T, some of it about the week before T. */
async function twoMoreWeeks(): Promise<void> {
  await ok('2026-03-16T09:00:00+08:00', 'checkin', 's4', '雅风', '--status', 'present'); // entered the next morning
  await ok('2026-03-16T09:05:00+08:00', 'points', 'add', '李雷', '3', '--reason', '补记');
  await ok('2026-03-16T09:06:00+08:00', 'checkin', 's3', '李雷', '--status', 'present'); // his leave, corrected
  await ok('2026-03-16T09:10:00+08:00', 'topic', 'close', 's5');
  await ok('2026-03-16T09:20:00+08:00', 'member', 'approve', '韩梅梅');
  await ok('2026-03-16T09:30:00+08:00', 'member', 'add', '王小明', '--joined', '2026-03-10'); // dated inside W11
  await ok('2026-03-16T09:40:00+08:00', 'member', 'add', 'Anna Müller');
  await ok('2026-03-16T10:00:00+08:00', 'task', 'done', 't1');
  await ok('2026-03-16T10:01:00+08:00', 'task', 'add', '买茶', '--due', '2026-03-14'); // t5 (t3, t4: onboarding)
  await ok('2026-03-16T10:02:00+08:00', 'task', 'done', 't5');
  await ok('2026-03-16T10:03:00+08:00', 'member', 'warn', '李雷', '--reason', '刷屏');
  await ok('2026-03-17T21:31:00+08:00', 'checkin', 's5', '杨洪勇', '雅风', '王小明');
  await ok('2026-03-18T10:00:00+08:00', 'session', 'cancel', 's6', '--reason', '放假');
  await ok('2026-03-20T10:00:00+08:00', 'feedback', 'add', '换个时间', '--anonymous');
  await ok('2026-03-22T10:00:00+08:00', 'member', 'remove', '李雷', '--reason', '毕业离校');
  await ok('2026-03-24T21:31:00+08:00', 'checkin', 's7', '杨洪勇', 'Anna Müller');
}

const REPORTS = [
  ['report', 'weekly'],
  ['report', 'weekly', '--lang', 'en'],
  ['report', 'weekly', '--json'],
  ['report', 'monthly'],
  ['report', 'monthly', '--lang', 'en', '--json'],
];
const PAST_REPORTS = [
  ['report', 'weekly', '--week', '2026-W11'],
  ['report', 'weekly', '--week', '2026-W11', '--json'],
  ['report', 'monthly', '--month', '2026-03', '--json'],
];

async function reports(now: string, argvs: string[][], extra: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const argv of argvs) out.push((await ok(now, ...argv, ...extra)).stdout);
  return out;
}

describe('report --as-of', () => {
  it('makes again, byte for byte, the reports made at T after two more weeks were recorded', async () => {
    await untilT();
    const atT = await reports(T, REPORTS);
    const pastAtT = await reports(T, PAST_REPORTS);
    await twoMoreWeeks();
    // The later records change what the reports say today...
    expect(await reports(LATER, PAST_REPORTS)).not.toEqual(pastAtT);
    // ...but not what they said at T: with --as-of T, and with CLUB_NOW=T.
    expect(await reports(LATER, REPORTS, ['--as-of', T])).toEqual(atT);
    expect(await reports(T, REPORTS)).toEqual(atT);
    expect(await reports(LATER, PAST_REPORTS, ['--as-of', T])).toEqual(pastAtT);
    // Sanity: the reports at T hold what the week held, and nothing of what came after.
    const weekly = JSON.parse(atT[2]!);
    expect(weekly.period.week).toBe('2026-W11');
    expect(weekly.nextTopic).toBeNull();
    expect(weekly.sessions.map((s: { id: string; attended: number; expected: number }) => `${s.id} ${s.attended}/${s.expected}`)).toEqual(['s3 2/2', 's4 1/3']);
    expect(weekly.members.pendingApplications.map((m: { name: string }) => m.name)).toEqual(['韩梅梅']);
    expect(weekly.tasks.done.map((t: { id: string }) => t.id)).toEqual(['t2']);
    expect(weekly.tasks.open.map((t: { id: string }) => t.id)).toEqual(['t1']);
    expect(atT.join('')).not.toMatch(/王小明|Anna Müller|换个时间/);
  });

  it("shows a past period as the club stood at its end, counting events dated in it whenever they were recorded", async () => {
    await untilT();
    await twoMoreWeeks();
    const weekly = (await ok(LATER, 'report', 'weekly', '--week', '2026-W11', '--json')).json();
    // The check-in for s4 entered on Monday morning counts, and so does the correction of 李雷's leave at s3; the
    // member who joined after the week does not, and one added later with a join date inside the week is listed as new
    // (their join is dated in the period).
    expect(weekly.sessions.map((s: { id: string; attended: number }) => `${s.id} ${s.attended}`)).toEqual(['s3 3', 's4 2']);
    expect(weekly.members.new.map((m: { name: string }) => m.name)).toEqual(['王小明']);
    expect(JSON.stringify(weekly)).not.toContain('Anna Müller');
    // The applicant approved on Monday was still pending; the task done on Monday was still open (overdue by today);
    // the task created on Monday is absent; the topic closed on Monday was not chosen yet.
    expect(weekly.members.pendingApplications.map((m: { name: string }) => m.name)).toEqual(['韩梅梅']);
    expect(weekly.tasks.done.map((t: { id: string }) => t.id)).toEqual(['t2']);
    expect([...weekly.tasks.open, ...weekly.tasks.overdue].map((t: { id: string }) => t.id)).toEqual(['t1']);
    expect(weekly.nextTopic).toBeNull();
    // The current week's report has all of it.
    const now = (await ok('2026-03-16T12:00:00+08:00', 'report', 'weekly', '--json', '--as-of', '2026-03-16T12:00:00+08:00')).json();
    expect(now.nextTopic).toMatchObject({ session: 's5', topic: '《三体》' });
  });
});

describe('a purged member', () => {
  it('stays purged in a report --as-of a time before the purge', async () => {
    await untilT();
    const atT = (await ok(T, 'report', 'weekly')).stdout;
    expect(atT).toContain('李雷');
    await ok('2026-03-22T10:00:00+08:00', 'member', 'remove', '李雷', '--reason', '毕业离校');
    await ok('2026-03-23T10:00:00+08:00', 'member', 'purge', 'm3', '--yes');
    const again = (await ok(LATER, 'report', 'weekly', '--as-of', T)).stdout;
    expect(again).not.toContain('李雷');
    // Purge also erases the member's own free text: their leave reason.
    expect(again).toBe(atT.replaceAll('李雷', '(purged m3)').replace('(purged m3)：s3 3月10日 周二，出差', '(purged m3)：s3 3月10日 周二，(purged)'));
  });
});

describe('--from and --to', () => {
  const COMMANDS = [['session', 'list'], ['attendance'], ['export', 'ics'], ['feedback', 'list'], ['points', 'leaderboard']];

  it.each(COMMANDS.map((argv) => [argv.join(' '), argv] as const))('%s: --to not after --from exits 2, --to the day after includes --from', async (_name, argv) => {
    for (const [from, to] of [['2026-03-10', '2026-03-10'], ['2026-03-10', '2026-03-09']]) {
      const r = await club([...argv, '--from', from!, '--to', to!]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toContain(`--to ${to} 不晚于 --from ${from}`);
    }
    expect((await club([...argv, '--from', '2026-03-10', '--to', '2026-03-11'])).code).toBe(0);
  });

  it('includes --from and leaves out --to', async () => {
    await ok('2026-03-01T10:00:00+08:00', 'session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--count', '3');
    const ids = async (from: string, to: string) => (await ok(T, 'session', 'list', '--from', from, '--to', to, '--json')).json().map((s: { id: string }) => s.id);
    expect(await ids('2026-03-03', '2026-03-10')).toEqual(['s1']);
    expect(await ids('2026-03-04', '2026-03-17')).toEqual(['s2']);
    expect(await ids('2026-03-03', '2026-03-18')).toEqual(['s1', 's2', 's3']);
  });
});
