import { editSession, parseDuration } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { parseStart, reportPoints, sessionTransaction } from './shared.js';

interface Opts {
  title?: string;
  at?: string;
  type?: string;
  duration?: string;
  host?: string;
  topic?: string;
  place?: string;
}

export default async function sessionEdit(ctx: Context, [ref]: unknown[], opts: Opts): Promise<Output> {
  const duration = opts.duration === undefined ? undefined : parseDuration(opts.duration);
  const { result, points } = await sessionTransaction(ctx, ['members', 'attendance'], (draft, env) => {
    const start = opts.at === undefined ? undefined : parseStart(ctx, draft.meta, opts.at).instant;
    const r = editSession(draft.sessions, draft.members, String(ref), { ...opts, durationMinutes: duration, start }, env);
    if (!r.changed) return { result: r, audit: null, touched: [] };
    draft.sessions = r.sessions;
    return { result: r, audit: { summary: `edited ${r.session.id}`, refs: [r.session.id] }, touched: [r.session.id] };
  });
  reportPoints(ctx, points);
  return { kind: 'done', data: result.session, message: result.changed ? `updated ${result.session.id} ${result.session.title}` : 'nothing to change' };
}
