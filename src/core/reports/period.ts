// Report periods: ISO weeks (Monday start, or Sunday with weekStart sunday) and calendar months, as [from, to).
import { UsageError } from '../errors.js';
import type { WeekStart } from '../settings.js';
import { t } from '../../i18n/index.js';
import { addDaysToDate, monthRange } from '../time.js';
import type { Period } from './kpis.js';

const weekday = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
};

/** The ISO week-numbering year and week of a date. */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDaysToDate(date, 3 - ((weekday(date) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1Monday = addDaysToDate(jan4, -((weekday(jan4) + 6) % 7));
  const [y1, m1, d1] = week1Monday.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = thursday.split('-').map(Number) as [number, number, number];
  const days = (Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000;
  return { year, week: Math.floor(days / 7) + 1 };
}

export const weekLabel = (date: string) => {
  const { year, week } = isoWeek(date);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

export interface WeekPeriod extends Period {
  week: string;
}

export function weekContaining(date: string, weekStart: WeekStart): WeekPeriod {
  const offset = weekStart === 'sunday' ? weekday(date) : (weekday(date) + 6) % 7;
  const from = addDaysToDate(date, -offset);
  // With Sunday weeks, the week is named by the ISO week of its Monday.
  return { from, to: addDaysToDate(from, 7), week: weekLabel(weekStart === 'sunday' ? addDaysToDate(from, 1) : from) };
}

/** `2026-W10` -> that week; with Sunday weeks it starts the day before the ISO Monday. */
export function parseWeek(text: string, weekStart: WeekStart): WeekPeriod {
  const m = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!m) throw new UsageError(t('report.invalidWeekExpectedYyyy', { text: JSON.stringify(text) }));
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = `${year}-01-04`;
  const monday = addDaysToDate(addDaysToDate(jan4, -((weekday(jan4) + 6) % 7)), (week - 1) * 7);
  if (week < 1 || isoWeek(monday).year !== year) throw new UsageError(t('report.invalidWeekHasNo', { year, week }));
  return weekContaining(weekStart === 'sunday' ? addDaysToDate(monday, -1) : monday, weekStart);
}

export interface MonthPeriod extends Period {
  month: string;
}

export function parseMonth(text: string): MonthPeriod {
  const r = monthRange(text);
  if (!r) throw new UsageError(t('report.invalidMonthExpectedYyyy', { text: JSON.stringify(text) }));
  return { ...r, month: text.trim() };
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The 12 months ending with `month`. */
export function trailingYear(month: MonthPeriod): Period {
  let first = month.month;
  for (let i = 0; i < 11; i++) first = previousMonth(first);
  return { from: `${first}-01`, to: month.to };
}

// Quarters, years and any period (the quarterly, yearly and period reports): [from, to) like the rest.

export interface QuarterPeriod extends Period {
  quarter: string;
}

export interface YearPeriod extends Period {
  year: string;
}

const monthStart = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;

/** The quarter (`2026-Q1`) that holds a date. */
export function quarterContaining(date: string): QuarterPeriod {
  const year = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return { from: monthStart(year, q * 3 - 2), to: q === 4 ? monthStart(year + 1, 1) : monthStart(year, q * 3 + 1), quarter: `${year}-Q${q}` };
}

/** `2026-Q1` (also `2026Q1`, `2026-q1`) -> that quarter. */
export function parseQuarter(text: string): QuarterPeriod {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1900) throw new UsageError(t('periods.badQuarter', { value: JSON.stringify(text) }), t('periods.badQuarterHint'));
  return quarterContaining(monthStart(Number(m[1]), Number(m[2]) * 3 - 2));
}

export const previousQuarter = (q: QuarterPeriod): QuarterPeriod => quarterContaining(addDaysToDate(q.from, -1));

export function yearContaining(date: string): YearPeriod {
  const year = Number(date.slice(0, 4));
  return { from: monthStart(year, 1), to: monthStart(year + 1, 1), year: String(year) };
}

export function parseYear(text: string): YearPeriod {
  const m = /^(\d{4})$/.exec(text.trim());
  if (!m || Number(m[1]) < 1900) throw new UsageError(t('periods.badYear', { value: JSON.stringify(text) }), t('periods.badYearHint'));
  return yearContaining(`${m[1]}-01-01`);
}

export const previousYear = (y: YearPeriod): YearPeriod => yearContaining(addDaysToDate(y.from, -1));

/** The calendar months that overlap a period, each clipped to it (a period from the 15th starts with half a month). */
export function monthsIn(p: Period): Array<MonthPeriod & { last: string }> {
  const months: Array<MonthPeriod & { last: string }> = [];
  for (let from = p.from; from < p.to; ) {
    const month = parseMonth(from.slice(0, 7));
    const to = month.to < p.to ? month.to : p.to;
    months.push({ month: month.month, from, to, last: addDaysToDate(to, -1) });
    from = to;
  }
  return months;
}
