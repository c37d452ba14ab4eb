import { UsageError } from '../../core/errors.js';
import { isHeld, sessionDate } from '../../core/attendance/rules.js';
import type { AttendanceMark } from '../../core/attendance/rules.js';
import { parseSessionType } from '../../core/sessions/sessions.js';
import { sessionTallies } from '../../core/sessions/tally.js';
import { audienceResolver, effectiveAudience, needsTraits, traitsOf } from '../../core/activities/audience.js';
import { SESSION_STATUSES } from '../../core/sessions/types.js';
import type { Session } from '../../core/sessions/types.js';
import type { MemberSummary } from '../../core/types.js';
import { sortByInstant } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import type { PresenceView } from '../../store/types.js';
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

/**
 * Held sessions up to this many are tallied from their own attendance records (a few partition files); more, from
 * every member's statuses (presence), which a store keeps in one summary rather than every record.
 */
const RECORDS_UP_TO = 64;

export default async function sessionList(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  if (opts.status !== undefined && !(SESSION_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(t('session.invalidStatusExpected', { status: JSON.stringify(opts.status), value: SESSION_STATUSES.join('|') }));
  }
  const type = opts.type === undefined ? undefined : parseSessionType(opts.type);
  const store = await ctx.openStore();
  let shown: Session[] = [];
  let held: Session[] = [];
  // Members as their summaries (roster): a tally needs status histories, the table names; not contacts.
  const snapshot = await store.read(['sessions', 'attendance', 'activities', 'registrations'], ({ meta, sessions }) => {
    const tz = meta.settings.timezone;
    const { from, to } = parseDateRange(ctx, meta, opts);
    shown = sortByInstant(
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
    );
    held = shown.filter((s) => isHeld(s, ctx.now));
    const few = held.length <= RECORDS_UP_TO;
    return { roster: true, attendance: { sessions: few ? held.map((s) => s.id) : [] }, presence: !few };
  });
  const { meta, sessions, attendance, activities, registrations } = snapshot;
  const members: MemberSummary[] = [...snapshot.roster!.values()];
  // A session for a role or a tag expects members by their role and tags, which the roster does not hold: then (only
  // then) the members are read for them.
  const traits = needsTraits(held, { activities, registrations }) ? traitsOf((await store.read(['members'])).members) : undefined;
  const audienceOf = audienceResolver({ activities, registrations, ...(traits ? { traits } : {}) });
  const tz = meta.settings.timezone;
  const tallies = sessionTallies(held, members, snapshot.presence ? everyMark(members, snapshot.presence) : attendance, tz, audienceOf);
  const rows = shown.map((s) => {
    const audience = effectiveAudience(s, activities, registrations);
    const tally = tallies.get(s.id);
    if (!tally) return { ...s, audience, attended: null, expected: null };
    return { ...s, audience, attended: tally.attended, expected: tally.expected };
  });
  const names = new Map(members.map((m) => [m.id, m.name]));
  const columns = sessionColumns(tz, meta.settings.lang, (id) => (id ? (names.get(id) ?? id) : null));
  const shownColumns = opts.json || opts.csv ? columns : columns.filter((c) => c.key !== 'expected' && c.key !== 'audience');
  return list(rows, shownColumns, {
    empty: sessions.length === 0 ? t('session.noneYet') : t('session.noneMatch'),
    footer: t('session.ofSessions', { length: rows.length, length2: sessions.length }),
  });
}

/** Every member's marks, member by member: only one member's are decoded at a time. */
function* everyMark(members: readonly MemberSummary[], presence: PresenceView): Generator<AttendanceMark> {
  for (const m of members) yield* presence.marksOf(m.id);
}
