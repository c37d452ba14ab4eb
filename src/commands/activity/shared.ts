// What the activity commands share: one transaction that moves a session's plan one step along the approval chain
// (src/core/activities/approval.ts), and how actors are named.
import { actorKey } from '../../core/activities/actor.js';
import { noActivity, statusLabel, transition } from '../../core/activities/approval.js';
import type { ApprovalStep, StepInput } from '../../core/activities/approval.js';
import { activityOf } from '../../core/activities/status.js';
import type { Activity } from '../../core/activities/types.js';
import type { Budget } from '../../core/money/types.js';
import { oneLineText } from '../../core/text.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Session } from '../../core/sessions/types.js';
import { toInstantString } from '../../core/time.js';
import type { Member } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Meta } from '../../store/types.js';

/** "m2 杨洪勇" for a member id, the login or text itself otherwise. */
export function actorName(members: readonly Pick<Member, 'id' | 'name'>[], key: string | null): string {
  if (key === null) return '';
  const m = members.find((x) => x.id === key);
  return m ? `${m.id} ${m.name}` : key;
}

/** A budget category as people read it ("奖励（rewards）" in zh); plan files and JSON keep the English word. */
export const budgetLabel = (category: string): string => t(`activity.budget.${category}` as MessageKey);

/** A one-line --comment (or --reason), or null when not given or empty. */
export function commentOf(value: string | undefined, flag = '--comment'): string | null {
  return value === undefined ? null : oneLineText(flag, value, 500) || null;
}

/** The audit summary of a step: ids and statuses only ("s3 reviewed: returned"). */
export function stepSummary(sessionId: string, step: ApprovalStep, from: string): string {
  switch (step) {
    case 'plan':
      return `${sessionId} planned: draft${from !== 'none' && from !== 'draft' ? ` (was ${from})` : ''}`;
    case 'review':
      return `${sessionId} reviewed: ok`;
    case 'return':
      return `${sessionId} reviewed: returned`;
    default:
      return `${sessionId} ${step === 'submit' ? 'submitted' : step === 'approve' ? 'approved' : 'rejected'}`;
  }
}

export interface StepContext {
  session: Session;
  members: Member[];
  current: Activity | undefined;
  input: StepInput;
  meta: Meta;
}

/**
 * One step of the chain in one transaction: finds the session, works out who acts (the login on a database, --by
 * resolved on a folder), applies `apply` (transition by default) and records the step in the audit log.
 */
export async function stepTransaction(
  ctx: Context,
  ref: string,
  step: ApprovalStep,
  comment: string | null,
  apply?: (s: StepContext) => Activity,
  /** What else the step changes in the same transaction (a plan's budget lines become the session's budgets). */
  budgets?: (current: Budget[], activity: Activity, input: StepInput) => Budget[],
): Promise<{ activity: Activity; session: Session; from: string }> {
  const store = await ctx.openStore();
  return store.update(['activities', 'sessions', 'members', ...(budgets ? (['budgets'] as const) : [])], (draft) => {
    const session = findSession(draft.sessions, ref);
    const current = activityOf(draft.activities, session.id);
    const actor = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const input: StepInput = { actor, at: toInstantString(ctx.now, draft.meta.settings.timezone), comment, describe: (key) => actorName(draft.members, key) };
    const stepContext = { session, members: draft.members, current, input, meta: draft.meta };
    const activity = apply ? apply(stepContext) : transition(current ?? noActivity(session.id), step, input);
    const from = current?.status ?? 'none';
    draft.activities = current ? draft.activities.map((a) => (a.sessionId === session.id ? activity : a)) : [...draft.activities, activity];
    if (budgets) (draft as { budgets: Budget[] }).budgets = budgets((draft as { budgets: Budget[] }).budgets, activity, input);
    return { result: { activity, session, from }, audit: { summary: stepSummary(session.id, step, from), refs: [session.id] } };
  });
}

/** What a step prints: the new status and what comes next. */
export function stepDone(activity: Activity, session: Session): Output {
  const next: Record<string, string> = {
    draft: `club activity submit ${session.id}`,
    submitted: `club activity review ${session.id} --ok|--return --comment TEXT`,
    reviewed: `club activity approve ${session.id}`,
    returned: `club activity plan ${session.id} --file PLAN.yaml`,
  };
  const message = t('activity.stepDone', { session: session.id, title: session.title, status: statusLabel(activity.status) });
  return { kind: 'done', data: activity, message: next[activity.status] ? `${message}\n  ${t('activity.next', { command: next[activity.status]! })}` : message };
}

