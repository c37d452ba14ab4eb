// clubAsOf: the club as a report for a period sees it, from what was recorded by the report's now.
import { describe, expect, it } from 'vitest';
import { clubAsOf } from '../../src/core/reports/as-of.js';
import type { ClubData } from '../../src/core/reports/kpis.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import type { Feedback, Survey, SurveyResponse } from '../../src/core/surveys/types.js';
import type { MemberSummary, Task } from '../../src/core/types.js';

// The week of 9–15 March 2026 (to = 16 March, 00:00 in Shanghai), reported on 18 March at noon.
const PERIOD = { from: '2026-03-09', to: '2026-03-16' };
const NOW = new Date('2026-03-18T12:00:00+08:00');
const DURING = '2026-03-12T10:00:00+08:00';
const AFTER_END = '2026-03-17T10:00:00+08:00'; // after the period, before now
const AFTER_NOW = '2026-03-19T10:00:00+08:00';

const member = (id: string, history: MemberSummary['history'], extra: Partial<MemberSummary> = {}): MemberSummary => ({
  id, name: id, status: history.at(-1)!.status, joinedAt: history.some((h) => h.status === 'active') ? history.find((h) => h.status === 'active')!.date : null, referrerId: null, warnings: [], history, ...extra,
});
const change = (status: MemberSummary['status'], date: string, at: string) => ({ status, date, reason: null, at });
const task = (id: string, createdAt: string, extra: Partial<Task> = {}): Task => ({ id, title: id, ownerId: null, due: null, status: 'open', doneAt: null, sessionId: null, kind: null, createdAt, recordedAt: createdAt, ...extra });
const session = (id: string, recordedAt: string, extra: Partial<Session> = {}): Session => ({
  id, title: id, type: 'reading', startsAt: '2026-03-12T20:00:00+08:00', endsAt: '2026-03-12T21:30:00+08:00', durationMinutes: 90, hostId: null, topic: null, place: null, status: 'scheduled', seriesId: null,
  cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: recordedAt, recordedAt, ...extra,
});
const mark = (memberId: string, recordedAt: string | undefined): Attendance => ({ sessionId: 's1', memberId, status: 'present', at: DURING, reason: null, forced: false, source: 'manual', by: null, recordedAt });
const points = (id: string, recordedAt: string): LedgerEntry => ({ id, memberId: 'm1', delta: 2, kind: 'award', reason: 'r', at: DURING, ref: null, rule: null, recordedAt });
const survey = (id: string, extra: Partial<Survey>): Survey => ({ id, title: id, anonymous: false, status: 'closed', questions: [], openedAt: DURING, closedAt: DURING, activeAtOpen: 3, createdAt: DURING, recordedAt: DURING, ...extra });
const response = (n: number, recordedAt: string): SurveyResponse => ({ surveyId: 'v1', n, memberId: null, date: '2026-03-12', at: DURING, answers: {}, recordedAt });
const feedback = (id: string, recordedAt: string): Feedback => ({ id, text: id, memberId: null, date: '2026-03-12', at: DURING, recordedAt });

const empty: ClubData = { members: [], sessions: [], attendance: [], ledger: [], tasks: [], surveys: [], responses: [], feedback: [] };
const cut = (data: Partial<ClubData>, now = NOW) => clubAsOf({ ...empty, ...data }, { now, period: PERIOD, tz: 'Asia/Shanghai' });

