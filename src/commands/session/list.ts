import { UsageError } from '../../core/errors.js';
import { attendanceSheet, isHeld, sessionDate, tallySheet } from '../../core/attendance/rules.js';
import { parseSessionType } from '../../core/sessions/sessions.js';
import { audienceResolver, effectiveAudience, traitsOf } from '../../core/activities/audience.js';
import { SESSION_STATUSES } from '../../core/sessions/types.js';
import { sortByInstant } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { parseDateRange, sessionColumns } from './shared.js';
import { t } from '../../i18n/index.js';

interface Opts {
  from?: string;
  to?: string;
  upcoming?: boolean;
  type?: string;
  status?: string;
  json?: boolean;
  csv?: boolean;
}

export default async function sessionList(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  if (opts.status !== undefined && !(SESSION_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(t('session.invalidStatusExpected', { status: JSON.stringify(opts.status), value: SESSION_STATUSES.join('|') }));
  }
  const type = opts.type === undefined ? undefined : parseSessionType(opts.type);
  const store = await ctx.openStore();
  const { meta, sessions, members, attendance, activities, registrations } = await store.read(['sessions', 'members', 'attendance', 'activities', 'registrations']);
  const audienceOf = audienceResolver({ activities, registrations, traits: traitsOf(members) });
  const tz = meta.settings.timezone;
  const { from, to } = parseDateRange(ctx, meta, opts);
  const rows = sortByInstant(
    sessions.filter((s) => {
      const date = sessionDate(s, tz);
      if (from && date < from) return false;
      if (to && date >= to) return false;
      if (type && s.type !== type) return false;
      if (opts.status && s.status !== opts.status) return false;
      if (opts.upcoming && (s.status !== 'scheduled' || new Date(s.startsAt).getTime() < ctx.now.getTime())) return false;
      return true;
    }),
    (s) => s.startsAt,
  ).map((s) => {
      const audience = effectiveAudience(s, activities, registrations);
      if (!isHeld(s, ctx.now)) return { ...s, audience, attended: null, expected: null };
      const tally = tallySheet(attendanceSheet(s, members, attendance, ctx.now, tz, audienceOf));
      return { ...s, audience, attended: tally.attended, expected: tally.expected };
    });
  const names = new Map(members.map((m) => [m.id, m.name]));
  const columns = sessionColumns(tz, meta.settings.lang, (id) => (id ? (names.get(id) ?? id) : null));
  const shown = opts.json || opts.csv ? columns : columns.filter((c) => c.key !== 'expected' && c.key !== 'audience');
  return list(rows, shown, {
    empty: sessions.length === 0 ? 'no sessions yet: club session add TITLE --at "YYYY-MM-DD HH:mm"' : 'no session matches',
    footer: t('session.ofSessions', { length: rows.length, length2: sessions.length }),
  });
}
