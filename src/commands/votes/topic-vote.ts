import { voteTopic } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function topicVote(ctx: Context, [sessionRef, n]: unknown[], opts: { by?: string; force?: boolean }): Promise<Output> {
  const check = { force: opts.force, notes: [] as string[] };
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = voteTopic(voteState(draft), String(sessionRef), String(n), opts.by, env, check);
    draft.votes = r.votes;
    return { result: r, audit: { summary: `${r.vote.voterId} voted for topic ${r.topic.n} of ${r.vote.sessionId}`, refs: [r.vote.sessionId, r.vote.voterId] }, touched: [] };
  }, [String(sessionRef)]);
  for (const note of check.notes) ctx.warn(note);
  if (!result.counted) ctx.warn(t('session.theVoteWasRecorded'));
  return { kind: 'done', data: { ...result.vote, counted: result.counted }, message: t('session.votedFor2', { voterId: result.vote.voterId, n: result.topic.n, text: result.topic.text }) };
}
