// Reading tasks: a member starts a book, is due to finish it (with notes) within reading.days, or
// reading.bigBookDays for a big book; `due` is a date in the club's zone, and done on or before it is on time.
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { allocateId } from '../ids.js';
import { activeOn } from '../attendance/rules.js';
import type { Settings } from '../settings.js';
import { addDaysToDate, instantDate } from '../time.js';
import type { Counters, Member } from '../types.js';
import { t } from '../../i18n/index.js';
import type { Book, ReadingTask } from './types.js';

/** The due date of a task started on `startedOn`. */
export function dueDate(startedOn: string, book: Pick<Book, 'big'>, settings: Pick<Settings, 'reading.days' | 'reading.bigBookDays'>): string {
  return addDaysToDate(startedOn, book.big ? settings['reading.bigBookDays'] : settings['reading.days']);
}

export function startReading(
  state: { readingTasks: readonly ReadingTask[]; counters: Counters },
  input: { member: Member; book: Book; startedOn: string },
  env: CoreEnv,
): { readingTasks: ReadingTask[]; counters: Counters; task: ReadingTask } {
  const { member, book, startedOn } = input;
  if (!activeOn(member, startedOn)) throw new RuleError(t('reading.notActive', { member: `${member.id} ${member.name}`, date: startedOn }));
  const open = state.readingTasks.find((k) => k.memberId === member.id && k.bookId === book.id && k.doneAt === null);
  if (open) throw new RuleError(t('reading.alreadyReading', { member: member.name, book: book.title, task: open.id, due: open.due }), t('reading.alreadyReading.hint'));
  const { id, counters } = allocateId(state.counters, 'reading');
  const task: ReadingTask = { id, memberId: member.id, bookId: book.id, startedOn, due: dueDate(startedOn, book, env.settings), doneAt: null, notes: null, notesAt: null, createdAt: nowInstant(env) };
  return { readingTasks: [...state.readingTasks, task], counters, task };
}

/** The member's task for the book: the open one, else the latest. */
export function findReadingTask(tasks: readonly ReadingTask[], member: Member, book: Book): ReadingTask {
  const mine = tasks.filter((k) => k.memberId === member.id && k.bookId === book.id);
  const task = mine.find((k) => k.doneAt === null) ?? mine.sort((a, b) => (a.startedOn < b.startedOn ? 1 : a.startedOn > b.startedOn ? -1 : 0))[0];
  if (!task) throw new NotFoundError(t('reading.noTask', { member: member.name, book: book.title }), t('reading.noTask.hint', { member: member.id, book: book.id }));
  return task;
}

/**
 * Marks the task done at `at` (kept if it was done already) and hands in `notes` when given (replacing earlier
 * notes). Returns the task unchanged (same object) when there is nothing to change.
 */
export function finishReading(tasks: readonly ReadingTask[], task: ReadingTask, input: { at: string; notes: string | null }, tz: string): { readingTasks: ReadingTask[]; task: ReadingTask } {
  if (instantDate(input.at, tz) < task.startedOn) throw new UsageError(t('reading.doneBeforeStart', { task: task.id, date: task.startedOn }));
  if (task.doneAt !== null && input.notes === null) return { readingTasks: [...tasks], task };
  const next: ReadingTask = { ...task, doneAt: task.doneAt ?? input.at, ...(input.notes !== null ? { notes: input.notes, notesAt: input.at } : {}) };
  return { readingTasks: tasks.map((k) => (k.id === task.id ? next : k)), task: next };
}

/** Opens a done task again (a mistake): its automatic points are reversed by the caller's reconcile. */
export function reopenReading(tasks: readonly ReadingTask[], task: ReadingTask): { readingTasks: ReadingTask[]; task: ReadingTask } {
  if (task.doneAt === null) throw new RuleError(t('reading.notDone', { task: task.id }));
  const next: ReadingTask = { ...task, doneAt: null };
  return { readingTasks: tasks.map((k) => (k.id === task.id ? next : k)), task: next };
}
