// Automatic points for reading notes handed in on time (points.readingNote), kept as attendance points are (see
// src/core/points/auto.ts): after any change to a task, its `auto` entries are reconciled with what the rule says
// now — a changed state is reversed with a new entry, an unchanged one left alone, so repeating never awards twice.
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { allocateId } from '../ids.js';
import type { LedgerEntry } from '../points/ledger.js';
import { instantDate } from '../time.js';
import type { Counters } from '../types.js';
import type { Book, ReadingTask } from './types.js';

const NOTE_RULE = 'reading:note';
const REVERSAL_RULE = 'reading:reversal';

const LABELS = { zh: { note: '读书笔记', reversal: '撤销' }, en: { note: 'reading notes', reversal: 'reversed' } };

/** Notes handed in, on or before the due date, on a task that is done. */
export function notesOnTime(task: ReadingTask, tz: string): boolean {
  return task.doneAt !== null && task.notes !== null && task.notesAt !== null && instantDate(task.notesAt, tz) <= task.due;
}

export function reconcileReadingPoints(
  ledger: readonly LedgerEntry[],
  counters: Counters,
  task: ReadingTask,
  book: Book,
  env: CoreEnv,
): { ledger: LedgerEntry[]; counters: Counters; added: LedgerEntry[] } {
  const entries = ledger.filter((e) => e.kind === 'auto' && e.ref === task.id && e.rule?.startsWith('reading:'));
  const net = entries.reduce((sum, e) => sum + e.delta, 0);
  const amount = env.settings['points.readingNote'];
  const wanted = notesOnTime(task, env.settings.timezone) && amount > 0;
  if (wanted === net > 0) return { ledger: [...ledger], counters, added: [] };
  const l = LABELS[env.settings.lang];
  let next = counters;
  const added: LedgerEntry[] = [];
  // Points belong to the time the notes were handed in, not to when the clerk typed (as attendance points belong to
  // the session): notes of Saturday entered on Monday count in Saturday's week. A reversal takes the time of what it
  // reverses, so that week's total comes out right. (recordedAt keeps the commit time.)
  const now = nowInstant(env);
  const pastOrNow = (instant: string | null | undefined) => (instant && Date.parse(instant) < env.now.getTime() ? instant : now);
  const book1 = (delta: number, rule: string, reason: string, at: string) => {
    const { id, counters: c } = allocateId(next, 'ledger');
    next = c;
    added.push({ id, memberId: task.memberId, delta, kind: 'auto', reason, at, ref: task.id, rule });
  };
  const what = `${l.note} ${task.id}《${book.title}》`;
  if (net !== 0) book1(-net, REVERSAL_RULE, `${l.reversal}: ${what}`, pastOrNow(entries.at(-1)?.at));
  if (wanted) book1(amount, NOTE_RULE, what, pastOrNow(task.notesAt));
  return { ledger: [...ledger, ...added], counters: next, added };
}
