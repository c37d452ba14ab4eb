// Zone offsets from the system's TZif files against ICU's, zone by zone, at every transition the TZif rules give
// between 1990 and 2045 (both sides of it) and on the first of every month, so a transition either side misses shows.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { offsetAt, offsetSpan, parsePosixTz, parseTzif, TzifError, type ZoneRules } from '../../src/core/zone.js';
import { instantDate, localParts, toDateString, toInstantString, useZoneRules, zonedInstant, zoneOffsetMinutes } from '../../src/core/time.js';
import { systemZoneRules } from '../../src/io/zoneinfo.js';

const ZONEINFO = '/usr/share/zoneinfo';
const FROM = Date.UTC(1990, 0, 1);
const TO = Date.UTC(2045, 0, 1);
const HOUR = 3_600_000;

function icu(tz: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  return (ms) => {
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(format.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };
}

/** The instants (to the minute) where the rules' offset changes, found in 6-hour steps and narrowed down. */
function transitions(rules: ZoneRules): number[] {
  const found: number[] = [];
  let prev = offsetAt(rules, FROM);
  for (let t = FROM + 6 * HOUR; t < TO; t += 6 * HOUR) {
    const now = offsetAt(rules, t);
    if (now === prev) continue;
    let lo = t - 6 * HOUR;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(rules, mid) === prev) lo = mid;
      else hi = mid;
    }
    found.push(hi);
    prev = now;
  }
  return found;
}

const hasZoneinfo = existsSync(`${ZONEINFO}/Asia/Shanghai`);

describe.runIf(hasZoneinfo)('TZif offsets agree with ICU', () => {
  const zones = Intl.supportedValuesOf('timeZone').filter((tz) => existsSync(`${ZONEINFO}/${tz}`));

  it('covers the zones people use', () => {
    expect(zones.length).toBeGreaterThan(300);
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Godthab', 'Asia/Jerusalem']) {
      expect(zones).toContain(tz);
    }
  });

  it('at every transition and on the first of every month, 1990–2045, in every zone', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const tz of zones) {
      const rules = parseTzif(readFileSync(`${ZONEINFO}/${tz}`));
      const ref = icu(tz);
      const points: number[] = [];
      for (const t of transitions(rules)) points.push(t - 60_000, t);
      for (let y = 1990; y < 2045; y++) for (let m = 0; m < 12; m++) points.push(Date.UTC(y, m, 1, 12));
      for (const t of points) {
        checked++;
        const ours = Math.round(offsetAt(rules, t) / 60);
        if (ours !== ref(t)) mismatches.push(`${tz} ${new Date(t).toISOString()}: TZif ${ours}, ICU ${ref(t)}`);
      }
    }
    expect(checked).toBeGreaterThan(250_000);
    expect(mismatches.slice(0, 20)).toEqual([]);
  }, 120_000);
});

