import { cancelSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { reportPoints, sessionTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function sessionCancel(ctx: Context, [ref]: unknown[], opts: { reason?: string }): Promise<Output> {
  const { result: session, points } = await sessionTransaction(ctx, ['attendance'], (draft, env) => {
    const r = cancelSession(draft.sessions, String(ref), opts.reason, env);
    draft.sessions = r.sessions;
    return { result: r.session, audit: { summary: `cancelled ${r.session.id}`, refs: [r.session.id] }, touched: [r.session.id] };
  }, [String(ref)]);
  reportPoints(ctx, points);
  return { kind: 'done', data: session, message: t('session.cancelled', { id: session.id, title: session.title }) };
}
