// Issue #20, "done when", through the CLI on both stores: a competition is planned, returned once, resubmitted,
// reviewed and approved by three different people; 12 members register for 8 places, two cancel and two are
// promoted; 7 attend and 1 no-show is flagged; staff hours give a certificate; the results announcement and the
// evaluation (with the post-activity survey and the last three competitions) are right against a hand count.
// On a folder store the people are three --by; on a database, three logins (and a clerk for registrations).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedActivity, databaseClub, folderClub, type ActingClub, type ClubSetup } from '../helpers/acting-club.js';
import { describePg } from '../helpers/pg.js';

type Who = 'a' | 'b' | 'c' | 'clerk';
type Club = ActingClub<Who>;

const PLAN = (capacity: number, theme: string) => `theme: ${theme}
form: 线下笔试+抢答
risks:
  - risk: 人数不足
    mitigation: 提前一周在群里宣传
capacity: ${capacity}
budget:
  - category: rewards
    amount: "128.50"
`;

const SURVEY = `title: 诗词大赛满意度
questions:
  - id: q1
    type: rating
    text: 你对这次比赛满意吗
    required: true
    satisfaction: true
  - id: q2
    type: nps
    text: 你会推荐朋友参加吗
    required: true
`;

// Fourteen members: the twelve who register (m1…m12) and two staff (m13, m14).
const NAMES = ['杨洪勇', '雅风', '王芳', '李雷', '韩梅梅', '张伟', '刘洋', '陈静', '赵磊', '孙丽', '周杰', '吴敏', '郑浩', '黄蓉'];

// Three admins take the plans through approval; a clerk registers and checks in.
const SETUP: ClubSetup<Who> = {
  name: '诗社',
  label: 'competition',
  day: '2025-12-01',
  people: { a: { by: '杨洪勇', role: 'admin' }, b: { by: '雅风', role: 'admin' }, c: { by: '王芳', role: 'admin' }, clerk: { by: '李雷', role: 'clerk' } },
};

