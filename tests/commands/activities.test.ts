// Plans and the four-eyes approval chain through the CLI, on a folder store (three different --by) and on a database
// store (three different logins, each granted admin; a clerk for the role check). The same steps, the same checks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, newLogin, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

type Who = 'owner' | 'a' | 'b' | 'c' | 'clerk';

interface Club {
  dir: string;
  kind: 'folder' | 'postgres';
  club(argv: string[], who?: Who, o?: RunOptions): Promise<RunResult>;
  /** How each person shows in the history's `by`. */
  key: Record<'a' | 'b' | 'c', string>;
  cleanup(): Promise<void>;
}

const ok = (r: RunResult): RunResult => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

const PLAN = `theme: 读书知识竞赛
form: 线下笔试+抢答
content: |
  第一轮笔试
  第二轮抢答
risks:
  - risk: 人数不足
    mitigation: 提前一周宣传
capacity: 8
registrationDeadline: 2026-03-18
budget:
  - category: rewards
    amount: "128.50"
  - category: materials
    amount: 30
`;

async function setUp(c: Club): Promise<void> {
  writeFileSync(join(c.dir, 'plan.yaml'), PLAN);
  writeFileSync(join(c.dir, 'bad.yaml'), 'theme: 竞赛\nrisks:\n  - risk: 停电\n    mitigation: 备用电源\n  - risk: 下雨\nbudget:\n  - category: rewards\n    amount: 12.345\n');
  writeFileSync(join(c.dir, 'unknown.json'), JSON.stringify({ theme: '竞赛', venue: '图书馆' }));
  for (const name of ['杨洪勇', '雅风', '李雷']) ok(await c.club(['member', 'add', name]));
  ok(await c.club(['session', 'add', '读书知识竞赛', '--at', '2026-03-20 14:00', '--type', 'competition'])); // s1
  ok(await c.club(['session', 'add', '春季联谊会', '--at', '2026-03-01 19:00', '--type', 'social'])); // s2, held
  ok(await c.club(['session', 'add', '摄影展', '--at', '2026-03-21 10:00', '--type', 'exhibition'])); // s3
  ok(await c.club(['session', 'add', '辩论赛', '--at', '2026-03-22 10:00', '--type', 'competition'])); // s4
  ok(await c.club(['session', 'add', '周二读书会', '--at', '2026-03-03 21:30', '--type', 'reading'])); // s5
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-activity-');
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  if (init.code !== 0) throw new Error(init.stderr);
  const by: Record<Who, string[]> = { owner: [], a: ['--by', '杨洪勇'], b: ['--by', '雅风'], c: ['--by', '李雷'], clerk: [] };
  return { dir: t.dir, kind: 'folder', key: { a: 'm1', b: 'm2', c: 'm3' }, club: (argv, who = 'owner', o) => run(t.dir, [...argv, ...by[who]], { ...o, env: { CLUB_LANG: 'en', ...o?.env } }), cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-activity-pg-');
  const d: TestDatabase = await newDatabase('activity');
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  if (init.code !== 0) throw new Error(init.stderr);
  const logins = { a: await newLogin('act_a'), b: await newLogin('act_b'), c: await newLogin('act_c'), clerk: await newLogin('act_clerk') };
  const urls: Record<Who, string> = { owner: d.url(), a: d.url(logins.a.user, logins.a.password), b: d.url(logins.b.user, logins.b.password), c: d.url(logins.c.user, logins.c.password), clerk: d.url(logins.clerk.user, logins.clerk.password) };
  const club: Club['club'] = (argv, who = 'owner', o) => run(t.dir, argv, { ...o, env: { CLUB_LANG: 'en', CLUB_STORE: urls[who], ...o?.env } });
  for (const who of ['a', 'b', 'c'] as const) ok(await club(['access', 'grant', logins[who].user, '--role', 'admin']));
  ok(await club(['access', 'grant', logins.clerk.user, '--role', 'clerk']));
  return {
    dir: t.dir,
    kind: 'postgres',
    key: { a: logins.a.user, b: logins.b.user, c: logins.c.user },
    club,
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

function chainTests(make: () => Promise<Club>): void {
  let c: Club;
  beforeAll(async () => {
    c = await make();
    await setUp(c);
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
  });

  const show = async (session: string) => ok(await c.club(['activity', 'show', session, '--json'])).json();
  const logLength = async () => ok(await c.club(['log', '--json'])).stdout.trim().split('\n').length;

  it('plans, returns, resubmits, reviews and approves with three different people; the same person is refused', async () => {
    ok(await c.club(['activity', 'plan', 's1', '--file', 'plan.yaml'], 'a'));
    ok(await c.club(['activity', 'submit', 's1'], 'a'));
    // The submitter may not review: exit 1, nothing changed.
    const before = await show('s1');
    const same = await c.club(['activity', 'review', 's1', '--ok'], 'a');
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('the reviewer must be someone other than the submitter');
    expect(await show('s1')).toEqual(before);
    // --return needs a comment (exit 2).
    expect((await c.club(['activity', 'review', 's1', '--return'], 'b')).code).toBe(2);
    ok(await c.club(['activity', 'review', 's1', '--return', '--comment', '预算需细化'], 'b'));
    expect((await show('s1')).status).toBe('returned');
    // A returned plan is edited (back to draft), then submitted again.
    expect((await c.club(['activity', 'submit', 's1'], 'a')).code).toBe(1);
    ok(await c.club(['activity', 'plan', 's1', '--file', 'plan.yaml'], 'a'));
    ok(await c.club(['activity', 'submit', 's1', '--comment', '已细化预算'], 'a'));
    ok(await c.club(['activity', 'review', 's1', '--ok'], 'b'));
    // Neither the submitter nor the reviewer may approve.
    const bySubmitter = await c.club(['activity', 'approve', 's1'], 'a');
    expect([bySubmitter.code, bySubmitter.stderr]).toEqual([1, expect.stringContaining('other than the submitter')]);
    const byReviewer = await c.club(['activity', 'approve', 's1'], 'b');
    expect([byReviewer.code, byReviewer.stderr]).toEqual([1, expect.stringContaining('other than the reviewer')]);
    expect((await show('s1')).status).toBe('reviewed');
    ok(await c.club(['activity', 'approve', 's1', '--comment', '同意'], 'c'));

    const s1 = await show('s1');
    expect(s1.status).toBe('approved');
    const { a, b, c: third } = c.key;
    expect(s1.history.map((h: { step: string; by: string; comment: string | null }) => [h.step, h.by, h.comment])).toEqual([
      ['plan', a, null],
      ['submit', a, null],
      ['return', b, '预算需细化'],
      ['plan', a, null],
      ['submit', a, '已细化预算'],
      ['review', b, null],
      ['approve', third, '同意'],
    ]);
    expect(s1.plan.budget).toEqual([
      { category: 'rewards', amount: '128.50' },
      { category: 'materials', amount: '30.00' },
    ]);
    expect(s1.budgetTotal).toBe('158.50');
    expect(s1.plan.registrationDeadline).toBe('2026-03-18T23:59:59+08:00');
    expect(s1.plan.risks).toEqual([{ risk: '人数不足', mitigation: '提前一周宣传' }]);

    // Every step is in the audit log, with ids and statuses only.
    const log = ok(await c.club(['log', '--json'])).stdout;
    for (const summary of ['s1 planned: draft', 's1 submitted', 's1 reviewed: returned', 's1 planned: draft (was returned)', 's1 reviewed: ok', 's1 approved']) expect(log).toContain(`"${summary}"`);
    expect(log).not.toContain('预算需细化');
    expect(log).not.toContain('同意');
  });

  it('shows the chain in activity show as people read it', async () => {
    const text = ok(await c.club(['activity', 'show', 's1'])).stdout;
    expect(text).toContain('读书知识竞赛');
    expect(text).toContain('预算需细化');
    expect(text).toMatch(/rewards\s+128\.50/);
    if (c.kind === 'folder') expect(text).toContain('m2 雅风');
    // A zh club reads its budget's categories in Chinese, with the word a plan file uses.
    const zh = ok(await c.club(['activity', 'show', 's1'], 'owner', { env: { CLUB_LANG: 'zh' } })).stdout;
    expect(zh).toContain('- 奖励（rewards）  128.50\n- 物资（materials）  30.00\n');
  });

  it('shows the staff, their hours and (none yet) registrations with the plan', async () => {
    ok(await c.club(['staff', 'add', 's1', '雅风', '--duty', '主持']));
    ok(await c.club(['hours', 'add', '雅风', '--session', 's1', '--hours', '2.5']));
    ok(await c.club(['hours', 'add', '李雷', '--session', 's1', '--hours', '1.25']));
    const s1 = await show('s1');
    expect(s1.staff).toEqual([{ memberId: 'm2', name: '雅风', duty: '主持' }]);
    expect(s1.hours.map((h: { name: string; hours: number }) => [h.name, h.hours])).toEqual([['雅风', 2.5], ['李雷', 1.25]]);
    expect(s1.totalHours).toBe(3.75);
    expect(s1.registrations).toEqual({ capacity: 8, registered: [], waitlisted: [], cancelled: [] });
    expect(ok(await c.club(['activity', 'show', 's1'])).stdout).toMatch(/staff\s+雅风 \(主持\)/);
  });

  it('refuses session done of an approval type until approved, and then allows it', async () => {
    const refused = await c.club(['session', 'done', 's2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('s2 is a social activity whose plan is not approved (status: no plan)');
    // In a zh club the type and the status read in Chinese, not as the JSON values "social" and "none".
    const zh = await c.club(['session', 'done', 's2'], 'owner', { env: { CLUB_LANG: 'zh' } });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('error: s2 是联谊类活动，其方案尚未批准（状态：无方案），还不能标记为已举行');
    expect(ok(await c.club(['session', 'show', 's2', '--json'])).json().status).toBe('scheduled');
    writeFileSync(join(c.dir, 'social.json'), JSON.stringify({ theme: '联谊' }));
    ok(await c.club(['activity', 'plan', 's2', '--file', 'social.json'], 'a'));
    ok(await c.club(['activity', 'submit', 's2'], 'a'));
    ok(await c.club(['activity', 'review', 's2', '--ok'], 'c'));
    expect((await c.club(['session', 'done', 's2'])).code).toBe(1);
    ok(await c.club(['activity', 'approve', 's2'], 'b'));
    ok(await c.club(['session', 'done', 's2']));
    // A type that needs no approval is held as before.
    ok(await c.club(['session', 'done', 's5']));
  });

  it('refuses a bad plan file naming the field (exit 2), and changes nothing', async () => {
    const entries = await logLength();
    const bad = await c.club(['activity', 'plan', 's3', '--file', 'bad.yaml'], 'a');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('risks[1].mitigation: required');
    const unknown = await c.club(['activity', 'plan', 's3', '--file', 'unknown.json'], 'a');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('venue: unknown field');
    const stdin = await c.club(['activity', 'plan', 's3', '--file', '-'], 'a', { stdin: 'theme: 摄影展\nbudget:\n  - category: tech\n    amount: "12.345"\n' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('budget[0].amount: "12.345" has more than two decimals');
    expect((await show('s3')).status).toBe('none');
    expect(await logLength()).toBe(entries);
  });

  it('without --file and without a terminal: exit 2, saying to pass --file', async () => {
    const r = await c.club(['activity', 'plan', 's3'], 'a');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--file');
  });

  it('a rejected plan is final; editing an approved plan sends it back to draft', async () => {
    ok(await c.club(['activity', 'plan', 's4', '--file', 'plan.yaml'], 'a'));
    ok(await c.club(['activity', 'submit', 's4'], 'a'));
    ok(await c.club(['activity', 'review', 's4', '--ok'], 'b'));
    expect((await c.club(['activity', 'reject', 's4'], 'c')).code).toBe(2); // needs --reason
    ok(await c.club(['activity', 'reject', 's4', '--reason', '场地无法落实'], 'c'));
    // The status label says 已 itself: "已否决", never "已已否决".
    const late = await c.club(['activity', 'approve', 's4'], 'c', { env: { CLUB_LANG: 'zh' } });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('hint: s4 的方案已否决：审批已结束');
    const again = await c.club(['activity', 'plan', 's4', '--file', 'plan.yaml'], 'a');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('rejected');
    expect((await show('s4')).status).toBe('rejected');

    const replanned = ok(await c.club(['activity', 'plan', 's2', '--file', 'plan.yaml'], 'a'));
    expect(replanned.stderr).toContain('draft again');
    const s2 = await show('s2');
    expect(s2.status).toBe('draft');
    expect(s2.history.map((h: { step: string }) => h.step)).toEqual(['plan', 'submit', 'review', 'approve', 'plan']);
  });

  it('lists sessions with a plan or needing one, filtered by status, as a table, JSON and CSV', async () => {
    const all = ok(await c.club(['activity', 'list', '--json'])).json();
    expect(all.map((r: { sessionId: string; status: string }) => [r.sessionId, r.status])).toEqual([
      ['s2', 'draft'],
      ['s1', 'approved'],
      ['s3', 'none'],
      ['s4', 'rejected'],
    ]);
    expect(all[1]).toMatchObject({ type: 'competition', date: '2026-03-20', title: '读书知识竞赛', submittedBy: c.key.a, lastStep: 'approve', lastStepBy: c.key.c });
    expect(ok(await c.club(['activity', 'list', '--status', 'rejected', '--json'])).json().map((r: { sessionId: string }) => r.sessionId)).toEqual(['s4']);
    expect(ok(await c.club(['activity', 'list', '--csv'])).stdout.split(/\r?\n/)[0]).toBe('sessionId,status,type,date,title,submittedBy,lastStep');
    expect((await c.club(['activity', 'list', '--status', 'pending'])).code).toBe(2);
    expect(ok(await c.club(['activity', 'list'])).stdout).toContain('读书知识竞赛');
  });

  it('the weekly report lists plans awaiting review or approval, with who and since when', async () => {
    ok(await c.club(['activity', 'plan', 's3', '--file', 'plan.yaml'], 'a', { now: '2026-03-04T10:00:00+08:00' }));
    ok(await c.club(['activity', 'submit', 's3'], 'a', { now: '2026-03-04T10:05:00+08:00' }));
    ok(await c.club(['activity', 'submit', 's2'], 'b', { now: '2026-03-04T11:00:00+08:00' }));
    ok(await c.club(['activity', 'review', 's2', '--ok'], 'c', { now: '2026-03-05T09:00:00+08:00' }));
    // A hostile title is Markdown-escaped in the report.
    ok(await c.club(['session', 'add', '<b>*展*</b> | x', '--at', '2026-03-28 10:00', '--type', 'exhibition'])); // s6
    ok(await c.club(['activity', 'plan', 's6', '--file', 'plan.yaml'], 'b', { now: '2026-03-05T19:00:00+08:00' }));
    ok(await c.club(['activity', 'submit', 's6'], 'b', { now: '2026-03-05T19:01:00+08:00' }));
    const weekly = ok(await c.club(['report', 'weekly', '--json'])).json();
    const named = (key: 'a' | 'b' | 'c') => (c.kind === 'folder' ? { a: '杨洪勇', b: '雅风', c: '李雷' }[key] : c.key[key]);
    expect(weekly.awaitingApproval).toEqual([
      { sessionId: 's3', title: '摄影展', day: expect.any(String), status: 'submitted', since: '2026-03-04', submittedBy: named('a'), reviewedBy: null },
      { sessionId: 's2', title: '春季联谊会', day: expect.any(String), status: 'reviewed', since: '2026-03-05', submittedBy: named('b'), reviewedBy: named('c') },
      { sessionId: 's6', title: '<b>*展*</b> | x', day: expect.any(String), status: 'submitted', since: '2026-03-05', submittedBy: named('b'), reviewedBy: null },
    ]);
    const markdown = ok(await c.club(['report', 'weekly'])).stdout;
    expect(markdown).toContain('## 待审核/待批准的活动方案');
    expect(markdown).toContain(`摄影展（s3，`);
    expect(markdown).toContain('- \\<b\\>\\*展\\*\\</b\\> \\| x（s6，');
    // As the week before ended, nothing was waiting.
    expect(ok(await c.club(['report', 'weekly', '--last', '--json'])).json().awaitingApproval).toEqual([]);
  });

  it('asks each field at a terminal, prefilled with the current plan when editing', async () => {
    const answers = ['读书分享会', '线上', '每人分享一本书', '群内报名', '', '腾讯会议', '冷场', '主持人备好问题', '', '20', '2026-03-25', '', '30', ['member'], 'rewards', '66.6', ''];
    ok(await c.club(['activity', 'plan', 's5'], 'a', { tty: true, answers }));
    const plan = (await show('s5')).plan;
    expect(plan).toMatchObject({ theme: '读书分享会', form: '线上', rewards: null, resources: '腾讯会议', capacity: 20, registrationDeadline: '2026-03-25T23:59:59+08:00' });
    expect(plan.risks).toEqual([{ risk: '冷场', mitigation: '主持人备好问题' }]);
    expect(plan.eligibility).toEqual({ minPoints: null, minDaysMember: 30, roles: ['member'] });
    expect(plan.budget).toEqual([{ category: 'rewards', amount: '66.60' }]);
    // Editing: every field offered with its current value; keeping the risks and the budget as they are.
    const offered: Array<{ message: string; default?: unknown }> = [];
    const keep = ['读书分享会（第二期）', '线上', '每人分享一本书', '群内报名', '', '腾讯会议', true, '25', '2026-03-25T23:59:59+08:00', '', '30', ['member'], true];
    ok(await c.club(['activity', 'plan', 's5'], 'a', { tty: true, answers: keep, offered }));
    expect(offered.map((o) => o.default)).toEqual(['读书分享会', '线上', '每人分享一本书', '群内报名', '', '腾讯会议', true, '20', '2026-03-25T23:59:59+08:00', '', '30', undefined, true]);
    const edited = (await show('s5')).plan;
    expect([edited.theme, edited.capacity, edited.risks.length, edited.budget]).toEqual(['读书分享会（第二期）', 25, 1, [{ category: 'rewards', amount: '66.60' }]]);
    // In a zh club the categories offered read in Chinese; the answer is the plan file's word.
    const zhOffered: Array<{ message: string; choices?: Array<{ name: string; value: string }> }> = [];
    const zhAnswers = ['分享会', '', '', '', '', '', true, '', '', '', '', [], false, 'tech', '10', ''];
    ok(await c.club(['activity', 'plan', 's5'], 'a', { tty: true, answers: zhAnswers, offered: zhOffered, env: { CLUB_LANG: 'zh' } }));
    const categories = zhOffered.find((o) => o.message === '预算：添加类别')!.choices!;
    expect(categories.map((x) => x.name)).toEqual(['完成', '人员（personnel）', '物资（materials）', '技术（tech）', '宣传（promotion）', '奖励（rewards）', '其他（other）']);
    expect(zhOffered.map((o) => o.message)).toContain('技术（tech） 金额（如 128.50）');
    expect((await show('s5')).plan.budget).toEqual([{ category: 'tech', amount: '10.00' }]);
  });
}

describe('activities on a folder store (--by names the person)', () => {
  chainTests(folderClub);
});

describePg('activities on a database store (logins are the people)', () => {
  chainTests(databaseClub);

  describe('roles', () => {
    let c: Club;
    beforeAll(async () => {
      c = await databaseClub();
      await setUp(c);
    }, 120_000);
    afterAll(async () => c?.cleanup());

    it('a clerk may not approve (exit 5), and nothing changes', async () => {
      ok(await c.club(['activity', 'plan', 's1', '--file', 'plan.yaml'], 'a'));
      ok(await c.club(['activity', 'submit', 's1'], 'a'));
      ok(await c.club(['activity', 'review', 's1', '--ok'], 'b'));
      const r = await c.club(['activity', 'approve', 's1'], 'clerk');
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('admin');
      expect(ok(await c.club(['activity', 'show', 's1', '--json'], 'clerk')).json().status).toBe('reviewed');
    });

    it('on a database the login counts, not --by: the submitter cannot review by naming someone else', async () => {
      ok(await c.club(['activity', 'plan', 's3', '--file', 'plan.yaml'], 'a'));
      ok(await c.club(['activity', 'submit', 's3', '--by', '杨洪勇'], 'a'));
      const r = await c.club(['activity', 'review', 's3', '--ok', '--by', '雅风'], 'a');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('other than the submitter');
    });
  });
});
