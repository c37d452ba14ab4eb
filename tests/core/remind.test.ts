// Who each reminder names (src/core/messages/remind.ts), from data and a fixed now: the rules the command tests do not
// reach — eligibility and a tag audience for registration, a survey about a session, tasks of members who left, the
// reading window — and the sessions notice next announces.
import { describe, expect, it } from 'vitest';
import type { Activity, ActivityPlan, Registration } from '../../src/core/activities/types.js';
import { buildNotice } from '../../src/core/messages/notice.js';
import { remindReading, remindRegistration, remindSurvey, remindTasks } from '../../src/core/messages/remind.js';
import type { ReadingTask } from '../../src/core/reading/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Survey } from '../../src/core/surveys/types.js';
import type { Member, Task } from '../../src/core/types.js';

const env = { now: new Date('2026-03-10T01:00:00Z'), settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }), actor: 'tester' };

function member(id: string, over: Partial<Member> = {}): Member {
  const joinedAt = over.joinedAt ?? '2026-01-01';
  return { id, name: `成员${id}`, nick: null, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: 'active', tags: [], joinedAt, referrerId: null, note: null, warnings: [], history: [{ status: 'active', date: joinedAt, at: `${joinedAt}T00:00:00+08:00`, reason: null, by: null }], createdAt: `${joinedAt}T00:00:00+08:00`, purged: false, ...over };
}

