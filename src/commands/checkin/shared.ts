import type { CheckinResult } from '../../core/attendance/checkin.js';
import type { LedgerEntry } from '../../core/points/ledger.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { reportPoints } from '../session/shared.js';
import { t, enumLabel } from '../../i18n/index.js';

export function checkinOutput(ctx: Context, r: CheckinResult, points: LedgerEntry[]): Output {
  for (const note of r.notes) ctx.warn(note);
  for (const c of r.changes) ctx.err(`  ${c.member.id} ${c.member.name}${t('survey.allowedSep')}${c.before ? `${enumLabel(c.before)} → ` : ''}${enumLabel(c.after)}\n`);
  if (r.unchanged.length) ctx.err(t('session.unchanged', { m: r.unchanged.map((m) => `${m.id} ${m.name}`).join(', ') }));
  reportPoints(ctx, points);
  const data = {
    sessionId: r.session.id,
    changed: r.changes.map((c) => ({ memberId: c.member.id, name: c.member.name, before: c.before, status: c.after, at: c.record.at })),
    unchanged: r.unchanged.map((m) => m.id),
    points,
  };
  const message = r.changes.length ? t('session.checkinRecorded', { n: r.changes.length, id: r.session.id, title: r.session.title }) : t('session.checkinUnchanged', { id: r.session.id });
  return { kind: 'done', data, message };
}
