import { voteTopic } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';

export default async function topicVote(ctx: Context, [sessionRef, n]: unknown[], opts: { by?: string; force?: boolean }): Promise<Output> {
  const check = { force: opts.force, notes: [] as string[] };
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = voteTopic(voteState(draft), String(sessionRef), String(n), opts.by, env, check);
    draft.votes = r.votes;
    return { result: r, audit: { summary: `${r.vote.voterId} voted for topic ${r.topic.n} of ${r.vote.sessionId}`, refs: [r.vote.sessionId, r.vote.voterId] }, touched: [] };
  }, [String(sessionRef)]);
  for (const note of check.notes) ctx.warn(note);
  if (!result.counted) ctx.warn(`the vote was recorded, but the first topic.voteCap votes have already been cast: it does not count`);
  return { kind: 'done', data: { ...result.vote, counted: result.counted }, message: `${result.vote.voterId} voted for ${result.topic.n}. ${result.topic.text}` };
}
