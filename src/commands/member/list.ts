import { filterMembers, sortMembers } from '../../core/members/query.js';
import type { ListQuery, SortKey } from '../../core/members/query.js';
import { memberAttendance } from '../../core/attendance/rules.js';
import type { Context } from '../../io/context.js';
import { AUDIENCE_COLLECTIONS, sessionAudiences } from '../session/audience.js';
import { jsonText, list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { MEMBER_COLUMNS, MEMBER_TABLE_KEYS } from './shared.js';
import { t } from '../../i18n/index.js';

export default async function memberList(ctx: Context, _args: unknown[], opts: ListQuery & { csv?: boolean; json?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  // Every member in id order, as JSON: the stored lines are that list already, so they are printed as they are.
  const whole = opts.status === undefined && opts.role === undefined && opts.tag === undefined && opts.search === undefined;
  if (opts.json && whole && (opts.sort === undefined || opts.sort === 'id')) return jsonText(await store.readLines('members'));
  const needsPoints = opts.sort === 'points';
  const needsAttendance = opts.sort === 'attendance';
  // Attendance is counted from the sessions' summaries (the calendar), not their whole records.
  const snapshot = await store.read([...(['members'] as const), ...(needsAttendance ? AUDIENCE_COLLECTIONS : [])], { balances: needsPoints, presence: needsAttendance, calendar: needsAttendance });
  const filtered = filterMembers(snapshot.members, opts);
  const sessions = snapshot.calendar ?? [];
  const audienceOf = needsAttendance ? await sessionAudiences(store, { ...snapshot, sessions }) : undefined;
  const rates = needsAttendance
    ? new Map(
        memberAttendance(filtered, sessions, filtered.flatMap((m) => snapshot.presence!.marksOf(m.id)), { from: null, to: null }, ctx.now, snapshot.meta.settings.timezone, audienceOf).map((r) => [
          r.memberId,
          r.rate ?? -1,
        ]),
      )
    : undefined;
  const members = sortMembers(filtered, opts.sort as SortKey | undefined, { lang: snapshot.meta.settings.lang, points: needsPoints ? snapshot.balances : undefined, attendance: rates });
  const machine = opts.csv || opts.json;
  const columns = machine ? MEMBER_COLUMNS : MEMBER_COLUMNS.filter((c) => MEMBER_TABLE_KEYS.has(c.key));
  return list(members, columns, {
    empty: snapshot.members.length === 0 ? t('member.noneYet') : t('member.noneMatch'),
    footer: t('member.ofMembers', { length: members.length, length2: snapshot.members.length }),
  });
}
