// The weekly meeting report's data (SPEC §5, reports). Pure: store data, a week and `now` in; the object the
// template renders (and `--json` prints) out.
import { readingOf, weeklyReading } from '../reading/report.js';
import type { WeeklyReading } from '../reading/report.js';
import { roundActors } from '../activities/approval.js';
import { attendanceSheet, sessionDate } from '../attendance/rules.js';
import { audienceResolver } from '../activities/audience.js';
import { noShowsIn } from '../activities/noshow.js';
import type { CoreEnv } from '../env.js';
import { leaderboard } from '../points/points.js';
import { ONBOARDING_KIND } from '../tasks/onboarding.js';
import { isOverdue } from '../tasks/tasks.js';
import { addDaysToDate, instantDate, sortByInstant, toDateString } from '../time.js';
import type { MemberSummary } from '../types.js';
import { computeKpis, heldSessions } from './kpis.js';
import type { ClubData, Kpis, Period } from './kpis.js';
import { periodEvents, topRanks } from './events.js';
import type { PeriodEvents } from './events.js';
import { memberIndex } from './members.js';
import { clockTime, displayName, localDate, typeLabel } from './labels.js';
import type { WeekPeriod } from './period.js';

export interface WeeklyReport {
  report: 'weekly';
  club: string;
  lang: 'zh' | 'en';
  generatedAt: string;
  period: Period & { week: string; last: string };
  kpis: Kpis;
  sessions: Array<{
    id: string;
    date: string;
    day: string;
    time: string;
    title: string;
    topic: string | null;
    type: string;
    host: string | null;
    attended: number;
    expected: number;
    rate: number | null;
    best: string[];
  }>;
  absentWithoutLeave: Array<{ name: string; sessions: string[] }>;
  /** Members who held a place at a session held this week and did not come (no leave): booked is not attended. */
  noShows: Array<{ sessionId: string; memberId: string; name: string; session: string }>;
  leaves: Array<{ name: string; session: string; date: string; reason: string | null; forced: boolean }>;
  bestPerformers: Array<{ name: string; sessions: string[] }>;
  nextTopic: { session: string; date: string; topic: string } | null;
  points: { issued: number; deducted: number; redeemed: number; topEarners: Array<{ rank: number; name: string; earned: number }> };
  members: {
    new: Array<{ name: string; joinedAt: string }>;
    pendingApplications: Array<{ name: string; since: string; referrer: string | null }>;
    overdueOnboarding: Array<{ name: string; task: string; due: string }>;
  };
  tasks: {
    done: Array<{ id: string; title: string; owner: string | null; doneAt: string }>;
    open: Array<{ id: string; title: string; owner: string | null; due: string | null }>;
    overdue: Array<{ id: string; title: string; owner: string | null; due: string }>;
  };
  nextWeek: Array<{ id: string; date: string; day: string; time: string; title: string; topic: string | null; host: string | null; place: string | null }>;
  /** Plans submitted (awaiting review) or reviewed (awaiting approval) as the week ended, oldest first. */
  awaitingApproval: Array<{ sessionId: string; title: string; day: string; status: 'submitted' | 'reviewed'; since: string; submittedBy: string | null; reviewedBy: string | null }>;
  cancelledSessions: PeriodEvents['cancelledSessions'];
  warnings: PeriodEvents['warnings'];
  removals: PeriodEvents['removals'];
  topics: PeriodEvents['topics'];
  redemptions: PeriodEvents['redemptions'];
  deductions: PeriodEvents['deductions'];
  /** The reading plan's week (SPEC §11). */
  reading: WeeklyReading;
}

