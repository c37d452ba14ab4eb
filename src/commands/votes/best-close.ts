import { closeBestVote } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { reportPoints, sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function bestClose(ctx: Context, [sessionRef]: unknown[]): Promise<Output> {
  const { result, points } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = closeBestVote(voteState(draft), String(sessionRef), env);
    draft.sessions = r.sessions;
    return { result: r, audit: { summary: `closed the best-performer vote of ${r.session.id}: ${r.session.best.join(', ')}`, refs: [r.session.id, ...r.session.best] }, touched: [r.session.id] };
  }, [String(sessionRef)]);
  reportPoints(ctx, points);
  const votes = Object.fromEntries(result.tally);
  return { kind: 'done', data: { session: result.session, votes, points }, message: t('session.bestPerformerOf', { id: result.session.id, value: result.session.best.join(', ') }) };
}
