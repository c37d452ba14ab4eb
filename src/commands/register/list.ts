import { planOf, registrationRows } from '../../core/activities/register.js';
import type { RegistrationRow } from '../../core/activities/register.js';
import { localParts } from '../../core/time.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function registerList(ctx: Context, [sessionRef]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, sessions, members, registrations, activities } = await store.read(['sessions', 'members', 'registrations', 'activities']);
  const session = findSession(sessions, String(sessionRef));
  const names = new Map(members.map((m) => [m.id, m.name]));
  const rows = registrationRows(registrations, session.id, (id) => names.get(id) ?? id);
  const tz = meta.settings.timezone;
  // Short, so that the table fits a terminal: the JSON and CSV hold the full instant.
  const when = (iso: string | null) => {
    if (iso === null) return '';
    const { m, d, hh, mm } = localParts(iso, tz);
    return `${m}-${d} ${hh}:${mm}`;
  };
  const count = (status: RegistrationRow['status']) => rows.filter((r) => r.status === status).length;
  const capacity = planOf(activities, session.id)?.capacity ?? null;
  const counts = { session: session.id, title: session.title, registered: count('registered'), waitlisted: count('waitlisted'), cancelled: count('cancelled') };
  return list(
    rows,
    [
      // The table's # is the place of a registered member and the position of a waitlisted one; CSV holds position.
      { header: t('register.col.place'), key: 'position', value: (r: RegistrationRow) => r.position, display: (r) => String(r.place ?? r.position ?? '') },
      { header: t('register.col.id'), key: 'memberId', value: (r) => r.memberId, display: (r, s) => s.dim(r.memberId) },
      { header: t('register.col.name'), key: 'name', value: (r) => r.name },
      {
        header: t('register.col.status'),
        key: 'status',
        value: (r) => r.status,
        display: (r, s) => (r.status === 'registered' ? s.green(t('register.status.registered')) : r.status === 'waitlisted' ? s.yellow(t('register.status.waitlisted', { position: r.position ?? '' })) : s.dim(t('register.status.cancelled'))),
      },
      { header: t('register.col.at'), key: 'at', value: (r) => r.at, display: (r) => when(r.at) },
      { header: t('register.col.note'), key: 'note', value: (r) => r.note, display: (r) => r.note ?? '' },
      { header: t('register.col.promoted'), key: 'promotedAt', value: (r) => r.promotedAt, display: (r) => when(r.promotedAt) },
      { header: t('register.col.cancelled'), key: 'cancelledAt', value: (r) => r.cancelledAt, display: (r) => when(r.cancelledAt) },
    ],
    {
      empty: t('register.listEmpty', { session: session.id }),
      json: rows.map(({ place: _, ...row }) => row),
      footer: capacity === null ? t('register.summaryNoLimit', counts) : t('register.summary', { ...counts, capacity }),
    },
  );
}
