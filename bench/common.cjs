'use strict';
// What the reference scripts share: the store folder, the report's now, and the files read as they are. Plain Node,
// no dependencies: each file is read once and parsed with JSON.parse, with no lock, digest or validation, so a
// reference run is the least any program can do to print the same bytes from the same store.
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

function storeDir() {
  const i = process.argv.indexOf('--store');
  const dir = i >= 0 ? process.argv[i + 1] : process.env.CLUB_STORE;
  if (!dir) fail('give --store DIR or set CLUB_STORE');
  return dir;
}

function flag(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The time the run happens at: CLUB_NOW, as club reads it, else the clock. */
const now = () => (process.env.CLUB_NOW ? new Date(process.env.CLUB_NOW) : new Date());

const readJson = (dir, name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/**
 * The files of a collection kept in id blocks (schemaVersion 9: members.b0.json, members.b1.json, …; sessions and
 * roster, presence and balances likewise), in block order: id order.
 */
function blockFiles(dir, name) {
  const blocks = [];
  for (const file of readdirSync(dir)) {
    const m = file.startsWith(`${name}.`) ? /^\.b(\d+)\.json$/.exec(file.slice(name.length)) : null;
    if (m) blocks.push([Number(m[1]), file]);
  }
  return blocks.sort((a, b) => a[0] - b[0]).map(([, file]) => file);
}

/** Every record of a collection kept in id blocks (sessions, members), in id order. */
const readBlocks = (dir, name) => blockFiles(dir, name).flatMap((file) => readJson(dir, file));

/** Every entry of a derived file kept in member blocks (roster, presence, balances), as one object in id order. */
const readBlockEntries = (dir, name) => Object.assign({}, ...blockFiles(dir, name).map((file) => readJson(dir, file)));

/** The records of a partitioned collection (attendance.s0.json …, ledger.2026-03.json …) whose part passes `keep`. */
function readParts(dir, collection, keep) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${collection}.`) || !name.endsWith('.json') || name.endsWith('.index.json')) continue;
    if (!keep(name.slice(collection.length + 1, -5))) continue;
    for (const r of readJson(dir, name)) out.push(r);
  }
  return out;
}

/**
 * The local date of an instant as the store writes it: in the club's time zone, with its offset
 * (`2026-03-24T21:30:00+08:00`), so the date is the string's first ten characters.
 */
const localDate = (instant) => instant.slice(0, 10);

/** The date `n` days after `date` (YYYY-MM-DD). */
function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The status a member had on `date`: their history's last change on or before it. */
function activeOn(member, date) {
  let status = null;
  for (const h of member.history) if (h.date <= date) status = h.status;
  return status === 'active';
}

/** The reference covers what the seeded clubs hold; anything else is refused loudly, never printed differently. */
function fail(message) {
  process.stderr.write(`reference: ${message}\n`);
  process.exit(2);
}

/** Sessions for a part of the club (registered members, a role, a tag) are outside what the reference computes. */
function requireEveryoneAudience(dir, sessions) {
  if (readJson(dir, 'activities.json').length > 0 || readJson(dir, 'registrations.json').length > 0) fail('sessions with plans or registrations are not covered');
  for (const s of sessions) if (s.audience !== undefined && s.audience !== null && s.audience !== 'all') fail(`session ${s.id} has an audience (${s.audience})`);
}

function write(text) {
  process.stdout.write(text);
}

/** How many of the sorted `dates` the member was active on: each active change holds until the next change. */
function activeDays(member, dates) {
  const before = (date) => {
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid] < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const h = member.history;
  let sorted = true;
  for (let i = 1; i < h.length; i++) if (h[i - 1].date > h[i].date) sorted = false;
  let n = 0;
  if (sorted) {
    for (let i = 0; i < h.length; i++) if (h[i].status === 'active') n += (i + 1 < h.length ? before(h[i + 1].date) : dates.length) - before(h[i].date);
  } else {
    for (const d of dates) if (activeOn(member, d)) n += 1;
  }
  return n;
}

/**
 * A member's marks (presence: `s12p s13l s15e s16a`) at the held sessions (`held`: session id → date), counted into
 * `row` (attended, expected, late, excused, absent) as club counts them: a mark counts when the member was active that
 * day; absent stays absent; excused takes the session out of what was expected.
 */
function countMarks(member, marks, held, row) {
  for (const token of marks ? marks.split(' ') : []) {
    const date = held.get(token.slice(0, -1));
    const code = token[token.length - 1];
    if (date === undefined || !activeOn(member, date) || code === 'a') continue;
    row.absent -= 1;
    if (code === 'e') {
      row.excused += 1;
      row.expected -= 1;
    } else {
      row.attended += 1;
      if (code === 'l') row.late += 1;
    }
  }
}

/**
 * A zone's offset east of UTC in minutes at `ms`, from its TZif file in the system's tz database (as club reads it:
 * ICU's first use would cost a fifth of Node's start-up), read once per zone. Past the file's last transition the
 * footer's rule holds; a footer with daylight-saving rules, or no file, falls back to ICU.
 */
function zoneOffsetMinutes(tz, ms) {
  let zone = zones.get(tz);
  if (zone === undefined) zones.set(tz, (zone = readZone(tz)));
  if (zone !== null) {
    const s = Math.floor(ms / 1000);
    let lo = 0;
    let hi = zone.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (zone.times[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    // lo - 1: the last transition at or before `s` (none: the first type).
    if (lo < zone.times.length || !zone.rule) return zone.offsets[lo === 0 ? 0 : lo];
  }
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName').value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
  if (!m) fail(`time zone ${tz}: offset ${name} is not covered`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const zones = new Map();

/**
 * A TZif file (version 2 or later) as its transitions (seconds) and, for each span between them, the offset in minutes:
 * offsets[0] before the first transition (the first type), offsets[i + 1] from times[i]; `rule` when its footer has
 * daylight-saving rules. Null when there is no such file.
 */
function readZone(tz) {
  let bytes = null;
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) {
    for (const folder of [process.env.TZDIR, '/usr/share/zoneinfo'].filter(Boolean)) {
      try {
        bytes = readFileSync(join(folder, tz));
        break;
      } catch {
        // the next folder
      }
    }
  }
  if (!bytes || bytes.toString('latin1', 0, 4) !== 'TZif' || bytes[4] < 0x32) return null;
  const counts = (at) => [0, 1, 2, 3, 4, 5].map((i) => bytes.readUInt32BE(at + 20 + 4 * i));
  const [isut, isstd, leap, time, type, chars] = counts(0);
  const second = 44 + time * 5 + type * 6 + chars + leap * 8 + isstd + isut;
  const [, , leap2, time2, type2, chars2] = counts(second);
  const start = second + 44;
  const indices = start + time2 * 8;
  const infos = indices + time2;
  const footer = bytes.toString('latin1', infos + type2 * 6 + chars2 + leap2 * 12 + 2 * type2).trim();
  const offsetOf = (ti) => Math.round(bytes.readInt32BE(infos + ti * 6) / 60);
  const times = [];
  const offsets = [offsetOf(0)];
  for (let i = 0; i < time2; i++) {
    times.push(Number(bytes.readBigInt64BE(start + 8 * i)));
    offsets.push(offsetOf(bytes[indices + i]));
  }
  return { times, offsets, rule: footer.includes(',') };
}

/** An instant as the store writes one: the wall time in the club's zone with its offset (`…T12:00:00+08:00`). */
function instantIn(date, tz) {
  const offset = zoneOffsetMinutes(tz, date.getTime());
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  const pad = (n) => String(n).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

module.exports = { storeDir, flag, now, readJson, blockFiles, readBlocks, readBlockEntries, readParts, localDate, addDays, activeOn, fail, requireEveryoneAudience, write, activeDays, countMarks, zoneOffsetMinutes, instantIn };
