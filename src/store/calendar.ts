// calendar.json: what counting attendance reads of every session — its start, its end, its status and the audience
// it was given — one short line per session in id order ({"s12":["2026-03-03T19:00:00+08:00","2026-03-03T21:00:00+08:00","done"]}),
// kept by the store in the same commit as the sessions. `member show` counts one member's attendance over every
// session the club held; at 5,000 sessions their records are 2.5 MB of titles, topics, minutes and votes that the count
// never reads, and this file a seventh of it. The start is kept as the session's instant (with the offset it was
// recorded in), not as a date: a session's date depends on the club's time zone, which `config set timezone` may change
// without touching the sessions. Derived data: `club check` rebuilds it from the sessions and compares.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { compareIds } from '../core/ids.js';
import { SESSION_STATUSES } from '../core/sessions/types.js';
import type { Session, SessionSummary } from '../core/sessions/types.js';
import { serializeEntries } from './lines.js';
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

/** The summaries the store gives commands (Snapshot.calendar), in id order. */
export function summariesOf(calendar: ReadonlyMap<string, CalendarEntry>): SessionSummary[] {
  const summaries: SessionSummary[] = [];
  let previous = -1;
  let sorted = true;
  // forEach and indexes: no iterator or destructuring per session (5,000 of them at 5x the large club).
  calendar.forEach((entry, id) => {
    summaries.push(entry.length === 3 ? { id, startsAt: entry[0], endsAt: entry[1], status: entry[2] } : { id, startsAt: entry[0], endsAt: entry[1], status: entry[2], audience: entry[3]! });
    const n = Number(id.slice(1));
    if (n <= previous) sorted = false;
    previous = n;
  });
  // In id order already when read from the lines the store wrote; a file edited by hand may not be.
  return sorted ? summaries : summaries.sort((a, b) => compareIds(a.id, b.id));
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
