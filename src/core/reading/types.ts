// The reading plan (README "Reading plan"): books, each week's shelf, reading tasks with their due dates and notes,
// and daily 打卡 check-ins from the group chat. Every record carries recordedAt (its commit time).
import type { Recorded } from '../types.js';

export interface Book extends Recorded {
  id: string;
  title: string;
  author: string | null;
  pages: number | null;
  /** A big book gets reading.bigBookDays instead of reading.days. */
  big: boolean;
  tags: string[];
  createdAt: string;
}

/** The books recommended for one week (set on Sundays), keyed by the week's label `2026-W49`. */
export interface Shelf extends Recorded {
  week: string;
  bookIds: string[];
  at: string;
}

export interface ReadingTask extends Recorded {
  id: string;
  memberId: string;
  bookId: string;
  /** The day reading began (club zone). */
  startedOn: string;
  /** The last day on which handing in counts as on time: startedOn + reading.days (or bigBookDays). */
  due: string;
  doneAt: string | null;
  /** The reading notes, Markdown as handed in; null when none (or purged). */
  notes: string | null;
  notesAt: string | null;
  createdAt: string;
}

/** One member's 打卡 on one day (club zone): only that it happened and when; the message's text is not kept. */
export interface ReadingCheckin extends Recorded {
  memberId: string;
  date: string;
  at: string;
  source: 'chat' | 'manual';
}
