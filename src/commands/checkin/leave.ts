import { recordLeave } from '../../core/attendance/checkin.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { sessionTransaction } from '../session/shared.js';
import { checkinOutput } from './shared.js';

export default async function leave(ctx: Context, [memberRef]: unknown[], opts: { session: string; reason?: string; force?: boolean }): Promise<Output> {
  const { result, points } = await sessionTransaction(ctx, ['members', 'attendance'], (draft, env) => {
    const r = recordLeave({ members: draft.members, sessions: draft.sessions, attendance: draft.attendance }, String(memberRef), opts.session, { reason: opts.reason, force: Boolean(opts.force) }, env);
    if (r.changes.length === 0) return { result: r, audit: null, touched: [] };
    draft.attendance = r.attendance;
    const c = r.changes[0]!;
    const summary = `leave for ${c.member.id} at ${r.session.id}${c.record.forced ? ' (over the weekly limit, forced)' : ''}`;
    return { result: r, audit: { summary, refs: [r.session.id, c.member.id] }, touched: [r.session.id] };
  }, [opts.session], [String(memberRef)]);
  return checkinOutput(ctx, result, points);
}
