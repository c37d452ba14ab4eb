// The monthly progress report's data (SPEC §5, §6): KPIs against targets and the month before, the trailing year,
// sessions by type, weekly participation, top earners, best performers, surveys, feedback, members at risk, discipline.
import { monthlyReading, readingOf } from '../reading/report.js';
import type { MonthlyReading } from '../reading/report.js';
import { volunteerFigures } from '../activities/hours.js';
import { activeDuring, memberAttendance, sessionDate } from '../attendance/rules.js';
import { audienceResolver } from '../activities/audience.js';
import { NO_SHOW_DAYS, noShowCounts, noShowsIn } from '../activities/noshow.js';
import { t } from '../../i18n/index.js';
import { compareNames } from '../collation.js';
import type { CoreEnv } from '../env.js';
import { leaderboard } from '../points/points.js';
import { surveyResults } from '../surveys/results.js';
import { addDaysToDate, instantDate, toDateString } from '../time.js';
import { barCells } from '../percent.js';
import { periodEvents, topRanks } from './events.js';
import type { PeriodEvents } from './events.js';
import { computeKpis, heldSessions, membershipKpis } from './kpis.js';
import type { ClubData, Kpis, Period } from './kpis.js';
import { memberIndex } from './members.js';
import { displayName, typeLabel } from './labels.js';
import { parseMonth, previousMonth, trailingYear, weekContaining } from './period.js';
import type { MonthPeriod } from './period.js';
import type { MonthlyMoney } from '../money/report.js';

export interface KpiRow {
  key: keyof Kpis | 'trailingGrowthRate' | 'trailingRetentionRate';
  /** `rate` values are fractions, shown as percentages; `count` values are whole numbers; `score` is NPS. */
  format: 'rate' | 'count' | 'score';
  value: number | null;
  previous: number | null;
  change: number | null;
  target: number | null;
  met: boolean | null;
}

/** The monthly KPIs with the volunteer figures (SPEC §9): total hours in the month and volunteer retention. */
export type MonthlyKpis = Kpis & { volunteerHours: number; volunteerRetention: number | null };

export interface MonthlyReport {
  report: 'monthly';
  club: string;
  lang: 'zh' | 'en';
  generatedAt: string;
  period: Period & { month: string };
  kpis: MonthlyKpis;
  previousKpis: MonthlyKpis;
  trailing12m: { from: string; to: string; growthRate: number | null; retentionRate: number | null };
  /**
   * Who gave hours: in the month, and in the 12 months before it ([from, last], last included), of whom `retained`
   * gave hours in the month too (kpis.volunteerRetention = retained / volunteers). `any`: hours in either.
   */
  volunteering: { volunteersInPeriod: number; volunteers: number; retained: number; from: string; last: string; any: boolean };
  targets: { growthRate: number; retentionRate: number; participationRate: number; satisfaction: number };
  kpiTable: KpiRow[];
  sessionsByType: Array<{ type: string; count: number }>;
  /** Every week overlapping the month; a week without sessions has no rate and no bar. */
  weeklyParticipation: Array<{ week: string; from: string; sessions: number; attended: number; expected: number; rate: number | null; bar: string }>;
  /** The weeks with a rate only (no 0% bar for a week without sessions); values are unrounded percentages. */
  chart: { labels: string[]; values: number[] };
  topEarners: Array<{ rank: number; name: string; earned: number }>;
  bestPerformers: Array<{ name: string; count: number; prize: boolean }>;
  prizeThreshold: number;
  surveys: Array<{ id: string; title: string; responses: number; responseRate: number | null; satisfaction: number | null; nps: number | null }>;
  feedback: Array<{ date: string; text: string; from: string | null }>;
  /**
   * Ordered by rules hit (most first), unexcused absences (most first), participation (lowest first), name.
   * `rulesHit` names them: `participation` (below 50% in the month), `absences` (discipline.absenceLimit unexcused
   * absences in 30 days), `noShows` (discipline.noShowLimit no-shows in 60 days).
   */
  atRisk: Array<{ name: string; rate: number | null; unexcused: number; noShows: number; rules: number; rulesHit: AtRiskRule[]; reason: string }>;
  warnings: PeriodEvents['warnings'];
  removals: PeriodEvents['removals'];
  cancelledSessions: PeriodEvents['cancelledSessions'];
  topics: PeriodEvents['topics'];
  /** Excused absences at the month's sessions per member. */
  leaves: PeriodEvents['leaveSummary'];
  redemptions: PeriodEvents['redemptions'];
  deductions: PeriodEvents['deductions'];
  removalDue: Array<{ name: string; warnings: number }>;
  /** The reading plan's month (SPEC §11). */
  reading: MonthlyReading;
  /** The money of the month (SPEC §10): absent for a club without any budget, expense or donation. */
  money?: MonthlyMoney;
}

