// The quarterly, yearly and any-period reports (`report quarterly|yearly|period`): the monthly report's KPIs computed
// for the whole period from its own counts (never averages of months: a rate is Σ attended / Σ expected over every
// session of the period, growth and retention compare the members at the period's start with those at its end),
// one row per calendar month (clipped to the period at its edges), and the targets.
//
// Targets: participation and satisfaction are targets for each period and are compared with the period's own
// figures. Growth and retention targets are yearly: they are compared with the 12 months ending with the period's
// last day (for a calendar year, the year itself), as the monthly report does with its trailing year. A quarter's
// own growth is shown, never held against a yearly target.
import { volunteerFigures, twelveMonthsBefore } from '../activities/hours.js';
import type { CoreEnv } from '../env.js';
import { leaderboard } from '../points/points.js';
import type { LedgerEntry } from '../points/ledger.js';
import { addDaysToDate, instantDate, toDateString } from '../time.js';
import { topRanks } from './events.js';
import { computeKpis, heldSessions, membershipKpis } from './kpis.js';
import type { ClubData, Period } from './kpis.js';
import { displayName, typeLabel } from './labels.js';
import type { MonthlyKpis } from './monthly.js';
import { monthsIn } from './period.js';

export type PeriodKind = 'quarterly' | 'yearly' | 'period';

type Target = 'growthRate' | 'retentionRate' | 'participationRate' | 'satisfaction';

export interface PeriodReport {
  report: PeriodKind;
  club: string;
  lang: 'zh' | 'en';
  generatedAt: string;
  /** `to` is exclusive; `last` is the last day included (what headings show). */
  period: Period & { last: string; quarter?: string; year?: string };
  kpis: MonthlyKpis;
  /** Each calendar month overlapping the period, clipped to it; months that had not begun by the report's now are left out. */
  months: Array<{ month: string; from: string; to: string; last: string; kpis: MonthlyKpis }>;
  targets: Record<Target, number>;
  /** The 12 months ending with the period's last day: what the yearly growth and retention targets are compared with. */
  trailing12m: { from: string; to: string; growthRate: number | null; retentionRate: number | null };
  /** Each target met (true), not met (false) or without a figure (null). */
  met: Record<Target, boolean | null>;
  /** Participation per month, for the months with a rate (values are unrounded percentages), as the monthly report's chart. */
  chart: { labels: string[]; values: number[] };
  sessionsByType: Array<{ type: string; count: number }>;
  topEarners: Array<{ rank: number; name: string; earned: number }>;
  volunteering: { volunteersInPeriod: number; volunteers: number; retained: number };
}

/** The KPIs of a monthly report for any period, volunteer figures included. */
export function periodKpis(data: ClubData, p: Period, now: Date, tz: string): MonthlyKpis & { volunteering: PeriodReport['volunteering'] } {
  const v = volunteerFigures(data.hours ?? [], data.sessions, p, tz);
  return {
    ...computeKpis(data, p, now, tz),
    volunteerHours: v.volunteerHours,
    volunteerRetention: v.volunteerRetention,
    volunteering: { volunteersInPeriod: v.volunteersInPeriod, volunteers: v.volunteers, retained: v.retained },
  };
}

export function buildPeriodReport(
  data: ClubData,
  period: Period & { quarter?: string; year?: string },
  kind: PeriodKind,
  env: CoreEnv,
  opts: { redact: boolean },
): PeriodReport {
  const { settings, now } = env;
  const tz = settings.timezone;
  const lang = settings.lang;
  const { volunteering, ...kpis } = periodKpis(data, period, now, tz);
  const today = toDateString(now, tz);
  // Each month's KPIs from that month's points only: a year of a large club's ledger is read once more, not twelve
  // times more.
  const ledgerByMonth = new Map<string, LedgerEntry[]>();
  for (const e of data.ledger) {
    const key = instantDate(e.at, tz).slice(0, 7);
    const bucket = ledgerByMonth.get(key);
    if (bucket) bucket.push(e);
    else ledgerByMonth.set(key, [e]);
  }
  const months = monthsIn(period)
    .filter((m) => m.from <= today)
    .map((m) => {
      const { volunteering: _v, ...monthKpis } = periodKpis({ ...data, ledger: ledgerByMonth.get(m.month) ?? [] }, m, now, tz);
      return { month: m.month, from: m.from, to: m.to, last: m.last, kpis: monthKpis };
    });
  const year = { from: twelveMonthsBefore(period.to), to: period.to };
  const yearKpis = membershipKpis(data.members, year);
  const targets: Record<Target, number> = {
    growthRate: settings['targets.growthRate'],
    retentionRate: settings['targets.retentionRate'],
    participationRate: settings['targets.participationRate'],
    satisfaction: settings['targets.satisfaction'],
  };
  const meets = (value: number | null, target: number) => (value === null ? null : value >= target);

  const types = new Map<string, number>();
  for (const h of heldSessions(data, period, now, tz)) {
    const label = typeLabel(h.session.type, lang);
    types.set(label, (types.get(label) ?? 0) + 1);
  }
  const byId = new Map(data.members.map((m) => [m.id, m]));
  const nameOf = (id: string) => (byId.has(id) ? displayName(byId.get(id)!, opts.redact) : id);

  return {
    report: kind,
    club: settings.name,
    lang,
    generatedAt: today,
    period: {
      from: period.from,
      to: period.to,
      last: addDaysToDate(period.to, -1),
      ...(period.quarter !== undefined ? { quarter: period.quarter } : {}),
      ...(period.year !== undefined ? { year: period.year } : {}),
    },
    kpis,
    months,
    targets,
    trailing12m: { ...year, growthRate: yearKpis.growthRate, retentionRate: yearKpis.retentionRate },
    met: {
      growthRate: meets(yearKpis.growthRate, targets.growthRate),
      retentionRate: meets(yearKpis.retentionRate, targets.retentionRate),
      participationRate: meets(kpis.participationRate, targets.participationRate),
      satisfaction: meets(kpis.satisfaction, targets.satisfaction),
    },
    chart: {
      labels: months.filter((m) => m.kpis.participationRate !== null).map((m) => m.month),
      values: months.filter((m) => m.kpis.participationRate !== null).map((m) => m.kpis.participationRate! * 100),
    },
    sessionsByType: [...types.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
    topEarners: topRanks(leaderboard(data.members, data.ledger, period, tz, lang), 10).map((r) => ({ rank: r.rank, name: nameOf(r.memberId), earned: r.earned })),
    volunteering,
  };
}