describe('clubAsOf', () => {
  it.each([
    ['a member of long standing stays', [change('active', '2026-01-05', '2026-01-05T10:00:00+08:00')], 'active', '2026-01-05'],
    ['a member who joined after the period is absent', [change('active', '2026-03-17', AFTER_END)], null, null],
    ['a member recorded after now is absent, whatever their date', [change('active', '2026-03-10', AFTER_NOW)], null, null],
    ['a join dated in the period but entered after it counts', [change('active', '2026-03-10', AFTER_END)], 'active', '2026-03-10'],
    ['an applicant approved after the period was still an applicant', [change('applicant', '2026-03-01', '2026-03-01T10:00:00+08:00'), change('active', '2026-03-17', AFTER_END)], 'applicant', null],
    ['a member who left after now was still active', [change('active', '2026-01-05', '2026-01-05T10:00:00+08:00'), change('left', '2026-03-12', AFTER_NOW)], 'active', '2026-01-05'],
    ['a member who left in the period has left', [change('active', '2026-01-05', '2026-01-05T10:00:00+08:00'), change('left', '2026-03-12', DURING)], 'left', '2026-01-05'],
  ] as const)('%s', (_what, history, status, joinedAt) => {
    const [m] = cut({ members: [member('m1', [...history])] }).members;
    expect(m ? [m.status, m.joinedAt] : [null, null]).toEqual([status, joinedAt]);
  });

  it('keeps the warnings given by the end of the period', () => {
    const m = member('m1', [change('active', '2026-01-05', '2026-01-05T10:00:00+08:00')], { warnings: [{ at: DURING, reason: 'a' }, { at: AFTER_END, reason: 'b' }] });
    expect(cut({ members: [m] }).members[0]!.warnings.map((w) => w.reason)).toEqual(['a']);
  });

  it.each([
    ['created in the period, open', task('t1', DURING), 'open'],
    ['created after the period: absent', task('t1', AFTER_END), null],
    ['done in the period: done', task('t1', DURING, { status: 'done', doneAt: DURING }), 'done'],
    ['done after the period: open then', task('t1', DURING, { status: 'done', doneAt: AFTER_END }), 'open'],
    ['cancelled after the period: open then', { ...task('t1', DURING), status: 'cancelled', cancelledAt: AFTER_END } as unknown as Task, 'open'],
  ] as const)('a task %s', (_what, t, status) => {
    expect(cut({ tasks: [t] }).tasks.map((x) => x.status)).toEqual(status === null ? [] : [status]);
  });

  it.each([
    ['recorded after now: absent', session('s1', AFTER_NOW), null],
    ['cancelled after now: scheduled', session('s1', DURING, { status: 'cancelled', cancelledAt: AFTER_NOW, cancelReason: 'x' }), { status: 'scheduled', cancelReason: null }],
    ['cancelled before now: cancelled', session('s1', DURING, { status: 'cancelled', cancelledAt: AFTER_END }), { status: 'cancelled' }],
    ['cancelled before schemaVersion 5 (no time): cancelled', session('s1', DURING, { status: 'cancelled' }), { status: 'cancelled' }],
    ['marked done after now: scheduled', session('s1', DURING, { status: 'done', doneAt: AFTER_NOW }), { status: 'scheduled', doneAt: null }],
    ['topic chosen after the period: not chosen', session('s1', DURING, { topic: '活着', topicPollClosed: true, topicChosenAt: AFTER_END }), { topic: null, topicPollClosed: false }],
    ['topic chosen in the period: chosen', session('s1', DURING, { topic: '活着', topicPollClosed: true, topicChosenAt: DURING }), { topic: '活着' }],
    ['topic given when scheduled: kept', session('s1', DURING, { topic: '围城' }), { topic: '围城' }],
    ['best chosen after the period, before now: kept', session('s1', DURING, { best: ['m1'], bestPollClosed: true, bestChosenAt: AFTER_END }), { best: ['m1'] }],
    ['best chosen after now: none', session('s1', DURING, { best: ['m1'], bestPollClosed: true, bestChosenAt: AFTER_NOW }), { best: [], bestPollClosed: false }],
  ] as const)('a session %s', (_what, s, expected) => {
    const [out] = cut({ sessions: [s] }).sessions;
    if (expected === null) expect(out).toBeUndefined();
    else expect(out).toMatchObject(expected);
  });

  it('counts events dated in the period whenever recorded, but only those recorded by now', () => {
    const data = cut({
      attendance: [mark('m1', DURING), mark('m2', AFTER_END), mark('m3', AFTER_NOW), mark('m4', undefined)],
      ledger: [points('p1', DURING), points('p2', AFTER_END), points('p3', AFTER_NOW)],
      responses: [response(1, AFTER_END), response(2, AFTER_NOW)],
      feedback: [feedback('f1', DURING), feedback('f2', AFTER_NOW)],
    });
    expect(data.attendance.map((a) => a.memberId)).toEqual(['m1', 'm2', 'm4']);
    expect(data.ledger.map((e) => e.id)).toEqual(['p1', 'p2']);
    expect(data.responses.map((r) => r.n)).toEqual([1]);
    expect(data.feedback.map((f) => f.id)).toEqual(['f1']);
  });

  it('reads the version of an attendance record recorded by then', () => {
    const leave = { status: 'excused', at: DURING, reason: '出差', forced: false, source: 'leave', by: null, recordedAt: DURING } as const;
    const late = { status: 'late', at: DURING, reason: null, forced: false, source: 'manual', by: null, recordedAt: AFTER_END } as const;
    const record: Attendance = { ...mark('m1', AFTER_NOW), earlier: [leave, late] };
    const at = (now: string) => cut({ attendance: [record] }, new Date(now)).attendance.map((a) => `${a.status} ${a.earlier?.length ?? 0}`);
    expect(at(AFTER_NOW)).toEqual(['present 2']);
    expect(at('2026-03-18T12:00:00+08:00')).toEqual(['late 1']);
    expect(at('2026-03-13T12:00:00+08:00')).toEqual(['excused 0']);
    expect(at('2026-03-12T09:00:00+08:00')).toEqual([]);
  });

  it.each([
    ['closed before now', survey('v1', {}), { status: 'closed' }],
    ['closed after now: open', survey('v1', { closedAt: AFTER_NOW }), { status: 'open', closedAt: null }],
    ['opened after now: a draft', survey('v1', { openedAt: AFTER_NOW, closedAt: AFTER_NOW }), { status: 'draft', openedAt: null, activeAtOpen: null }],
  ] as const)('a survey %s', (_what, s, expected) => {
    expect(cut({ surveys: [s] }).surveys[0]).toMatchObject(expected);
  });

  it('cuts at now when now is inside the period', () => {
    const now = new Date('2026-03-12T12:00:00+08:00');
    const data = cut({ tasks: [task('t1', '2026-03-12T11:00:00+08:00', { status: 'done', doneAt: '2026-03-12T13:00:00+08:00' }), task('t2', '2026-03-12T12:00:01+08:00')] }, now);
    expect(data.tasks.map((t) => `${t.id} ${t.status}`)).toEqual(['t1 open']);
  });
});
