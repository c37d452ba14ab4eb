import { describe, expect, it } from 'vitest';
import type { CoreEnv } from '../../src/core/env.js';
import { RuleError } from '../../src/core/errors.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { matchSender, parseChatLog, planChatCheckins } from '../../src/core/attendance/chatlog.js';
import { reconcileSessionPoints } from '../../src/core/points/auto.js';
import { balances } from '../../src/core/points/ledger.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { addSessions } from '../../src/core/sessions/sessions.js';
import type { Attendance, Session, TopicProposal, Vote } from '../../src/core/sessions/types.js';
import { closeBestVote, closeTopicVote, proposeTopics, tallyTopics, voteBest, voteTopic } from '../../src/core/sessions/votes.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Member } from '../../src/core/types.js';
import { emptyCounters } from '../../src/core/ids.js';

const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const env = (now = '2026-03-03T22:00:00+08:00', over: Partial<typeof settings> = {}): CoreEnv => ({ now: new Date(now), settings: { ...settings, ...over }, actor: 'admin' });
const counters = emptyCounters();

function club(): { members: Member[]; session: Session } {
  let state: MemberState = { members: [], tasks: [], counters };
  const people: Array<Record<string, string>> = [
    { name: '杨洪勇', nick: '荆州+杨洪勇', qq: '1023919001' },
    { name: '雅风', nick: '成都+雅风', email: 'yafeng@example.org' },
    { name: '李雷', nick: '北京+小李' },
    { name: '韩梅梅' },
  ];
  for (const fields of people) state = addMember(state, { fields: fields as never, joined: '2026-01-01', status: 'active' }, env()).state;
  const start = { date: '2026-03-03', hour: 21, minute: 30, instant: new Date('2026-03-03T21:30:00+08:00') };
  const { created } = addSessions({ sessions: [], counters: state.counters }, state.members, { title: '读书会', start, durationMinutes: 90 }, env('2026-03-01T00:00:00+08:00'));
  return { members: [...state.members], session: created[0]! };
}

const CHAT = `2026-03-03 21:10:00 荆州+杨洪勇(1023919001)
签到

2026-03-03 21:29:58 荆州+杨洪勇(1023919001)
签到
今天读第三章

2026-03-03 21:41:10 成都+雅风<yafeng@example.org>
来了

2026-03-03 21:42:00 小李(55555555)
签到

2026-03-03 21:50:00 北京+小李(66666666)
签到啦

2026-03-03 23:30:00 韩梅梅(77777777)
签到
`;

describe('chat check-in', () => {
  const { members, session } = club();

  it('parses headers with QQ numbers or emails and multi-line messages', () => {
    const messages = parseChatLog(CHAT, 'Asia/Shanghai');
    expect(messages.map((m) => [m.sender, m.qq, m.email, m.text])).toEqual([
      ['荆州+杨洪勇', '1023919001', null, '签到'],
      ['荆州+杨洪勇', '1023919001', null, '签到\n今天读第三章'],
      ['成都+雅风', null, 'yafeng@example.org', '来了'],
      ['小李', '55555555', null, '签到'],
      ['北京+小李', '66666666', null, '签到啦'],
      ['韩梅梅', '77777777', null, '签到'],
    ]);
    expect(messages[1]!.at.toISOString()).toBe('2026-03-03T13:29:58.000Z');
  });

  it('matches senders by QQ, then email, then nickname or its part after +', () => {
    const m = (sender: string, qq: string | null = null, email: string | null = null) => matchSender({ sender, qq, email }, members, new Map())?.name ?? null;
    expect(m('whatever', '1023919001')).toBe('杨洪勇');
    expect(m('whatever', null, 'YAFENG@example.org'.toLowerCase())).toBe('雅风');
    expect(m('北京+小李')).toBe('李雷');
    expect(m('上海+雅风')).toBe('雅风');
    expect(m('小李')).toBe('李雷');
    expect(m('路人甲', '99999')).toBeNull();
    expect(matchSender({ sender: '路人甲', qq: null, email: null }, members, new Map([['路人甲', members[3]!]]))?.name).toBe('韩梅梅');
  });

  it('takes the first message in the window, late after lateAfterMinutes, and lists unmatched senders', () => {
    const plan = planChatCheckins(parseChatLog(CHAT, 'Asia/Shanghai'), session, members, { overrides: new Map(), settings });
    expect(plan.checkins.map((c) => [c.member.name, c.status])).toEqual([
      ['杨洪勇', 'present'],
      ['雅风', 'late'],
      ['李雷', 'late'],
    ]);
    expect(plan.checkins[0]!.message.text).toBe('签到\n今天读第三章');
    expect(plan.unmatched).toEqual([]);
    expect(plan.ignored).toBe(2); // 21:10 is too early, 23:30 after the end
  });

  it('counts only messages with the keyword when one is given', () => {
    const plan = planChatCheckins(parseChatLog(CHAT, 'Asia/Shanghai'), session, members, { keyword: '签到', overrides: new Map(), settings });
    expect(plan.checkins.map((c) => c.member.name)).toEqual(['杨洪勇', '李雷']);
  });

  it('lists senders that match nobody', () => {
    const plan = planChatCheckins(parseChatLog('2026-03-03 21:31:00 路人甲(99999999)\n签到\n', 'Asia/Shanghai'), session, members, { overrides: new Map(), settings });
    expect(plan.unmatched).toEqual([{ sender: '路人甲', qq: '99999999', email: null, line: 1 }]);
  });
});

