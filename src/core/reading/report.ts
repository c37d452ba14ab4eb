// The reading plan's sections of the weekly and monthly reports: the club's reading as it stood at the period's end,
// from what was recorded by the report's now (as the rest of the report, see reports/as-of.ts).
import { compareNames } from '../collation.js';
import type { Period } from '../reports/kpis.js';
import { displayName } from '../reports/labels.js';
import { memberIndex } from '../reports/members.js';
import { topRanks } from '../reports/events.js';
import type { Settings } from '../settings.js';
import { addDaysToDate, instantDate, startOfDate } from '../time.js';
import type { MemberSummary } from '../types.js';
import { isMissed, isOverdue, readingStanding } from './rules.js';
import type { Book, ReadingTask, Shelf } from './types.js';

export interface ReadingData {
  books: readonly Book[];
  shelves: readonly Shelf[];
  readingTasks: readonly ReadingTask[];
}

/** The reading plan's records a report was given (none when it read none). */
export function readingOf(data: { books?: readonly Book[]; shelves?: readonly Shelf[]; readingTasks?: readonly ReadingTask[] }): ReadingData {
  return { books: data.books ?? [], shelves: data.shelves ?? [], readingTasks: data.readingTasks ?? [] };
}

interface Cut {
  /** The report's now. */
  now: Date;
  period: Period;
  settings: Settings;
  redact: boolean;
}

/**
 * The tasks as they stood at `end`, from what was recorded by `now`: started later, or done or noted later, is not yet.
 * A task is dated by the day it started (`--date`), like a check-in, so one entered after the period counts in it.
 */
function tasksAt(tasks: readonly ReadingTask[], now: Date, end: Date, tz: string): ReadingTask[] {
  const by = (instant: string | null | undefined, limit: Date) => instant == null || Date.parse(instant) <= limit.getTime();
  const endDate = instantDate(end.toISOString(), tz);
  return tasks
    .filter((k) => by(k.recordedAt, now) && k.startedOn <= endDate)
    .map((k) => {
      let next = k;
      if (k.doneAt !== null && !by(k.doneAt, end)) next = { ...next, doneAt: null };
      if (k.notesAt !== null && !by(k.notesAt, end)) next = { ...next, notes: null, notesAt: null };
      return next;
    });
}

function context(data: ReadingData, members: readonly MemberSummary[], cut: Cut) {
  const tz = cut.settings.timezone;
  // The end of the period, or now for a period still running; a millisecond before the next day begins.
  const end = new Date(Math.min(startOfDate(cut.period.to, tz).getTime() - 1, cut.now.getTime()));
  const tasks = tasksAt(data.readingTasks, cut.now, end, tz);
  const byId = memberIndex(members);
  const name = (id: string) => {
    const m = byId.get(id);
    return m ? displayName(m, cut.redact) : id;
  };
  const book = (id: string) => data.books.find((b) => b.id === id);
  const title = (id: string) => book(id)?.title ?? id;
  const inPeriod = (instant: string | null) => instant !== null && instantDate(instant, tz) >= cut.period.from && instantDate(instant, tz) < cut.period.to;
  const byName = compareNames(cut.settings.lang);
  // Only a member with tasks can have missed one: a large club without a reading plan has 10,000 members and no tasks.
  const tasksOf = new Map<string, ReadingTask[]>();
  for (const k of tasks) {
    const mine = tasksOf.get(k.memberId);
    if (mine) mine.push(k);
    else tasksOf.set(k.memberId, [k]);
  }
  const removalDue = members
    .flatMap((m) => {
      const mine = tasksOf.get(m.id);
      return mine ? [{ m, standing: readingStanding(m, mine, end, cut.settings) }] : [];
    })
    .filter(({ standing }) => standing.removalDue)
    .map(({ m, standing }) => ({ name: name(m.id), misses: standing.misses.length }))
    .sort((a, b) => b.misses - a.misses || byName(a.name, b.name));
  return { tz, end, tasks, name, book, title, inPeriod, removalDue, active: data.books.length > 0 || tasks.length > 0 };
}

