// Check-in as admins really do it (issue 18, SPEC §14 "Check-in and imports"): lateness from the arrival time, entry
// after the end is present, only members of the session take part, 接龙 lists, the chat import's skipped messages,
// and the calendar revision of an edited session.
import { describe, expect, it } from 'vitest';
import type { CoreEnv } from '../../src/core/env.js';
import { RuleError } from '../../src/core/errors.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { arrivalStatus, checkIn, recordLeave } from '../../src/core/attendance/checkin.js';
import { parseChatLog, planChatCheckins } from '../../src/core/attendance/chatlog.js';
import { parseCheckinList, resolveList } from '../../src/core/attendance/lists.js';
import { addSessions, cancelSession, editSession, markDone } from '../../src/core/sessions/sessions.js';
import type { Session } from '../../src/core/sessions/types.js';
import { setBest, voteBest, voteTopic, proposeTopics, closeTopicVote } from '../../src/core/sessions/votes.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Member } from '../../src/core/types.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { emptyCounters } from '../../src/core/ids.js';

useEnvLang({ CLUB_LANG: 'en' });
const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const env = (now: string): CoreEnv => ({ now: new Date(now), settings, actor: 'admin' });
const counters = emptyCounters();

/** Members 杨洪勇, 雅风, 荆州+小明 (joined 2026-01-01) and 新人 (joined 2026-03-04); s1 on 2026-03-03 21:30–23:00. */
function club(): { members: Member[]; session: Session } {
  let state: MemberState = { members: [], tasks: [], counters };
  const people: Array<[Record<string, string>, string]> = [
    [{ name: '杨洪勇', qq: '1023919001' }, '2026-01-01'],
    [{ name: '雅风' }, '2026-01-01'],
    [{ name: '小明', nick: '荆州+小明' }, '2026-01-01'],
    [{ name: '新人', qq: '88888888' }, '2026-03-04'],
  ];
  for (const [fields, joined] of people) state = addMember(state, { fields: fields as never, joined, status: 'active' }, env('2026-03-04T12:00:00+08:00')).state;
  const start = { date: '2026-03-03', hour: 21, minute: 30, instant: new Date('2026-03-03T21:30:00+08:00') };
  const { created } = addSessions({ sessions: [], counters: state.counters }, state.members, { title: '读书会', start, durationMinutes: 90 }, env('2026-03-01T00:00:00+08:00'));
  return { members: [...state.members], session: created[0]! };
}

describe('the status of a check-in without --status (lateAfterMinutes 10)', () => {
  const { session } = club();
  it.each([
    ['entered before the start', undefined, '2026-03-03T21:25:00+08:00', 'present'],
    ['entered while it runs, in time', undefined, '2026-03-03T21:35:00+08:00', 'present'],
    ['entered while it runs, late', undefined, '2026-03-03T22:10:00+08:00', 'late'],
    ['entered after the end', undefined, '2026-03-03T23:00:00+08:00', 'present'],
    ['entered the next morning', undefined, '2026-03-04T09:00:00+08:00', 'present'],
    ['--at after start + lateAfter, entered the next morning', '2026-03-03T21:50:00+08:00', '2026-03-04T09:00:00+08:00', 'late'],
    ['--at in time, entered while it runs late', '2026-03-03T21:32:00+08:00', '2026-03-03T22:30:00+08:00', 'present'],
  ] as const)('%s', (_label, arrived, now, status) => {
    expect(arrivalStatus(session, arrived ? new Date(arrived) : undefined, new Date(now), settings)).toBe(status);
  });
});

