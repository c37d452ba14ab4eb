// The evaluation's rules one at a time, on plain data: who is a no-show, when rates are null, which answers count,
// which earlier sessions are compared, and how their figures are averaged.
import { describe, expect, it } from 'vitest';
import { evaluateActivity, figuresOf, previousOfType } from '../../src/core/activities/evaluate.js';
import type { EvaluationInput } from '../../src/core/activities/evaluate.js';
import { noShowsAt } from '../../src/core/activities/noshow.js';
import type { Registration } from '../../src/core/activities/types.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Survey, SurveyResponse } from '../../src/core/surveys/types.js';

const TZ = 'Asia/Shanghai';
const opts = (now = '2026-04-01T10:00:00+08:00', surveyDays = 7) => ({ now: new Date(now), tz: TZ, surveyDays });

function session(id: string, startsAt: string, extra: Partial<Session> = {}): Session {
  const end = new Date(Date.parse(startsAt) + 3 * 3_600_000);
  return {
    id,
    title: id,
    type: 'competition',
    startsAt,
    endsAt: end.toISOString(),
    durationMinutes: 180,
    hostId: null,
    topic: null,
    place: null,
    status: 'done',
    seriesId: null,
    cancelReason: null,
    cancelledAt: null,
    minutes: null,
    doneAt: null,
    best: [],
    topicPollClosed: false,
    bestPollClosed: false,
    topicChosenAt: null,
    bestChosenAt: null,
    createdAt: '2026-01-01T00:00:00+08:00',
    ...extra,
  };
}
const reg = (sessionId: string, memberId: string, status: Registration['status'] = 'registered'): Registration => ({
  sessionId,
  memberId,
  status,
  at: `2026-03-01T10:0${memberId.slice(1)}:00+08:00`,
  note: null,
  source: 'manual',
  by: null,
  promotedAt: null,
  cancelledAt: null,
});
const mark = (sessionId: string, memberId: string, status: Attendance['status']): Attendance => ({ sessionId, memberId, status, at: '2026-03-14T14:00:00+08:00', reason: null, forced: false, source: 'manual', by: null });
const member = (id: string, history: Array<{ status: 'active' | 'left' | 'removed'; date: string }> = [{ status: 'active', date: '2026-01-01' }]) => ({ id, history });
const empty: EvaluationInput = { sessions: [], members: [], attendance: [], registrations: [], hours: [], surveys: [], responses: [], activities: [] };

const S = session('s9', '2026-03-14T14:00:00+08:00');

