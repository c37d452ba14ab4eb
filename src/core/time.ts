// Dates and instants in the club's time zone. Pure: every function takes the zone and, where needed, `now`.
// Offsets come from the zone's TZif rules when a source was installed (io/zoneinfo.ts, at start-up), else from ICU.
import { UsageError } from './errors.js';
import { offsetAt, offsetSpan, type ZoneRules } from './zone.js';

export interface Clock {
  now: Date;
  tz: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const MINUTE = 60_000;
const DAY = 86_400_000;

type RulesSource = (tz: string) => ZoneRules | null;
let rulesSource: RulesSource | undefined;

/**
 * Where zone rules come from. The CLI installs the system's tz database; without a source, or for a zone it does not
 * have, offsets come from ICU (whose first use in a process costs about a fifth of Node's start-up).
 */
export function useZoneRules(source: RulesSource | undefined): void {
  rulesSource = source;
  zones.clear();
}

interface Zone {
  /** Offset east of UTC, in minutes, uncached. */
  compute: (ms: number) => number;
  /** Offsets by quarter hour (transitions fall on quarter hours): 100,000 ledger instants cost a few lookups each. */
  cache: Map<number, number>;
  /** The span of the last instant asked about in which the offset does not change (zone rules only), or null. */
  spanAt: ((ms: number) => { from: number; to: number; offset: number } | null) | null;
  span: { from: number; to: number; offset: number };
}

const zones = new Map<string, Zone>();

function icuOffset(tz: string): (ms: number) => number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(tz)}`);
  }
  return (ms) => {
    const name = format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
    if (!m) return 0; // "GMT": UTC itself
    const minutes = Number(m[2]) * 60 + Number(m[3]) + Math.round(Number(m[4] ?? 0) / 60);
    return m[1] === '-' ? -minutes : minutes;
  };
}

/** The zone, once per process; an unknown zone is a RangeError naming it. */
function zoneOf(tz: string): Zone {
  let zone = zones.get(tz);
  if (!zone) {
    const rules = rulesSource?.(tz);
    const compute = rules ? (ms: number) => Math.round(offsetAt(rules, ms) / 60) : icuOffset(tz);
    const spanAt = rules
      ? (ms: number) => {
          const span = offsetSpan(rules, ms);
          return span && { ...span, offset: Math.round(span.offset / 60) };
        }
      : null;
    zones.set(tz, (zone = { compute, cache: new Map(), spanAt, span: { from: 0, to: 0, offset: 0 } }));
  }
  return zone;
}

/** The zone's offset from UTC, in minutes, at an instant. */
export function zoneOffsetMinutes(ms: number, tz: string): number {
  const zone = zoneOf(tz);
  if (ms >= zone.span.from && ms < zone.span.to) return zone.span.offset;
  const span = zone.spanAt?.(ms);
  if (span) {
    zone.span = span;
    return span.offset;
  }
  const bucket = Math.floor(ms / 900_000);
  let offset = zone.cache.get(bucket);
  if (offset === undefined) {
    offset = zone.compute(ms);
    zone.cache.set(bucket, offset);
  }
  return offset;
}

/**
 * The instants around `ms` over which `tz` keeps one offset (minutes east of UTC): between two transitions of its
 * rules, or the quarter hour around `ms` where the offset is worked out one instant at a time (daylight rules, ICU).
 * A count over thousands of sessions asks again only when an instant falls outside the last span.
 */
export function zoneSpan(ms: number, tz: string): { readonly from: number; readonly to: number; readonly offset: number } {
  const zone = zoneOf(tz);
  if (ms >= zone.span.from && ms < zone.span.to) return zone.span;
  const span = zone.spanAt?.(ms);
  if (span) return (zone.span = span);
  const from = Math.floor(ms / 900_000) * 900_000;
  return { from, to: from + 900_000, offset: zoneOffsetMinutes(ms, tz) };
}

/**
 * Whether dates in `tz` never go back over the instants [from, to]: a later instant's date (as zoneSpan's offsets
 * give it) is never before an earlier one's. Only clocks put back across midnight break that: St. John's put its
 * clocks back at 00:01 until 2011, so the minute after midnight came before the day before's last hour. Walked over
 * the zone's spans (one for a zone without daylight time since, two a year for one with); false when the offsets
 * are not known as spans (ICU, a daylight rule past the transitions the zone's file lists): not known to ascend.
 */
export function datesAscend(tz: string, from: number, to: number): boolean {
  const zone = zoneOf(tz);
  if (!zone.spanAt) return false;
  let span = zone.spanAt(from);
  while (span !== null && span.to <= to) {
    const next = zone.spanAt(span.to);
    if (next === null || Math.floor((span.to - 1 + span.offset * MINUTE) / DAY) > Math.floor((span.to + next.offset * MINUTE) / DAY)) return false;
    span = next;
  }
  return span !== null;
}

/** `YYYY-MM-DD` of an instant, in `tz`. */
export function toDateString(instant: Date, tz: string): string {
  const ms = instant.getTime();
  return new Date(ms + zoneOffsetMinutes(ms, tz) * MINUTE).toISOString().slice(0, 10);
}

/** ISO 8601 with the offset of `tz` at that instant, e.g. `2026-03-03T21:30:00+08:00` (`Z` where it is UTC). */
export function toInstantString(instant: Date, tz: string): string {
  const ms = instant.getTime();
  const offset = zoneOffsetMinutes(ms, tz);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant at which a calendar date (and optional time) begins in `tz`; null when the date does not exist.
 * A wall time that a daylight-saving jump skips moves forward by the jump (02:30 becomes 03:30); one that happens
 * twice, when clocks go back, is the earlier of the two (as Temporal's "compatible" does).
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, tz: string, second = 0): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // Zones change offset at most once within a day: try the offsets in force a day before and a day after.
  const before = zoneOffsetMinutes(wall - DAY, tz);
  const after = zoneOffsetMinutes(wall + DAY, tz);
  const early = wall - before * MINUTE;
  if (zoneOffsetMinutes(early, tz) === before) return new Date(early);
  const late = wall - after * MINUTE;
  if (zoneOffsetMinutes(late, tz) === after) return new Date(late);
  return new Date(early); // skipped: read with the offset before the jump, which lands after it
}

export interface ParsedDate {
  /** The calendar date in the club's zone. */
  date: string;
  /** The instant (start of the day when no time was given). */
  instant: Date;
  hasTime: boolean;
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a date as people type it on the command line (SPEC §3): `YYYY-MM-DD`, `YYYY-MM-DD HH:mm`, ISO 8601 with an
 * offset, `today`, `yesterday`, `tomorrow`. Returns null when the text is none of those.
 */
export function parseDateInput(text: string, clock: Clock): ParsedDate | null {
  const t = text.trim();
  const relative: Record<string, number> = { today: 0, yesterday: -1, tomorrow: 1 };
  const rel = relative[t.toLowerCase()];
  if (rel !== undefined) {
    const date = addDaysToDate(toDateString(clock.now, clock.tz), rel);
    return { date, instant: startOfDate(date, clock.tz), hasTime: false };
  }
  let m = DATE_RE.exec(t);
  if (m) {
    const instant = zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, clock.tz);
    return instant ? { date: toDateString(instant, clock.tz), instant, hasTime: false } : null;
  }
  m = DATE_TIME_RE.exec(t);
  if (m) {
    const instant = zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), clock.tz, Number(m[6] ?? 0));
    return instant ? { date: toDateString(instant, clock.tz), instant, hasTime: true } : null;
  }
  const instant = parseIsoInstant(t);
  return instant ? { date: toDateString(instant, clock.tz), instant, hasTime: true } : null;
}

/**
 * An ISO 8601 instant with an offset (`2026-03-05T21:30:00+08:00`, `…Z`), or null. The date must be a calendar date
 * and the time a clock time: `Date` alone turns 2026-02-30 into 03-02 and accepts 24:30.
 */
export function parseIsoInstant(text: string): Date | null {
  const t = text.trim();
  if (!ISO_OFFSET_RE.test(t) || !isDateString(t.slice(0, 10))) return null;
  const [hh, mm, ss] = [t.slice(11, 13), t.slice(14, 16), t.slice(17, 19)].map(Number) as [number, number, number];
  if (hh > 23 || mm > 59 || (t[16] === ':' && ss > 59)) return null;
  const instant = new Date(t);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Like parseDateInput, but a bad value is a usage error naming the flag. */
export function requireDateInput(text: string, flag: string, clock: Clock): ParsedDate {
  const parsed = parseDateInput(text, clock);
  if (!parsed) {
    throw new UsageError(
      `invalid date for ${flag}: ${JSON.stringify(text)}`,
      'use YYYY-MM-DD, "YYYY-MM-DD HH:mm", ISO 8601 with an offset, today, yesterday or tomorrow',
    );
  }
  return parsed;
}

export function startOfDate(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const instant = zonedInstant(y, m, d, 0, 0, tz);
  if (!instant) throw new RangeError(`not a calendar date: ${date}`);
  return instant;
}

/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, all in UTC: neither the club's zone nor the machine's can shift the
 * date. (date-fns' addDays works in the machine's local time: on a US machine, 2026-03-08 + 1 day was 2026-03-08.)
 */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/**
 * `items` in order of the ISO instant `at` gives each (stable: equal instants keep their order). Each instant is
 * parsed once; localeCompare would build an ICU collator (about 5 ms) and compare offsets as text.
 */
export function sortByInstant<T>(items: readonly T[], at: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, ms: Date.parse(at(item)) }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ item }) => item);
}

export function isDateString(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const IMPORTED_DATE_RE =
  /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/;

/**
 * An Excel serial date: days since 1899-12-30, a fraction for the time of day. A date cell that lost its date format
 * (or a sheet saved as CSV from one) shows it as a number like 46086 or 46086.4375. Five digits: 1927 to 2173.
 */
const EXCEL_SERIAL_RE = /^\d{5}(\.\d+)?$/;

/** The serial's wall-clock time, as UTC fields (the zone is applied by the caller); rounded to the second. */
function excelSerialWallClock(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400) * 1000);
}

/**
 * Dates as spreadsheets and online forms write them (SPEC §3, imported files): `2026/3/5`, `2026-03-05`,
 * `2026.3.5`, `2026年3月5日`, each with an optional time (`2026/03/05 10:00:00`), ISO 8601 with an offset, or an
 * Excel serial date (`46086`).
 */
export function parseImportedDate(text: string, tz: string): ParsedDate | null {
  const t = text.trim();
  const serial = EXCEL_SERIAL_RE.test(t) ? excelSerialWallClock(Number(t)) : null;
  if (serial) {
    const instant = zonedInstant(serial.getUTCFullYear(), serial.getUTCMonth() + 1, serial.getUTCDate(), serial.getUTCHours(), serial.getUTCMinutes(), tz, serial.getUTCSeconds());
    return instant ? { date: toDateString(instant, tz), instant, hasTime: serial.getTime() % 86_400_000 !== 0 } : null;
  }
  const m = IMPORTED_DATE_RE.exec(t);
  if (m) {
    const hasTime = m[4] !== undefined;
    const instant = zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), tz, Number(m[6] ?? 0));
    return instant ? { date: toDateString(instant, tz), instant, hasTime } : null;
  }
  const instant = parseIsoInstant(t);
  return instant ? { date: toDateString(instant, tz), instant, hasTime: true } : null;
}

/** `YYYY-MM` -> the month as [from, to) dates; null when it is not a month. */
export function monthRange(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month.trim());
  // Years before 1900 are typing mistakes, and year 0 has no month before it (the monthly report compares with one).
  if (!m || Number(m[1]) < 1900 || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: `${m[1]}-${m[2]}-01`, to: `${next}-01` };
}

const instantDates = new Map<string, Map<string, string>>();

/** The offset in minutes of `YYYY-MM-DDTHH:MM:SS±HH:MM` or `…SSZ`; null for any other form. */
function ownOffset(iso: string): number | null {
  if (iso.length === 20 && iso.charCodeAt(19) === 0x5a /* Z */) return 0;
  if (iso.length !== 25) return null;
  const sign = iso.charCodeAt(19);
  if ((sign !== 0x2b /* + */ && sign !== 0x2d) /* - */ || iso.charCodeAt(22) !== 0x3a /* : */) return null;
  const minutes = Number(iso.slice(20, 22)) * 60 + Number(iso.slice(23, 25));
  return sign === 0x2d ? -minutes : minutes;
}

/**
 * The club-zone date of a stored ISO instant, memoized: ledger entries, check-ins and sessions repeat the same
 * minutes many times, and reports ask for the same dates again and again.
 */
export function instantDate(iso: string, tz: string): string {
  // As the store writes instants (toInstantString), in the zone's offset at that instant: the date is the text's own.
  const own = ownOffset(iso);
  if (own !== null) {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms) && zoneOffsetMinutes(ms, tz) === own) return iso.slice(0, 10);
  }
  let cache = instantDates.get(tz);
  if (!cache) instantDates.set(tz, (cache = new Map()));
  let date = cache.get(iso);
  if (date === undefined) {
    date = toDateString(new Date(iso), tz);
    cache.set(iso, date);
  }
  return date;
}

/** The wall-clock parts of an instant in `tz` (weekday 0 = Sunday). */
export function localParts(instant: string | Date, tz: string): { y: string; m: string; d: string; hh: string; mm: string; wd: number } {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  const local = new Date(ms + zoneOffsetMinutes(ms, tz) * MINUTE);
  return {
    y: pad(local.getUTCFullYear(), 4),
    m: pad(local.getUTCMonth() + 1),
    d: pad(local.getUTCDate()),
    hh: pad(local.getUTCHours()),
    mm: pad(local.getUTCMinutes()),
    wd: local.getUTCDay(),
  };
}
