import { UsageError } from '../../core/errors.js';
import { percentOf } from '../../core/percent.js';
import { memberAttendance } from '../../core/attendance/rules.js';
import { idsInRange } from '../../core/sessions/timeline.js';
import type { MemberAttendance } from '../../core/attendance/rules.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { parseDateRange } from '../session/shared.js';
import { AUDIENCE_COLLECTIONS, sessionAudiences } from '../session/audience.js';
import { t } from '../../i18n/index.js';

interface Opts {
  member?: string;
  from?: string;
  to?: string;
  below?: string;
}

export default async function attendance(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  let below: number | undefined;
  let belowPercent = '';
  if (opts.below !== undefined) {
    const m = /^(\d+(?:\.\d+)?)%?$/.exec(opts.below.trim());
    if (!m || Number(m[1]) > 100) throw new UsageError(t('session.invalidBelowExpectedA', { below: JSON.stringify(opts.below) }));
    below = Number(m[1]) / 100;
    belowPercent = `${Number(m[1])}%`;
  }
  const store = await ctx.openStore();
  // presence.json holds every member's status at every session: a fraction of the attendance records' size. Every
  // member's row needs only their name and status history (roster.json); one member is found among the full records,
  // as a name, QQ or email may name them. The sessions are counted from their summaries (the calendar).
  const snapshot = await store.read(opts.member === undefined ? [...AUDIENCE_COLLECTIONS] : ['members', ...AUDIENCE_COLLECTIONS], { presence: true, roster: opts.member === undefined, calendar: true });
  const { meta, presence, roster, members } = snapshot;
  const sessions = snapshot.calendar!;
  // Only a session's audience is expected there: --below lists those who miss what they are expected at.
  const audienceOf = await sessionAudiences(store, { ...snapshot, sessions });
  const { from, to } = parseDateRange(ctx, meta, opts);
  const only = opts.member === undefined ? null : resolveMember(members!, opts.member);
  const who = only ? [only] : [...roster!.values()];
  const inRange = idsInRange(sessions, { from, to }, meta.settings.timezone);
  const marks = presence!.marksAt(who.map((m) => m.id), inRange);
  let rows = memberAttendance(who, sessions, marks, { from, to }, ctx.now, meta.settings.timezone, audienceOf).filter((r) => r.expected > 0 || r.attended > 0 || only);
  if (below !== undefined) rows = rows.filter((r) => r.rate !== null && r.rate < below!);
  // Lowest rate first, then by id (ids are m and a number): each row's two keys taken once, not in each of the
  // 130,000 comparisons that 10,000 rows take.
  rows = rows
    .map((row) => ({ row, rate: row.rate ?? 2, id: Number(row.memberId.slice(1)) }))
    .sort((a, b) => a.rate - b.rate || a.id - b.id)
    .map(({ row }) => row);
  const pct = (r: MemberAttendance) => (r.expected === 0 ? '' : percentOf(r.attended, r.expected));
  return list(
    rows,
    [
      { header: 'id', key: 'memberId', value: (r: MemberAttendance) => r.memberId },
      { header: 'name', key: 'name', value: (r) => r.name },
      { header: 'attended', key: 'attended', value: (r) => r.attended },
      { header: 'expected', key: 'expected', value: (r) => r.expected },
      { header: 'rate', key: 'rate', value: (r) => r.rate, display: (r, s) => (r.rate !== null && r.rate < 0.5 ? s.red(pct(r)) : pct(r)) },
      { header: 'late', key: 'late', value: (r) => r.late },
      { header: 'excused', key: 'excused', value: (r) => r.excused },
      { header: 'absent', key: 'absent', value: (r) => r.absent },
    ],
    { empty: below !== undefined ? t('session.nobodyBelow', { percent: belowPercent }) : t('session.noHeldSessions') },
  );
}
