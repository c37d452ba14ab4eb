import { attendanceSheet, tallySheet } from '../../core/attendance/rules.js';
import { audienceResolver, effectiveAudience, traitsOf } from '../../core/activities/audience.js';
import { noShowsAt } from '../../core/activities/noshow.js';
import { registrationsOf } from '../../core/activities/registrations.js';
import { percentOf } from '../../core/percent.js';
import { findSession } from '../../core/sessions/sessions.js';
import { currentLang, enumLabel, t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import { keyValues, renderTable } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import type { SheetRow } from '../../core/attendance/rules.js';
import { clockTime, localDateTime } from '../../core/reports/labels.js';

export default async function sessionShow(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, sessions, members, attendance, topics, activities, registrations } = await store.read(['sessions', 'members', 'attendance', 'topics', 'activities', 'registrations']);
  const session = findSession(sessions, String(ref));
  const tz = meta.settings.timezone;
  const audienceOf = audienceResolver({ activities, registrations, traits: traitsOf(members) });
  const sheet = attendanceSheet(session, members, attendance, ctx.now, tz, audienceOf);
  const tally = tallySheet(sheet);
  const name = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? id) : null);
  const rate = tally.expected > 0 ? tally.attended / tally.expected : null;
  // Booked and attended apart: places held, who came, who held a place and did not come (no-shows), the waitlist.
  const booked = registrationsOf(registrations, session.id);
  const noShows = noShowsAt(session, members, attendance, registrations, tz, ctx.now);
  const data = {
    ...session,
    audience: effectiveAudience(session, activities, registrations),
    registered: booked.registered.length,
    attended: tally.attended,
    noShows,
    waitlisted: booked.waitlisted.length,
    attendance: sheet.map((r) => ({ sessionId: session.id, memberId: r.memberId, name: r.name, status: r.status, at: r.record?.at ?? null, reason: r.record?.reason ?? null, expected: r.expected, noShow: noShows.includes(r.memberId) })),
    tally: { ...tally, rate },
    topics: topics.filter((t) => t.sessionId === session.id),
  };
  const note = (r: SheetRow) =>
    [
      r.record?.reason,
      r.record?.forced ? t('session.noteOverLimit') : null,
      r.member ? null : t('session.noteNotMember'),
      r.member && !r.audience ? t(r.expected ? 'audience.noteCameAnyway' : 'audience.noteNotInAudience') : null,
      noShows.includes(r.memberId) ? t('audience.noteNoShow') : null,
    ]
      .filter(Boolean)
      .join('; ');
  const columns: Column<SheetRow>[] = [
    { header: 'id', key: 'memberId', value: (r) => r.memberId },
    { header: 'name', key: 'name', value: (r) => r.name },
    {
      header: 'status',
      key: 'status',
      value: (r) => r.status,
      display: (r, s) => ({ present: s.green, late: s.yellow, excused: s.cyan, absent: s.red, pending: s.dim })[r.status](enumLabel(r.status)),
    },
    // The time someone arrived; a check-in entered after the end records only that they came, so no time shows.
    { header: 'time', key: 'at', value: (r) => (r.record && r.status !== 'excused' && Date.parse(r.record.at) <= Date.parse(session.endsAt) ? clockTime(r.record.at, tz) : '') },
    { header: 'note', key: 'reason', value: note },
  ];
  const table = sheet.length ? await renderTable(columns as Column<never>[], sheet, ctx.style, ctx.columns) : '';
  const takesPlaces = booked.registered.length + booked.waitlisted.length + booked.cancelled.length > 0;
  return {
    kind: 'item',
    data,
    render: (style) =>
      [
        `${style.bold(session.title)} ${style.dim(session.id)}  ${enumLabel(session.status)}`,
        keyValues(
          [
            ['when', `${localDateTime(session.startsAt, tz, currentLang())} – ${clockTime(session.endsAt, tz)}${t('session.durationShort', { minutes: session.durationMinutes })}`],
            ['type', session.type],
            ['host', name(session.hostId)],
            ['topic', session.topic],
            ['place', session.place],
            [t('audience.label'), data.audience === 'all' ? null : data.audience],
            ['best', session.best.map((id) => name(id)).join(', ') || null],
            ['cancelled', session.cancelReason],
            ['attendance', rate === null ? null : t('session.attendanceLine', { attended: tally.attended, expected: tally.expected, rate: percentOf(tally.attended, tally.expected), present: tally.present, late: tally.late, excused: tally.excused, absent: tally.absent })],
            [t('audience.booked'), takesPlaces ? t('audience.bookedLine', { registered: booked.registered.length, attended: tally.attended, waitlisted: booked.waitlisted.length }) : null],
            [t('audience.noShows'), noShows.length ? noShows.map((id) => `${name(id)} (${id})`).join(', ') : null],
          ].filter(([, v]) => v !== null && v !== '') as Array<[string, unknown]>,
          style,
          ctx.columns,
        ),
        table,
        session.minutes ? `\n${style.bold(t('session.minutesHeading'))}\n${session.minutes}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
  };
}
