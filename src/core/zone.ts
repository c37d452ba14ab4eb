// A time zone's UTC offsets from its compiled tz database file (TZif, RFC 8536), without ICU. Creating the first
// Intl.DateTimeFormat of a process costs about a fifth of Node's own start-up; reading a zone's TZif file costs
// almost nothing. Pure: the bytes come in, offsets go out; io/zoneinfo.ts finds the file.

/** The offset rule for instants after the last listed transition: a POSIX TZ string, e.g. `EST5EDT,M3.2.0,M11.1.0`. */
interface PosixRule {
  /** Standard time's offset east of UTC, in seconds. */
  std: number;
  /** Daylight time: its offset and when it starts and ends (local date rules, seconds after local midnight). */
  dst?: { offset: number; start: DateRule; end: DateRule };
}

type DateRule = { kind: 'J'; day: number; time: number } | { kind: 'n'; day: number; time: number } | { kind: 'M'; month: number; week: number; weekday: number; time: number };

export interface ZoneRules {
  /** Transition instants, in ms, ascending. */
  at: number[];
  /** The offset, in seconds east of UTC, from each transition on. */
  offset: number[];
  /** The offset before the first transition. */
  initial: number;
  rule?: PosixRule;
}

export class TzifError extends Error {}

/** Parses a TZif file (versions 1 to 4). Throws TzifError when the bytes are not one, or use leap seconds. */
export function parseTzif(bytes: Uint8Array): ZoneRules {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number) => {
    if (end > bytes.length) throw new TzifError('truncated TZif file');
  };
  const header = (pos: number) => {
    need(pos + 44);
    if (view.getUint32(pos) !== 0x545a6966) throw new TzifError('not a TZif file'); // "TZif"
    const counts = [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(pos + 20 + i * 4));
    const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts as [number, number, number, number, number, number];
    return { version: bytes[pos + 4]!, isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt };
  };
  const blockSize = (h: ReturnType<typeof header>, timeSize: number) =>
    h.timecnt * timeSize + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;

  let h = header(0);
  let pos = 44;
  let timeSize = 4;
  if (h.version >= 0x32) {
    // Version 2 and later repeat the data with 64-bit times, then add the footer: skip the 32-bit block.
    pos += blockSize(h, 4);
    h = header(pos);
    pos += 44;
    timeSize = 8;
  }
  if (h.leapcnt > 0) throw new TzifError('TZif file with leap seconds');
  if (h.typecnt === 0) throw new TzifError('TZif file without local time types');
  need(pos + blockSize(h, timeSize));
  const times: number[] = [];
  for (let i = 0; i < h.timecnt; i++) {
    times.push(timeSize === 8 ? Number(view.getBigInt64(pos + i * 8)) : view.getInt32(pos + i * 4));
  }
  pos += h.timecnt * timeSize;
  const typeIndex = Array.from(bytes.subarray(pos, pos + h.timecnt));
  pos += h.timecnt;
  const typeOffsets: number[] = [];
  for (let i = 0; i < h.typecnt; i++) typeOffsets.push(view.getInt32(pos + i * 6));
  pos += h.typecnt * 6 + h.charcnt + h.isstdcnt + h.isutcnt;

  const rules: ZoneRules = { at: times.map((s) => s * 1000), offset: [], initial: typeOffsets[0]! };
  for (const t of typeIndex) {
    if (t >= h.typecnt) throw new TzifError('TZif transition names a missing local time type');
    rules.offset.push(typeOffsets[t]!);
  }
  if (timeSize === 8 && bytes[pos] === 0x0a) {
    const end = bytes.indexOf(0x0a, pos + 1);
    if (end < 0) throw new TzifError('TZif footer without its closing newline');
    const footer = new TextDecoder().decode(bytes.subarray(pos + 1, end));
    if (footer) rules.rule = parsePosixTz(footer);
  }
  return rules;
}

/** The zone's offset east of UTC, in seconds, at an instant in ms. */
export function offsetAt(rules: ZoneRules, ms: number): number {
  const { at } = rules;
  if (at.length === 0 || ms >= at[at.length - 1]!) {
    if (rules.rule) return ruleOffset(rules.rule, ms);
    return at.length === 0 ? rules.initial : rules.offset[at.length - 1]!;
  }
  if (ms < at[0]!) return rules.initial;
  return rules.offset[transitionBefore(at, ms)]!;
}

