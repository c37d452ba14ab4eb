import { resolveMember } from '../../core/members/reference.js';
import { resolveBook } from '../../core/reading/books.js';
import { findReadingTask, finishReading } from '../../core/reading/tasks.js';
import { multiLineText } from '../../core/text.js';
import { requireDateInput, toDateString, toInstantString } from '../../core/time.js';
import { UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { decodeText } from '../../io/encoding.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { clockOf, reportPoints } from '../session/shared.js';
import { oneTaskScope, readingTaskJson, readingTransaction } from './shared.js';

/** The most a note may hold: a long essay, not a book. */
const NOTES_MAX = 100_000;

export default async function readingDone(ctx: Context, [memberRef, bookRef]: unknown[], opts: { notes?: string; date?: string }): Promise<Output> {
  const notes = opts.notes === undefined ? null : multiLineText('--notes', decodeText(await readInput(ctx, opts.notes, t('what.notes'))).text, NOTES_MAX);
  if (notes === '') throw new UsageError(t('reading.emptyNotes', { file: String(opts.notes) }));
  let tz = '';
  const { result, points } = await readingTransaction(ctx, [], (draft) => {
    tz = draft.meta.settings.timezone;
    const member = resolveMember(draft.members, String(memberRef));
    const book = resolveBook(draft.books, String(bookRef));
    const task = findReadingTask(draft.readingTasks, member, book);
    // A day without a time: the time it was typed when that day is today, else the start of that day.
    const parsed = opts.date === undefined ? null : requireDateInput(opts.date, '--date', clockOf(ctx, draft.meta));
    const at = parsed && (parsed.hasTime || parsed.date !== toDateString(ctx.now, tz)) ? parsed.instant : ctx.now;
    const r = finishReading(draft.readingTasks, task, { at: toInstantString(at, tz), notes }, tz);
    if (r.task === task) return { result: { task, member, book, changed: false }, task: null, audit: null };
    draft.readingTasks = r.readingTasks;
    return { result: { task: r.task, member, book, changed: true }, task: r.task, audit: { summary: `reading ${task.id} done${notes !== null ? ' with notes' : ''}`, refs: [task.id, member.id, book.id] } };
  }, oneTaskScope(String(memberRef), String(bookRef), opts.date));
  reportPoints(ctx, points);
  const { task, member, book, changed } = result;
  const onTime = toDateString(new Date(task.doneAt!), tz) <= task.due;
  const message = !changed
    ? t('reading.alreadyDone', { task: task.id, member: member.name, book: book.title })
    : t(onTime ? 'reading.doneOnTime' : 'reading.doneLate', { task: task.id, member: member.name, book: book.title, due: task.due });
  return { kind: 'done', data: readingTaskJson(task, ctx.now, tz), message };
}
