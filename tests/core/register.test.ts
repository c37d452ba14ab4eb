// Registration rules (SPEC §9, §14 "Activities"), pure: places then a FIFO waitlist, arrival order by `at` (1 ms
// apart, never a tie), promotion on cancellation (the first waitlisted who is still active), every refusal naming its
// rule and the member and refusing the whole command, and the parsing of 接龙 lists and form exports.
import { describe, expect, it } from 'vitest';
import { arrivalInstant, cancelRegistration, eligibilityProblem, fillPlaces, nextArrival, registerMembers, registrationRows } from '../../src/core/activities/register.js';
import type { RegisterState } from '../../src/core/activities/register.js';
import { formColumns, formEntries, isJielong, jielongEntries, matchEntries } from '../../src/core/activities/register-import.js';
import { registrationsOf } from '../../src/core/activities/registrations.js';
import type { Activity, ActivityPlan, Registration } from '../../src/core/activities/types.js';
import type { CoreEnv } from '../../src/core/env.js';
import { RuleError, UsageError } from '../../src/core/errors.js';
import { emptyCounters } from '../../src/core/ids.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { addSessions } from '../../src/core/sessions/sessions.js';
import type { Session } from '../../src/core/sessions/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Member } from '../../src/core/types.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { testPlan } from '../helpers/plans.js';

useEnvLang({ CLUB_LANG: 'en' });
const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const NOW = '2026-03-05T20:00:00+08:00';
const env = (now = NOW): CoreEnv => ({ now: new Date(now), settings, actor: 'admin' });

const plan = testPlan;

/** m1…m12 joined 2026-01-01 (m12 王芳 a volunteer), m13 新人 joined 2026-03-20; s1 a competition on 2026-03-14. */
function club(): { members: Member[]; session: Session } {
  let state: MemberState = { members: [], tasks: [], counters: emptyCounters() };
  const names = ['杨洪勇', '雅风', '李雷', '韩梅梅', '王小明', '张三', '李四', '王五', '赵六', '孙七', '周八', '王芳'];
  for (const [i, name] of names.entries()) {
    state = addMember(state, { fields: { name, role: i === 11 ? 'volunteer' : undefined } as never, joined: '2026-01-01', status: 'active' }, env('2026-01-01T12:00:00+08:00')).state;
  }
  state = addMember(state, { fields: { name: '新人' } as never, joined: '2026-03-20', status: 'active' }, env('2026-03-20T12:00:00+08:00')).state;
  const start = { date: '2026-03-14', hour: 14, minute: 0, instant: new Date('2026-03-14T14:00:00+08:00') };
  const { created } = addSessions({ sessions: [], counters: state.counters }, state.members, { title: '读书竞赛', start, durationMinutes: 120, type: 'competition' } as never, env('2026-03-01T00:00:00+08:00'));
  return { members: [...state.members], session: created[0]! };
}

const approved = (sessionId: string, p: ActivityPlan, status: Activity['status'] = 'approved'): Activity => ({ sessionId, status, plan: p, history: [] });

function state(members: Member[], activities: Activity[], registrations: Registration[] = [], balances = new Map<string, number>()): RegisterState {
  return { members, activities, registrations, balances };
}

const byId = (members: Member[], ...ids: string[]) => ids.map((id) => members.find((m) => m.id === id)!);
const signUps = (members: Member[]) => members.map((member) => ({ member, note: null }));
const statuses = (regs: Registration[], sessionId = 's1') => {
  const v = registrationsOf(regs, sessionId);
  return { registered: v.registered.map((r) => r.memberId), waitlisted: v.waitlisted.map((r) => r.memberId), cancelled: v.cancelled.map((r) => r.memberId) };
};