export function buildWeeklyReport(data: ClubData, week: WeekPeriod, env: CoreEnv, opts: { redact: boolean }): WeeklyReport {
  const { settings, now } = env;
  const tz = settings.timezone;
  const lang = settings.lang;
  const today = toDateString(now, tz);
  const byId = memberIndex(data.members);
  // Overdue as the week ended (or today, for the week still running): a task due after the week was not late then.
  const endDay = today < week.to ? today : week.to;
  const overdue = (t: ClubData['tasks'][number]) => isOverdue(t, endDay, t.ownerId ? byId.get(t.ownerId)?.status : null);
  const name = (id: string | null): string | null => {
    if (!id) return null;
    const m = byId.get(id);
    return m ? displayName(m, opts.redact) : id;
  };
  const inWeek = (date: string) => date >= week.from && date < week.to;

  const held = heldSessions(data, week, now, tz);
  const sessions = held.map(({ session: s, attended, expected }) => ({
    id: s.id,
    date: sessionDate(s, tz),
    day: localDate(s.startsAt, tz, lang),
    time: clockTime(s.startsAt, tz),
    title: s.title,
    topic: s.topic,
    type: typeLabel(s.type, lang),
    host: name(s.hostId),
    attended,
    expected,
    rate: expected ? attended / expected : null,
    best: s.best.map((id) => name(id)!),
  }));

  const absent = new Map<string, string[]>();
  const leaves: WeeklyReport['leaves'] = [];
  const best = new Map<string, string[]>();
  const audienceOf = audienceResolver(data);
  const label = (session: ClubData['sessions'][number]) => `${session.id} ${localDate(session.startsAt, tz, lang)}`;
  for (const { session } of held) {
    for (const row of attendanceSheet(session, data.members, data.attendance, now, tz, audienceOf)) {
      if (row.expected && row.status === 'absent') absent.set(row.memberId, [...(absent.get(row.memberId) ?? []), label(session)]);
      if (row.status === 'excused') leaves.push({ name: name(row.memberId)!, session: label(session), date: sessionDate(session, tz), reason: row.record?.reason ?? null, forced: row.record?.forced ?? false });
    }
    for (const id of session.best) best.set(id, [...(best.get(id) ?? []), session.id]);
  }

  const upcoming = sortByInstant(
    data.sessions.filter((s) => s.status !== 'cancelled' && new Date(s.startsAt).getTime() > now.getTime()),
    (s) => s.startsAt,
  );
  const withTopic = upcoming.find((s) => s.topic);
  const nextFrom = week.to;
  const nextTo = addDaysToDate(week.to, 7);
  const nextWeek = sortByInstant(
    data.sessions.filter((s) => s.status !== 'cancelled' && sessionDate(s, tz) >= nextFrom && sessionDate(s, tz) < nextTo),
    (s) => s.startsAt,
  ).map((s) => ({ id: s.id, date: sessionDate(s, tz), day: localDate(s.startsAt, tz, lang), time: clockTime(s.startsAt, tz), title: s.title, topic: s.topic, host: name(s.hostId), place: s.place }));

  const joinedThisWeek = (m: MemberSummary) => m.history.some((h) => h.status === 'active' && inWeek(h.date));
  const taskOwner = (id: string | null) => name(id);

  const kpis = computeKpis(data, week, now, tz);
  const events = periodEvents(data, week, held, { tz, lang, redact: opts.redact });
  return {
    report: 'weekly',
    club: settings.name,
    lang,
    generatedAt: toDateString(now, tz),
    period: { from: week.from, to: week.to, week: week.week, last: addDaysToDate(week.to, -1) },
    kpis,
    sessions,
    absentWithoutLeave: [...absent.entries()].map(([id, list]) => ({ name: name(id)!, sessions: list })),
    noShows: noShowsIn(data.sessions, data.members, data.attendance, data.registrations ?? [], week, tz, now).map((n) => {
      const session = data.sessions.find((s) => s.id === n.sessionId)!;
      return { ...n, name: name(n.memberId)!, session: label(session) };
    }),
    leaves,
    bestPerformers: [...best.entries()].map(([id, list]) => ({ name: name(id)!, sessions: list })),
    nextTopic: withTopic ? { session: withTopic.id, date: localDate(withTopic.startsAt, tz, lang), topic: withTopic.topic! } : null,
    points: {
      ...pointTotals(kpis),
      topEarners: topRanks(leaderboard(data.members, data.ledger, week, tz, lang), 5)
        .map((r) => ({ rank: r.rank, name: name(r.memberId)!, earned: r.earned })),
    },
    members: {
      new: data.members.filter(joinedThisWeek).map((m) => ({ name: displayName(m, opts.redact), joinedAt: m.joinedAt ?? '' })),
      pendingApplications: data.members
        .filter((m) => m.status === 'applicant')
        .map((m) => ({ name: displayName(m, opts.redact), since: m.history.at(-1)?.date ?? '', referrer: name(m.referrerId) })),
      overdueOnboarding: data.tasks
        .filter((t) => t.kind === ONBOARDING_KIND && overdue(t))
        .map((t) => ({ name: name(t.ownerId) ?? '', task: t.id, due: t.due! })),
    },
    tasks: {
      done: data.tasks
        .filter((t) => t.status === 'done' && t.doneAt && inWeek(instantDate(t.doneAt, tz)))
        .map((t) => ({ id: t.id, title: t.title, owner: taskOwner(t.ownerId), doneAt: instantDate(t.doneAt!, tz) })),
      open: data.tasks.filter((t) => t.status === 'open' && !overdue(t)).map((t) => ({ id: t.id, title: t.title, owner: taskOwner(t.ownerId), due: t.due })),
      overdue: data.tasks.filter((t) => overdue(t)).map((t) => ({ id: t.id, title: t.title, owner: taskOwner(t.ownerId), due: t.due! })),
    },
    nextWeek,
    awaitingApproval: awaitingApproval(data, tz, lang, (key) => (key && byId.has(key) ? name(key) : key)),
    cancelledSessions: events.cancelledSessions,
    warnings: events.warnings,
    removals: events.removals,
    topics: events.topics,
    redemptions: events.redemptions,
    deductions: events.deductions,
    reading: weeklyReading(readingOf(data), data.members, week, { now, settings, redact: opts.redact }),
  };
}

/** Plans waiting for someone: submitted (for review) or reviewed (for approval), with who and since when. */
function awaitingApproval(data: ClubData, tz: string, lang: 'zh' | 'en', who: (key: string | null) => string | null): WeeklyReport['awaitingApproval'] {
  const rows = (data.activities ?? []).flatMap((a) => {
    const session = data.sessions.find((s) => s.id === a.sessionId);
    if ((a.status !== 'submitted' && a.status !== 'reviewed') || !session || session.status === 'cancelled') return [];
    const { submittedBy, reviewedBy } = roundActors(a.history);
    const since = a.history.at(-1)!.at;
    return [{ sessionId: a.sessionId, title: session.title, day: localDate(session.startsAt, tz, lang), status: a.status, since, submittedBy: who(submittedBy), reviewedBy: who(reviewedBy) }];
  });
  return sortByInstant(rows, (r) => r.since).map((r) => ({ ...r, since: instantDate(r.since, tz) }));
}

function pointTotals(k: Kpis) {
  return { issued: k.pointsIssued, deducted: k.pointsDeducted, redeemed: k.pointsRedeemed };
}
