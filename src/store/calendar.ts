// calendar.json: what counting attendance reads of every session — its start, its status and the audience it was
// given — kept by the store in the same commit as the sessions. `member show` counts one member's attendance over
// every session the club held; at 5,000 sessions their records are 2.5 MB of titles, topics, minutes and votes that
// the count never reads. Derived data: `club check` rebuilds it from the sessions and compares; a backup does not hold
// it (a restore makes it from the sessions).
//
// From schemaVersion 12 the file is columns, not a line per session:
//   {"sessions":[1,2,5],
//   "starts":[1772539200000,1773468000000,null],
//   "statuses":"ddc",
//   "audiences":{"5":"tag:读书"}}
// each session's number (s12 → 12, ascending), its start in milliseconds since the epoch (null for a start that is
// not an instant), the first letter of its status, and the audiences sessions have of their own. One JSON.parse of
// numbers gives the timeline (timeline.ts); a line a session cost a string, a Date.parse and four searches each,
// 10 ms of a 0.14 s `member show` at 5x the large club. The start is an instant: a session's date depends on the
// club's time zone, which `config set timezone` may change without touching the sessions.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { SESSION_STATUSES } from '../core/sessions/types.js';
import type { Session, SessionStatus, SessionSummary } from '../core/sessions/types.js';
import { STATUS_BY_LETTER, sessionIdOf, sessionNumber } from '../core/sessions/timeline.js';
import type { SessionTimeline } from '../core/sessions/timeline.js';
import { summaryChanges } from './summaries.js';
import { validateWith } from './validated-json-file.js';
import { AUDIENCE } from './schema.js';
import { t } from '../i18n/index.js';

export const CALENDAR_FILE = 'calendar.json';

/** A session's entry: its start (ms; null when not an instant), status, and its audience when it has one of its own. */
export type CalendarEntry = readonly [start: number | null, status: SessionStatus, audience?: string];

export type Calendar = Map<string, CalendarEntry>;

/** The file's JSON: the columns. */
interface Columns {
  sessions: number[];
  starts: Array<number | null>;
  statuses: string;
  audiences: Record<string, string>;
}

const LETTERS = new RegExp(`^[${SESSION_STATUSES.map((s) => s[0]).join('')}]*$`);
/** The instants a Date can hold (ECMA-262: ±8.64e15 ms): Date.parse never gives another. */
const MAX_INSTANT = 8.64e15;
const columnsSchema = v.strictObject({
  sessions: v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER))),
  starts: v.array(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(-MAX_INSTANT), v.maxValue(MAX_INSTANT)))),
  statuses: v.pipe(v.string(), v.regex(LETTERS)),
  audiences: v.record(v.pipe(v.string(), v.regex(/^[1-9]\d*$/)), AUDIENCE),
});
const COLUMNS = ['sessions', 'starts', 'statuses', 'audiences'];

const statusOfLetter = (code: number): SessionStatus => SESSION_STATUSES[STATUS_BY_LETTER[code]!]!;

/** The entries of columns: the store's own (decodeCalendar) or validated ones (parseCalendar). */
function entriesOf(columns: Columns): Calendar {
  const { sessions, starts, statuses, audiences } = columns;
  const calendar: Calendar = new Map();
  for (let i = 0; i < sessions.length; i++) {
    const n = sessions[i]!;
    const audience = audiences[n];
    const status = statusOfLetter(statuses.charCodeAt(i));
    calendar.set(sessionIdOf(n), audience === undefined ? [starts[i]!, status] : [starts[i]!, status, audience]);
  }
  return calendar;
}