describe('votes', () => {
  const { members, session } = club();
  const base = () => ({ members, sessions: [session], topics: [] as TopicProposal[], votes: [] as Vote[], attendance: [] as Attendance[] });

  it('counts only the first voteCap votes, one per member, ties going to the topic proposed first', () => {
    let s = base();
    s = { ...s, topics: proposeTopics(s, session.id, ['活着', '三体', '围城'], '杨洪勇', env()).topics };
    const e = env(undefined, { 'topic.voteCap': 2 });
    for (const [voter, n, at] of [['雅风', '2', '21:00'], ['李雷', '1', '21:01'], ['韩梅梅', '2', '21:02']] as const) {
      const r = voteTopic(s, session.id, n, voter, env(`2026-03-03T${at}:00+08:00`, { 'topic.voteCap': 2 }));
      s = { ...s, votes: r.votes };
    }
    expect(tallyTopics(session.id, s.topics, s.votes, 2).map((t) => t.votes)).toEqual([1, 1, 0]);
    expect(() => voteTopic(s, session.id, '3', '雅风', e)).toThrow(/already voted/);
    const closed = closeTopicVote(s, session.id, e);
    expect(closed.session).toMatchObject({ topic: '活着', topicPollClosed: true });
    expect(tallyTopics(session.id, s.topics, s.votes, 20).map((t) => t.votes)).toEqual([1, 2, 0]);
    expect(() => closeTopicVote({ ...s, sessions: closed.sessions }, session.id, e)).toThrow(RuleError);
  });

  it('best performer: attendees only, no self-votes, every most-voted member wins', () => {
    const rec = (memberId: string): Attendance => ({ sessionId: session.id, memberId, status: 'present', at: session.startsAt, reason: null, forced: false, source: 'manual', by: null });
    let s = { ...base(), attendance: [rec('m1'), rec('m2')] };
    expect(() => voteBest(s, session.id, '李雷', '杨洪勇', env())).toThrow(/did not attend/);
    expect(() => voteBest(s, session.id, '杨洪勇', '杨洪勇', env())).toThrow(/themselves/);
    s = { ...s, votes: voteBest(s, session.id, '雅风', '杨洪勇', env()).votes };
    s = { ...s, votes: voteBest(s, session.id, '杨洪勇', '雅风', env()).votes };
    expect(closeBestVote(s, session.id, env()).session.best).toEqual(['m1', 'm2']);
    s = { ...s, votes: voteBest(s, session.id, '杨洪勇', '李雷', env()).votes };
    expect(closeBestVote(s, session.id, env()).session.best).toEqual(['m1']);
  });
});

describe('automatic points', () => {
  const { session } = club();
  const rec = (memberId: string, status: Attendance['status']): Attendance => ({ sessionId: session.id, memberId, status, at: session.startsAt, reason: null, forced: false, source: 'manual', by: null });

  function run(steps: Array<{ attendance?: Attendance[]; session?: Partial<Session>; settings?: Partial<typeof settings> }>): LedgerEntry[] {
    let ledger: LedgerEntry[] = [];
    let c = counters;
    for (const step of steps) {
      const r = reconcileSessionPoints(ledger, c, { ...session, ...step.session }, step.attendance ?? [], env(undefined, step.settings));
      ledger = r.ledger;
      c = r.counters;
    }
    return ledger;
  }

  it.each([
    ['present earns points.attendance', [{ attendance: [rec('m1', 'present')] }], { m1: 2 }, 1],
    ['repeating changes nothing', [{ attendance: [rec('m1', 'present')] }, { attendance: [rec('m1', 'present')] }], { m1: 2 }, 1],
    ['late earns points.late', [{ attendance: [rec('m1', 'late')] }], { m1: 1 }, 1],
    ['present then excused is reversed', [{ attendance: [rec('m1', 'present')] }, { attendance: [rec('m1', 'excused')] }], { m1: 0 }, 2],
    ['late then present: reversal and new award', [{ attendance: [rec('m1', 'late')] }, { attendance: [rec('m1', 'present')] }], { m1: 2 }, 3],
    ['a setting change does not rewrite history', [{ attendance: [rec('m1', 'present')] }, { attendance: [rec('m1', 'present')], settings: { 'points.attendance': 5 } }], { m1: 2 }, 1],
    ['host on done, best performer', [{ attendance: [rec('m1', 'present')], session: { status: 'done', hostId: 'm2', best: ['m1'] } }], { m1: 5, m2: 5 }, 3],
    ['cancelling reverses everything', [{ attendance: [rec('m1', 'present')], session: { best: ['m1'] } }, { attendance: [rec('m1', 'present')], session: { status: 'cancelled', best: ['m1'] } }], { m1: 0 }, 4],
    ['0 turns an award off', [{ attendance: [rec('m1', 'late')], settings: { 'points.late': 0 } }], {}, 0],
  ] as const)('%s', (_label, steps, expected, entries) => {
    const ledger = run(steps as never);
    for (const [id, value] of Object.entries(expected)) expect([id, balances(ledger).get(id) ?? 0]).toEqual([id, value]);
    expect(ledger).toHaveLength(entries);
    expect(new Set(ledger.map((e) => e.id)).size).toBe(ledger.length);
    expect(ledger.every((e) => e.kind === 'auto' && e.ref === session.id)).toBe(true);
  });

  // A zh club's reasons take full-width brackets and colon, as Chinese text does; an en club's, ASCII ones.
  it.each([
    ['zh', ['出席（迟到）', '撤销：出席', '出席（准时）']],
    ['en', ['attendance (late)', 'reversed: attendance', 'attendance (present)']],
  ] as const)('reasons in a %s club', (lang, reasons) => {
    const ledger = run([{ attendance: [rec('m1', 'late')], settings: { lang } }, { attendance: [rec('m1', 'present')], settings: { lang } }]);
    expect(ledger.map((e) => e.reason)).toEqual(reasons.map((r) => `${r} ${session.id} ${session.title}`));
  });
});
