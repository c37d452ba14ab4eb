// The charts of a report, computed from its JSON (SPEC §14: renderers compute presentation from the JSON, the same
// for every form): the participation chart (per session in a weekly report, per week in a monthly one, per month in
// a report that holds `months`) and, in a monthly report, the top earners. The HTML page draws them as inline SVG
// (svg.ts); `--chart FILE` draws them as an image with a charting library (image.ts).
import { formatRate } from '../../core/percent.js';
import { t } from '../../i18n/index.js';

export interface BarChart {
  /** `participation` (values are fractions, 0..1) or `earners` (values are points). */
  kind: 'participation' | 'earners';
  title: string;
  /** One bar a label; a null value is a period without sessions (no bar). */
  labels: string[];
  values: (number | null)[];
  /** The text above each bar: a percentage rounded per SPEC §14, or the points. */
  texts: string[];
}

export interface ReportCharts {
  participation?: BarChart;
  earners?: BarChart;
}

type Row = Record<string, unknown>;
const rows = (x: unknown): Row[] => (Array.isArray(x) ? x.filter((r): r is Row => typeof r === 'object' && r !== null) : []);
const rate = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string => (x === null || x === undefined ? '' : String(x));

/** The charts `report` has data for, titled in the report's language. */
export function reportCharts(report: Row): ReportCharts {
  const lang = report.lang === 'en' ? 'en' : 'zh';
  const charts: ReportCharts = {};
  const participation = (labels: string[], values: (number | null)[], title: string): BarChart => ({
    kind: 'participation',
    title,
    labels,
    values,
    texts: values.map((v) => (v === null ? '' : formatRate(v))),
  });
  if (Array.isArray(report.weeklyParticipation)) {
    // Monthly: every week of the month, the weeks without sessions as an empty place.
    const weeks = rows(report.weeklyParticipation);
    charts.participation = participation(
      weeks.map((w) => str(w.week).replace(/^\d{4}-/, '')),
      weeks.map((w) => rate(w.rate)),
      t('formats.chart.perWeek', {}, lang),
    );
  } else if (Array.isArray(report.months)) {
    // Quarterly, yearly, a period: a bar a month.
    const months = rows(report.months);
    charts.participation = participation(
      months.map((m) => str(m.month)),
      months.map((m) => rate((m.kpis as Row | undefined)?.participationRate)),
      t('formats.chart.perMonth', {}, lang),
    );
  } else if (Array.isArray(report.sessions)) {
    // Weekly: a bar a session held.
    const sessions = rows(report.sessions);
    charts.participation = participation(
      sessions.map((s) => `${str(s.date).slice(5)} ${str(s.title)}`.trim()),
      sessions.map((s) => rate(s.rate)),
      t('formats.chart.perSession', {}, lang),
    );
  }
  if (Array.isArray(report.topEarners)) {
    const top = rows(report.topEarners).slice(0, 10);
    charts.earners = {
      kind: 'earners',
      title: t('formats.chart.earners', {}, lang),
      labels: top.map((e) => str(e.name)),
      values: top.map((e) => (typeof e.earned === 'number' ? e.earned : 0)),
      texts: top.map((e) => str(e.earned)),
    };
  }
  return charts;
}