describe('activity figures', () => {
  it('counts a registered member who was excused, or had left before the session, as no no-show', () => {
    const input: EvaluationInput = {
      ...empty,
      sessions: [S],
      members: [member('m1'), member('m2'), member('m3'), member('m4', [{ status: 'active', date: '2026-01-01' }, { status: 'left', date: '2026-03-10' }]), member('m5', [{ status: 'active', date: '2026-01-01' }, { status: 'left', date: '2026-03-20' }])],
      registrations: ['m1', 'm2', 'm3', 'm4', 'm5'].map((m) => reg('s9', m)),
      attendance: [mark('s9', 'm1', 'present'), mark('s9', 'm2', 'excused'), mark('s9', 'm6', 'late')],
    };
    const f = figuresOf(S, input, opts());
    // m3 and m5 (who left after the session) are no-shows; m2 was excused, m4 had left.
    expect(f).toMatchObject({ registered: 5, attended: 2, walkIns: 1, noShows: 2, attendanceRate: 2 / 5 });
  });

  it("counts no-shows by the weekly report's rule: one who joined after the session started (registered with --force) is none", () => {
    const input: EvaluationInput = {
      ...empty,
      sessions: [S],
      members: [member('m1'), member('m2', [{ status: 'active', date: '2026-03-15' }]), member('m3')],
      registrations: ['m1', 'm2', 'm3'].map((m) => reg('s9', m)),
      attendance: [mark('s9', 'm1', 'present')],
    };
    const f = figuresOf(S, input, opts());
    expect(f).toMatchObject({ registered: 3, attended: 1, noShows: 1 });
    expect(noShowsAt(S, input.members, input.attendance, input.registrations, 'Asia/Shanghai', new Date('2026-04-01T00:00:00Z'))).toEqual(['m3']);
  });

  it('has no no-shows and no attendance rate before the session ends, nor for a cancelled one', () => {
    const input = { ...empty, members: [member('m1')], registrations: [reg('s9', 'm1')] };
    const before = session('s9', '2026-03-14T14:00:00+08:00', { status: 'scheduled' });
    expect(figuresOf(before, input, opts('2026-03-14T16:00:00+08:00'))).toMatchObject({ noShows: null, attendanceRate: null });
    expect(figuresOf(before, input, opts('2026-03-14T17:00:00+08:00'))).toMatchObject({ noShows: 1, attendanceRate: 0 });
    expect(figuresOf(session('s9', S.startsAt, { status: 'cancelled' }), input, opts())).toMatchObject({ noShows: null, attendanceRate: null });
  });

  it('has no rates without registrations or capacity', () => {
    const f = figuresOf(S, { ...empty, attendance: [mark('s9', 'm1', 'present')] }, opts());
    expect(f).toMatchObject({ registered: 0, attended: 1, capacity: null, fillRate: null, attendanceRate: null, noShows: 0 });
  });

  it.each([
    ['the day of the end', '2026-03-14', 7, true],
    ['the last day of the window', '2026-03-21', 7, true],
    ['the day after it', '2026-03-22', 7, false],
    ['the day before the end', '2026-03-13', 7, false],
    ['day 0 with surveyDays 0', '2026-03-14', 0, true],
    ['day 1 with surveyDays 0', '2026-03-15', 0, false],
  ])('counts an answer dated %s (%s, surveyDays %i): %s', (_what, date, days, counted) => {
    const survey = { id: 'v1', sessionId: 's9', questions: [{ id: 'q1', type: 'rating', text: 'x', required: true, scale: 5, satisfaction: true }] } as Survey;
    const response = { surveyId: 'v1', n: 1, memberId: null, date, at: null, answers: { q1: 5 } } as SurveyResponse;
    const f = figuresOf(S, { ...empty, surveys: [survey], responses: [response] }, opts(undefined, days));
    expect(f.responses).toBe(counted ? 1 : 0);
    expect(f.satisfaction).toBe(counted ? 1 : null);
  });

  it('never counts answers to a survey that is not linked to the session', () => {
    const survey = { id: 'v2', questions: [{ id: 'q1', type: 'nps', text: 'x', required: true }] } as unknown as Survey;
    const response = { surveyId: 'v2', n: 1, memberId: null, date: '2026-03-15', at: null, answers: { q1: 10 } } as SurveyResponse;
    expect(figuresOf(S, { ...empty, surveys: [survey], responses: [response] }, opts())).toMatchObject({ responses: 0, nps: null });
  });

  it('sums staff hours exactly', () => {
    const h = (id: string, hours: number, sessionId = 's9') => ({ id, memberId: 'm1', sessionId, hours, duty: null, at: S.startsAt, by: null });
    expect(figuresOf(S, { ...empty, hours: [h('h1', 0.1), h('h2', 0.2), h('h3', 1.15), h('h4', 5, 's8')] }, opts()).staffHours).toBe(1.45);
  });
});

describe('previousOfType', () => {
  const sessions = [
    session('s1', '2026-01-03T14:00:00+08:00'),
    session('s2', '2026-01-10T14:00:00+08:00'),
    session('s3', '2026-01-17T14:00:00+08:00', { status: 'cancelled' }),
    session('s4', '2026-01-24T14:00:00+08:00', { type: 'social' }),
    session('s5', '2026-01-31T14:00:00+08:00', { status: 'scheduled' }),
    session('s6', '2026-02-07T14:00:00+08:00'),
    session('s7', '2026-02-14T14:00:00+08:00'),
    S,
    session('s10', '2026-03-21T14:00:00+08:00'),
  ];
  it('takes the last three held sessions of the type before it, newest first', () => {
    expect(previousOfType(sessions, S).map((s) => s.id)).toEqual(['s7', 's6', 's2']);
  });

  it('averages each figure over the sessions that have it', () => {
    const input: EvaluationInput = {
      ...empty,
      sessions,
      registrations: [reg('s7', 'm1'), reg('s7', 'm2'), reg('s6', 'm1')],
      attendance: [mark('s7', 'm1', 'present'), mark('s6', 'm1', 'present'), mark('s2', 'm1', 'present')],
    };
    const e = evaluateActivity(S, input, opts());
    expect(e.previousOfType.map((p) => [p.session, p.registered, p.attendanceRate])).toEqual([
      ['s7', 2, 0.5],
      ['s6', 1, 1],
      ['s2', 0, null],
    ]);
    expect(e.previousAverage).toMatchObject({ registered: 1, attended: 1, attendanceRate: 0.75, fillRate: null });
  });
});
