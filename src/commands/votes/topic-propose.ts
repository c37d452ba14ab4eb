import { proposeTopics } from '../../core/sessions/votes.js';
import { plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function topicPropose(ctx: Context, [sessionRef, texts]: unknown[], opts: { by?: string }): Promise<Output> {
  const { result } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = proposeTopics(voteState(draft), String(sessionRef), texts as string[], opts.by, env);
    draft.topics = r.topics;
    const sid = r.added[0]!.sessionId;
    return { result: r.added, audit: { summary: `proposed ${plural(r.added.length, 'topic')} for ${sid}: ${r.added.map((t) => t.n).join(', ')}`, refs: [sid, r.added[0]!.proposedBy ?? ''] }, touched: [] };
  }, [String(sessionRef)]);
  return { kind: 'done', data: result, message: t('session.proposedFor', { t: result.map((t) => `${t.n}. ${t.text}`).join(', '), value: result[0]!.sessionId }) };
}