describe('checkIn', () => {
  const { members, session } = club();
  const state = { members, sessions: [session], attendance: [] };
  const [yang, ya, , newcomer] = members as [Member, Member, Member, Member];

  it('records an entry after the end as present, at the entry time', () => {
    const r = checkIn(state, 's1', { members: [yang, ya], source: 'manual' }, env('2026-03-04T10:00:00+08:00'));
    expect(r.changes.map((c) => [c.member.name, c.after, c.record.at])).toEqual([
      ['杨洪勇', 'present', '2026-03-04T10:00:00+08:00'],
      ['雅风', 'present', '2026-03-04T10:00:00+08:00'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('takes lateness and the recorded time from --at; --status wins', () => {
    const late = checkIn(state, 's1', { members: [yang], at: new Date('2026-03-03T21:50:00+08:00'), source: 'manual' }, env('2026-03-04T10:00:00+08:00'));
    expect([late.changes[0]!.after, late.changes[0]!.record.at]).toEqual(['late', '2026-03-03T21:50:00+08:00']);
    const told = checkIn(state, 's1', { members: [yang], status: 'present', at: new Date('2026-03-03T21:50:00+08:00'), source: 'manual' }, env('2026-03-04T10:00:00+08:00'));
    expect(told.changes[0]!.after).toBe('present');
    // Entered again after the end with neither, it only says they came: the late record stays.
    const again = checkIn({ ...state, attendance: late.attendance }, 's1', { members: [yang, ya], source: 'file' }, env('2026-03-04T11:00:00+08:00'));
    expect([again.changes.map((c) => `${c.member.name} ${c.after}`), again.unchanged.map((m) => m.name)]).toEqual([['雅风 present'], ['杨洪勇']]);
  });

  it('refuses a member who joined after the start, naming the join date, unless forced', () => {
    const e = env('2026-03-04T10:00:00+08:00');
    expect(() => checkIn(state, 's1', { members: [newcomer], source: 'manual' }, e)).toThrow(RuleError);
    expect(() => checkIn(state, 's1', { members: [newcomer], source: 'manual' }, e)).toThrow(/joined on 2026-03-04, after s1 \(2026-03-03\)/);
    const forced = checkIn(state, 's1', { members: [newcomer], source: 'manual', force: true }, e);
    expect(forced.changes.map((c) => c.member.id)).toEqual(['m4']);
    expect(forced.notes[0]).toMatch(/2026-03-04.*--force/);
    expect(() => recordLeave(state, '新人', 's1', { reason: '出差', force: false }, e)).toThrow(/joined on 2026-03-04/);
  });

  it('checks in a member active at the start who has left since', () => {
    const left: Member = { ...ya, status: 'left', history: [...ya.history, { ...ya.history[0]!, status: 'left', date: '2026-03-04' }] };
    const r = checkIn({ ...state, members: [yang, left] }, 's1', { members: [left], source: 'manual' }, env('2026-03-05T10:00:00+08:00'));
    expect(r.changes.map((c) => c.after)).toEqual(['present']);
  });
});

describe('votes and the best performer are for members of the session', () => {
  const { members, session } = club();
  const e = env('2026-03-03T22:00:00+08:00');
  const attended = checkIn({ members, sessions: [session], attendance: [] }, 's1', { members: members.slice(0, 2), source: 'manual' }, e).attendance;
  const state = { members, sessions: [session], topics: proposeTopics({ members, sessions: [session], topics: [], votes: [], attendance: [] }, 's1', ['《活着》'], '杨洪勇', e).topics, votes: [], attendance: attended };

  it('refuses a topic vote and a best vote by a later member, unless forced', () => {
    expect(() => voteTopic(state, 's1', '1', '新人', e)).toThrow(/joined on 2026-03-04/);
    expect(() => voteBest(state, 's1', '雅风', '新人', e)).toThrow(/joined on 2026-03-04/);
    const check = { force: true, notes: [] as string[] };
    expect(voteTopic(state, 's1', '1', '新人', e, check).vote.voterId).toBe('m4');
    expect(check.notes).toHaveLength(1);
  });

  it('refuses to pick a later member as best performer', () => {
    const withNewcomer = checkIn(state, 's1', { members: [members[3]!], source: 'manual', force: true }, e).attendance;
    expect(() => setBest({ ...state, attendance: withNewcomer }, 's1', ['新人'], e)).toThrow(/joined on 2026-03-04/);
    expect(setBest({ ...state, attendance: withNewcomer }, 's1', ['新人'], e, { force: true }).session.best).toEqual(['m4']);
  });
});

describe('a check-in list from a file', () => {
  const { members } = club();
  it.each([
    ['one reference per line, # comments', '杨洪勇\n# 迟到的\n雅风\n', 'lines', ['杨洪勇', '雅风']],
    ['a 接龙 list with its header, 1. and 1、 and trailing words', '#接龙\n周二读书会 3月3日签到\n1. 杨洪勇\n2、雅风\n3. 荆州+小明 已到\n', 'jielong', ['杨洪勇', '雅风', '小明']],
    ['full-width numbers, an empty slot and a repeated name', '接龙\n１．杨洪勇\n2.\n3) 杨洪勇 +1\n', 'jielong', ['杨洪勇']],
  ] as const)('%s', (_label, text, kind, names) => {
    const list = parseCheckinList(text);
    expect(list.kind).toBe(kind);
    expect(resolveList(members, list, 'f.txt').map((m) => m.name)).toEqual(names);
  });

  it('names the line of an unmatched or ambiguous entry', () => {
    const twins = [...members, { ...members[1]!, id: 'm9', name: '雅风' }];
    expect(() => resolveList(members, parseCheckinList('#接龙\n标题\n1. 杨洪勇\n2. 路人甲 已到\n'), '接龙.txt')).toThrow('接龙.txt line 4: "路人甲 已到" matches no member');
    expect(() => resolveList(twins, parseCheckinList('1. 杨洪勇\n2、雅风\n'), 'stdin')).toThrow(/stdin line 2: "雅风" matches m2 雅风.*m9 雅风/);
    expect(() => resolveList(members, parseCheckinList('1. 甲\n2. 乙\n'), 'f')).toThrow(/lines that could not be used \(2\):\n {2}f line 1: "甲".*\n {2}f line 2: "乙"/);
  });
});

describe('the chat import lists every message it did not count', () => {
  const { members, session } = club();
  const CHAT = [
    '2026-03-03 21:10:00 荆州+杨洪勇(1023919001)\n签到\n',
    '2026-03-03 21:20:00 荆州+杨洪勇(1023919001)\n签到\n',
    '2026-03-03 21:31:00 雅风(5551234)\n好的\n',
    '2026-03-03 21:32:00 路人甲(99999999)\n签到\n',
    '2026-03-03 21:40:00 荆州+杨洪勇(1023919001)\n签到 again\n',
    '2026-03-03 23:30:00 荆州+小明(7777777)\n签到\n',
  ].join('\n');
  const plan = (fromMinutes?: number) => planChatCheckins(parseChatLog(CHAT, 'Asia/Shanghai'), session, members, { keyword: '签到', overrides: new Map(), settings, fromMinutes });

  it('with the reason, and --from-minutes moving the start of the window', () => {
    const p = plan();
    expect(p.checkins.map((c) => c.member.name)).toEqual(['杨洪勇']);
    expect(p.skipped.map((s) => [s.line, s.sender, s.reason])).toEqual([
      [1, '荆州+杨洪勇', 'early'],
      [7, '雅风', 'keyword'],
      [10, '路人甲', 'unmatched'],
      [16, '荆州+小明', 'late'],
    ]);
    expect(p.repeats).toBe(1);
    const wide = plan(30);
    expect(wide.skipped.map((s) => s.reason)).toEqual(['keyword', 'unmatched', 'late']);
    expect(wide.checkins[0]!.message.line).toBe(1);
    expect(wide.repeats).toBe(2);
  });
});

describe('the calendar revision of a session', () => {
  const { members, session } = club();
  const e = env('2026-03-02T09:00:00+08:00');
  it.each([
    ['the time', { start: new Date('2026-03-03T20:00:00+08:00') }, 1],
    ['the title', { title: '周二读书会' }, 1],
    ['the place', { place: '腾讯会议' }, 1],
    ['the topic', { topic: '《活着》' }, 1],
    ['the type', { type: 'discussion' }, 0],
    ['nothing', {}, 0],
  ] as const)('editing %s gives revision %i', (_label, input, revision) => {
    const r = editSession([session], members, 's1', input as never, e);
    expect(r.session.revision ?? 0).toBe(revision);
    expect(r.session.modifiedAt).toBe(revision ? '2026-03-02T09:00:00+08:00' : undefined);
  });

  it('rises on cancel and on the topic vote closing, not on done', () => {
    expect(cancelSession([session], 's1', '放假', e).session.revision).toBe(1);
    const twice = editSession(editSession([session], members, 's1', { place: 'A' }, e).sessions, members, 's1', { place: 'B' }, env('2026-03-02T10:00:00+08:00'));
    expect([twice.session.revision, twice.session.modifiedAt]).toEqual([2, '2026-03-02T10:00:00+08:00']);
    expect(markDone([session], 's1', null, env('2026-03-04T09:00:00+08:00')).session.revision).toBeUndefined();
    const state = { members, sessions: [session], topics: [], votes: [], attendance: [] };
    const topics = proposeTopics(state, 's1', ['《活着》'], '杨洪勇', e).topics;
    const votes = voteTopic({ ...state, topics }, 's1', '1', '雅风', e).votes;
    expect(closeTopicVote({ ...state, topics, votes }, 's1', e).session.revision).toBe(1);
  });
});