export type AtRiskRule = 'participation' | 'absences' | 'noShows';

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function buildMonthlyReport(data: ClubData, month: MonthPeriod, env: CoreEnv, opts: { redact: boolean }): MonthlyReport {
  const { settings, now } = env;
  const tz = settings.timezone;
  const lang = settings.lang;
  const byId = memberIndex(data.members);
  const name = (id: string | null) => (id ? (byId.has(id) ? displayName(byId.get(id)!, opts.redact) : id) : null);
  const inMonth = (date: string) => date >= month.from && date < month.to;
  const byName = compareNames(lang);

  const previous = parseMonth(previousMonth(month.month));
  const volunteers = volunteerFigures(data.hours ?? [], data.sessions, month, tz);
  const previousVolunteers = volunteerFigures(data.hours ?? [], data.sessions, previous, tz);
  const kpis: MonthlyKpis = { ...computeKpis(data, month, now, tz), volunteerHours: volunteers.volunteerHours, volunteerRetention: volunteers.volunteerRetention };
  const previousKpis: MonthlyKpis = {
    ...computeKpis(data, previous, now, tz),
    volunteerHours: previousVolunteers.volunteerHours,
    volunteerRetention: previousVolunteers.volunteerRetention,
  };
  const year = trailingYear(month);
  const yearKpis = membershipKpis(data.members, year);
  const targets = {
    growthRate: settings['targets.growthRate'],
    retentionRate: settings['targets.retentionRate'],
    participationRate: settings['targets.participationRate'],
    satisfaction: settings['targets.satisfaction'],
  };
  const row = (key: KpiRow['key'], format: KpiRow['format'], value: number | null, prev: number | null, target: number | null = null): KpiRow => ({
    key,
    format,
    value,
    previous: prev,
    change: diff(value, prev),
    target,
    met: target === null || value === null ? null : value >= target,
  });
  const kpiTable: KpiRow[] = [
    row('activeEnd', 'count', kpis.activeEnd, previousKpis.activeEnd),
    row('newMembers', 'count', kpis.newMembers, previousKpis.newMembers),
    row('departed', 'count', kpis.departed, previousKpis.departed),
    row('growthRate', 'rate', kpis.growthRate, previousKpis.growthRate),
    row('retentionRate', 'rate', kpis.retentionRate, previousKpis.retentionRate),
    row('trailingGrowthRate', 'rate', yearKpis.growthRate, null, targets.growthRate),
    row('trailingRetentionRate', 'rate', yearKpis.retentionRate, null, targets.retentionRate),
    row('sessionsHeld', 'count', kpis.sessionsHeld, previousKpis.sessionsHeld),
    row('participationRate', 'rate', kpis.participationRate, previousKpis.participationRate, targets.participationRate),
    row('satisfaction', 'rate', kpis.satisfaction, previousKpis.satisfaction, targets.satisfaction),
    row('nps', 'score', kpis.nps, previousKpis.nps),
    row('pointsIssued', 'count', kpis.pointsIssued, previousKpis.pointsIssued),
    row('taskCompletionRate', 'rate', kpis.taskCompletionRate, previousKpis.taskCompletionRate),
  ];

  const held = heldSessions(data, month, now, tz);
  const types = new Map<string, number>();
  for (const h of held) types.set(typeLabel(h.session.type, lang), (types.get(typeLabel(h.session.type, lang)) ?? 0) + 1);

  // Weeks that overlap the month, each counting only its sessions inside the month.
  const weeks: MonthlyReport['weeklyParticipation'] = [];
  const todayDate = toDateString(now, tz);
  for (let w = weekContaining(month.from, settings.weekStart); w.from < month.to && w.from <= todayDate; w = weekContaining(w.to, settings.weekStart)) {
    const inWeek = held.filter((h) => {
      const d = sessionDate(h.session, tz);
      return d >= w.from && d < w.to;
    });
    const attended = inWeek.reduce((n, h) => n + h.attended, 0);
    const expected = inWeek.reduce((n, h) => n + h.expected, 0);
    const rate = expected ? attended / expected : null;
    const filled = rate === null ? 0 : barCells(rate, 20);
    weeks.push({ week: w.week, from: w.from < month.from ? month.from : w.from, sessions: inWeek.length, attended, expected, rate, bar: rate === null ? '' : `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}` });
  }

  const charted = weeks.filter((w) => w.rate !== null);

  const bestCounts = new Map<string, number>();
  for (const h of held) for (const id of h.session.best) bestCounts.set(id, (bestCounts.get(id) ?? 0) + 1);
  const threshold = settings['best.monthlyPrizeThreshold'];

  // At risk: participation below 50% in the month, or discipline.absenceLimit unexcused absences in the 30 days
  // before the end of the month.
  // Absences count only at the sessions a member was expected at (their audience).
  const audienceOf = audienceResolver(data);
  const stats = memberAttendance(data.members, data.sessions, data.attendance, month, now, tz, audienceOf);
  // A member's absences are the held sessions they were active for with no record or an absent one: the same count
  // as their rows on those sessions' sheets, without a sheet of every member for each session.
  const windowFrom = addDaysToDate(month.to, -30);
  const recent = memberAttendance(data.members, data.sessions, data.attendance, { from: windowFrom, to: month.to }, now, tz, audienceOf);
  const limit = settings['discipline.absenceLimit'];
  const noShowLimit = settings['discipline.noShowLimit'];
  const noShows = noShowCounts(noShowsIn(data.sessions, data.members, data.attendance, data.registrations ?? [], { from: addDaysToDate(month.to, -NO_SHOW_DAYS), to: month.to }, tz, now));
  const warnLimit = settings['discipline.warningsBeforeRemoval'];
  // One pass over the members (a large club has 10,000); the rows of both attendance summaries are in the members'
  // order. Only members active in the month can be at risk, whatever their status now.
  const atRisk: MonthlyReport['atRisk'] = [];
  const removalDue: MonthlyReport['removalDue'] = [];
  data.members.forEach((m, i) => {
    if (m.status === 'active' && warnLimit > 0 && m.warnings.length >= warnLimit) removalDue.push({ name: displayName(m, opts.redact), warnings: m.warnings.length });
    if (!activeDuring(m, month)) return;
    const st = stats[i]!;
    const low = st.rate !== null && st.rate < 0.5;
    const absences = recent[i]!.absent;
    const tooMany = limit > 0 && absences >= limit;
    const missed = noShows.get(m.id) ?? 0;
    const noShowing = noShowLimit > 0 && missed >= noShowLimit;
    if (!low && !tooMany && !noShowing) return;
    // Built without lists to filter and join: at the largest size the bench seeds, 48,000 members are at risk.
    const rulesHit: AtRiskRule[] = [];
    let reason = '';
    const hit = (rule: AtRiskRule, text: string) => {
      rulesHit.push(rule);
      reason = reason === '' ? text : `${reason}${lang === 'zh' ? '；' : '; '}${text}`;
    };
    if (low) hit('participation', lang === 'zh' ? '本月出勤率低于50%' : 'participation below 50%');
    if (tooMany) hit('absences', lang === 'zh' ? `30天内无故缺席${absences}次` : `${absences} unexcused absences in 30 days`);
    if (noShowing) hit('noShows', t('audience.atRiskNoShows', { count: missed }, lang));
    atRisk.push({ name: displayName(m, opts.redact), rate: st.rate, unexcused: absences, noShows: missed, rules: rulesHit.length, rulesHit, reason });
  });
  // Most severe first; a member without a rate (nothing expected) after those with one; names in a fixed order.
  atRisk.sort((a, b) => b.rules - a.rules || b.unexcused - a.unexcused || (a.rate ?? 2) - (b.rate ?? 2) || byName(a.name, b.name));
  const events = periodEvents(data, month, held, { tz, lang, redact: opts.redact });

  return {
    report: 'monthly',
    club: settings.name,
    lang,
    generatedAt: toDateString(now, tz),
    period: { from: month.from, to: month.to, month: month.month },
    kpis,
    previousKpis,
    trailing12m: { from: year.from, to: year.to, growthRate: yearKpis.growthRate, retentionRate: yearKpis.retentionRate },
    volunteering: {
      volunteersInPeriod: volunteers.volunteersInPeriod,
      volunteers: volunteers.volunteers,
      retained: volunteers.retained,
      from: volunteers.before.from,
      last: addDaysToDate(volunteers.before.to, -1),
      any: volunteers.volunteersInPeriod + volunteers.volunteers > 0,
    },
    targets,
    kpiTable,
    sessionsByType: [...types.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
    weeklyParticipation: weeks,
    chart: { labels: charted.map((w) => w.week.slice(5)), values: charted.map((w) => w.rate! * 100) },
    topEarners: topRanks(leaderboard(data.members, data.ledger, month, tz, lang), 10)
      .map((r) => ({ rank: r.rank, name: name(r.memberId)!, earned: r.earned })),
    bestPerformers: [...bestCounts.entries()]
      .map(([id, count]) => ({ name: name(id)!, count, prize: threshold > 0 && count >= threshold }))
      .sort((a, b) => b.count - a.count || byName(a.name, b.name)),
    prizeThreshold: threshold,
    surveys: data.surveys
      .filter((s) => s.closedAt !== null && inMonth(instantDate(s.closedAt, tz)))
      .map((s) => {
        const r = surveyResults(s, data.responses);
        const sat = r.questions.find((q) => q.type === 'rating' && q.satisfaction !== null);
        const nps = r.questions.find((q) => q.type === 'nps');
        return { id: s.id, title: s.title, responses: r.responses, responseRate: r.responseRate, satisfaction: sat && sat.type === 'rating' ? sat.satisfaction : null, nps: nps && nps.type === 'nps' ? nps.nps : null };
      }),
    feedback: data.feedback.filter((f) => inMonth(f.date)).map((f) => ({ date: f.date, text: f.text, from: name(f.memberId) })),
    atRisk,
    warnings: events.warnings,
    removals: events.removals,
    removalDue,
    cancelledSessions: events.cancelledSessions,
    topics: events.topics,
    leaves: events.leaveSummary,
    redemptions: events.redemptions,
    deductions: events.deductions,
    reading: monthlyReading(readingOf(data), data.members, month, { now, settings, redact: opts.redact }),
  };
}
