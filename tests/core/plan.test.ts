// Plan files checked field by field: the message names the field by its path; texts, amounts and the deadline.
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../src/core/activities/plan.js';
import { UsageError } from '../../src/core/errors.js';

const clock = { now: new Date('2026-03-05T12:00:00Z'), tz: 'Asia/Shanghai' };
const full = {
  theme: '读书知识竞赛',
  form: '线下笔试+抢答',
  content: '第一轮笔试\n第二轮抢答',
  participation: '报名',
  rewards: '购书卡',
  resources: '会议室',
  risks: [{ risk: '人数不足', mitigation: '提前宣传' }],
  capacity: 8,
  registrationDeadline: '2026-03-20',
  eligibility: { minPoints: 10, minDaysMember: 30, roles: ['member', 'Volunteer'] },
  budget: [
    { category: 'rewards', amount: '128.50' },
    { category: 'materials', amount: 30.5 },
  ],
};

describe('validatePlan', () => {
  it('reads a whole plan: amounts in fen, a date deadline at the end of that day in the club zone', () => {
    const plan = validatePlan(full, clock);
    expect(plan.budget).toEqual([
      { category: 'rewards', amount: 12850 },
      { category: 'materials', amount: 3050 },
    ]);
    expect(plan.registrationDeadline).toBe('2026-03-20T23:59:59+08:00');
    expect(plan.content).toBe('第一轮笔试\n第二轮抢答');
    expect(plan.eligibility).toEqual({ minPoints: 10, minDaysMember: 30, roles: ['member', 'volunteer'] });
  });

  it('fills what a minimal plan leaves out', () => {
    expect(validatePlan({ theme: '茶话会' }, clock)).toEqual({
      theme: '茶话会', form: null, content: null, participation: null, rewards: null, resources: null, risks: [], capacity: null, registrationDeadline: null,
      eligibility: { minPoints: null, minDaysMember: null, roles: [] }, budget: [],
    });
  });

  it('takes a deadline with a time in the club zone', () => {
    expect(validatePlan({ theme: 'x', registrationDeadline: '2026-03-20 18:00' }, clock).registrationDeadline).toBe('2026-03-20T18:00:00+08:00');
  });

  it.each(([
    [{ ...full, risks: [{ risk: 'a', mitigation: 'b' }, { risk: '场地' }] }, 'invalid plan: risks[1].mitigation: required'],
    [{ ...full, venue: '图书馆' }, 'invalid plan: venue: unknown field'],
    [{ ...full, eligibility: { minPoints: 1, level: 3 } }, 'invalid plan: eligibility.level: unknown field'],
    [{ form: 'x' }, 'invalid plan: theme: required'],
    [{ ...full, theme: '  ' }, 'invalid plan: theme: required'],
    [{ ...full, capacity: '8' }, 'invalid plan: capacity: expected a whole number, got "8"'],
    [{ ...full, capacity: 0 }, 'invalid plan: capacity: expected a whole number of at least 1, got 0'],
    [{ ...full, capacity: 8.5 }, 'invalid plan: capacity: expected a whole number'],
    [{ ...full, budget: [{ category: 'food', amount: 1 }] }, 'invalid plan: budget[0].category: expected personnel|materials|tech|promotion|rewards|other, got "food"'],
    [{ ...full, budget: [{ category: 'tech', amount: '12.345' }] }, 'budget[0].amount: "12.345" has more than two decimals'],
    [{ ...full, budget: [{ category: 'tech', amount: 12.345 }] }, 'budget[0].amount: 12.345 has more than two decimals'],
    [{ ...full, budget: [{ category: 'tech', amount: '2000000' }] }, 'budget[0].amount: "2000000" is outside 0.01 to 1,000,000.00'],
    [{ ...full, budget: [{ category: 'tech', amount: 0 }] }, 'budget[0].amount: 0 is outside'],
    [{ ...full, budget: [{ category: 'tech', amount: 1 }, { category: 'tech', amount: 2 }] }, 'budget[1].category: tech appears twice'],
    [{ ...full, budget: [{ category: 'tech' }] }, 'budget[0].amount: required'],
    [{ ...full, eligibility: { roles: ['boss'] } }, 'eligibility.roles[0]: expected member|admin|owner|volunteer|donor, got "boss"'],
    [{ ...full, registrationDeadline: 'next friday' }, 'registrationDeadline: expected a date'],
    [{ ...full, theme: '竞赛\n第二行' }, 'invalid theme: control character U+000A'],
    [{ ...full, form: 'a\u001b[31mred' }, 'invalid form: control character U+001B'],
    [{ ...full, risks: [{ risk: '停电\u202e', mitigation: 'x' }] }, 'invalid risks[0].risk: control character U+202E'],
    [{ ...full, content: 'ok\u0007bell' }, 'invalid content: control character U+0007'],
    [['theme'], 'invalid plan: (top level): expected a plan'],
    ['theme: x', 'invalid plan: (top level)'],
  ] as Array<[unknown, string]>).map(([raw, message]) => [message, raw] as const))('refuses with %s', (message, raw) => {
    let error: unknown;
    try {
      validatePlan(raw, clock);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
  });
});