export interface WeeklyReading {
  /** Whether the club keeps a reading plan at all: the report leaves the section out when not. */
  active: boolean;
  shelf: Array<{ id: string; title: string; author: string | null }>;
  finished: Array<{ name: string; book: string; date: string; onTime: boolean }>;
  notes: Array<{ name: string; book: string; date: string }>;
  overdue: Array<{ name: string; book: string; due: string }>;
  missed: Array<{ name: string; book: string; due: string }>;
  removalDue: Array<{ name: string; misses: number }>;
}

export function weeklyReading(data: ReadingData, members: readonly MemberSummary[], week: Period & { week: string }, cut: Omit<Cut, 'period'>): WeeklyReading {
  const c = context(data, members, { ...cut, period: week });
  const shelf = data.shelves.find((s) => s.week === week.week && (s.recordedAt == null || Date.parse(s.recordedAt) <= cut.now.getTime()));
  const byMember = (a: ReadingTask, b: ReadingTask) => Number(a.memberId.slice(1)) - Number(b.memberId.slice(1)) || a.due.localeCompare(b.due);
  const tasks = [...c.tasks].sort(byMember);
  return {
    active: c.active,
    shelf: (shelf?.bookIds ?? []).flatMap((id) => {
      const b = c.book(id);
      return b ? [{ id: b.id, title: b.title, author: b.author }] : [];
    }),
    finished: tasks.filter((k) => c.inPeriod(k.doneAt)).map((k) => ({ name: c.name(k.memberId), book: c.title(k.bookId), date: instantDate(k.doneAt!, c.tz), onTime: instantDate(k.doneAt!, c.tz) <= k.due })),
    notes: tasks.filter((k) => c.inPeriod(k.notesAt)).map((k) => ({ name: c.name(k.memberId), book: c.title(k.bookId), date: instantDate(k.notesAt!, c.tz) })),
    overdue: tasks.filter((k) => isOverdue(k, c.end, c.tz)).map((k) => ({ name: c.name(k.memberId), book: c.title(k.bookId), due: k.due })),
    // Missed this week: the day after the due date is in the week.
    missed: tasks
      .filter((k) => isMissed(k, c.end, c.tz) && addDaysToDate(k.due, 1) >= week.from && addDaysToDate(k.due, 1) < week.to)
      .map((k) => ({ name: c.name(k.memberId), book: c.title(k.bookId), due: k.due })),
    removalDue: c.removalDue,
  };
}

export interface MonthlyReading {
  active: boolean;
  booksRead: number;
  pages: number;
  topReaders: Array<{ rank: number; name: string; books: number; pages: number }>;
  removalDue: Array<{ name: string; misses: number }>;
}

export function monthlyReading(data: ReadingData, members: readonly MemberSummary[], month: Period, cut: Omit<Cut, 'period'>): MonthlyReading {
  const c = context(data, members, { ...cut, period: month });
  const done = c.tasks.filter((k) => c.inPeriod(k.doneAt));
  const pagesOf = (k: ReadingTask) => c.book(k.bookId)?.pages ?? 0;
  const per = new Map<string, { books: number; pages: number }>();
  for (const k of done) {
    const r = per.get(k.memberId) ?? { books: 0, pages: 0 };
    per.set(k.memberId, { books: r.books + 1, pages: r.pages + pagesOf(k) });
  }
  // Tied readers in the club's name order (pinyin for zh), as on the points leaderboard.
  const byName = compareNames(cut.settings.lang);
  const sorted = [...per.entries()].map(([id, r]) => ({ name: c.name(id), ...r })).sort((x, y) => y.books - x.books || y.pages - x.pages || byName(x.name, y.name));
  const ranked = sorted.map((r) => ({ rank: 1 + sorted.filter((o) => o.books > r.books || (o.books === r.books && o.pages > r.pages)).length, ...r }));
  return { active: c.active, booksRead: done.length, pages: done.reduce((sum, k) => sum + pagesOf(k), 0), topReaders: topRanks(ranked, 5), removalDue: c.removalDue };
}
