// Report periods: ISO weeks (Monday start, or Sunday with weekStart sunday) and calendar months, as [from, to).
import { UsageError } from '../errors.js';
import type { WeekStart } from '../settings.js';
import { addDaysToDate, monthRange } from '../time.js';
import type { Period } from './kpis.js';
import { t } from '../../i18n/index.js';

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
