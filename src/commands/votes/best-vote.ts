import { voteBest } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';

export default async function bestVote(ctx: Context, [sessionRef, candidate]: unknown[], opts: { by?: string }): Promise<Output> {
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = voteBest(voteState(draft), String(sessionRef), String(candidate), opts.by, env);
    draft.votes = r.votes;
    return { result: r, audit: { summary: `${r.vote.voterId} voted ${r.candidate.id} best performer of ${r.vote.sessionId}`, refs: [r.vote.sessionId, r.vote.voterId, r.candidate.id] }, touched: [] };
  }, [String(sessionRef)]);
  return { kind: 'done', data: result.vote, message: `${result.vote.voterId} voted for ${result.candidate.id} ${result.candidate.name}` };
}
