// What the book and reading commands share: the week a command is about, and one transaction over reading tasks that
// also reconciles the note points of every task it touched, so a task and its points never disagree.
import { UsageError } from '../../core/errors.js';
import type { CoreEnv } from '../../core/env.js';
import type { LedgerEntry } from '../../core/points/ledger.js';
import { reconcileReadingPoints } from '../../core/reading/points.js';
import { isMissed } from '../../core/reading/rules.js';
import type { ReadingTask } from '../../core/reading/types.js';
import { parseWeek, weekContaining } from '../../core/reports/period.js';
import type { WeekPeriod } from '../../core/reports/period.js';
import { toDateString } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { AuditInput, CollectionName, Meta, ScopeArg, Snapshot } from '../../store/types.js';
import { resolveBook } from '../../core/reading/books.js';
import { coreEnv } from '../member/shared.js';

export function weekOfFlag(ctx: Context, meta: Meta, week: string | undefined): WeekPeriod {
  const { weekStart, timezone } = meta.settings;
  return week === undefined ? weekContaining(toDateString(ctx.now, timezone), weekStart) : parseWeek(week, weekStart);
}

export function parsePages(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value.trim()) || Number(value) < 1) throw new UsageError(t('reading.badPages', { value }));
  return Number(value);
}

type Base = 'readingTasks' | 'books' | 'ledger' | 'members';

/** One transaction over reading tasks; the note points of the task it returns are reconciled in the same commit. */
export async function readingTransaction<R>(
  ctx: Context,
  names: readonly CollectionName[],
  fn: (draft: Snapshot<Base>, env: CoreEnv) => { result: R; task: ReadingTask | null; audit: AuditInput | null },
  scope?: ScopeArg<Base>,
): Promise<{ result: R; points: LedgerEntry[] }> {
  const store = await ctx.openStore();
  return store.update([...new Set<CollectionName>([...names, 'readingTasks', 'books', 'ledger', 'members'])] as Base[], (draft) => {
    const env = coreEnv(ctx, draft.meta);
    const outcome = fn(draft, env);
    if (!outcome.audit || !outcome.task) return { result: { result: outcome.result, points: [] }, audit: outcome.audit };
    const task = outcome.task;
    const book = draft.books.find((b) => b.id === task.bookId)!;
    const r = reconcileReadingPoints(draft.ledger, draft.meta.counters, task, book, env);
    if (r.added.length) {
      draft.ledger = r.ledger;
      draft.meta = { ...draft.meta, counters: r.counters };
    }
    return { result: { result: outcome.result, points: r.added }, audit: { ...outcome.audit, refs: [...(outcome.audit.refs ?? []), ...r.added.map((p) => p.id)] } };
  }, scope);
}

/**
 * What a change of one member's task of one book reads: that member only when named by id, and the ledger from the
 * day the book's first task started (or `date`, when earlier): a task's note points are booked at or after its
 * start. Without a book by that reference, everything (the command then says what is wrong).
 */
export function oneTaskScope(memberRef: string, bookRef: string, date?: string): ScopeArg<Base> {
  return (snapshot) => {
    let from: string | undefined;
    try {
      const book = resolveBook(snapshot.books, bookRef);
      for (const k of snapshot.readingTasks) if (k.bookId === book.id && (from === undefined || k.startedOn < from)) from = k.startedOn;
    } catch {
      return {};
    }
    if (from === undefined) return { memberRefs: [memberRef] };
    if (date !== undefined && /^\d{4}-\d{2}-\d{2}/.test(date) && date.slice(0, 10) < from) from = date.slice(0, 10);
    // A day of the club's zone starts at most 14 hours from UTC midnight: a day earlier covers it, with no end.
    return { ledger: { from: new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000) }, memberRefs: [memberRef] };
  };
}

/** A reading task as its JSON shape (README "Reading plan"); `missed` as of `now`. The notes' text is left out. */
export function readingTaskJson(k: ReadingTask, now: Date, tz: string) {
  return { id: k.id, memberId: k.memberId, bookId: k.bookId, startedOn: k.startedOn, due: k.due, doneAt: k.doneAt, missed: isMissed(k, now, tz), notesAt: k.notesAt };
}