function competition(make: () => Promise<Club>): void {
  let c: Club;
  const ok: Club['ok'] = (argv, now, who) => c.ok(argv, now, who);

  /** An approved, held competition on `day` with `registered` sign-ups of whom `attended` came. */
  async function heldCompetition(id: string, day: string, registered: number, attended: number): Promise<void> {
    const competition = { id, title: `诗词大赛 ${day}`, at: `${day} 14:00`, type: 'competition', plan: PLAN(10, `第${id}届诗词大赛`) };
    await approvedActivity(c, competition, '2025-12-02', { add: 'a', plan: 'a', review: 'b', approve: 'c' });
    for (let i = 1; i <= registered; i++) await ok(['register', id, `m${i}`], `2025-12-03T10:${String(i).padStart(2, '0')}:00+08:00`, 'clerk');
    await ok(['checkin', id, ...Array.from({ length: attended }, (_, i) => `m${i + 1}`)], `${day}T14:05:00+08:00`, 'clerk');
    await ok(['session', 'done', id], `${day}T18:00:00+08:00`, 'a');
  }

  beforeAll(async () => {
    c = await make();
    for (const name of NAMES) await ok(['member', 'add', name], '2025-12-01T10:00:00+08:00');
    // Four earlier competitions: the last three held before s5 are s4, s3, s2.
    await heldCompetition('s1', '2025-12-13', 6, 6);
    await heldCompetition('s2', '2026-01-10', 6, 5);
    await heldCompetition('s3', '2026-02-07', 8, 6);
    await heldCompetition('s4', '2026-02-28', 10, 8);
  });
  afterAll(async () => c.cleanup());

  it('the plan is returned once, resubmitted, reviewed and approved by three different people', async () => {
    writeFileSync(join(c.dir, 'plan.yaml'), PLAN(8, '春季诗词大赛'));
    await ok(['session', 'add', '春季诗词大赛', '--at', '2026-03-21 14:00', '--type', 'competition', '--place', '社区活动中心'], '2026-03-01T09:00:00+08:00', 'a');
    // Not approved yet: no registrations.
    const early = await c.club(['register', 's5', 'm1'], '2026-03-01T09:00:30+08:00', 'clerk');
    expect(early.code).toBe(1);
    await ok(['activity', 'plan', 's5', '--file', 'plan.yaml'], '2026-03-01T09:01:00+08:00', 'a');
    await ok(['activity', 'submit', 's5'], '2026-03-01T09:02:00+08:00', 'a');
    // The submitter may not review their own plan.
    expect((await c.club(['activity', 'review', 's5', '--ok'], '2026-03-01T09:03:00+08:00', 'a')).code).toBe(1);
    await ok(['activity', 'review', 's5', '--return', '--comment', '奖品预算需细化'], '2026-03-02T09:00:00+08:00', 'b');
    await ok(['activity', 'plan', 's5', '--file', 'plan.yaml'], '2026-03-02T10:00:00+08:00', 'a');
    await ok(['activity', 'submit', 's5'], '2026-03-02T10:01:00+08:00', 'a');
    await ok(['activity', 'review', 's5', '--ok'], '2026-03-03T09:00:00+08:00', 'b');
    // Neither the submitter nor the reviewer may approve.
    expect((await c.club(['activity', 'approve', 's5'], '2026-03-03T09:01:00+08:00', 'a')).code).toBe(1);
    expect((await c.club(['activity', 'approve', 's5'], '2026-03-03T09:01:00+08:00', 'b')).code).toBe(1);
    // A clerk's role may not approve at all (a database says so by exit 5).
    if (c.kind === 'postgres') expect((await c.club(['activity', 'approve', 's5'], '2026-03-03T09:01:00+08:00', 'clerk')).code).toBe(5);
    await ok(['activity', 'approve', 's5', '--comment', '同意'], '2026-03-04T09:00:00+08:00', 'c');

    const show = (await ok(['activity', 'show', 's5', '--json'], '2026-03-04T09:05:00+08:00')).json();
    expect(show.status).toBe('approved');
    expect(show.history.map((h: { step: string }) => h.step)).toEqual(['plan', 'submit', 'return', 'plan', 'submit', 'review', 'approve']);
    const by = show.history.map((h: { by: string }) => h.by);
    expect(new Set([by[4], by[5], by[6]]).size).toBe(3);
    expect(show.history[2].comment).toBe('奖品预算需细化');
    expect(show.history[0].byMemberId).toBe(c.kind === 'folder' ? show.history[0].by : null);
    if (c.kind === 'postgres') {
      // A login linked to a member is named with the member in the history.
      const login = by[6] as string;
      await ok(['access', 'grant', login, '--role', 'admin', '--member', 'm3'], '2026-03-04T09:06:00+08:00');
      const linked = (await ok(['activity', 'show', 's5', '--json'], '2026-03-04T09:07:00+08:00')).json();
      expect(linked.history[6]).toMatchObject({ by: login, byMemberId: 'm3' });
      expect(linked.history[5].byMemberId).toBe(null);
      const text = (await ok(['activity', 'show', 's5'], '2026-03-04T09:07:00+08:00')).stdout;
      expect(text).toContain(`${login} (m3 ${NAMES[2]})`);
    }
  });

  it('12 register for 8 places; two cancel and the first two waiting move up, named on stderr', async () => {
    for (let i = 1; i <= 12; i++) await ok(['register', 's5', `m${i}`], `2026-03-10T10:${String(i).padStart(2, '0')}:00+08:00`, 'clerk');
    let list = (await ok(['register', 'list', 's5', '--json'], '2026-03-10T11:00:00+08:00')).json();
    expect(list.filter((r: { status: string }) => r.status === 'registered').map((r: { memberId: string }) => r.memberId)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']);
    expect(list.filter((r: { status: string }) => r.status === 'waitlisted').map((r: { memberId: string; position: number }) => `${r.memberId}#${r.position}`)).toEqual(['m9#1', 'm10#2', 'm11#3', 'm12#4']);

    const first = await ok(['register', 'cancel', 's5', 'm3'], '2026-03-15T09:00:00+08:00', 'clerk');
    expect(first.stderr).toContain('m9 赵磊');
    const second = await ok(['register', 'cancel', 's5', 'm6'], '2026-03-15T09:10:00+08:00', 'clerk');
    expect(second.stderr).toContain('m10 孙丽');
    list = (await ok(['register', 'list', 's5', '--json'], '2026-03-15T10:00:00+08:00')).json();
    const of = (status: string) => list.filter((r: { status: string }) => r.status === status).map((r: { memberId: string }) => r.memberId);
    expect(of('registered').sort()).toEqual(['m1', 'm10', 'm2', 'm4', 'm5', 'm7', 'm8', 'm9'].sort());
    expect(of('waitlisted')).toEqual(['m11', 'm12']);
    expect(of('cancelled').sort()).toEqual(['m3', 'm6']);
  });

  it('7 attend, one no-show; staff hours give a certificate; results and evaluation read as counted by hand', async () => {
    // m8 does not come.
    await ok(['checkin', 's5', 'm1', 'm2', 'm4', 'm5', 'm7', 'm9', 'm10'], '2026-03-21T14:05:00+08:00', 'clerk');
    await ok(['session', 'done', 's5'], '2026-03-21T18:00:00+08:00', 'a');
    // Booked and attended apart: the no-show in session show and in the week's report; the competition expects 8.
    const session = (await ok(['session', 'show', 's5', '--json'], '2026-03-21T18:01:00+08:00')).json();
    expect(session).toMatchObject({ audience: 'registered', registered: 8, attended: 7, noShows: ['m8'] });
    const weekly = await ok(['report', 'weekly', '--date', '2026-03-21', '--json'], '2026-03-22T09:00:00+08:00');
    expect(weekly.json().noShows.map((n: { sessionId: string; memberId: string }) => `${n.sessionId}/${n.memberId}`)).toEqual(['s5/m8']);
    expect((await ok(['report', 'weekly', '--date', '2026-03-21'], '2026-03-22T09:00:00+08:00')).stdout).toContain('陈静');
    await ok(['staff', 'add', 's5', '郑浩', '--duty', '主持'], '2026-03-21T18:05:00+08:00', 'a');
    await ok(['staff', 'add', 's5', '黄蓉', '--duty', '摄影'], '2026-03-21T18:06:00+08:00', 'a');
    await ok(['hours', 'add', '郑浩', '--session', 's5', '--hours', '2.5'], '2026-03-21T18:10:00+08:00', 'clerk');
    await ok(['hours', 'add', '黄蓉', '--session', 's5', '--hours', '1.5'], '2026-03-21T18:11:00+08:00', 'clerk');

    const cert = (await ok(['hours', 'certificate', '郑浩', '--from', '2026-03-01', '--to', '2026-04-01'], '2026-03-22T09:00:00+08:00')).stdout;
    expect(cert).toContain('诗社');
    expect(cert).toContain('郑浩');
    expect(cert).toContain('2026-03-31');
    expect(cert).toMatch(/春季诗词大赛[^\n]*主持[^\n]*2\.5/);

    // The survey after the activity: one answer on day 2 counts, one on day 9 does not (evaluation.surveyDays 7).
    writeFileSync(join(c.dir, 'survey.yaml'), SURVEY);
    await ok(['survey', 'create', '--from', 'survey.yaml', '--session', 's5'], '2026-03-21T18:30:00+08:00', 'a');
    await ok(['survey', 'open', 'v1'], '2026-03-21T18:31:00+08:00', 'a');
    await ok(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1": 5, "q2": 10}'], '2026-03-23T20:00:00+08:00', 'clerk');
    await ok(['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1": 1, "q2": 0}'], '2026-03-30T20:00:00+08:00', 'clerk');

    const evaluation = (await ok(['activity', 'evaluate', 's5', '--json'], '2026-04-01T09:00:00+08:00')).json();
    expect(evaluation).toMatchObject({
      session: 's5',
      registered: 8,
      waitlisted: 2,
      attended: 7,
      noShows: 1,
      capacity: 8,
      fillRate: 1,
      attendanceRate: 7 / 8,
      satisfaction: 1,
      nps: 100,
      responses: 1,
      staffHours: 4,
      cost: '0.00',
      costPerAttendee: '0.00',
    });
    expect(evaluation.previousOfType.map((p: { session: string }) => p.session)).toEqual(['s4', 's3', 's2']);
    expect(evaluation.previousOfType.map((p: { registered: number; attended: number }) => `${p.attended}/${p.registered}`)).toEqual(['8/10', '6/8', '5/6']);

    const results = (await ok(['activity', 'results', 's5'], '2026-04-01T09:00:00+08:00')).stdout;
    for (const name of ['杨洪勇', '雅风', '李雷', '韩梅梅', '刘洋', '赵磊', '孙丽']) expect(results).toContain(name);
    // The no-show and those who cancelled or waited are not participants; the staff are thanked with their hours.
    const participants = results.split('\n').find((l) => l.includes('参与者'))!;
    for (const name of ['陈静', '王芳', '张伟', '周杰', '吴敏']) expect(participants).not.toContain(name);
    expect(results).toMatch(/郑浩[^\n]*主持[^\n]*2\.5/);
    expect(results).toMatch(/黄蓉[^\n]*摄影[^\n]*1\.5/);
  });
}

describe('a competition from plan to evaluation on a folder store (three --by)', () => competition(() => folderClub(SETUP)));
describePg('a competition from plan to evaluation on a database store (three logins and a clerk)', () => competition(() => databaseClub(SETUP)));