/** The last transition at or before `ms`, for at[0] <= ms < at[at.length - 1]: the next one is at `+ 1`. */
function transitionBefore(at: readonly number[], ms: number): number {
  let lo = 0;
  let hi = at.length - 1; // at[lo] <= ms < at[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! <= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The span of instants [from, to) around `ms` in which the offset (seconds east of UTC) stays what it is at `ms`, when
 * the rules give one: between two transitions, or after the last one when no daylight rule follows. Null under a
 * daylight rule (offsetAt computes each instant's). Sessions and check-ins lie mostly in one span (a zone without
 * daylight time since 1991 has one span for everything after): one comparison each instead of a lookup.
 */
export function offsetSpan(rules: ZoneRules, ms: number): { from: number; to: number; offset: number } | null {
  const { at } = rules;
  if (at.length === 0 || ms >= at[at.length - 1]!) {
    if (rules.rule?.dst) return null;
    const offset = rules.rule ? rules.rule.std : at.length === 0 ? rules.initial : rules.offset[at.length - 1]!;
    return { from: at.length === 0 ? -Infinity : at[at.length - 1]!, to: Infinity, offset };
  }
  if (ms < at[0]!) return { from: -Infinity, to: at[0]!, offset: rules.initial };
  const lo = transitionBefore(at, ms);
  return { from: at[lo]!, to: at[lo + 1]!, offset: rules.offset[lo]! };
}

const DAY = 86_400_000;

function ruleOffset(rule: PosixRule, ms: number): number {
  const { dst } = rule;
  if (!dst) return rule.std;
  // Daylight time starts at a local standard-time moment and ends at a local daylight-time moment; the local year
  // of the instant picks which year's rules apply (both transitions lie well inside it, or the rule spans it).
  const year = new Date(ms + rule.std * 1000).getUTCFullYear();
  const start = ruleDate(dst.start, year) + (dst.start.time - rule.std) * 1000;
  const end = ruleDate(dst.end, year) + (dst.end.time - dst.offset) * 1000;
  const inDst = start < end ? ms >= start && ms < end : ms >= start || ms < end;
  return inDst ? dst.offset : rule.std;
}

/** Midnight (as if UTC) of the day a POSIX date rule names in `year`. */
function ruleDate(r: DateRule, year: number): number {
  const jan1 = Date.UTC(year, 0, 1);
  if (r.kind === 'n') return jan1 + r.day * DAY;
  if (r.kind === 'J') {
    // Julian day 1..365, never counting 29 February.
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return jan1 + (r.day - 1 + (leap && r.day >= 60 ? 1 : 0)) * DAY;
  }
  // Mm.w.d: weekday d of week w (5 = the last) of month m.
  const first = Date.UTC(year, r.month - 1, 1);
  const firstWeekday = new Date(first).getUTCDay();
  let day = 1 + ((r.weekday - firstWeekday + 7) % 7) + (r.week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return first + (day - 1) * DAY;
}

/** Parses a POSIX TZ string as TZif footers write it (with the RFC 8536 extension of hours beyond 24). */
export function parsePosixTz(text: string): PosixRule {
  let i = 0;
  const fail = (): never => {
    throw new TzifError(`unsupported TZ rule ${JSON.stringify(text)}`);
  };
  const name = () => {
    if (text[i] === '<') {
      const close = text.indexOf('>', i);
      if (close < 0) fail();
      i = close + 1;
    } else {
      const m = /^[A-Za-z]{3,}/.exec(text.slice(i)) ?? fail();
      i += m[0].length;
    }
  };
  // [+-]hh[:mm[:ss]] as seconds.
  const time = (): number => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(text.slice(i)) ?? fail();
    i += m[0].length;
    const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -s : s;
  };
  const date = (): DateRule => {
    let r: DateRule;
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest))) r = { kind: 'M', month: Number(m[1]), week: Number(m[2]), weekday: Number(m[3]), time: 7200 };
    else if ((m = /^J(\d{1,3})/.exec(rest))) r = { kind: 'J', day: Number(m[1]), time: 7200 };
    else if ((m = /^(\d{1,3})/.exec(rest))) r = { kind: 'n', day: Number(m[1]), time: 7200 };
    else return fail();
    i += m[0].length;
    if (text[i] === '/') {
      i++;
      r.time = time();
    }
    return r;
  };

  name();
  // POSIX offsets count west of UTC: EST5 is UTC-5.
  const std = -time();
  if (i === text.length) return { std };
  name();
  let offset = std + 3600;
  if (text[i] !== ',' && i < text.length) offset = -time();
  if (text[i] !== ',') fail(); // daylight time without rules: TZif footers always give them
  i++;
  const start = date();
  if (text[i] !== ',') fail();
  i++;
  const end = date();
  if (i !== text.length) fail();
  return { std, dst: { offset, start, end } };
}
