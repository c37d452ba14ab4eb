// Messages for the group chat (`notice next`, `remind …`) on both stores: the exact text for a small Chinese club
// (expected strings written by hand), the JSON, the line for "nobody to remind", and 40 columns for long fields.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/io/width.js';
import { describePg, dropDatabase, newDatabase, newLogin } from '../helpers/pg.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

interface Club {
  dir: string;
  club(argv: string[], now: string, env?: Record<string, string>, tty?: boolean): Promise<RunResult>;
  cleanup(): Promise<void>;
  /** On a database: the same command as a login granted only the viewer role. */
  viewer?: (argv: string[], now: string) => Promise<RunResult>;
}

async function folderClub(): Promise<Club> {
  const t = tempDir('club-messages-');
  const club: Club['club'] = (argv, now, env = {}, tty = false) => run(t.dir, argv, { now, env, tty, columns: 80 });
  const init = await club(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], '2026-03-01T09:00:00+08:00');
  expect(init.code, init.stderr).toBe(0);
  return { dir: t.dir, club, cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-messages-pg-');
  const d = await newDatabase('messages');
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-03-01T09:00:00+08:00' });
  expect(init.code, init.stderr).toBe(0);
  const club: Club['club'] = (argv, now, env = {}, tty = false) => run(t.dir, argv, { now, env: { CLUB_STORE: d.url(), ...env }, tty, columns: 80 });
  const login = await newLogin('messages_viewer');
  expect((await club(['access', 'grant', login.user, '--role', 'viewer'], '2026-03-01T09:00:00+08:00')).code).toBe(0);
  return {
    dir: t.dir,
    club,
    viewer: (argv, now) => run(t.dir, argv, { now, env: { CLUB_STORE: d.url(login.user, login.password), CLUB_ACTOR: '' } }),
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

function messages(make: () => Promise<Club>, database = false): void {
  let c: Club;
  const ok = async (argv: string[], now: string, env?: Record<string, string>): Promise<RunResult> => {
    const r = await c.club(argv, now, env);
    expect(r.code, `club ${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    c = await make();
    await ok(['config', 'set', 'onboarding.planDueDays', '0'], '2026-03-01T09:00:00+08:00');
    await ok(['config', 'set', 'approval.types', ''], '2026-03-01T09:00:00+08:00');
    await ok(['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇'], '2026-03-01T10:00:00+08:00');
    await ok(['member', 'add', '雅风'], '2026-03-01T10:00:00+08:00');
    await ok(['member', 'add', '王芳', '--nick', '芳芳'], '2026-03-01T10:00:00+08:00');
    await ok(['member', 'add', '李雷'], '2026-03-01T10:00:00+08:00');
    await ok(['member', 'add', '韩梅梅'], '2026-03-01T10:00:00+08:00');
    await ok(['session', 'add', '周读会', '--at', '2026-03-03 20:00', '--topic', '黑暗森林', '--host', '雅风', '--place', '社区图书馆'], '2026-03-01T11:00:00+08:00');
    await ok(['session', 'add', '诗词大赛', '--at', '2026-03-07 14:00', '--type', 'competition', '--place', '活动中心'], '2026-03-01T11:00:00+08:00');
    writeFileSync(join(c.dir, 'plan.yaml'), 'theme: 春季诗词大赛\ncapacity: 3\nregistrationDeadline: 2026-03-06 22:00\n');
    await ok(['activity', 'plan', 's2', '--file', 'plan.yaml'], '2026-03-01T11:05:00+08:00');
    await ok(['register', 's2', '杨洪勇'], '2026-03-01T12:00:00+08:00');
    // 韩梅梅 leaves the club before the first session: she is neither absent nor reminded.
    await ok(['member', 'remove', '韩梅梅', '--reason', '搬家'], '2026-03-01T13:00:00+08:00');
    await ok(['leave', '王芳', '--session', 's1', '--reason', '出差'], '2026-03-02T10:00:00+08:00');
    await ok(['checkin', 's1', '杨洪勇'], '2026-03-03T20:05:00+08:00');
    await ok(['task', 'add', '写活动总结', '--owner', '雅风', '--due', '2026-03-03'], '2026-03-04T09:00:00+08:00');
    await ok(['task', 'add', '订场地', '--due', '2026-03-06'], '2026-03-04T09:00:00+08:00');
    await ok(['task', 'add', '买奖品', '--owner', '荆州+杨洪勇', '--due', '2026-03-20'], '2026-03-04T09:00:00+08:00');
    await ok(['book', 'add', '三体', '--big'], '2026-03-01T12:00:00+08:00');
    await ok(['book', 'add', '活着'], '2026-03-01T12:00:00+08:00');
    await ok(['reading', 'start', '雅风', '三体', '--date', '2026-03-01'], '2026-03-01T12:00:00+08:00');
    await ok(['reading', 'start', '芳芳', '活着', '--date', '2026-03-01'], '2026-03-01T12:00:00+08:00');
    await ok(['reading', 'start', '李雷', '活着', '--date', '2026-03-01'], '2026-03-01T12:00:00+08:00');
    await ok(['reading', 'done', '李雷', '活着', '--date', '2026-03-02'], '2026-03-02T12:00:00+08:00');
    writeFileSync(join(c.dir, 'survey.yaml'), 'title: 三月满意度\nquestions:\n  - id: q1\n    type: rating\n    text: 满意吗\n    required: true\n');
    await ok(['survey', 'create', '--from', 'survey.yaml'], '2026-03-04T09:00:00+08:00');
    await ok(['survey', 'open', 'v1'], '2026-03-04T09:00:00+08:00');
    await ok(['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1":5}'], '2026-03-04T10:00:00+08:00');
  }, 120_000);
  afterAll(async () => c?.cleanup());

  it('notice next: the coming sessions with host, place, places left and deadline, and the leave rule', async () => {
    const r = await ok(['notice', 'next'], '2026-03-02T10:00:00+08:00');
    expect(r.stdout).toBe(
      [
        '【读书会】活动预告',
        '未来 7 天共有 2 场活动：',
        '',
        '1）周读会',
        '时间：3月3日 周二 20:00–21:30',
        '主题：黑暗森林',
        '主持：@雅风',
        '地点：社区图书馆',
        '',
        '2）诗词大赛',
        '时间：3月7日 周六 14:00–15:30',
        '地点：活动中心',
        '报名：剩余 2 个名额（共 3 个）',
        '报名截止：3月6日 周五 22:00',
        '',
        '请假：每人每周可请假 1 次，请提前告知管',
        '理员。',
        '30 天内无故缺席 2 次将被列入预警名单。',
        '',
      ].join('\n'),
    );
    // At a terminal (80 columns wide) the same text: it is made for the chat window, not the terminal.
    const tty = await c.club(['notice', 'next'], '2026-03-02T10:00:00+08:00', {}, true);
    expect([tty.code, tty.stdout]).toEqual([0, r.stdout]);
    const json = (await ok(['notice', 'next', '--json'], '2026-03-02T10:00:00+08:00')).json();
    expect(json.days).toBe(7);
    expect(json.sessions.map((s: { id: string }) => s.id)).toEqual(['s1', 's2']);
    expect(json.sessions[0]).toMatchObject({ title: '周读会', topic: '黑暗森林', place: '社区图书馆', host: { id: 'm2', name: '雅风', nick: null }, registration: null });
    expect(json.sessions[1].registration).toEqual({ state: 'open', capacity: 3, registered: 1, waitlisted: 0, placesLeft: 2, deadline: '2026-03-06T22:00:00+08:00' });
    expect(json.leave).toEqual({ perWeek: 1, absenceLimit: 2 });
  });

  it('notice next in English, and --days', async () => {
    const r = await ok(['notice', 'next', '--days', '2', '--lang', 'en'], '2026-03-02T10:00:00+08:00');
    expect(r.stdout).toBe(
      [
        '[读书会] Coming up',
        '1 session(s) in the next 2 days:',
        '',
        '(1) 周读会',
        'When: Tue 3 Mar 20:00–21:30',
        'Topic: 黑暗森林',
        'Host: @雅风',
        'Where: 社区图书馆',
        '',
        'Leave: up to 1 per week; tell an admin',
        'beforehand.',
        '2 unexcused absences in 30 days put a',
        'member on the at-risk list.',
        '',
      ].join('\n'),
    );
    expect((await c.club(['notice', 'next', '--days', '0'], '2026-03-02T10:00:00+08:00')).code).toBe(2);
  });

  it('notice next with no session ahead: a line on stderr, nothing on stdout, exit 0', async () => {
    const r = await ok(['notice', 'next'], '2026-03-08T10:00:00+08:00');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('未来 7 天没有活动，无需发布预告\n');
  });

  it('remind absent: the last held session, members absent without leave (not the excused, not who left)', async () => {
    const r = await ok(['remind', 'absent'], '2026-03-04T09:00:00+08:00');
    expect(r.stdout).toBe(
      [
        '【读书会】缺席提醒',
        // 38 columns: 位 would make 41.
        '3月3日 周二 20:00 的「周读会」，以下 2',
        '位成员未到，也没有请假：',
        '@雅风 @李雷',
        '',
        '请在群里说明一下情况，下次如不能参加请提',
        '前请假。',
        '',
      ].join('\n'),
    );
    const json = (await ok(['remind', 'absent', 's1', '--json'], '2026-03-04T09:00:00+08:00')).json();
    expect(json).toMatchObject({ kind: 'absent', sessionId: 's1' });
    expect(json.members).toEqual([
      { id: 'm2', name: '雅风', nick: null },
      { id: 'm4', name: '李雷', nick: null },
    ]);
    // A session still to come has no absentees yet.
    const early = await c.club(['remind', 'absent', 's2'], '2026-03-04T09:00:00+08:00');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('s2 尚未举行');
  });

  it('remind registration: active, eligible members neither registered nor waitlisted', async () => {
    const r = await ok(['remind', 'registration', 's2'], '2026-03-04T09:00:00+08:00');
    expect(r.stdout).toBe(
      ['【读书会】报名提醒', '「诗词大赛」3月7日 周六 14:00', '还剩 2 个名额。', '报名截止：3月6日 周五 22:00', '以下 3 位成员还没有报名：', '@雅风 @芳芳 @李雷', '', '想参加的请尽快报名！', ''].join('\n'),
    );
    expect((await ok(['remind', 'registration', 's2', '--json'], '2026-03-04T09:00:00+08:00')).json().members.map((m: { id: string }) => m.id)).toEqual(['m2', 'm3', 'm4']);
    // After the deadline: refused as `register` refuses.
    const late = await c.club(['remind', 'registration', 's2'], '2026-03-07T09:00:00+08:00');
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('club activity show s2');
  });

  it('remind tasks: overdue and due within 3 days, each with its owner', async () => {
    const r = await ok(['remind', 'tasks'], '2026-03-04T09:00:00+08:00');
    expect(r.stdout).toBe(['【读书会】任务提醒', '已逾期：', '· @雅风 写活动总结（截止 3月3日 周二）', '3 天内到期：', '· （未指派） 订场地（截止 3月6日 周五）', '', '请按时完成，有困难请在群里说。', ''].join('\n'));
    const json = (await ok(['remind', 'tasks', '--json'], '2026-03-04T09:00:00+08:00')).json();
    expect(json.tasks.map((x: { id: string; overdue: boolean }) => [x.id, x.overdue])).toEqual([
      ['t1', true],
      ['t2', false],
    ]);
    expect(json.members).toEqual([{ id: 'm2', name: '雅风', nick: null }]);
  });

  it('remind reading: overdue and due soon; nobody → a line on stderr', async () => {
    const none = await ok(['remind', 'reading'], '2026-03-04T09:00:00+08:00');
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('没有已逾期或 3 天内到期的读书任务，无需提醒\n');
    const r = await ok(['remind', 'reading'], '2026-03-09T09:00:00+08:00');
    expect(r.stdout).toBe(['【读书会】读书提醒', '已逾期：', '· @芳芳《活着》（截止 3月8日 周日）', '3 天内到期：', '· @雅风《三体》（截止 3月11日 周三）', '', '读完记得交读书笔记！', ''].join('\n'));
  });

  it('remind survey: active members who have not answered', async () => {
    const r = await ok(['remind', 'survey', 'v1'], '2026-03-05T09:00:00+08:00');
    expect(r.stdout).toBe(['【读书会】问卷提醒', '「三月满意度」还有 3 位成员没有填写：', '@荆州+杨洪勇 @芳芳 @李雷', '', '请抽空填写，谢谢！', ''].join('\n'));
    expect((await ok(['remind', 'survey', 'v1', '--json'], '2026-03-05T09:00:00+08:00')).json()).toMatchObject({ kind: 'survey', surveyId: 'v1' });
  });

  it('remind absent before any session was held, and once everyone came: a line on stderr, exit 0', async () => {
    const before = await ok(['remind', 'absent'], '2026-03-02T09:00:00+08:00');
    expect([before.stdout, before.stderr]).toEqual(['', '还没有举行过活动，无需提醒\n']);
    await ok(['checkin', 's1', '雅风', '李雷', '--status', 'late'], '2026-03-04T09:30:00+08:00');
    const none = await ok(['remind', 'absent'], '2026-03-04T10:00:00+08:00');
    expect([none.stdout, none.stderr]).toEqual(['', 's1 周读会 没有未请假缺席的成员，无需提醒\n']);
    expect((await ok(['remind', 'absent', '--json'], '2026-03-04T10:00:00+08:00')).json().members).toEqual([]);
  });

  // A folder store has one person, its owner: there is no viewer to ask for, so the test is declared for a database.
  if (database) it('a viewer gets the same messages (contacts are masked for a viewer; nicknames are not contacts)', async () => {
    for (const [argv, now] of [
      [['notice', 'next'], '2026-03-02T10:00:00+08:00'],
      [['remind', 'survey', 'v1'], '2026-03-05T09:00:00+08:00'],
      [['remind', 'tasks'], '2026-03-04T09:00:00+08:00'],
    ] as const) {
      const owner = await ok([...argv], now);
      const viewer = await c.viewer!([...argv], now);
      expect([viewer.code, viewer.stdout], viewer.stderr).toEqual([0, owner.stdout]);
    }
  });

  it("template eject --out and template set: an admin's own notice template, on either store", async () => {
    await ok(['template', 'eject', 'notice.zh.txt', '--out', 'notice.hbs'], '2026-03-02T10:00:00+08:00');
    expect(readFileSync(join(c.dir, 'notice.hbs'), 'utf8')).toContain('【{{club}}】活动预告');
    writeFileSync(join(c.dir, 'notice.hbs'), '{{club}}：{{#each sessions}}{{title}}（{{host.mention}}） {{/each}}\n');
    await ok(['template', 'set', 'notice.zh.txt', 'notice.hbs'], '2026-03-02T10:00:00+08:00');
    expect((await ok(['notice', 'next'], '2026-03-02T10:00:00+08:00')).stdout).toBe('读书会：周读会（@雅风） 诗词大赛（）\n');
    // A template that would fail at the next notice is refused now, and the store keeps the one it had.
    writeFileSync(join(c.dir, 'bad.hbs'), '{{bogus club}}\n');
    const bad = await c.club(['template', 'set', 'notice.zh.txt', 'bad.hbs'], '2026-03-02T10:00:00+08:00');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('bogus')]);
    const list = (await ok(['template', 'list', '--json'], '2026-03-02T10:00:00+08:00')).json();
    expect(list.find((x: { name: string }) => x.name === 'notice.zh.txt').source).toBe('override');
    expect((await ok(['notice', 'next'], '2026-03-02T10:00:00+08:00')).stdout).toBe('读书会：周读会（@雅风） 诗词大赛（）\n');
  });
}

describe('messages for the group chat on a folder store', () => messages(folderClub));
describePg('messages for the group chat on a database store', () => messages(databaseClub, true));