function refusal(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('places and the waitlist', () => {
  const { members, session } = club();
  const s = (capacity: number | null) => state(members, [approved('s1', plan({ capacity }))]);

  it.each([
    [null, 5, 5, 0],
    [8, 5, 5, 0],
    [3, 5, 3, 2],
    [0, 2, 0, 2],
  ] as const)('capacity %s, %s sign up: %s registered, %s waitlisted', (capacity, n, registered, waitlisted) => {
    const r = registerMembers(s(capacity), { session, signUps: signUps(members.slice(0, n)), source: 'manual', by: 'admin', force: false }, env());
    expect(r.added.filter((a) => a.status === 'registered')).toHaveLength(registered);
    expect(r.added.filter((a) => a.status === 'waitlisted')).toHaveLength(waitlisted);
    // The first to arrive get the places.
    expect(statuses(r.registrations).registered).toEqual(members.slice(0, registered).map((m) => m.id));
  });

  it('keeps arrivals in the order given, 1 ms apart, after the latest arrival of the session', () => {
    const first = registerMembers(s(2), { session, signUps: signUps(byId(members, 'm5', 'm2')), source: 'manual', by: 'admin', force: false }, env());
    expect(first.added.map((a) => a.at)).toEqual(['2026-03-05T20:00:00+08:00', '2026-03-05T20:00:00.001+08:00']);
    // A later command whose clock is behind (it started first, committed second) still arrives after them.
    const second = registerMembers({ ...s(2), registrations: first.registrations }, { session, signUps: signUps(byId(members, 'm1', 'm3')), source: 'manual', by: 'admin', force: false }, env('2026-03-05T19:59:59+08:00'));
    expect(second.added.map((a) => a.at)).toEqual(['2026-03-05T20:00:00.002+08:00', '2026-03-05T20:00:00.003+08:00']);
    expect(statuses(second.registrations)).toEqual({ registered: ['m5', 'm2'], waitlisted: ['m1', 'm3'], cancelled: [] });
  });

  it('orders by instant, not by text (…00Z sorts after …00.001Z as text)', () => {
    expect(arrivalInstant(Date.parse('2026-03-05T12:00:00.001Z'), 'UTC')).toBe('2026-03-05T12:00:00.001Z');
    const regs = [
      { sessionId: 's1', memberId: 'm1', status: 'waitlisted', at: '2026-03-05T12:00:00.001Z' },
      { sessionId: 's1', memberId: 'm2', status: 'waitlisted', at: '2026-03-05T12:00:00Z' },
    ] as Registration[];
    expect(statuses(regs).waitlisted).toEqual(['m2', 'm1']);
    expect(nextArrival(regs, 's1', new Date('2026-03-05T11:00:00Z'))).toBe(Date.parse('2026-03-05T12:00:00.002Z'));
  });

  it('lets nobody jump the queue when a place is free but someone waits (a raised capacity fills from the waitlist first)', () => {
    const full = registerMembers(s(2), { session, signUps: signUps(byId(members, 'm1', 'm2', 'm3', 'm4')), source: 'manual', by: 'admin', force: false }, env());
    const raised = state(members, [approved('s1', plan({ capacity: 3 }))], full.registrations);
    const r = registerMembers(raised, { session, signUps: signUps(byId(members, 'm5')), source: 'manual', by: 'admin', force: false }, env());
    expect(r.promoted.map((p) => p.memberId)).toEqual(['m3']);
    expect(statuses(r.registrations)).toEqual({ registered: ['m1', 'm2', 'm3'], waitlisted: ['m4', 'm5'], cancelled: [] });
  });

  it('registers again after a cancellation, at the end of the queue with a new at', () => {
    const r1 = registerMembers(s(1), { session, signUps: signUps(byId(members, 'm1', 'm2')), source: 'manual', by: 'admin', force: false }, env());
    const c = cancelRegistration({ ...s(1), registrations: r1.registrations }, session, byId(members, 'm1')[0]!, { force: false }, env('2026-03-06T10:00:00+08:00'));
    const r2 = registerMembers({ ...s(1), registrations: c.registrations }, { session, signUps: signUps(byId(members, 'm3', 'm1')), source: 'manual', by: 'admin', force: false }, env('2026-03-06T11:00:00+08:00'));
    expect(statuses(r2.registrations)).toEqual({ registered: ['m2'], waitlisted: ['m3', 'm1'], cancelled: [] });
    const again = r2.registrations.find((r) => r.memberId === 'm1')!;
    expect(again).toMatchObject({ status: 'waitlisted', at: '2026-03-06T11:00:00.001+08:00', cancelledAt: null, promotedAt: null });
  });
});

describe('cancelling and promotion', () => {
  const { members, session } = club();
  const base = state(members, [approved('s1', plan({ capacity: 2 }))]);
  const r = registerMembers(base, { session, signUps: signUps(byId(members, 'm1', 'm2', 'm3', 'm4', 'm5')), source: 'manual', by: 'admin', force: false }, env());
  const withRegs = (ms = members) => ({ ...base, members: ms, registrations: r.registrations });
  const later = env('2026-03-06T09:00:00+08:00');

  it.each([
    ['a registered one cancels: the first waitlisted moves up', 'm1', ['m2', 'm3'], ['m4', 'm5'], ['m3']],
    ['a waitlisted one cancels: the gap closes, nobody moves up', 'm4', ['m1', 'm2'], ['m3', 'm5'], []],
    ['the last waitlisted cancels', 'm5', ['m1', 'm2'], ['m3', 'm4'], []],
  ] as const)('%s', (_label, who, registered, waitlisted, promoted) => {
    const c = cancelRegistration(withRegs(), session, byId(members, who)[0]!, { force: false }, later);
    expect(statuses(c.registrations)).toEqual({ registered, waitlisted, cancelled: [who] });
    expect(c.promoted.map((p) => p.memberId)).toEqual(promoted);
    expect(c.cancelled).toMatchObject({ status: 'cancelled', cancelledAt: '2026-03-06T09:00:00+08:00' });
    for (const p of c.promoted) expect(p.promotedAt).toBe('2026-03-06T09:00:00+08:00');
    const rows = registrationRows(c.registrations, 's1', (id) => id);
    expect(rows.filter((x) => x.status === 'waitlisted').map((x) => x.position)).toEqual(waitlisted.map((_, i) => i + 1));
    expect(rows.filter((x) => x.status !== 'waitlisted').every((x) => x.position === null)).toBe(true);
  });

  it('passes over a waitlisted member who is no longer active (they stay on the waitlist)', () => {
    const left = members.map((m) => (m.id === 'm3' ? { ...m, status: 'left' as const } : m));
    const c = cancelRegistration(withRegs(left), session, byId(members, 'm2')[0]!, { force: false }, later);
    expect(c.promoted.map((p) => p.memberId)).toEqual(['m4']);
    expect(statuses(c.registrations)).toEqual({ registered: ['m1', 'm4'], waitlisted: ['m3', 'm5'], cancelled: ['m2'] });
  });

  it('promotes everyone waiting when there is no capacity any more', () => {
    const f = fillPlaces(r.registrations, members, 's1', null, later);
    expect(f.promoted.map((p) => p.memberId)).toEqual(['m3', 'm4', 'm5']);
  });

  it.each([
    ['not registered', 'm9', /has no registration for s1/],
    ['already cancelled', 'm1', /was already cancelled/],
  ] as const)('refuses to cancel: %s', (_label, who, message) => {
    const once = cancelRegistration(withRegs(), session, byId(members, 'm1')[0]!, { force: false }, later);
    const e = refusal(() => cancelRegistration({ ...withRegs(), registrations: once.registrations }, session, byId(members, who)[0]!, { force: false }, later));
    expect(e.message).toMatch(message);
  });

  it('refuses to cancel once the session has started (no-shows stay no-shows), unless forced', () => {
    const started = env('2026-03-14T14:05:00+08:00');
    expect(refusal(() => cancelRegistration(withRegs(), session, byId(members, 'm1')[0]!, { force: false }, started)).message).toMatch(/s1 has started: m1 杨洪勇's registration can no longer be cancelled/);
    expect(cancelRegistration(withRegs(), session, byId(members, 'm1')[0]!, { force: true }, started).promoted.map((p) => p.memberId)).toEqual(['m3']);
  });
});

describe('refusals name the rule and the member, and refuse the whole command', () => {
  const { members, session } = club();
  const run = (activities: Activity[], ids: string[], opts: { now?: string; balances?: Map<string, number>; registrations?: Registration[]; session?: Session; force?: boolean } = {}) =>
    registerMembers(state(members, activities, opts.registrations ?? [], opts.balances), { session: opts.session ?? session, signUps: signUps(byId(members, ...ids)), source: 'manual', by: 'admin', force: opts.force ?? false }, env(opts.now));
  const ok = [approved('s1', plan({ capacity: 8 }))];

  it.each([
    ['no plan (status none)', [], ['m1'], {}, /s1 is a competition activity whose plan is not approved \(status: no plan\)/],
    ['a plan under review', [approved('s1', plan(), 'reviewed')], ['m1'], {}, /not approved \(status: reviewed\)/],
    ['a cancelled session', ok, ['m1'], { session: { ...club().session, status: 'cancelled' } }, /s1 is cancelled: it takes no registrations/],
    ['a session held', ok, ['m1'], { session: { ...club().session, status: 'done' } }, /s1 is done: it takes no registrations/],
    ['past the deadline', [approved('s1', plan({ registrationDeadline: '2026-03-05T12:00:00+08:00' }))], ['m1'], {}, /registration for s1 closed at 2026-03-05 .* 12:00 \(registrationDeadline\)/],
    ['too few points', [approved('s1', plan({ eligibility: { minPoints: 10, minDaysMember: null, roles: [] } }))], ['m1', 'm5'], { balances: new Map([['m1', 12], ['m5', 3]]) }, /^m5 王小明 has 3 points; the plan asks at least 10 \(eligibility\.minPoints\)$/],
    ['a member too new', [approved('s1', plan({ eligibility: { minPoints: null, minDaysMember: 90, roles: [] } }))], ['m2'], {}, /m2 雅风 has been a member for 63 days \(joined 2026-01-01\); the plan asks at least 90 \(eligibility\.minDaysMember\)/],
    ['the wrong role', [approved('s1', plan({ eligibility: { minPoints: null, minDaysMember: null, roles: ['volunteer'] } }))], ['m12', 'm3'], {}, /^m3 李雷 has the role member; the plan asks one of: volunteer \(eligibility\.roles\)$/],
    ['already registered', ok, ['m1'], { registrations: [{ sessionId: 's1', memberId: 'm1', status: 'registered', at: NOW } as Registration] }, /m1 杨洪勇 is already registered for s1 \(place 1\)/],
    ['already waitlisted', ok, ['m2'], { registrations: [{ sessionId: 's1', memberId: 'm2', status: 'waitlisted', at: NOW } as Registration] }, /m2 雅风 is already on the waitlist of s1 \(position 1\)/],
    ['joined after the start', ok, ['m13'], { now: '2026-03-21T10:00:00+08:00' }, /m13 新人 joined on 2026-03-20, after s1 \(2026-03-14\)/],
  ] as const)('%s', (_label, activities, ids, opts, message) => {
    const e = refusal(() => run(activities as Activity[], [...ids], opts as never));
    expect(e.code).toBe('rule');
    expect(e.message).toMatch(message);
  });

  it('refuses a member who is not active now', () => {
    const left = members.map((m) => (m.id === 'm4' ? { ...m, status: 'left' as const } : m));
    const e = refusal(() => registerMembers(state(left, ok), { session, signUps: signUps(byId(left, 'm4')), source: 'manual', by: 'admin', force: true }, env()));
    expect(e.message).toBe('m4 韩梅梅 is not an active member (status: left): only active members register');
  });

  it('lists every refused member at once, and registers nobody', () => {
    const rules = [approved('s1', plan({ eligibility: { minPoints: 5, minDaysMember: null, roles: [] } }))];
    const e = refusal(() => run(rules, ['m1', 'm2', 'm3'], { balances: new Map([['m2', 9]]) }));
    expect(e.message).toContain('2 members cannot be registered, so nobody was');
    expect(e.message).toContain('m1 杨洪勇 has 0 points');
    expect(e.message).toContain('m3 李雷 has 0 points');
    expect(e.message).not.toContain('m2');
  });

  it('registers a member who joined after the start with force, and says so', () => {
    const r = run(ok, ['m13'], { now: '2026-03-21T10:00:00+08:00', force: true });
    expect(r.added.map((a) => a.memberId)).toEqual(['m13']);
    expect(r.notes[0]).toMatch(/joined on 2026-03-20.*recorded anyway \(--force\)/);
  });

  it('counts whole days of membership up to today (club zone)', () => {
    const m = byId(members, 'm1')[0]!;
    const p = plan({ eligibility: { minPoints: null, minDaysMember: 63, roles: [] } });
    expect(eligibilityProblem(m, p, 0, env('2026-03-05T00:30:00+08:00'))).toBeNull();
    expect(eligibilityProblem(m, p, 0, env('2026-03-04T23:59:00+08:00'))).toMatch(/62 days/);
  });
});

describe('register import: 接龙 lists and form exports', () => {
  const { members } = club();
  const withNick = members.map((m) => (m.id === 'm6' ? { ...m, nick: '荆州+张三' } : m));
  const LIST = '#接龙\n周六读书会报名\n例 张三\n\n1. 杨洪勇\n2. 雅风 带一位朋友\n3、荆州+张三\n４．王芳  晚到 半小时\n5. 不认识的人\n6. 雅风\n';

  it('tells a 接龙 list from a CSV form export', () => {
    expect(isJielong(LIST)).toBe(true);
    expect(isJielong('姓名,备注\n杨洪勇,\n')).toBe(false);
    expect(isJielong('序号,姓名\n1,杨洪勇\n')).toBe(false);
    expect(isJielong('1. 杨洪勇\n2. 雅风\n')).toBe(true);
  });

  it('reads the numbered lines in order: the name is the longest run of words naming a member, the rest the note', () => {
    const entries = jielongEntries(LIST);
    expect(entries.map((e) => e.line)).toEqual([5, 6, 7, 8, 9, 10]);
    const m = matchEntries(withNick, entries, 'jielong');
    expect(m.matched.map((x) => [x.line, x.member.id, x.note])).toEqual([
      [5, 'm1', null],
      [6, 'm2', '带一位朋友'],
      [7, 'm6', null],
      [8, 'm12', '晚到 半小时'],
    ]);
    expect(m.problems).toEqual([{ line: 9, message: 'line 9: "不认识的人" matches no member' }]);
    expect(m.repeats.map((r) => [r.line, r.first, r.member.id])).toEqual([[10, 6, 'm2']]);
  });

  it('names the line of a control character or an enormous line, and reads nothing', () => {
    expect(() => jielongEntries('1. 杨洪勇\n2. 雅\u0000风\n')).toThrow(/line 2: invalid entry: control character U\+0000 at position 2/);
    expect(() => jielongEntries(`1. 杨洪勇\n2. ${'长'.repeat(5000)}\n`)).toThrow(UsageError);
    expect(() => jielongEntries(`1. 杨洪勇\n2. ${'长'.repeat(5000)}\n`)).toThrow(/line 2: .*5000/);
  });

  it('maps a form export: every member column, a note column, the rest ignored', () => {
    const headers = ['序号', '提交答卷时间', '1、您的姓名（必填）', '2、QQ号', '3、备注', '来源'];
    const cols = formColumns(headers);
    expect(cols).toEqual({ member: [2, 3], note: 4, ignored: ['序号', '提交答卷时间', '来源'] });
    const withQq = members.map((m) => (m.id === 'm3' ? { ...m, qq: '10001' } : m));
    const rows = [
      { line: 2, cells: ['1', '2026/3/5 10:00', '杨洪勇', '', '', '微信'] },
      { line: 3, cells: ['2', '2026/3/5 10:01', '李小雷', '10001', '素食', '微信'] },
      { line: 4, cells: ['3', '2026/3/5 10:02', '雅风', '10001', '', '微信'] },
      { line: 5, cells: ['4', '2026/3/5 10:03', '', '', '', ''] },
    ];
    const m = matchEntries(withQq, formEntries(rows, cols), 'form');
    expect(m.matched.map((x) => [x.line, x.member.id, x.note])).toEqual([
      [2, 'm1', null],
      [3, 'm3', '素食'],
    ]);
    // Two cells that name two different members: ambiguous, never a guess.
    expect(m.problems.map((p) => p.message)).toEqual(['line 4: "雅风 / 10001" matches m2 雅风; m3 李雷']);
  });

  it('refuses a form with no member column', () => {
    expect(() => formEntries([{ line: 2, cells: ['x'] }], formColumns(['编号']))).toThrow(/neither a form export with a column naming the member/);
  });
});
