// The approval chain as a table: every (status × step × who) combination, allowed or refused, against a table
// written out here by hand from the rules (README, "Activities"), not derived from the code's own table.
import { describe, expect, it } from 'vitest';
import { activityAt, noActivity, replacePlan, roundActors, transition } from '../../src/core/activities/approval.js';
import type { ApprovalStep } from '../../src/core/activities/approval.js';
import type { Activity, ActivityPlan, ActivityStepRecord } from '../../src/core/activities/types.js';
import { RuleError, UsageError } from '../../src/core/errors.js';

const AT = '2026-03-05T20:00:00+08:00';
const step = (s: ActivityStepRecord['step'], by: string, comment: string | null = null): ActivityStepRecord => ({ step: s, by, at: AT, comment });

/** Alice submits, Bob reviews, Carol decides: each status reached that way. */
const HISTORIES: Record<string, ActivityStepRecord[] | null> = {
  none: null,
  draft: [step('plan', 'alice')],
  submitted: [step('plan', 'alice'), step('submit', 'alice')],
  reviewed: [step('plan', 'alice'), step('submit', 'alice'), step('review', 'bob')],
  returned: [step('plan', 'alice'), step('submit', 'alice'), step('return', 'bob', '预算需细化')],
  approved: [step('plan', 'alice'), step('submit', 'alice'), step('review', 'bob'), step('approve', 'carol')],
  rejected: [step('plan', 'alice'), step('submit', 'alice'), step('review', 'bob'), step('reject', 'carol', '场地无法落实')],
};

const PLAN: ActivityPlan = { theme: '知识竞赛', form: null, content: null, participation: null, rewards: null, resources: null, risks: [], capacity: 8, registrationDeadline: null, eligibility: { minPoints: null, minDaysMember: null, roles: [] }, budget: [] };

function activityIn(status: string): Activity | ReturnType<typeof noActivity> {
  const history = HISTORIES[status];
  if (!history) return noActivity('s3');
  return { sessionId: 's3', status: status as Activity['status'], plan: PLAN, history, recordedAt: AT };
}

// Where each step leads from each status ('-': refused, wrong state). By hand, from the rules.
const EXPECTED: Record<string, Record<ApprovalStep, string>> = {
  //          plan     submit       review      return      approve     reject
  none: { plan: 'draft', submit: '-', review: '-', return: '-', approve: '-', reject: '-' },
  draft: { plan: 'draft', submit: 'submitted', review: '-', return: '-', approve: '-', reject: '-' },
  submitted: { plan: 'draft', submit: '-', review: 'reviewed', return: 'returned', approve: '-', reject: '-' },
  reviewed: { plan: 'draft', submit: '-', review: '-', return: '-', approve: 'approved', reject: 'rejected' },
  returned: { plan: 'draft', submit: '-', review: '-', return: '-', approve: '-', reject: '-' },
  approved: { plan: 'draft', submit: '-', review: '-', return: '-', approve: '-', reject: '-' },
  rejected: { plan: '-', submit: '-', review: '-', return: '-', approve: '-', reject: '-' },
};

/** Who may not take a step that the status allows: the reviewer is not the submitter; the decider is neither. */
const NOT_BY: Record<ApprovalStep, string[]> = { plan: [], submit: [], review: ['alice'], return: ['alice'], approve: ['alice', 'bob'], reject: ['alice', 'bob'] };

const ROWS = Object.keys(EXPECTED).flatMap((status) =>
  (['plan', 'submit', 'review', 'return', 'approve', 'reject'] as const).flatMap((s) =>
    ['alice', 'bob', 'carol'].map((who) => {
      const to = EXPECTED[status]![s];
      const outcome = to === '-' ? 'wrong state' : NOT_BY[s].includes(who) ? 'same person' : to;
      return [status, s, who, outcome] as const;
    }),
  ),
);

