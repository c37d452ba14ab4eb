import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseAnswer, validateAnswers } from '../../src/core/surveys/answers.js';
import { validateDefinition } from '../../src/core/surveys/definition.js';
import { netPromoterScore, satisfactionShare, surveyResults } from '../../src/core/surveys/results.js';
import type { Survey, SurveyResponse } from '../../src/core/surveys/types.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';

const def = validateDefinition(SPEC_SURVEY);
const q = (id: string) => def.questions.find((x) => x.id === id)!;

describe('survey definitions', () => {
  it('accepts the SPEC example with defaults filled in', () => {
    expect(def.questions.map((x) => [x.id, x.required])).toEqual([['q1', true], ['q2', true], ['q3', true], ['q4', true], ['q5', false]]);
  });
  it.each([
    [{ ...SPEC_SURVEY, title: '' }, /title: expected a non-empty text/],
    [{ ...SPEC_SURVEY, questions: [] }, /questions: expected a non-empty list/],
    [{ ...SPEC_SURVEY, questions: [{ id: 'q1', type: 'slider', text: 'x' }] }, /questions\[0\] \(q1\)\.type: expected rating\|nps/],
    [{ ...SPEC_SURVEY, questions: [{ id: 'q1', type: 'choice', text: 'x', options: ['only'] }] }, /\(q1\)\.options: expected a list of at least two/],
    [{ ...SPEC_SURVEY, questions: [{ id: 'q1', type: 'rating', text: 'x', scale: 7, satisfaction: true }] }, /satisfaction is measured on a 5-point scale/],
    [{ ...SPEC_SURVEY, questions: [{ id: 'q1', type: 'text', text: 'a' }, { id: 'q1', type: 'text', text: 'b' }] }, /duplicate id "q1"/],
    [{ ...SPEC_SURVEY, questions: [{ id: '__proto__', type: 'text', text: 'a' }] }, /expected an id like q1/],
    [{ ...SPEC_SURVEY, questions: [{ id: 'q1', type: 'text', text: 'a', colour: 'red' }] }, /\(q1\)\.colour: unknown field/],
  ])('refuses a bad definition, naming the question and field (%#)', (raw, message) => {
    expect(() => validateDefinition(raw)).toThrow(message);
  });
});

describe('answers', () => {
  it.each([
    ['q1', 5, 5],
    ['q1', '4', 4],
    ['q1', '3分', 3],
    ['q2', 0, 0],
    ['q2', '10', 10],
    ['q3', ' 读书分享 ', '读书分享'],
    ['q4', ['讲座', '展览'], ['讲座', '展览']],
    ['q4', '讲座┋比赛', ['讲座', '比赛']],
    ['q4', '讲座，比赛|展览', ['讲座', '比赛', '展览']],
    ['q5', '多组织线下活动', '多组织线下活动'],
    ['q5', '', null],
  ])('%s: %j -> %j', (id, raw, parsed) => {
    expect(parseAnswer(q(id), raw)).toEqual(parsed);
  });
  it.each([
    ['q1', 7, /q1 "对本月活动的整体满意度": 7 is not allowed \(expected a whole number from 1 to 5\)/],
    ['q1', 4.5, /expected a whole number from 1 to 5/],
    ['q2', 11, /from 0 to 10/],
    ['q3', '看电影', /expected one of "主题讨论", "读书分享", "线下聚会"/],
    ['q4', ['讲座', '旅游'], /"旅游" is not allowed/],
  ])('%s refuses %j naming the question and allowed values', (id, raw, message) => {
    expect(() => parseAnswer(q(id), raw)).toThrow(message);
  });
  it('checks required questions, unknown ids and hostile keys', () => {
    expect(() => validateAnswers(def.questions, { q1: 5 })).toThrow(/q2 .* is required/);
    expect(() => validateAnswers(def.questions, { q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'], q9: 1 })).toThrow(/no question "q9"/);
    expect(() => validateAnswers(def.questions, JSON.parse('{"__proto__": {"polluted": 1}, "q1": 5}'))).toThrow(UsageError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(validateAnswers(def.questions, { q4: ['讲座'], q3: '读书分享', q2: 9, q1: 5 })).toEqual({ q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'] });
  });
});

describe('satisfaction and NPS', () => {
  it.each([
    [[5, 4, 3, 2, 1], 0.4],
    [[5, 5, 4, 4], 1],
    [[1, 2, 3], 0],
    [[], null],
  ])('satisfaction of %j is %s', (values, share) => expect(satisfactionShare(values)).toBe(share));
  it.each([
    [[10, 9, 8, 7, 6, 0], { nps: 0, promoters: 2, passives: 2, detractors: 2 }],
    [[10, 10, 9], { nps: 100, promoters: 3, passives: 0, detractors: 0 }],
    [[0, 6, 5], { nps: -100, promoters: 0, passives: 0, detractors: 3 }],
    [[9, 10, 5], { nps: 100 / 3, promoters: 2, passives: 0, detractors: 1 }],
    [[], { nps: null, promoters: 0, passives: 0, detractors: 0 }],
  ])('NPS of %j', (values, expected) => expect(netPromoterScore(values)).toMatchObject(expected));

  it('results per question match a hand count', () => {
    const survey: Survey = { id: 'v1', ...def, status: 'open', openedAt: null, closedAt: null, activeAtOpen: 5, createdAt: '2026-03-01T10:00:00+08:00' };
    const resp = (n: number, answers: SurveyResponse['answers']): SurveyResponse => ({ surveyId: 'v1', n, memberId: `m${n}`, date: '2026-03-18', at: null, answers });
    const r = surveyResults(survey, [resp(1, { q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'] }), resp(2, { q1: 4, q2: 10, q3: '主题讨论', q4: ['讲座', '比赛'], q5: '多组织线下' }), resp(3, { q1: 2, q2: 5, q3: '线下聚会', q4: ['展览'] })]);
    expect(r.responses).toBe(3);
    expect(r.responseRate).toBe(0.6);
    expect(r.questions[0]).toMatchObject({ count: 3, mean: 3.6667, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 }, satisfaction: 2 / 3 });
    expect(r.questions[1]).toMatchObject({ count: 3, nps: 100 / 3, promoters: 2, passives: 0, detractors: 1 });
    expect(r.questions[3]).toMatchObject({ counts: { 讲座: 2, 比赛: 1, 展览: 1 }, shares: { 讲座: 2 / 3 } });
    expect(r.questions[4]).toMatchObject({ count: 1, answers: ['多组织线下'] });
  });
});