function session(id: string, startsAt: string, over: Partial<Session> = {}): Session {
  return { id, title: `活动${id}`, type: 'discussion', startsAt, endsAt: startsAt, durationMinutes: 90, hostId: null, topic: null, place: null, status: 'scheduled', seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-01-01T00:00:00+08:00', ...over };
}

const plan = (over: Partial<ActivityPlan>): ActivityPlan => ({ theme: 't', form: null, content: null, participation: null, rewards: null, resources: null, risks: [], capacity: null, registrationDeadline: null, eligibility: { minPoints: null, minDaysMember: null, roles: [] }, budget: [], ...over });
const activity = (sessionId: string, p: ActivityPlan): Activity => ({ sessionId, status: 'approved', plan: p, history: [] });
const ids = (r: { members: Array<{ id: string }> }) => r.members.map((m) => m.id);

describe('remind registration', () => {
  const s = session('s1', '2026-03-14T14:00:00+08:00');
  const members = [member('m1'), member('m2', { joinedAt: '2026-03-05' }), member('m3', { role: 'volunteer' }), member('m4', { status: 'left' }), member('m5', { tags: ['诗社'] }), member('m6')];
  const registrations = [{ sessionId: 's1', memberId: 'm1', status: 'registered', at: '2026-03-01T00:00:00+08:00' }, { sessionId: 's1', memberId: 'm6', status: 'cancelled', at: '2026-03-01T00:00:00+08:00' }] as Registration[];

  it.each([
    ['no rules: everyone active not signed up (a cancellation asks again)', plan({}), ['m2', 'm3', 'm5', 'm6']],
    ['member for 30 days', plan({ eligibility: { minPoints: null, minDaysMember: 30, roles: [] } }), ['m3', 'm5', 'm6']],
    ['volunteers only', plan({ eligibility: { minPoints: null, minDaysMember: null, roles: ['volunteer'] } }), ['m3']],
    ['10 points', plan({ eligibility: { minPoints: 10, minDaysMember: null, roles: [] } }), ['m5']],
  ])('%s', (_, p, expected) => {
    const state = { registrations, activities: [activity('s1', p)], members, balances: new Map([['m5', 12]]) };
    expect(ids(remindRegistration(s, state, { activities: state.activities, registrations }, env))).toEqual(expected);
  });

  it('a tag audience asks only its members', () => {
    const tagged = { ...s, audience: 'tag:诗社' };
    const state = { registrations, activities: [activity('s1', plan({}))], members, balances: new Map() };
    const traits = new Map(members.map((m) => [m.id, { role: m.role, tags: m.tags }]));
    expect(ids(remindRegistration(tagged, state, { activities: state.activities, registrations, traits }, env))).toEqual(['m5']);
  });

  it('refuses a session that has started', () => {
    const state = { registrations, activities: [], members, balances: new Map() };
    expect(() => remindRegistration(session('s2', '2026-03-10T08:00:00+08:00'), state, {}, env)).toThrow(/s2/);
  });
});

describe('remind survey', () => {
  const members = [member('m1'), member('m2'), member('m3'), member('m4', { status: 'removed' })];
  const survey = (over: Partial<Survey>): Survey => ({ id: 'v1', title: '反馈', anonymous: false, status: 'open', questions: [], openedAt: null, closedAt: null, activeAtOpen: null, createdAt: '2026-03-01T00:00:00+08:00', ...over });
  const responses = [{ surveyId: 'v1', n: 1, memberId: 'm1', date: '2026-03-08', at: null, answers: {} }];
  const attendance = [
    { sessionId: 's1', memberId: 'm1', status: 'present' },
    { sessionId: 's1', memberId: 'm2', status: 'late' },
    { sessionId: 's1', memberId: 'm3', status: 'excused' },
    { sessionId: 's1', memberId: 'm4', status: 'present' },
  ] as Attendance[];

  it('expects every active member, or for a survey about a session those who came', () => {
    expect(ids(remindSurvey(survey({}), members, responses, null))).toEqual(['m2', 'm3']);
    expect(ids(remindSurvey(survey({ sessionId: 's1' }), members, responses, attendance))).toEqual(['m2']);
  });

  it('refuses an anonymous survey and one that is not open', () => {
    expect(() => remindSurvey(survey({ anonymous: true }), members, responses, null)).toThrow(/v1/);
    expect(() => remindSurvey(survey({ status: 'closed' }), members, responses, null)).toThrow(/v1/);
  });
});

describe('remind tasks and reading', () => {
  const members = [member('m1'), member('m2', { status: 'left' })];
  const task = (id: string, due: string | null, over: Partial<Task> = {}): Task => ({ id, title: id, ownerId: 'm1', due, status: 'open', doneAt: null, sessionId: null, kind: null, createdAt: '2026-01-01T00:00:00+08:00', ...over });

  it('tasks: overdue or due by the third day from today, open, not of a member who left', () => {
    const tasks = [task('t1', '2026-03-09'), task('t2', '2026-03-13'), task('t3', '2026-03-14'), task('t4', '2026-03-01', { status: 'done' }), task('t5', '2026-03-01', { ownerId: 'm2' }), task('t6', null), task('t7', '2026-03-10', { ownerId: null })];
    const r = remindTasks(tasks, members, env);
    expect(r.kind === 'tasks' && r.tasks.map((x) => [x.id, x.overdue])).toEqual([
      ['t1', true],
      ['t7', false],
      ['t2', false],
    ]);
    expect(ids(r)).toEqual(['m1']);
  });

  it('reading: not done, due within 3 days or missed in the last 60 days', () => {
    const k = (id: string, due: string, doneAt: string | null = null): ReadingTask => ({ id, memberId: 'm1', bookId: 'b1', startedOn: '2026-01-01', due, doneAt, notes: null, notesAt: null, createdAt: '2026-01-01T00:00:00+08:00' });
    const tasks = [k('k1', '2026-03-13'), k('k2', '2026-03-14'), k('k3', '2026-03-09'), k('k4', '2026-01-01'), k('k5', '2026-03-11', '2026-03-09T10:00:00+08:00')];
    const r = remindReading(tasks, [{ id: 'b1', title: '三体', author: null, pages: null, big: false, tags: [], createdAt: '2026-01-01T00:00:00+08:00' }], members, env);
    expect(r.kind === 'reading' && r.tasks.map((x) => [x.id, x.book, x.overdue])).toEqual([
      ['k3', '三体', true],
      ['k1', '三体', false],
    ]);
  });
});

describe('notice next', () => {
  it('announces the scheduled sessions starting from now until N days later, in time order', () => {
    const sessions = [
      session('s1', '2026-03-10T08:00:00+08:00'), // started an hour ago
      session('s2', '2026-03-17T08:59:00+08:00'),
      session('s3', '2026-03-17T09:00:00+08:00'), // 7 days from now: the next notice's
      session('s4', '2026-03-12T20:00:00+08:00', { status: 'cancelled' }),
      session('s5', '2026-03-11T20:00:00+08:00'),
    ];
    const notice = buildNotice({ sessions, members: [], activities: [], registrations: [] }, env, 7);
    expect(notice.sessions.map((s) => s.id)).toEqual(['s5', 's2']);
    expect([notice.from, notice.to]).toEqual(['2026-03-10T09:00:00+08:00', '2026-03-17T09:00:00+08:00']);
  });

  it.each([
    ['places left', plan({ capacity: 3 }), 1, { state: 'open', placesLeft: 2 }],
    ['full: the waitlist', plan({ capacity: 1 }), 1, { state: 'full', placesLeft: 0 }],
    ['past the deadline', plan({ capacity: 3, registrationDeadline: '2026-03-09T22:00:00+08:00' }), 1, { state: 'closed' }],
    ['no capacity, a deadline', plan({ registrationDeadline: '2026-03-11T22:00:00+08:00' }), 1, { state: 'open', placesLeft: null, registered: 1 }],
  ])('registration: %s', (_, p, registered, expected) => {
    const registrations = Array.from({ length: registered }, (_, i) => ({ sessionId: 's1', memberId: `m${i + 1}`, status: 'registered', at: '2026-03-01T00:00:00+08:00' })) as Registration[];
    const notice = buildNotice({ sessions: [session('s1', '2026-03-12T20:00:00+08:00')], members: [], activities: [activity('s1', p)], registrations }, env, 7);
    expect(notice.sessions[0]!.registration).toMatchObject(expected);
  });

  it('registration of an activity that awaits approval is pending; a session without plan or sign-ups takes none', () => {
    const competition = session('s1', '2026-03-12T20:00:00+08:00', { type: 'competition' });
    const pending = buildNotice({ sessions: [competition, session('s2', '2026-03-12T20:00:00+08:00')], members: [], activities: [{ ...activity('s1', plan({ capacity: 5 })), status: 'submitted' }], registrations: [] }, env, 7);
    expect(pending.sessions.map((s) => s.registration?.state ?? null)).toEqual(['pending', null]);
  });
});
