import { voteBest } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function bestVote(ctx: Context, [sessionRef, candidate]: unknown[], opts: { by?: string; force?: boolean }): Promise<Output> {
  const check = { force: opts.force, notes: [] as string[] };
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = voteBest(voteState(draft), String(sessionRef), String(candidate), opts.by, env, check);
    draft.votes = r.votes;
    return { result: r, audit: { summary: `${r.vote.voterId} voted ${r.candidate.id} best performer of ${r.vote.sessionId}`, refs: [r.vote.sessionId, r.vote.voterId, r.candidate.id] }, touched: [] };
  }, [String(sessionRef)]);
  for (const note of check.notes) ctx.warn(note);
  return { kind: 'done', data: result.vote, message: t('session.votedFor', { voterId: result.vote.voterId, id: result.candidate.id, name: result.candidate.name }) };
}
