import { t } from '../../i18n/index.js';
import { effectiveAudience, parseAudience } from '../../core/activities/audience.js';
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
  audience?: string;
}

export default async function sessionEdit(ctx: Context, [ref]: unknown[], opts: Opts): Promise<Output> {
  const duration = opts.duration === undefined ? undefined : parseDuration(opts.duration);
  let audience: string | undefined;
  const { result, points } = await sessionTransaction(ctx, ['members', 'attendance', 'activities', 'registrations'], (draft, env) => {
    // Checked once the store is read, so that the message is in the club's language; nothing is written on refusal.
    audience = opts.audience === undefined ? undefined : parseAudience(opts.audience);
    const start = opts.at === undefined ? undefined : parseStart(ctx, draft.meta, opts.at).instant;
    const r = editSession(draft.sessions, draft.members, String(ref), { ...opts, durationMinutes: duration, start, audience }, env);
    // Session JSON always says who is expected (the effective audience).
    const result = { ...r, session: { ...r.session, audience: effectiveAudience(r.session, draft.activities, draft.registrations) } };
    if (!r.changed) return { result, audit: null, touched: [] };
    draft.sessions = r.sessions;
    const summary = audience === undefined ? `edited ${r.session.id}` : `edited ${r.session.id}: audience ${audience.split(':')[0]}`;
    return { result, audit: { summary, refs: [r.session.id] }, touched: [r.session.id] };
  });
  reportPoints(ctx, points);
  return { kind: 'done', data: result.session, message: result.changed ? t('session.updated', { id: result.session.id, title: result.session.title }) : t('common.nothingToChange') };
}
