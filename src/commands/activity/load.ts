// What `activity evaluate` and `activity results` read: the session, and everything its figures and those of the
// earlier sessions of its type come from (attendance only for those sessions).
import { previousOfType } from '../../core/activities/evaluate.js';
import type { EvaluationOptions } from '../../core/activities/evaluate.js';
import type { ResultsInput } from '../../core/activities/results.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Session } from '../../core/sessions/types.js';
import type { Context } from '../../io/context.js';
import type { Meta, Store } from '../../store/types.js';

export async function loadActivity(
  ctx: Context,
  ref: string,
  /** The points ledger, whole (the results' rewards); the evaluation needs none of it. */
  withLedger: boolean,
): Promise<{ store: Store; meta: Meta; session: Session; input: ResultsInput; opts: EvaluationOptions }> {
  const store = await ctx.openStore();
  const names = ['sessions', 'members', 'attendance', 'registrations', 'staff', 'hours', 'surveys', 'responses', 'activities', 'expenses'] as const;
  const snap = await store.read([...names, ...(withLedger ? (['ledger'] as const) : [])], ({ sessions }) => {
    const session = findSession(sessions, ref);
    return { attendance: { sessions: [session.id, ...previousOfType(sessions, session).map((s) => s.id)] } };
  });
  const session = findSession(snap.sessions, ref);
  const settings = snap.meta.settings;
  const input: ResultsInput = { ...snap, ledger: 'ledger' in snap ? snap.ledger : [] };
  return { store, meta: snap.meta, session, input, opts: { now: ctx.now, tz: settings.timezone, surveyDays: settings['evaluation.surveyDays'] } };
}
