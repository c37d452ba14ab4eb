import { decodeText } from '../../io/encoding.js';
import { assertApproved } from '../../core/activities/status.js';
import { markDone } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { reportPoints, sessionTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function sessionDone(ctx: Context, [ref]: unknown[], opts: { minutes?: string }): Promise<Output> {
  const minutes = opts.minutes === undefined ? null : decodeText(await readInput(ctx, opts.minutes, t('what.minutesFile'))).text.trim() || null;
  const { result: session, points } = await sessionTransaction(ctx, ['attendance', 'activities'], (draft, env) => {
    const r = markDone(draft.sessions, String(ref), minutes, env);
    // A session of an approval type is held only once its plan is approved.
    assertApproved(r.session, draft.activities, draft.meta.settings, 'done');
    draft.sessions = r.sessions;
    return { result: r.session, audit: { summary: `marked ${r.session.id} done${minutes ? ' with minutes' : ''}`, refs: [r.session.id] }, touched: [r.session.id] };
  }, [String(ref)]);
  reportPoints(ctx, points);
  return { kind: 'done', data: session, message: t('session.markedDone', { id: session.id, title: session.title }) };
}
