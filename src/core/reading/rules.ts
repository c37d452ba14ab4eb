// The reading rules, derived like absences (read commands never write): a task not done by its due date is missed;
// the first miss in 60 days shows as a warning of kind `reading`, and reading.missesBeforeRemoval misses in 60 days
// make removal due. Reading warnings are apart from member warnings (discipline.warningsBeforeRemoval).
import type { Settings } from '../settings.js';
import { addDaysToDate, instantDate } from '../time.js';
import type { MemberSummary } from '../types.js';
import type { ReadingCheckin, ReadingTask } from './types.js';

/** The window in which misses count toward removal. */
export const MISS_WINDOW_DAYS = 60;

/** Done (by `asOf`) on or before its due date, in the club's zone. */
export function doneOnTime(task: ReadingTask, asOf: Date, tz: string): boolean {
  return task.doneAt !== null && Date.parse(task.doneAt) <= asOf.getTime() && instantDate(task.doneAt, tz) <= task.due;
}

/** Done by `asOf` (at any time). */
export function doneBy(task: ReadingTask, asOf: Date): boolean {
  return task.doneAt !== null && Date.parse(task.doneAt) <= asOf.getTime();
}

/** Missed as of `asOf`: its due date has passed (in the club's zone) and it was not done on or before it. */
export function isMissed(task: ReadingTask, asOf: Date, tz: string): boolean {
  return task.due < instantDate(asOf.toISOString(), tz) && !doneOnTime(task, asOf, tz);
}

/** Not done yet and past its due date. */
export function isOverdue(task: ReadingTask, asOf: Date, tz: string): boolean {
  return !doneBy(task, asOf) && task.due < instantDate(asOf.toISOString(), tz);
}

export interface ReadingWarning {
  kind: 'reading';
  /** The day the task was missed: the day after its due date. */
  date: string;
  reason: string;
  taskId: string;
}

export interface ReadingStanding {
  /** The member's missed tasks in the last 60 days, oldest first. */
  misses: ReadingTask[];
  /** The first of those misses: the one more chance. */
  warning: ReadingWarning | null;
  removalDue: boolean;
}

export const MISS_REASON = { zh: '读书任务未完成', en: 'reading task missed' } as const;

export function readingStanding(member: MemberSummary, tasks: readonly ReadingTask[], asOf: Date, settings: Settings): ReadingStanding {
  const tz = settings.timezone;
  const today = instantDate(asOf.toISOString(), tz);
  const since = addDaysToDate(today, -MISS_WINDOW_DAYS);
  const misses = tasks
    .filter((k) => k.memberId === member.id && isMissed(k, asOf, tz) && addDaysToDate(k.due, 1) > since)
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const first = misses[0];
  const warning: ReadingWarning | null = first ? { kind: 'reading', date: addDaysToDate(first.due, 1), reason: MISS_REASON[settings.lang], taskId: first.id } : null;
  const limit = settings['reading.missesBeforeRemoval'];
  return { misses, warning, removalDue: member.status === 'active' && limit > 0 && misses.length >= limit };
}

/** Consecutive days (club zone) with a 打卡, ending today or yesterday; 0 when neither has one. */
export function streakOf(checkins: readonly ReadingCheckin[], memberId: string, today: string): number {
  const days = new Set(checkins.filter((c) => c.memberId === memberId).map((c) => c.date));
  let day = days.has(today) ? today : addDaysToDate(today, -1);
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day = addDaysToDate(day, -1);
  }
  return streak;
}

/** The member's task for a week ending (exclusive) on `before`: the latest started before it. */
export function currentTask(tasks: readonly ReadingTask[], memberId: string, before: string): ReadingTask | null {
  let best: ReadingTask | null = null;
  for (const k of tasks) {
    if (k.memberId !== memberId || k.startedOn >= before) continue;
    if (!best || k.startedOn > best.startedOn || (k.startedOn === best.startedOn && Number(k.id.slice(1)) > Number(best.id.slice(1)))) best = k;
  }
  return best;
}
