// Recurring sessions: the start instants of `--repeat weekly|biweekly|monthly --on mon,thu --until DATE | --count N`,
// computed on local calendar dates and then placed in the club's zone, so a weekly 19:00 meeting stays at 19:00
// across a daylight-saving change.
import { UsageError } from '../errors.js';
import { addDaysToDate, zonedInstant } from '../time.js';
import { t } from '../../i18n/index.js';

export const REPEATS = ['weekly', 'biweekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];

const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, 日: 0, 周日: 0, 星期日: 0, 天: 0,
  mon: 1, monday: 1, 一: 1, 周一: 1, 星期一: 1,
  tue: 2, tuesday: 2, 二: 2, 周二: 2, 星期二: 2,
  wed: 3, wednesday: 3, 三: 3, 周三: 3, 星期三: 3,
  thu: 4, thursday: 4, 四: 4, 周四: 4, 星期四: 4,
  fri: 5, friday: 5, 五: 5, 周五: 5, 星期五: 5,
  sat: 6, saturday: 6, 六: 6, 周六: 6, 星期六: 6,
};

/** The most occurrences one command creates: a typo in --until must not create thousands of sessions. */
export const MAX_OCCURRENCES = 500;

export function parseWeekdays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(/[,，、\s]+/).filter(Boolean)) {
    const day = WEEKDAYS[part.toLowerCase()];
    if (day === undefined) throw new UsageError(t('session.invalidOnExpectedDays', { part: JSON.stringify(part) }));
    days.add(day);
  }
  if (days.size === 0) throw new UsageError(t('session.invalidOnNoDays'));
  return [...days].sort();
}

const weekday = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
};

export interface RecurrenceInput {
  /** The first date (YYYY-MM-DD) and local time of the series. */
  date: string;
  hour: number;
  minute: number;
  repeat: Repeat;
  /** Weekdays (0 Sunday) for weekly/biweekly; default the first date's weekday. */
  on?: number[] | undefined;
  until?: string | undefined;
  count?: number | undefined;
  tz: string;
}

/** Local dates of the series, in order. */
export function recurrenceDates(input: RecurrenceInput): string[] {
  if ((input.until === undefined) === (input.count === undefined)) {
    throw new UsageError(t('session.aRepeatingSessionNeeds'));
  }
  if (input.count !== undefined && (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_OCCURRENCES)) {
    throw new UsageError(t('session.invalidCountExpectedTo', { count: input.count, MAX_OCCURRENCES }));
  }
  if (input.until !== undefined && input.until < input.date) throw new UsageError(t('session.invalidUntilIsBefore', { until: input.until, date: input.date }));
  const limit = input.count ?? MAX_OCCURRENCES + 1;
  const done = (date: string, n: number) => n >= limit || (input.until !== undefined && date > input.until);
  const out: string[] = [];

  if (input.repeat === 'monthly') {
    if (input.on) throw new UsageError(t('session.onIsForWeekly'));
    const [y, m, d] = input.date.split('-').map(Number) as [number, number, number];
    for (let i = 0; out.length < limit && i < MAX_OCCURRENCES * 2; i++) {
      const month = m - 1 + i;
      const candidate = new Date(Date.UTC(y, month, d));
      if (candidate.getUTCDate() !== d) continue; // no 31st in this month
      const date = candidate.toISOString().slice(0, 10);
      if (done(date, out.length)) break;
      out.push(date);
    }
  } else {
    const days = input.on ?? [weekday(input.date)];
    const step = input.repeat === 'biweekly' ? 14 : 7;
    // Week blocks start on the first date's week (Sunday-based offsets are enough to enumerate).
    const blockStart = addDaysToDate(input.date, -weekday(input.date));
    for (let block = 0; out.length < limit; block++) {
      let stop = false;
      for (const day of days) {
        const date = addDaysToDate(blockStart, block * step + day);
        if (date < input.date) continue;
        if (done(date, out.length)) {
          stop = true;
          break;
        }
        out.push(date);
      }
      if (stop) break;
      if (block > MAX_OCCURRENCES) break;
    }
  }
  if (out.length > MAX_OCCURRENCES) {
    throw new UsageError(t('session.thatRepeatsMoreThan', { MAX_OCCURRENCES }));
  }
  if (out.length === 0) throw new UsageError(t('session.theRepeatRuleGives'));
  return out;
}

/** Start instants of the series: each local date at the same local time. */
export function recurrenceStarts(input: RecurrenceInput): Date[] {
  return recurrenceDates(input).map((date) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const instant = zonedInstant(y, m, d, input.hour, input.minute, input.tz);
    // A local time skipped by a daylight-saving jump does not exist; TZDate moves it forward, which is what people expect.
    if (!instant) throw new RangeError(t('session.notACalendarDate', { date }));
    return instant;
  });
}
