// The monthly newsletter (`report newsletter`): what a club tells its members and friends about a month — the
// sessions held (topics, who came, best performers or a competition's winners), what is coming (the rest of this
// month and all of the next, with registration), the new members welcomed by name, and thanks to the volunteers
// for their hours. Donors are thanked too once the club keeps money (`donors`, absent until then).
//
// What is "coming" is what lies ahead when the newsletter is made (its now: the clock, CLUB_NOW or --as-of) up to
// the end of the month after the newsletter's: made in the first days of April about March, it lists April's
// sessions still to come, with the topics and registrations as they stand then. The month's news counts what is
// dated in the month, as the monthly report does.
import { hoursOf, hundredthsOf } from '../activities/hours.js';
import { effectiveAudience } from '../activities/audience.js';
import { registrationsOf } from '../activities/registrations.js';
import { activityOf, needsApproval } from '../activities/status.js';
import { sessionDate } from '../attendance/rules.js';
import { compareNames } from '../collation.js';
import type { CoreEnv } from '../env.js';
import { addDaysToDate, sortByInstant, toDateString } from '../time.js';
import { heldSessions, membershipChanges } from './kpis.js';
import type { ClubData } from './kpis.js';
import { clockTime, displayName, localDate, localDateTime, typeLabel } from './labels.js';
import { parseMonth } from './period.js';
import type { MonthPeriod } from './period.js';

export interface Newsletter {
  report: 'newsletter';
  club: string;
  lang: 'zh' | 'en';
  generatedAt: string;
  period: MonthPeriod & { last: string };
  /** The month in figures. */
  figures: { sessionsHeld: number; attended: number; newMembers: number; volunteerHours: number };
  /** Sessions held in the month, in order. `best`: best performers (a competition's winners). */
  news: Array<{
    id: string;
    date: string;
    day: string;
    time: string;
    title: string;
    type: string;
    competition: boolean;
    topic: string | null;
    theme: string | null;
    place: string | null;
    attended: number;
    best: string[];
  }>;
  /** [from, last]: from the newsletter's now to the end of the month after its month; null once that has passed. */
  coming: null | {
    from: string;
    last: string;
    sessions: Array<{
      id: string;
      date: string;
      day: string;
      time: string;
      title: string;
      type: string;
      topic: string | null;
      host: string | null;
      place: string | null;
      /** Null when the session takes no registrations (everyone is expected). */
      registration: { open: boolean; registered: number; waitlisted: number; capacity: number | null; deadline: string | null } | null;
    }>;
  };
  /** Members who became active in the month, by date then name. */
  welcome: Array<{ name: string; date: string }>;
  /** Volunteer hours at the month's sessions, most first. */
  volunteers: Array<{ name: string; hours: number; sessions: number }>;
  /** Donors to thank: set once the club keeps money (donations); absent until then. */
  donors?: Array<{ name: string; amount: string | null; inKind: string | null }>;
}

/** The month after a month: what a newsletter's "coming" reaches to. */
export const monthAfter = (month: MonthPeriod): MonthPeriod => parseMonth(month.to.slice(0, 7));

export function buildNewsletter(data: ClubData, month: MonthPeriod, env: CoreEnv, opts: { redact: boolean }): Newsletter {
  const { settings, now } = env;
  const tz = settings.timezone;
  const lang = settings.lang;
  const byName = compareNames(lang);
  const byId = new Map(data.members.map((m) => [m.id, m]));
  const name = (id: string | null) => (id === null ? null : byId.has(id) ? displayName(byId.get(id)!, opts.redact) : id);
  const activities = data.activities ?? [];
  const registrations = data.registrations ?? [];

  const held = heldSessions(data, month, now, tz);
  const news = held.map(({ session: s, attended }) => ({
    id: s.id,
    date: sessionDate(s, tz),
    day: localDate(s.startsAt, tz, lang),
    time: clockTime(s.startsAt, tz),
    title: s.title,
    type: typeLabel(s.type, lang),
    competition: s.type === 'competition',
    topic: s.topic,
    theme: activityOf(activities, s.id)?.plan?.theme ?? null,
    place: s.place,
    attended,
    best: s.best.map((id) => name(id)!),
  }));

  const comingFrom = now.getTime();
  const comingTo = monthAfter(month).to;
  const coming = sortByInstant(
    data.sessions.filter((s) => s.status !== 'cancelled' && Date.parse(s.startsAt) >= comingFrom && sessionDate(s, tz) < comingTo),
    (s) => s.startsAt,
  ).map((s) => {
    const plan = activityOf(activities, s.id)?.plan ?? null;
    let registration: NonNullable<Newsletter['coming']>['sessions'][number]['registration'] = null;
    if (effectiveAudience(s, activities, registrations) === 'registered') {
      const view = registrationsOf(registrations, s.id);
      const deadline = plan?.registrationDeadline ?? null;
      const approved = !needsApproval(s, settings) || activityOf(activities, s.id)?.status === 'approved';
      registration = {
        open: approved && (deadline === null || now.getTime() <= Date.parse(deadline)) && now.getTime() < Date.parse(s.startsAt),
        registered: view.registered.length,
        waitlisted: view.waitlisted.length,
        capacity: plan?.capacity ?? null,
        deadline: deadline === null ? null : localDateTime(deadline, tz, lang),
      };
    }
    return {
      id: s.id,
      date: sessionDate(s, tz),
      day: localDate(s.startsAt, tz, lang),
      time: clockTime(s.startsAt, tz),
      title: s.title,
      type: typeLabel(s.type, lang),
      topic: s.topic,
      host: name(s.hostId),
      place: s.place,
      registration,
    };
  });

  const welcome: Newsletter['welcome'] = [];
  for (const m of data.members) {
    if (membershipChanges(m, month).joined === 0) continue;
    const date = [...m.history].reverse().find((h) => h.status === 'active' && h.date >= month.from && h.date < month.to)!.date;
    welcome.push({ name: displayName(m, opts.redact), date });
  }
  welcome.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byName(a.name, b.name)));

  const dateOf = new Map(data.sessions.map((s) => [s.id, sessionDate(s, tz)]));
  const given = new Map<string, { hundredths: number; sessions: Set<string> }>();
  for (const h of data.hours ?? []) {
    const date = dateOf.get(h.sessionId);
    if (date === undefined || date < month.from || date >= month.to) continue;
    const row = given.get(h.memberId) ?? { hundredths: 0, sessions: new Set<string>() };
    row.hundredths += hundredthsOf(h.hours);
    row.sessions.add(h.sessionId);
    given.set(h.memberId, row);
  }
  const volunteers = [...given.entries()]
    .map(([id, row]) => ({ name: name(id)!, hours: hoursOf(row.hundredths), sessions: row.sessions.size, hundredths: row.hundredths }))
    .sort((a, b) => b.hundredths - a.hundredths || byName(a.name, b.name))
    .map(({ hundredths: _h, ...row }) => row);
  const totalHundredths = [...given.values()].reduce((n, r) => n + r.hundredths, 0);

  return {
    report: 'newsletter',
    club: settings.name,
    lang,
    generatedAt: toDateString(now, tz),
    period: { ...month, last: addDaysToDate(month.to, -1) },
    figures: { sessionsHeld: held.length, attended: held.reduce((n, h) => n + h.attended, 0), newMembers: welcome.length, volunteerHours: hoursOf(totalHundredths) },
    news,
    coming: toDateString(now, tz) < comingTo ? { from: toDateString(now, tz), last: addDaysToDate(comingTo, -1), sessions: coming } : null,
    welcome,
    volunteers,
  };
}