/** The parsed JSON of a calendar the store did not vouch for, validated: columns of one length, sessions ascending. */
export function parseCalendar(data: unknown, file: string): Calendar {
  const bad = (what: string) => new StoreError('store_invalid', t('calendar.badColumns', { file, what }), t('store.restoreTheStoreFrom'));
  // Anything but the four columns (the layout of schemaVersion 11, a line a session, among others): said as such.
  const keys = typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : null;
  if (keys === null || keys.length !== COLUMNS.length || !COLUMNS.every((key) => keys.includes(key))) throw new StoreError('store_invalid', t('calendar.notColumns', { file }), t('store.restoreTheStoreFrom'));
  // Keys the schema would pass over (`__proto__`, which JSON.parse makes an own key) are refused, not dropped.
  const given = (data as { audiences?: unknown }).audiences;
  if (typeof given === 'object' && given !== null) for (const n of Object.keys(given)) if (!/^[1-9]\d*$/.test(n)) throw bad(`audiences: ${JSON.stringify(n)}`);
  const columns = validateWith(columnsSchema, data, file);
  const { sessions, starts, statuses, audiences } = columns;
  if (starts.length !== sessions.length || statuses.length !== sessions.length) throw bad('starts, statuses');
  for (let i = 1; i < sessions.length; i++) if (!(sessions[i - 1]! < sessions[i]!)) throw bad(`sessions: s${sessions[i]}`);
  const listed = new Set(sessions);
  for (const n in audiences) if (!listed.has(Number(n))) throw bad(`audiences: s${n}`);
  return entriesOf(columns);
}

/** The entries of a calendar the store wrote (its digest vouches for the bytes). */
export const decodeCalendar = (text: string): Calendar => entriesOf(JSON.parse(text) as Columns);

export function entryOf(session: Pick<SessionSummary, 'startsAt' | 'status' | 'audience'>): CalendarEntry {
  const ms = Date.parse(session.startsAt);
  const start = Number.isNaN(ms) ? null : ms;
  return session.audience === undefined ? [start, session.status] : [start, session.status, session.audience];
}

/** The columns of the entries, sessions in ascending order. */
function columnsOf(calendar: ReadonlyMap<string, CalendarEntry>): Columns {
  const entries = [...calendar].map(([id, entry]) => [sessionNumber(id), entry] as const).sort(([a], [b]) => a - b);
  const audiences: Record<string, string> = {};
  let statuses = '';
  for (const [n, [, status, audience]] of entries) {
    statuses += status[0];
    if (audience !== undefined) audiences[n] = audience;
  }
  return { sessions: entries.map(([n]) => n), starts: entries.map(([, [start]]) => start), statuses, audiences };
}

/** The columns of the entries as the file holds them: four lines. */
export function serializeCalendar(calendar: ReadonlyMap<string, CalendarEntry>): string {
  const { sessions, starts, statuses, audiences } = columnsOf(calendar);
  return `{"sessions":${JSON.stringify(sessions)},\n"starts":${JSON.stringify(starts)},\n"statuses":${JSON.stringify(statuses)},\n"audiences":${JSON.stringify(audiences)}}\n`;
}

export function calendarOf(sessions: readonly unknown[]): Calendar {
  return new Map((sessions as readonly Session[]).map((s) => [s.id, entryOf(s)]));
}

/** The timeline the store gives commands (Snapshot.calendar) of a calendar read and validated. */
export const timelineOfCalendar = (calendar: ReadonlyMap<string, CalendarEntry>): SessionTimeline => timelineOfColumns(columnsOf(calendar), true);

/**
 * The timeline of calendar bytes the store wrote (their digest vouches for them): one JSON.parse of the columns.
 * Each start read in this cold loop would be boxed as a number object: looked at only when some start is null.
 */
export function viewCalendar(bytes: Buffer): SessionTimeline {
  const text = bytes.toString('utf8');
  return timelineOfColumns(JSON.parse(text) as Columns, text.includes('null'));
}

/**
 * The timeline of columns: the numbers and starts used as they are (a null start, when `nulls` says there may be one,
 * made NaN), the status letters as their bytes. No loop over the statuses: a profile counts 5,000 sessions without one.
 */
function timelineOfColumns(columns: Columns, nulls: boolean): SessionTimeline {
  const { sessions, starts, statuses: letters, audiences: stored } = columns;
  if (nulls) for (let i = 0; i < starts.length; i++) if (starts[i] === null) starts[i] = Number.NaN;
  const audiences = new Map<number, string>();
  for (const n in stored) audiences.set(Number(n), stored[n]!);
  return { numbers: sessions, starts: starts as number[], statuses: Buffer.from(letters, 'latin1'), audiences };
}

/** Sessions whose entry replacing `before` with `after` changes: their new entry, or null when they are gone. */
export const calendarChanges = (before: readonly unknown[], after: readonly unknown[]): Map<string, CalendarEntry | null> => summaryChanges(before, after, (s: Session) => entryOf(s));

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
