// calendar.json: every session's start, status and audience in columns, kept with the sessions' blocks, from which member show,
// attendance and member list --sort attendance count a member's attendance without reading the sessions' records.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/core/sessions/types.js';
import fc from 'fast-check';
import { SESSION_STATUSES } from '../../src/core/sessions/types.js';
import { calendarChanges, calendarOf, compareCalendar, decodeCalendar, parseCalendar, serializeCalendar, timelineOfCalendar, viewCalendar } from '../../src/store/calendar.js';
import { entriesOf } from '../helpers/timeline.js';
import { freshClub, run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { useEnvLang } from '../../src/i18n/index.js';

const session = (n: number, extra: Partial<Session> = {}): Session =>
  ({ id: `s${n}`, title: `读书会${n}`, startsAt: `2026-03-${String(n).padStart(2, '0')}T19:00:00+08:00`, endsAt: `2026-03-${String(n).padStart(2, '0')}T21:00:00+08:00`, status: 'scheduled', ...extra }) as Session;

describe('the calendar of sessions', () => {
  beforeEach(() => useEnvLang({ CLUB_LANG: 'en' }));
  const ms = (text: string) => Date.parse(text);

  it('holds columns: session numbers ascending, starts in milliseconds, status letters, and the audiences sessions have', () => {
    const text = serializeCalendar(calendarOf([session(10), session(2, { status: 'done' }), session(3, { audience: 'tag:读书', status: 'cancelled' })]));
    expect(text).toBe(
      `{"sessions":[2,3,10],\n"starts":[${ms('2026-03-02T19:00:00+08:00')},${ms('2026-03-03T19:00:00+08:00')},${ms('2026-03-10T19:00:00+08:00')}],\n` +
        `"statuses":"dcs",\n"audiences":{"3":"tag:读书"}}\n`,
    );
    expect(ms('2026-03-02T19:00:00+08:00')).toBe(Date.UTC(2026, 2, 2, 11));
    const expected = [
      { id: 's2', start: ms('2026-03-02T19:00:00+08:00'), status: 'done' },
      { id: 's3', start: ms('2026-03-03T19:00:00+08:00'), status: 'cancelled', audience: 'tag:读书' },
      { id: 's10', start: ms('2026-03-10T19:00:00+08:00'), status: 'scheduled' },
    ];
    // Validated (bytes the store did not vouch for), decoded (bytes it wrote) and viewed as a timeline: the same.
    const parsed = parseCalendar(JSON.parse(text), 'calendar.json');
    expect(entriesOf(timelineOfCalendar(parsed))).toEqual(expected);
    expect(decodeCalendar(text)).toEqual(parsed);
    expect(entriesOf(viewCalendar(Buffer.from(text)))).toEqual(expected);
    const empty = serializeCalendar(new Map());
    expect(empty).toBe('{"sessions":[],\n"starts":[],\n"statuses":"",\n"audiences":{}}\n');
    expect(entriesOf(viewCalendar(Buffer.from(empty)))).toEqual([]);
    expect(parseCalendar(JSON.parse(empty), 'calendar.json').size).toBe(0);
  });

  it('refuses columns that do not agree, or any other shape, naming the file and what is wrong', () => {
    const good = { sessions: [1, 2], starts: [ms('2026-03-01T19:00:00+08:00'), null], statuses: 'ds', audiences: { 2: 'registered' } };
    expect([...parseCalendar(good, 'calendar.json')]).toEqual([
      ['s1', [ms('2026-03-01T19:00:00+08:00'), 'done']],
      ['s2', [null, 'scheduled', 'registered']],
    ]);
    const refused = (data: unknown) => {
      try {
        parseCalendar(data, 'calendar.json');
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    // The layout of schemaVersion 11, a line a session, or anything but the four columns.
    const notColumns = 'calendar.json: expected the columns of schemaVersion 12, {"sessions", "starts", "statuses", "audiences"}, and nothing else';
    expect(refused({ s1: ['2026-03-01T19:00:00+08:00', '2026-03-01T21:00:00+08:00', 'done'] })).toBe(notColumns);
    for (const bad of [[], null, 'x', { sessions: [], starts: [], statuses: '' }, { ...good, extra: 1 }]) expect(refused(bad)).toBe(notColumns);
    // Starts a Date cannot hold (Date.parse never gives one), and audiences of no known kind, or keyed by another name.
    expect(refused({ ...good, starts: [8.64e15 + 1, null] })).toMatch(/^calendar\.json: starts\[0\]: /);
    expect(refused({ ...good, starts: [-1e300, null] })).toMatch(/^calendar\.json: starts\[0\]: /);
    expect(refused({ ...good, starts: [8.64e15, -8.64e15] })).toBe('accepted');
    expect(refused({ ...good, audiences: { 2: 'bogus' } })).toMatch(/^calendar\.json: audiences\.2: .*expected all, registered, role:R or tag:T/);
    expect(refused(JSON.parse('{"sessions":[1,2],"starts":[1,2],"statuses":"ss","audiences":{"__proto__":"x"}}'))).toContain('(audiences: "__proto__")');
    expect(refused({ ...good, starts: [1] })).toBe('calendar.json: its columns do not agree (starts, statuses): one session a place in each, sessions in ascending order, audiences only of sessions listed');
    expect(refused({ ...good, statuses: 'd' })).toContain('(starts, statuses)');
    expect(refused({ ...good, sessions: [2, 1] })).toContain('(sessions: s1)');
    expect(refused({ ...good, sessions: [1, 1] })).toContain('(sessions: s1)');
    expect(refused({ ...good, audiences: { 3: 'registered' } })).toContain('(audiences: s3)');
    for (const bad of [
      { ...good, statuses: 'dx' },
      { ...good, starts: [1.5, null] },
      { ...good, starts: ['2026-03-01', null] },
      { ...good, sessions: [0, 2] },
      { ...good, sessions: [1, '2'] },
      { ...good, audiences: { s2: 'registered' } },
      { ...good, audiences: { 2: 3 } },
      [good],
    ]) {
      expect(refused(bad)).toMatch(/^calendar\.json: /);
    }
  });

  it('keeps each start as the instant Date.parse gives, whatever its offset or form (null when none), and an audience with any text', () => {
    const starts = [
      '2026-03-02T19:00:00+08:00',
      '2026-03-02T19:00:00Z',
      '2026-03-02T19:00:00-05:30',
      '2024-02-29T23:59:59+14:00',
      '1970-01-01T00:00:00Z',
      '2026-03-02T19:00:00.250+08:00',
      '2026-03-02T19:00:00.5Z',
      '0050-03-02T19:00:00Z',
      '2026-13-02T19:00:00+08:00',
      '2025-02-29T19:00:00+08:00',
      '2026-03-02T24:00:00+08:00',
      '2026-03-02T19:60:00+08:00',
      '2026-03-02T19:00:00+24:00',
      '2026-03-02T19:00:00+08:60',
      '2026-03-02 19:00:00+08:00',
      '2026-03-0xT19:00:00+08:00',
    ];
    const audiences = ['tag:读书 "会"', 'role:admin', 'tag:\\ \u0001 é'];
    const sessions = starts.map((startsAt, i) => session(i + 1, { startsAt, ...(i < audiences.length ? { audience: audiences[i] } : {}) }));
    const text = serializeCalendar(calendarOf(sessions));
    const viewed = entriesOf(viewCalendar(Buffer.from(text)));
    expect(viewed.map((e) => e.start)).toEqual(starts.map((x) => Date.parse(x)));
    // Those Date.parse reads: the common forms and fractions; a 13th month, 29 February 2025, hour 24 and the rest are not instants.
    expect(viewed.map((e) => Number.isNaN(e.start))).toEqual(starts.map((x) => Number.isNaN(Date.parse(x))));
    expect(JSON.parse(text).starts.filter((s: number | null) => s === null)).toHaveLength(starts.filter((x) => Number.isNaN(Date.parse(x))).length);
    expect(viewed.slice(0, 3).map((e) => e.audience)).toEqual(audiences);
    expect(entriesOf(timelineOfCalendar(parseCalendar(JSON.parse(text), 'calendar.json')))).toEqual(viewed);
  });

  it('says what it was made from, read any of the three ways, for any sessions (property)', () => {
    const status = fc.constantFrom(...SESSION_STATUSES);
    const start = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }).map((n) => new Date(n).toISOString()), fc.string());
    const sessions = fc.uniqueArray(
      fc.record({ n: fc.integer({ min: 1, max: 2 ** 40 }), start, status, audience: fc.option(fc.oneof(fc.constantFrom('all', 'registered'), fc.string({ unit: 'binary' }).map((text) => `tag:x${text.replace(/[\n\r\u2028\u2029]/g, '')}`)), { nil: undefined }) }),
      { selector: (s) => s.n, maxLength: 40 },
    );
    fc.assert(
      fc.property(sessions, (given) => {
        const records = given.map((s) => session(s.n, { startsAt: s.start, status: s.status, ...(s.audience === undefined ? {} : { audience: s.audience }) }));
        const built = calendarOf(records);
        const text = serializeCalendar(built);
        const expected = [...given].sort((a, b) => a.n - b.n).map((s) => ({ id: `s${s.n}`, start: Date.parse(s.start), status: s.status, ...(s.audience === undefined ? {} : { audience: s.audience }) }));
        expect(entriesOf(viewCalendar(Buffer.from(text)))).toEqual(expected);
        const parsed = parseCalendar(JSON.parse(text), 'calendar.json');
        expect(() => compareCalendar(parsed, built, 'calendar.json')).not.toThrow();
        expect(() => compareCalendar(decodeCalendar(text), built, 'calendar.json')).not.toThrow();
        expect(serializeCalendar(parsed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('changes only the entries of sessions whose start, status or audience changed; null for one removed', () => {
    const [s1, s2, s3] = [session(1), session(2), session(3)];
    const before = [s1, s2, s3];
    // The same objects: nothing to compare or write.
    expect(calendarChanges(before, before).size).toBe(0);
    // A copy with only its title or its end changed says nothing new: counting reads neither.
    expect(calendarChanges(before, [s1, { ...s2, title: '改名', endsAt: '2026-03-02T22:00:00+08:00' }, s3]).size).toBe(0);
    const after = [{ ...s1, status: 'cancelled' as const }, { ...s2, audience: 'registered' }, session(4), { ...s3, startsAt: '2026-03-03T20:00:00+08:00' }];
    expect([...calendarChanges(before, after)]).toEqual([
      ['s1', [ms('2026-03-01T19:00:00+08:00'), 'cancelled']],
      ['s2', [ms('2026-03-02T19:00:00+08:00'), 'scheduled', 'registered']],
      ['s4', [ms('2026-03-04T19:00:00+08:00'), 'scheduled']],
      ['s3', [ms('2026-03-03T20:00:00+08:00'), 'scheduled']],
    ]);
    expect([...calendarChanges(before, [s1, s2])]).toEqual([['s3', null]]);
  });

  it('is compared with the sessions, naming the first session it disagrees on, lacks or has too many of', () => {
    const actual = calendarOf([session(1), session(2)]);
    expect(() => compareCalendar(actual, calendarOf([session(1), session(2)]), 'calendar.json')).not.toThrow();
    expect(() => compareCalendar(calendarOf([session(1), session(2, { status: 'done' })]), actual, 'calendar.json')).toThrow('calendar.json: s2: does not match the session records');
    expect(() => compareCalendar(calendarOf([session(1)]), actual, 'calendar.json')).toThrow('calendar.json: s2: does not match the session records');
    expect(() => compareCalendar(calendarOf([session(1), session(2), session(3)]), actual, 'calendar.json')).toThrow('calendar.json: s3: does not match the session records');
  });
});

describe('counting attendance from the calendar', () => {
  let c: Awaited<ReturnType<typeof freshClub>>;
  let store: string;
  const NOW = '2026-03-20T12:00:00+08:00';
  const ok = async (argv: string[], o: RunOptions = {}): Promise<RunResult> => {
    const r = await c.club(argv, { now: NOW, ...o });
    expect(r.code, `club ${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const shown = async (id: string, now = NOW) => (await ok(['member', 'show', id, '--json'], { now })).json().attendance;
  const calendar = () => readFileSync(join(store, 'calendar.json'), 'utf8');
  /** A session's entry in calendar.json: its start (ms), status and audience. */
  const entry = (id: string) => parseCalendar(JSON.parse(calendar()), 'calendar.json').get(id);
  const at = (text: string) => Date.parse(text);
  /** calendar.json as the store would build it from sessions.json now. */
  const rebuilt = () => serializeCalendar(calendarOf(JSON.parse(readFileSync(join(store, 'sessions.b0.json'), 'utf8')) as Session[]));

  beforeEach(async () => {
    c = await freshClub();
    store = join(c.dir, '.club');
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-02-01']);
    await ok(['member', 'add', '雅风', '--joined', '2026-02-01', '--tag', '读书']);
    // s1 03-03, s2 03-10, s3 03-17: all held by the 20th.
    await ok(['session', 'add', '读书会', '--at', '2026-03-03 19:00', '--repeat', 'weekly', '--count', '3']);
    await ok(['checkin', 's1', '杨洪勇', '雅风'], { now: '2026-03-03T19:05:00+08:00' });
    await ok(['checkin', 's2', '杨洪勇'], { now: '2026-03-10T19:05:00+08:00' });
  });
  afterEach(() => c.cleanup());

  it('follows each session added, cancelled, held or given an audience, in the counts member show prints', async () => {
    expect(await shown('m1')).toEqual({ attended: 2, expected: 3, late: 0, excused: 0, absent: 1, rate: 2 / 3 });
    expect(await shown('m2')).toMatchObject({ attended: 1, expected: 3, absent: 2 });
    expect(calendar()).toBe(rebuilt());

    // Added for the 24th: not expected before it starts, expected once it has.
    await ok(['session', 'add', '加场', '--at', '2026-03-24 19:00']);
    expect(entry('s4')).toEqual([at('2026-03-24T19:00:00+08:00'), 'scheduled']);
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 3 });
    expect(await shown('m1', '2026-03-25T12:00:00+08:00')).toMatchObject({ attended: 2, expected: 4, absent: 2 });

    // Cancelled: no longer expected.
    await ok(['session', 'cancel', 's3', '--reason', '下雨']);
    expect(entry('s3')).toEqual([at('2026-03-17T19:00:00+08:00'), 'cancelled']);
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 2, absent: 0, rate: 1 });

    // Held (session done): its status follows; the counts do not change, it was held already.
    await ok(['session', 'done', 's2']);
    expect(entry('s2')).toEqual([at('2026-03-10T19:00:00+08:00'), 'done']);
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 2 });

    // For the tag 读书 only: 雅风 is expected there, 杨洪勇 not.
    await ok(['session', 'add', '读书沙龙', '--at', '2026-03-18 19:00', '--audience', 'tag:读书']);
    expect(entry('s5')).toEqual([at('2026-03-18T19:00:00+08:00'), 'scheduled', 'tag:读书']);
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 2 });
    expect(await shown('m2')).toMatchObject({ attended: 1, expected: 3, absent: 2 });

    // attendance and member list count the same, from the same calendar.
    const rows = (await ok(['attendance', '--json'])).json() as Array<{ memberId: string; attended: number; expected: number }>;
    expect(rows.map((r) => [r.memberId, r.attended, r.expected]).sort()).toEqual([['m1', 2, 2], ['m2', 1, 3]]);
    expect((await ok(['attendance', '--member', '雅风', '--json'])).json()).toMatchObject([{ memberId: 'm2', attended: 1, expected: 3 }]);
    expect((await ok(['member', 'list', '--sort', 'attendance', '--json'])).json().map((m: { id: string }) => m.id)).toEqual(['m1', 'm2']);

    expect(calendar()).toBe(rebuilt());
    expect((await c.club(['check'], { now: NOW })).code).toBe(0);
  });

  it('member show, attendance and member list --sort attendance do not read sessions.json', async () => {
    // 李雷 came to all three: first by attendance, before 杨洪勇 (2 of 3) and 雅风 (1 of 3), against the order of ids.
    await ok(['member', 'add', '李雷', '--joined', '2026-02-01']);
    for (const [s, day] of [['s1', '03'], ['s2', '10'], ['s3', '17']]) await ok(['checkin', s!, '李雷'], { now: `2026-03-${day}T19:05:00+08:00` });
    const before = await shown('m1');
    const attendance = (await ok(['attendance', '--json'])).json();
    // Not JSON, and not what store.json's digest says: any read of it is refused with exit 3.
    writeFileSync(join(store, 'sessions.b0.json'), '[{"id":"s1",');
    const listed = await c.club(['session', 'list'], { now: NOW });
    expect(listed.code).toBe(3);
    expect(listed.stderr).toContain('sessions.b0.json');
    expect(await shown('m1')).toEqual(before);
    expect(before).toMatchObject({ attended: 2, expected: 3 });
    expect((await ok(['attendance', '--json'])).json()).toEqual(attendance);
    expect((await ok(['attendance', '--member', 'm1', '--json'])).json()).toMatchObject([{ memberId: 'm1', attended: 2, expected: 3 }]);
    expect((await ok(['member', 'list', '--sort', 'attendance', '--json'])).json().map((m: { id: string }) => m.id)).toEqual(['m3', 'm1', 'm2']);
  });

  it('club check refuses a calendar.json that is damaged, lacks a session or disagrees, and --repair rebuilds it', async () => {
    const file = join(store, 'calendar.json');
    const original = calendar();
    const refused = async (text: string | null) => {
      if (text === null) rmSync(file);
      else writeFileSync(file, text);
      const r = await c.club(['check'], { now: NOW, env: { CLUB_LANG: 'en' } });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('calendar.json');
      expect(r.stderr).toContain('hint: club check --repair rebuilds calendar.json from the sessions records');
      return r.stderr;
    };
    const columns = JSON.parse(original) as { sessions: number[]; starts: number[]; statuses: string; audiences: Record<string, string> };
    expect(columns.sessions).toEqual([1, 2, 3]);
    const edited = (change: Partial<typeof columns>) => serializeCalendar(decodeCalendar(JSON.stringify({ ...columns, ...change })));
    // s2 a day later; s2 left out; an s9 that is no session; s2 done.
    expect(await refused(edited({ starts: [columns.starts[0]!, columns.starts[1]! + 86_400_000, columns.starts[2]!] }))).toContain('calendar.json: s2: does not match the session records');
    expect(await refused(edited({ sessions: [1, 3], starts: [columns.starts[0]!, columns.starts[2]!], statuses: 'ss' }))).toContain('calendar.json: s2: does not match the session records');
    expect(await refused(edited({ sessions: [1, 2, 3, 9], starts: [...columns.starts, columns.starts[2]!], statuses: `${columns.statuses}d` }))).toContain('calendar.json: s9: does not match the session records');
    expect(await refused(edited({ statuses: 'sds' }))).toContain('calendar.json: s2: does not match the session records');
    // Columns that disagree; the layout of schemaVersion 11; not JSON; no file.
    expect(await refused(original.replace('"statuses":"sss"', '"statuses":"ss"'))).toContain('its columns do not agree (starts, statuses)');
    expect(await refused('{\n"s1":["2026-03-03T19:00:00+08:00","2026-03-03T20:30:00+08:00","scheduled"]\n}\n')).toContain('calendar.json: ');
    await refused('{"sessions":');
    await refused(null);

    const repaired = await c.club(['check', '--repair', '--json'], { now: NOW });
    expect(repaired.code).toBe(0);
    expect(repaired.json()).toMatchObject({ ok: true, repaired: ['calendar.json'] });
    expect(calendar()).toBe(original);
    expect((await c.club(['check'], { now: NOW })).code).toBe(0);
  });
});

describe('a store of schemaVersion 7', () => {
  it('gets calendar.json built from its sessions as it is migrated', async () => {
    const t = tempDir();
    try {
      const store = join(t.dir, '.club');
      cpSync(join(import.meta.dirname, '../fixtures/store-v7'), store, { recursive: true });
      const r = await run(t.dir, ['member', 'show', 'm1', '--json'], { now: '2026-03-20T12:00:00+08:00' });
      expect(r.code, r.stderr).toBe(0);
      const sessions = JSON.parse(readFileSync(join(store, 'sessions.b0.json'), 'utf8')) as Session[];
      expect(sessions.length).toBeGreaterThan(0);
      expect(readFileSync(join(store, 'calendar.json'), 'utf8')).toBe(serializeCalendar(calendarOf(sessions)));
      expect((await run(t.dir, ['check'], { now: '2026-03-20T12:00:00+08:00' })).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});
