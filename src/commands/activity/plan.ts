// `club activity plan S [--file PLAN.yaml|PLAN.json|-]`: attaches or replaces session S's plan. Without --file, a
// form at a terminal asks each field, prefilled with the current plan. A new plan is a draft: a plan that was
// submitted, reviewed, approved or returned goes back to draft (its approvals stay in the history); rejected is final.
import { noActivity, replacePlan, statusLabel } from '../../core/activities/approval.js';
import { validatePlan } from '../../core/activities/plan.js';
import { budgetsFromPlan } from '../../core/money/budgets.js';
import { activityOf } from '../../core/activities/status.js';
import { RuleError, UsageError } from '../../core/errors.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { parseDataFile } from '../../io/data-file.js';
import { decodeText } from '../../io/encoding.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { planForm } from './plan-form.js';
import { stepDone, stepTransaction } from './shared.js';

export default async function activityPlan(ctx: Context, [ref]: unknown[], opts: { file?: string }): Promise<Output> {
  let raw: unknown;
  if (opts.file !== undefined) {
    raw = await parseDataFile(decodeText(await readInput(ctx, opts.file, t('activity.planFile'))).text, opts.file);
  } else {
    // Read first: the club's language is known once its settings are, and the message is in it.
    const { activities, sessions } = await (await ctx.openStore()).read(['activities', 'sessions']);
    if (!ctx.canPrompt) throw new UsageError(t('activity.needFile'), t('activity.needFileHint', { session: String(ref) }));
    const session = findSession(sessions, String(ref));
    const current = activityOf(activities, session.id);
    if (current?.status === 'rejected') throw new RuleError(t('activity.rejectedFinal', { session: session.id }));
    raw = await planForm(ctx.prompter, current?.plan ?? null);
  }
  const { activity, session, from } = await stepTransaction(ctx, String(ref), 'plan', null, ({ current, session, input, meta }) => {
    if (current?.status === 'rejected') throw new RuleError(t('activity.rejectedFinal', { session: session.id }));
    return replacePlan(current ?? noActivity(session.id), validatePlan(raw, { now: ctx.now, tz: meta.settings.timezone }), input);
    // The plan's budget lines become the session's budgets (SPEC §14), in the same transaction.
  }, (budgets, activity, input) => budgetsFromPlan(budgets, activity.sessionId, activity.plan?.budget ?? [], input.actor, input.at));
  if (from === 'submitted' || from === 'reviewed' || from === 'approved') ctx.warn(t('activity.backToDraft', { session: session.id, from: statusLabel(from) }));
  return stepDone(activity, session);
}
