// The approval chain of a session's plan, as one pure function (README, "Activities"):
//   plan    none|draft|returned|submitted|reviewed|approved -> draft   (rejected is final)
//   submit  draft -> submitted
//   review  submitted -> reviewed     return  submitted -> returned (with a comment)
//   approve reviewed -> approved      reject  reviewed -> rejected (with a reason)
// Four eyes: the reviewer is not the submitter; the approver (or rejecter) is neither the submitter nor the reviewer.
// People are compared by actorKey (the login on a database store, --by resolved on a folder store). Editing the plan
// sends it back to draft: the approvals of the earlier round stay in the history but no longer count.
import { RuleError, UsageError } from '../errors.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Activity, ActivityPlan, ActivityStatus, ActivityStepRecord, StoredActivityStatus } from './types.js';

export const APPROVAL_STEPS = ['plan', 'submit', 'review', 'return', 'approve', 'reject'] as const;
export type ApprovalStep = (typeof APPROVAL_STEPS)[number];

/** Which statuses each step starts from, and where it leads. */
export const TRANSITIONS: Readonly<Record<ApprovalStep, { from: readonly ActivityStatus[]; to: StoredActivityStatus }>> = {
  plan: { from: ['none', 'draft', 'returned', 'submitted', 'reviewed', 'approved'], to: 'draft' },
  submit: { from: ['draft'], to: 'submitted' },
  review: { from: ['submitted'], to: 'reviewed' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['reviewed'], to: 'approved' },
  reject: { from: ['reviewed'], to: 'rejected' },
};

/** A session with no plan yet: where `plan` starts. */
export interface NoActivity {
  sessionId: string;
  status: 'none';
}

export const noActivity = (sessionId: string): NoActivity => ({ sessionId, status: 'none' });

/** Who did `step` in the current round: the last submit, and the last review after it. */
export function roundActors(history: readonly ActivityStepRecord[]): { submittedBy: string | null; reviewedBy: string | null } {
  let submittedBy: string | null = null;
  let reviewedBy: string | null = null;
  for (const h of history) {
    if (h.step === 'submit') {
      submittedBy = h.by;
      reviewedBy = null;
    } else if (h.step === 'review' || h.step === 'return') reviewedBy = h.by;
    else if (h.step === 'plan') reviewedBy = null;
  }
  return { submittedBy, reviewedBy };
}

export interface StepInput {
  /** actorKey of whoever runs the step. */
  actor: string;
  /** When (ISO instant with the club's offset). */
  at: string;
  comment: string | null;
  /** How to name an actor in a message ("m2 杨洪勇"); the key itself by default. */
  describe?: (actor: string) => string;
}

/**
 * The activity after `step`, or a RuleError (exit 1) naming why not: the wrong status ("s3 is draft; review needs
 * submitted") or the same person. `return` and `reject` need a comment (a usage error without one). `plan` leaves
 * the plan itself to the caller (see replacePlan).
 */
export function transition(activity: Activity | NoActivity, step: ApprovalStep, input: StepInput): Activity {
  const rule = TRANSITIONS[step];
  const { sessionId, status } = activity;
  if (!rule.from.includes(status)) {
    const needs = rule.from.filter((s) => s !== 'none').map(statusLabel).join('|');
    throw new RuleError(t(status === 'none' ? 'activity.wrongStatusNone' : 'activity.wrongStatus', { session: sessionId, status: statusLabel(status), step, needs }), hintFor(sessionId, status));
  }
  if ((step === 'return' || step === 'reject') && !input.comment) throw new UsageError(t(step === 'return' ? 'activity.returnNeedsComment' : 'activity.rejectNeedsReason'));
  const current: Activity = activity.status === 'none' ? { sessionId, status: 'draft', plan: null, history: [], recordedAt: input.at } : (activity as Activity);
  const { submittedBy, reviewedBy } = roundActors(current.history);
  const describe = input.describe ?? ((a: string) => a);
  if ((step === 'review' || step === 'return') && submittedBy === input.actor) {
    throw new RuleError(t('activity.sameAsSubmitter', { role: t('activity.role.reviewer'), who: describe(input.actor) }), t('activity.fourEyesHint'));
  }
  if (step === 'approve' || step === 'reject') {
    const role = t(step === 'approve' ? 'activity.role.approver' : 'activity.role.rejecter');
    if (submittedBy === input.actor) throw new RuleError(t('activity.sameAsSubmitter', { role, who: describe(input.actor) }), t('activity.fourEyesHint'));
    if (reviewedBy === input.actor) throw new RuleError(t('activity.sameAsReviewer', { role, who: describe(input.actor) }), t('activity.fourEyesHint'));
  }
  const record: ActivityStepRecord = { step, by: input.actor, at: input.at, comment: input.comment };
  return { ...current, status: rule.to, history: [...current.history, record] };
}

/** `activity plan`: the plan attached or replaced, the activity back to draft (rejected is final). */
export function replacePlan(activity: Activity | NoActivity, plan: ActivityPlan, input: StepInput): Activity {
  return { ...transition(activity, 'plan', input), plan };
}

/** The status a step leads to. */
export const statusAfter = (step: ActivityStepRecord['step']): StoredActivityStatus => (step === 'migrated' ? 'approved' : TRANSITIONS[step].to);

/**
 * The activity as it stood with only the steps `kept` (by their time): its status the one its last step led to;
 * none (no record) before its first step. A plan edited later keeps its current text (edited fields are read as now).
 */
export function activityAt(activity: Activity, kept: (at: string) => boolean): Activity[] {
  const history = activity.history.filter((h) => kept(h.at));
  if (history.length === activity.history.length) return [activity];
  const last = history.at(-1);
  return last ? [{ ...activity, status: statusAfter(last.step), history }] : [];
}

function hintFor(sessionId: string, status: ActivityStatus): string {
  const next: Partial<Record<ActivityStatus, string>> = {
    none: `club activity plan ${sessionId} --file PLAN.yaml`,
    draft: `club activity submit ${sessionId}`,
    returned: `club activity plan ${sessionId} --file PLAN.yaml`,
    submitted: `club activity review ${sessionId} --ok|--return --comment TEXT`,
    reviewed: `club activity approve ${sessionId} | club activity reject ${sessionId} --reason TEXT`,
  };
  return next[status] ? t('activity.nextStep', { command: next[status]! }) : t('activity.final', { session: sessionId, status: statusLabel(status) });
}

/** A status as people read it, in the admin's language (JSON and the audit log keep the English value). */
export const statusLabel = (status: ActivityStatus): string => t(`activity.status.${status}` as MessageKey);

/** A step of the history as people read it. */
export const stepLabel = (step: string): string => t(`activity.step.${step}` as MessageKey);
