// What counting attendance reads of the sessions, in columns: each session's number (s12 → 12), its start as an
// instant, its status and the audience stored with it. A member's profile counts every session the club held: at 5x
// the large club that is 5,000 sessions, and a record and three strings for each cost more to make, and to carry
// through the collector, than the count itself. The columns hold numbers; an id or a date is made only for the few
// sessions that need one (those with an audience, those with the member's marks).
import { zoneSpan } from '../time.js';
import { SESSION_STATUSES } from './types.js';
import type { SessionStatus, SessionSummary } from './types.js';

const DAY_MS = 86_400_000;

export interface SessionTimeline {
  /** Session numbers, ascending (in id order): who makes a timeline keeps them so, and a session is found by bisection. */
  readonly numbers: ArrayLike<number>;
  /** Each session's start, milliseconds since the epoch (NaN for a start that is not an instant). */
  readonly starts: ArrayLike<number>;
  /** Each session's status, as the character code of its first letter (the calendar's letters, as bytes). */
  readonly statuses: Uint8Array;
  /** The audiences stored with sessions, by session number (most sessions have none). */
  readonly audiences: ReadonlyMap<number, string>;
}

/** The code a timeline's statuses hold for a cancelled session. */
export const CANCELLED = 'cancelled'.charCodeAt(0);

/** A status's index by the character code of its first letter (scheduled, done, cancelled: no two share one). */
export const STATUS_BY_LETTER: ReadonlyArray<number | undefined> = SESSION_STATUSES.reduce<Array<number | undefined>>((table, status, i) => {
  table[status.charCodeAt(0)] = i;
  return table;
}, []);

/** A session's number: s12 → 12 (NaN for an id of another form). */
export function sessionNumber(id: string): number {
  if (id.charCodeAt(0) !== 115 /* s */ || id.length < 2) return Number.NaN;
  let n = 0;
  for (let i = 1; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    n = n * 10 + digit;
  }
  return n;
}

export const sessionIdOf = (n: number): string => `s${n}`;

/** The timeline of session summaries, put in id order when they are not. */
export function timelineOf(given: ReadonlyArray<Pick<SessionSummary, 'id' | 'startsAt' | 'status' | 'audience'>>): SessionTimeline {
  let sessions = given;
  for (let i = 1; i < given.length && sessions === given; i++) {
    if (!(sessionNumber(given[i - 1]!.id) < sessionNumber(given[i]!.id))) sessions = [...given].sort((a, b) => sessionNumber(a.id) - sessionNumber(b.id));
  }
  const n = sessions.length;
  const numbers = new Float64Array(n);
  const starts = new Float64Array(n);
  const statuses = new Uint8Array(n);
  const audiences = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const s = sessions[i]!;
    numbers[i] = sessionNumber(s.id);
    starts[i] = Date.parse(s.startsAt);
    statuses[i] = s.status.charCodeAt(0);
    if (s.audience !== undefined) audiences.set(numbers[i]!, s.audience);
  }
  return { numbers, starts, statuses, audiences };
}

export function isTimeline(sessions: unknown): sessions is SessionTimeline {
  return !Array.isArray(sessions) && typeof sessions === 'object' && sessions !== null && 'numbers' in sessions;
}

export const statusAt = (timeline: SessionTimeline, i: number): SessionStatus => SESSION_STATUSES[STATUS_BY_LETTER[timeline.statuses[i]!]!]!;

/** A date's day number (days since 1970-01-01): comparing two is comparing the dates. */
export function dayNumber(date: string): number {
  const digits = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + date.charCodeAt(i) - 48;
    return n;
  };
  return Date.UTC(digits(0, 4), digits(5, 7) - 1, digits(8, 10)) / DAY_MS;
}

/** The date of a day number, `YYYY-MM-DD`. */
export const dayDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The day number of an instant's date in `tz`, for instants asked in turn: the zone's offset is taken once for each
 * span of instants it holds over (most of a club's sessions lie in one), a comparison for the others.
 */
export function dayInZone(tz: string): (ms: number) => number {
  let span = { from: 0, to: 0, offset: 0 };
  return (ms) => {
    if (!(ms >= span.from && ms < span.to)) span = zoneSpan(ms, tz);
    return Math.floor((ms + span.offset * 60_000) / DAY_MS);
  };
}

/** The ids of the sessions whose date in `tz` falls in [from, to) (dates; a null bound is open), in timeline order. */
export function idsInRange(timeline: SessionTimeline, range: { from: string | null; to: string | null }, tz: string): string[] {
  const from = range.from === null ? -Infinity : dayNumber(range.from);
  const to = range.to === null ? Infinity : dayNumber(range.to);
  const ids: string[] = [];
  const dayOf = dayInZone(tz);
  for (let i = 0; i < timeline.numbers.length; i++) {
    const ms = timeline.starts[i]!;
    if (Number.isNaN(ms)) continue;
    const day = dayOf(ms);
    if (day >= from && day < to) ids.push(sessionIdOf(timeline.numbers[i]!));
  }
  return ids;
}
