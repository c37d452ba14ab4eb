// calendar.json: what counting attendance reads of every session — its start, its end, its status and the audience
// it was given — one short line per session in id order ({"s12":["2026-03-03T19:00:00+08:00","2026-03-03T21:00:00+08:00","done"]}),
// kept by the store in the same commit as the sessions. `member show` counts one member's attendance over every
// session the club held; at 5,000 sessions their records are 2.5 MB of titles, topics, minutes and votes that the count
// never reads, and this file a seventh of it. The start is kept as the session's instant (with the offset it was
// recorded in), not as a date: a session's date depends on the club's time zone, which `config set timezone` may change
// without touching the sessions. Derived data: `club check` rebuilds it from the sessions and compares.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { SESSION_STATUSES } from '../core/sessions/types.js';
import type { Session, SessionSummary } from '../core/sessions/types.js';
import { STATUS_BY_LETTER, timelineOf } from '../core/sessions/timeline.js';
import type { SessionTimeline } from '../core/sessions/timeline.js';
import { U8_INDEX_OF, serializeEntries } from './lines.js';
import { summaryChanges } from './summaries.js';
import { validateWith } from './validated-json-file.js';
import { t } from '../i18n/index.js';

export const CALENDAR_FILE = 'calendar.json';

/** A session's entry: start, end, status, and the audience when the session has one of its own. */
export type CalendarEntry = readonly [startsAt: string, endsAt: string, status: Session['status'], audience?: string];

const text = v.string();
const status = v.picklist(SESSION_STATUSES);
const entrySchema = v.union([v.strictTuple([text, text, status]), v.strictTuple([text, text, status, text])]);
const calendarSchema = v.record(v.pipe(v.string(), v.regex(/^s[1-9]\d*$/)), entrySchema);

export type Calendar = Map<string, CalendarEntry>;

export function parseCalendar(data: unknown, file: string): Calendar {
  return new Map(Object.entries(validateWith(calendarSchema, data, file)) as Array<[string, CalendarEntry]>);
}

export function entryOf(session: SessionSummary): CalendarEntry {
  return session.audience === undefined ? [session.startsAt, session.endsAt, session.status] : [session.startsAt, session.endsAt, session.status, session.audience];
}

/** Sessions in id order, one line each. */
export function serializeCalendar(calendar: ReadonlyMap<string, CalendarEntry>): string {
  return serializeEntries([...calendar].map(([id, entry]) => [id, JSON.stringify(entry)]));
}

export function calendarOf(sessions: readonly unknown[]): Calendar {
  return new Map((sessions as readonly Session[]).map((s) => [s.id, entryOf(s)]));
}

/** The timeline the store gives commands (Snapshot.calendar) of a calendar read and validated. */
export function timelineOfCalendar(calendar: ReadonlyMap<string, CalendarEntry>): SessionTimeline {
  const summaries: Array<Pick<SessionSummary, 'id' | 'startsAt' | 'status' | 'audience'>> = [];
  calendar.forEach((entry, id) => summaries.push({ id, startsAt: entry[0], status: entry[2], audience: entry[3] }));
  return timelineOf(summaries);
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
type LatinBytes = Buffer & { latin1Slice(start: number, end: number): string };

/**
 * The timeline of calendar bytes the store wrote (their digest vouches for them), scanned in place: a number for each
 * session's id, start and status, and no string but an audience's. JSON.parse of the 5,000 sessions of 5x the large
 * club made 25,000 objects and strings, whose making and collecting cost more than 10 ms of a 0.2 s `member show`.
 * Each line is `"s12":["<start>","<end>","<status>"]`, or `…,"<audience>"]`.
 */
export function scanCalendar(bytes: Buffer): SessionTimeline {
  const numbers: number[] = [];
  const starts: number[] = [];
  const statuses: number[] = [];
  const audiences = new Map<number, string>();
  // Imported bindings are getters once bundled: taken once, not at every line.
  const indexOf = U8_INDEX_OF;
  const statusOf = STATUS_BY_LETTER;
  for (let at = indexOf.call(bytes, NEWLINE) + 1; at > 0 && at < bytes.length; ) {
    let end = indexOf.call(bytes, NEWLINE, at);
    if (end < 0) end = bytes.length;
    if (bytes[at] === QUOTE) {
      let p = at + 2; // after `"s`
      let n = 0;
      for (; p < end && bytes[p] !== QUOTE; p++) n = n * 10 + bytes[p]! - 48;
      const startFrom = p + 4; // after `":["`
      const startTo = indexOf.call(bytes, QUOTE, startFrom);
      const statusFrom = indexOf.call(bytes, QUOTE, startTo + 3) + 3; // past the end, then `","`
      const statusTo = indexOf.call(bytes, QUOTE, statusFrom);
      numbers.push(n);
      // Date.parse of the text: in a process this short-lived, faster than reading its digits in JavaScript. The text
      // by latin1Slice (Buffer's own binding, which toString calls after checking its arguments: 4 ms of 11 here).
      starts.push(Date.parse((bytes as LatinBytes).latin1Slice(startFrom, startTo)));
      statuses.push(statusOf[bytes[statusFrom]!]!);
      if (bytes[statusTo + 1] === COMMA) audiences.set(n, JSON.parse(bytes.toString('utf8', statusTo + 2, bytes.lastIndexOf(0x5d, end))) as string);
    }
    at = end + 1;
  }
  return { numbers, starts, statuses, audiences };
}

/** Sessions whose entry replacing `before` with `after` changes: their new entry, or null when they are gone. */
export const calendarChanges = (before: readonly unknown[], after: readonly unknown[]): Map<string, CalendarEntry | null> => summaryChanges(before, after, entryOf);

/** club check: the file must say what the session records say. */
export function verifyCalendar(calendar: ReadonlyMap<string, CalendarEntry>, sessions: readonly unknown[], file: string): void {
  compareCalendar(calendar, calendarOf(sessions), file);
}

/** The file's entries against those of the session records. */
export function compareCalendar(calendar: ReadonlyMap<string, CalendarEntry>, actual: ReadonlyMap<string, CalendarEntry>, file: string): void {
  for (const id of new Set([...calendar.keys(), ...actual.keys()])) {
    const said = calendar.get(id);
    const is = actual.get(id);
    if (!said || !is || JSON.stringify(said) !== JSON.stringify(is)) {
      throw new StoreError('store_invalid', t('calendar.doesNotMatchSessions', { file, id }), t('store.restoreTheStoreFrom'));
    }
  }
}
