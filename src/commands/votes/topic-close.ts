import { closeTopicVote } from '../../core/sessions/votes.js';
import { plural, counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function topicClose(ctx: Context, [sessionRef]: unknown[]): Promise<Output> {
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = closeTopicVote(voteState(draft), String(sessionRef), env);
    draft.sessions = r.sessions;
    return { result: r, audit: { summary: `closed the topic vote of ${r.session.id}: topic ${r.winner.n} (${plural(r.winner.votes, 'vote')})`, refs: [r.session.id] }, touched: [] };
  }, [String(sessionRef)]);
  return { kind: 'done', data: { session: result.session, tally: result.tally }, message: t('session.theTopicOfIs', { id: result.session.id, text: result.winner.text, value: counted(result.winner.votes, 'vote') }) };
}
