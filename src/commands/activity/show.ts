// `club activity show S`: the plan, its approval history (who, when, the comment), the registrations, staff and
// hours of the session, and the budget lines of the plan. JSON amounts are strings with two decimals.
import { planForPeople } from '../../core/activities/plan.js';
import { registrationsOf } from '../../core/activities/registrations.js';
import { activityOf, activityStatus, needsApproval } from '../../core/activities/status.js';
import { formatAmount } from '../../core/money/amount.js';
import { localDateTime } from '../../core/reports/labels.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { visible } from '../../io/visible.js';
import { t } from '../../i18n/index.js';
import { statusLabel, stepLabel } from '../../core/activities/approval.js';
import { actorName, budgetLabel } from './shared.js';

export default async function activityShow(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, activities, sessions, members, registrations, staff, hours } = await store.read(['activities', 'sessions', 'members', 'registrations', 'staff', 'hours']);
  const session = findSession(sessions, String(ref));
  const tz = meta.settings.timezone;
  const lang = meta.settings.lang;
  const activity = activityOf(activities, session.id);
  // On a database the steps were taken by logins: name the member a login is linked to (`access grant --member`).
  const logins = (activity?.history ?? []).some((h) => h.by !== null && !members.some((m) => m.id === h.by));
  const linked = new Map(
    logins && store.kind === 'postgres' ? (await store.listAccess()).filter((a) => a.memberId).map((a) => [a.user, a.memberId!] as const) : [],
  );
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const view = registrationsOf(registrations, session.id);
  const plan = activity?.plan ? planForPeople(activity.plan) : null;
  const hoursHere = hours.filter((h) => h.sessionId === session.id);
  const budgetTotal = (activity?.plan?.budget ?? []).reduce((sum, b) => sum + b.amount, 0);
  const data = {
    sessionId: session.id,
    status: activityStatus(activities, session.id),
    needsApproval: needsApproval(session, meta.settings),
    plan,
    history: (activity?.history ?? []).map((h) => ({ step: h.step, by: h.by, byMemberId: linked.get(h.by ?? '') ?? (members.some((m) => m.id === h.by) ? h.by : null), at: h.at, comment: h.comment })),
    session: { id: session.id, title: session.title, type: session.type, startsAt: session.startsAt, status: session.status },
    registrations: {
      capacity: activity?.plan?.capacity ?? null,
      registered: view.registered.map((r) => ({ memberId: r.memberId, name: name(r.memberId), at: r.at })),
      waitlisted: view.waitlisted.map((r, i) => ({ memberId: r.memberId, name: name(r.memberId), position: i + 1, at: r.at })),
      cancelled: view.cancelled.map((r) => ({ memberId: r.memberId, name: name(r.memberId), cancelledAt: r.cancelledAt })),
    },
    staff: staff.filter((s) => s.sessionId === session.id).map((s) => ({ memberId: s.memberId, name: name(s.memberId), duty: s.duty })),
    hours: hoursHere.map((h) => ({ id: h.id, memberId: h.memberId, name: name(h.memberId), hours: h.hours, duty: h.duty })),
    // Summed in hundredths: hours have at most two decimals.
    totalHours: hoursHere.reduce((sum, h) => sum + Math.round(h.hours * 100), 0) / 100,
    budget: plan?.budget ?? [],
    budgetTotal: formatAmount(budgetTotal),
  };
  const who = (key: string | null) => {
    const member = key === null ? undefined : linked.get(key);
    return member ? `${key} (${actorName(members, member)})` : actorName(members, key);
  };
  const names = (rows: Array<{ name: string; position?: number }>) => rows.map((r) => (r.position ? `${r.position}. ${r.name}` : r.name)).join(', ');
  return {
    kind: 'item',
    data,
    render: (style) => {
      const block = (pairs: Array<[string, unknown]>) => keyValues(pairs.filter(([, v]) => v !== null && v !== '' && v !== undefined), style, ctx.columns);
      const out = [`${style.bold(session.title)} ${style.dim(session.id)}  ${localDateTime(session.startsAt, tz, lang)}  ${statusLabel(data.status)}`];
      if (plan) {
        out.push(
          block([
            [t('activity.field.theme'), plan.theme],
            [t('activity.field.form'), plan.form],
            [t('activity.field.content'), plan.content],
            [t('activity.field.participation'), plan.participation],
            [t('activity.field.rewards'), plan.rewards],
            [t('activity.field.resources'), plan.resources],
            [t('activity.field.capacity'), plan.capacity],
            [t('activity.field.registrationDeadline'), plan.registrationDeadline && localDateTime(plan.registrationDeadline, tz, lang)],
            [t('activity.field.eligibility'), eligibilityText(plan.eligibility)],
          ]),
        );
        if (plan.risks.length) out.push('', style.bold(t('activity.field.risks')), ...plan.risks.map((r) => `- ${visible(r.risk)}: ${visible(r.mitigation.replace(/\s*\n\s*/g, ' '))}`));
        if (plan.budget.length) out.push('', style.bold(t('activity.field.budget')), ...plan.budget.map((b) => `- ${budgetLabel(b.category)}  ${b.amount}`), `  ${t('activity.total')} ${data.budgetTotal}`);
      } else out.push(style.dim(t('activity.noPlan', { session: session.id })));
      if (data.history.length) {
        out.push('', style.bold(t('activity.history')));
        for (const h of data.history) out.push(`- ${localDateTime(h.at, tz, lang)}  ${stepLabel(h.step)}  ${visible(who(h.by))}${h.comment ? `: ${visible(h.comment)}` : ''}`);
      }
      const r = data.registrations;
      out.push(
        '',
        block([
          [t('activity.registered'), `${r.registered.length}${r.capacity ? `/${r.capacity}` : ''}${r.registered.length ? `  ${names(r.registered)}` : ''}`],
          [t('activity.waitlisted'), r.waitlisted.length ? `${r.waitlisted.length}  ${names(r.waitlisted)}` : '0'],
          [t('activity.cancelled'), r.cancelled.length ? `${r.cancelled.length}  ${names(r.cancelled)}` : '0'],
          [t('activity.staff'), data.staff.map((s) => `${s.name} (${s.duty})`).join(', ') || null],
          [t('activity.hours'), data.hours.length ? `${data.totalHours}  ${data.hours.map((h) => `${h.name} ${h.hours}`).join(', ')}` : null],
        ]),
      );
      return out.join('\n');
    },
  };
}

function eligibilityText(e: { minPoints: number | null; minDaysMember: number | null; roles: string[] }): string | null {
  const parts = [
    e.minPoints !== null ? t('activity.eligibility.minPoints', { n: e.minPoints }) : null,
    e.minDaysMember !== null ? t('activity.eligibility.minDaysMember', { n: e.minDaysMember }) : null,
    e.roles.length ? t('activity.eligibility.roles', { roles: e.roles.join('/') }) : null,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : null;
}