describe('the approval state machine', () => {
  it('covers every status, step and person', () => {
    expect(ROWS).toHaveLength(7 * 6 * 3);
    expect(ROWS.filter((r) => r[3] === 'same person')).toHaveLength(1 + 1 + 2 + 2); // review, return by alice; approve, reject by alice or bob
  });

  it.each(ROWS)('%s, %s by %s: %s', (status, s, who, outcome) => {
    const before = activityIn(status);
    const frozen = JSON.stringify(before);
    const run = () => (s === 'plan' ? replacePlan(before, PLAN, { actor: who, at: AT, comment: null }) : transition(before, s, { actor: who, at: AT, comment: '说明' }));
    if (outcome === 'wrong state' || outcome === 'same person') {
      let error: unknown;
      try {
        run();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(RuleError);
      const message = (error as Error).message;
      if (outcome === 'wrong state') expect(message).toMatch(/s3 (is|has no plan)/);
      else expect(message).toContain(who === 'alice' ? 'submitter' : 'reviewer');
    } else {
      const after = run();
      expect(after.status).toBe(outcome);
      expect(after.history.at(-1)).toEqual({ step: s, by: who, at: AT, comment: s === 'plan' ? null : '说明' });
      expect(after.history.slice(0, -1)).toEqual(HISTORIES[status] ?? []);
    }
    expect(JSON.stringify(before)).toBe(frozen); // nothing changed in place
  });

  it('names the status and what the step needs', () => {
    expect(() => transition(activityIn('draft'), 'review', { actor: 'bob', at: AT, comment: null })).toThrow('s3 is draft; review needs submitted');
    expect(() => transition(activityIn('none'), 'submit', { actor: 'bob', at: AT, comment: null })).toThrow('s3 has no plan yet; submit needs draft');
  });

  it('names the same person as the message describes them', () => {
    const describe = (key: string) => (key === 'alice' ? 'm2 杨洪勇' : key);
    expect(() => transition(activityIn('submitted'), 'review', { actor: 'alice', at: AT, comment: null, describe })).toThrow('the reviewer must be someone other than the submitter (m2 杨洪勇)');
  });

  it('refuses return and reject without a comment (a usage error)', () => {
    expect(() => transition(activityIn('submitted'), 'return', { actor: 'bob', at: AT, comment: null })).toThrow(UsageError);
    expect(() => transition(activityIn('reviewed'), 'reject', { actor: 'carol', at: AT, comment: null })).toThrow(UsageError);
  });

  it('counts only the current round: after a return and a new plan, the old reviewer may approve a new submitter', () => {
    let a = transition(activityIn('returned'), 'plan', { actor: 'dave', at: AT, comment: null });
    a = transition(a, 'submit', { actor: 'dave', at: AT, comment: null });
    expect(roundActors(a.history)).toEqual({ submittedBy: 'dave', reviewedBy: null });
    // alice submitted the first round only: she may review this one.
    a = transition(a, 'review', { actor: 'alice', at: AT, comment: null });
    expect(() => transition(a, 'approve', { actor: 'dave', at: AT, comment: null })).toThrow(RuleError);
    expect(() => transition(a, 'approve', { actor: 'alice', at: AT, comment: null })).toThrow(RuleError);
    expect(transition(a, 'approve', { actor: 'bob', at: AT, comment: null }).status).toBe('approved');
    // The whole history is kept: the first round's return with its comment too.
    expect(a.history.map((h) => h.step)).toEqual(['plan', 'submit', 'return', 'plan', 'submit', 'review']);
  });

  it('reads an activity as it stood at a time: the status its last step then led to', () => {
    const a = activityIn('approved') as Activity;
    const times = ['2026-03-01T10:00:00+08:00', '2026-03-02T10:00:00+08:00', '2026-03-03T10:00:00+08:00', '2026-03-04T10:00:00+08:00'];
    const dated: Activity = { ...a, history: a.history.map((h, i) => ({ ...h, at: times[i]! })) };
    const at = (limit: string) => activityAt(dated, (t) => Date.parse(t) <= Date.parse(limit));
    expect(at('2026-02-28T00:00:00+08:00')).toEqual([]);
    expect(at('2026-03-02T12:00:00+08:00')[0]!.status).toBe('submitted');
    expect(at('2026-03-03T12:00:00+08:00')[0]!.status).toBe('reviewed');
    expect(at('2026-03-05T00:00:00+08:00')[0]).toBe(dated);
  });
});