describe.runIf(hasZoneinfo)('spans of one offset', () => {
  afterEach(() => useZoneRules(undefined));
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Godthab', 'Asia/Jerusalem', 'Asia/Kathmandu', 'Pacific/Apia', 'UTC'];
  // Instants 1900–2060, not in order: a span kept from one instant must never answer for another outside it.
  const instants = Array.from({ length: 4000 }, (_, i) => Date.UTC(1900, 0, 1) + ((i * 7919) % 4000) * 1_262_278_000 + (i % 96) * 900_000);

  it('hold the offset offsetAt gives at their ends and at the instant asked about', () => {
    for (const tz of zones) {
      const rules = parseTzif(readFileSync(`${ZONEINFO}/${tz}`));
      for (const ms of instants) {
        const span = offsetSpan(rules, ms);
        if (!span) continue;
        expect(span.from <= ms && ms < span.to, `${tz} ${ms}`).toBe(true);
        for (const t of [span.from, ms, span.to - 1]) if (Number.isFinite(t)) expect(offsetAt(rules, t), `${tz} ${new Date(t).toISOString()}`).toBe(span.offset);
      }
      // A zone without daylight time since its last transition has one span from then on.
      if (tz === 'Asia/Shanghai') expect(offsetSpan(rules, Date.UTC(2026, 2, 1))!.to).toBe(Infinity);
    }
  });

  it('give zoneOffsetMinutes and instantDate the answers ICU gives, whatever offset an instant was written with', () => {
    const run = () =>
      zones.flatMap((tz) =>
        instants.map((ms) => {
          const written = [new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'), toInstantString(new Date(ms), tz), toInstantString(new Date(ms), 'Asia/Shanghai')];
          // (+ 0: a POSIX rule of GMT0 gives -0, the same offset.)
          return [zoneOffsetMinutes(ms, tz) + 0, ...written.map((iso) => instantDate(iso, tz))];
        }),
      );
    useZoneRules(undefined);
    const fromIcu = run();
    useZoneRules(systemZoneRules({}));
    expect(run()).toEqual(fromIcu);
    // Each the date toDateString gives for the instant.
    for (const [i, row] of fromIcu.entries()) expect(row[1]).toBe(toDateString(new Date(instants[i % instants.length]!), zones[Math.floor(i / instants.length)]!));
  });
});

describe('POSIX TZ rules (the TZif footer)', () => {
  const at = (rule: string, iso: string) => offsetAt({ at: [], offset: [], initial: 0, rule: parsePosixTz(rule) }, Date.parse(iso)) / 60;

  it.each([
    // US: second Sunday of March 02:00 EST to first Sunday of November 02:00 EDT.
    ['EST5EDT,M3.2.0,M11.1.0', '2030-03-10T06:59:00Z', -300],
    ['EST5EDT,M3.2.0,M11.1.0', '2030-03-10T07:00:00Z', -240],
    ['EST5EDT,M3.2.0,M11.1.0', '2030-11-03T05:59:00Z', -240],
    ['EST5EDT,M3.2.0,M11.1.0', '2030-11-03T06:00:00Z', -300],
    // Southern hemisphere: daylight time spans the new year.
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', '2030-01-15T00:00:00Z', 660],
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', '2030-06-15T00:00:00Z', 600],
    // Half-hour daylight saving (Lord Howe).
    ['<+1030>-10:30<+11>-11,M10.1.0,M4.1.0', '2030-01-01T00:00:00Z', 660],
    ['<+1030>-10:30<+11>-11,M10.1.0,M4.1.0', '2030-07-01T00:00:00Z', 630],
    // Israel: the Friday before the last Sunday of March, written as Thursday 26:00.
    ['IST-2IDT,M3.4.4/26,M10.5.0', '2030-03-28T23:59:00Z', 120],
    ['IST-2IDT,M3.4.4/26,M10.5.0', '2030-03-29T00:00:00Z', 180],
    // Greenland: negative transition times.
    ['<-02>2<-01>,M3.5.0/-1,M10.5.0/0', '2030-03-31T00:59:00Z', -120],
    ['<-02>2<-01>,M3.5.0/-1,M10.5.0/0', '2030-03-31T01:00:00Z', -60],
    // Daylight time all year, written as a rule from 1 January to 31 December 25:00.
    ['EST5EDT,0/0,J365/25', '2030-01-01T05:00:00Z', -240],
    ['EST5EDT,0/0,J365/25', '2030-12-31T23:00:00Z', -240],
    // No daylight time; east of UTC is written with a minus.
    ['CST-8', '2030-07-01T00:00:00Z', 480],
    ['<-03>3', '2030-07-01T00:00:00Z', -180],
  ])('%s at %s = %i minutes', (rule, iso, minutes) => {
    expect(at(rule, iso)).toBe(minutes);
  });

  it.each(['', 'EST', 'EST5EDT', 'EST5EDT,M3.2.0', 'EST5EDT,M3.2.0,X11', '5'])('rejects %j', (rule) => {
    expect(() => parsePosixTz(rule)).toThrow(TzifError);
  });
});

describe('reading TZif files', () => {
  it('rejects what is not a TZif file, and truncated ones', () => {
    expect(() => parseTzif(new TextEncoder().encode('not a zone file at all, but long enough to have a header of 44 bytes'))).toThrow(TzifError);
    if (hasZoneinfo) {
      const bytes = readFileSync(`${ZONEINFO}/America/New_York`);
      expect(() => parseTzif(bytes.subarray(0, 100))).toThrow(TzifError);
    }
  });

  it('finds only IANA names, never a path', () => {
    const find = systemZoneRules({ TZDIR: ZONEINFO });
    for (const name of ['../../etc/passwd', '/etc/passwd', 'Asia/../../etc/passwd', '.', 'Asia/Shanghai/', '']) expect(find(name)).toBeNull();
    if (hasZoneinfo) expect(find('Asia/Shanghai')).not.toBeNull();
  });
});

describe.runIf(hasZoneinfo)('core/time gives the same answers from TZif rules as from ICU', () => {
  afterEach(() => useZoneRules(undefined));

  const cases: Array<[string, number[]]> = [
    ['America/New_York', [2026, 3, 8, 2, 30]], // skipped by the spring jump
    ['America/New_York', [2026, 11, 1, 1, 30]], // happens twice
    ['Europe/Berlin', [2026, 10, 25, 2, 30]],
    ['Australia/Lord_Howe', [2026, 10, 4, 2, 15]],
    ['Asia/Shanghai', [2026, 3, 5, 21, 30]],
    ['Asia/Kathmandu', [2026, 7, 1, 0, 0]],
  ];

  const run = () =>
    cases.map(([tz, [y, mo, d, h, mi]]) => {
      const instant = zonedInstant(y!, mo!, d!, h!, mi!, tz)!;
      return [tz, instant.toISOString(), toInstantString(instant, tz), toDateString(instant, tz), localParts(instant, tz), zoneOffsetMinutes(instant.getTime(), tz)];
    });

  it('for wall times that are skipped, doubled or plain', () => {
    useZoneRules(undefined);
    const fromIcu = run();
    useZoneRules(systemZoneRules({}));
    expect(run()).toEqual(fromIcu);
    // Skipped 02:30 moves forward to 03:30; the doubled 01:30 is the earlier one (daylight time).
    expect(fromIcu[0]![2]).toBe('2026-03-08T03:30:00-04:00');
    expect(fromIcu[1]![2]).toBe('2026-11-01T01:30:00-04:00');
    expect(fromIcu[2]![2]).toBe('2026-10-25T02:30:00+02:00');
    expect(fromIcu[3]![2]).toBe('2026-10-04T02:45:00+11:00');
  });

  it('names an unknown zone either way', () => {
    useZoneRules(systemZoneRules({}));
    expect(() => toDateString(new Date(0), 'Mars/Olympus_Mons')).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
    useZoneRules(undefined);
    expect(() => toDateString(new Date(0), 'Mars/Olympus_Mons')).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  });
});
