// The service-hours certificate (SPEC §9): the data a `certificate.<lang>` template renders. The period shows its
// last day included (SPEC §14); without --from it starts at the first entry, without --to it ends on the day issued
// (or the last entry, if later).
import { RuleError } from '../errors.js';
import type { CoreEnv } from '../env.js';
import { today } from '../env.js';
import { addDaysToDate } from '../time.js';
import type { Session } from '../sessions/types.js';
import type { Member } from '../types.js';
import { t } from '../../i18n/index.js';
import { hoursOf, hoursRows, sumHundredths } from './hours.js';
import type { HoursFilter } from './hours.js';
import type { HoursEntry } from './types.js';

export interface Certificate {
  certificate: 'hours';
  club: string;
  lang: 'zh' | 'en';
  member: { id: string; name: string };
  /** `from` and `last` are both included. */
  period: { from: string; last: string };
  activities: Array<{ date: string; sessionId: string; title: string; duty: string | null; hours: number }>;
  count: number;
  totalHours: number;
  issued: string;
}

/**
 * The certificate of `member` for [from, to). Refused (exit 1) for a purged member, whose name is gone, and when the
 * member has no hours in the period.
 */
export function buildCertificate(member: Member, hours: readonly HoursEntry[], sessions: readonly Session[], range: { from: string | null; to: string | null }, env: CoreEnv): Certificate {
  if (member.purged) throw new RuleError(t('hours.purged', { id: member.id }));
  const tz = env.settings.timezone;
  const filter: HoursFilter = { memberId: member.id, from: range.from, to: range.to };
  const rows = hoursRows(hours, sessions, [member], tz, filter);
  if (rows.length === 0) throw new RuleError(t('hours.nothingToCertify', { id: member.id }), t('hours.nothingToCertifyHint', { id: member.id }));
  const issued = today(env);
  const lastEntry = rows.at(-1)!.date;
  return {
    certificate: 'hours',
    club: env.settings.name,
    lang: env.settings.lang,
    member: { id: member.id, name: member.name },
    period: { from: range.from ?? rows[0]!.date, last: range.to !== null ? addDaysToDate(range.to, -1) : lastEntry > issued ? lastEntry : issued },
    activities: rows.map((r) => ({ date: r.date, sessionId: r.sessionId, title: r.title, duty: r.duty, hours: r.hours })),
    count: rows.length,
    totalHours: hoursOf(sumHundredths(rows)),
    issued,
  };
}
