import { setBest } from '../../core/sessions/votes.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { reportPoints, sessionTransaction } from '../session/shared.js';
import { VOTE_COLLECTIONS, voteState } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function bestSet(ctx: Context, [sessionRef, refs]: unknown[], opts: { force?: boolean } = {}): Promise<Output> {
  const check = { force: opts.force, notes: [] as string[] };
  const { result, points } = await sessionTransaction(ctx, VOTE_COLLECTIONS, (draft, env) => {
    const r = setBest(voteState(draft), String(sessionRef), refs as string[], env, check);
    draft.sessions = r.sessions;
    return { result: r, audit: { summary: `set the best performer of ${r.session.id}: ${r.members.map((m) => m.id).join(', ')}`, refs: [r.session.id, ...r.session.best] }, touched: [r.session.id] };
  }, [String(sessionRef)]);
  for (const note of check.notes) ctx.warn(note);
  reportPoints(ctx, points);
  return { kind: 'done', data: { session: result.session, points }, message: t('session.bestPerformerOf2', { id: result.session.id, m: result.members.map((m) => m.name).join(', ') }) };
}
