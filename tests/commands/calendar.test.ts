// calendar.json: every session's start, end, status and audience, kept with the sessions' blocks, from which member show,
// attendance and member list --sort attendance count a member's attendance without reading the sessions' records.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/core/sessions/types.js';
import { calendarChanges, calendarOf, compareCalendar, parseCalendar, scanCalendar, serializeCalendar, timelineOfCalendar } from '../../src/store/calendar.js';
import { entriesOf } from '../helpers/timeline.js';
import { freshClub, run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { useEnvLang } from '../../src/i18n/index.js';

const session = (n: number, extra: Partial<Session> = {}): Session =>
  ({ id: `s${n}`, title: `读书会${n}`, startsAt: `2026-03-${String(n).padStart(2, '0')}T19:00:00+08:00`, endsAt: `2026-03-${String(n).padStart(2, '0')}T21:00:00+08:00`, status: 'scheduled', ...extra }) as Session;

describe('the calendar of sessions', () => {
  beforeEach(() => useEnvLang({ CLUB_LANG: 'en' }));

  it('holds one line per session in id order: start, end, status, and the audience only when the session has one', () => {
    const text = serializeCalendar(calendarOf([session(10), session(2, { status: 'done' }), session(3, { audience: 'tag:读书' })]));
    expect(text).toBe(
      '{\n"s2":["2026-03-02T19:00:00+08:00","2026-03-02T21:00:00+08:00","done"],\n"s3":["2026-03-03T19:00:00+08:00","2026-03-03T21:00:00+08:00","scheduled","tag:读书"],\n' +
        '"s10":["2026-03-10T19:00:00+08:00","2026-03-10T21:00:00+08:00","scheduled"]\n}\n',
    );
    const parsed = parseCalendar(JSON.parse(text), 'calendar.json');
    const expected = [
      { id: 's2', start: Date.parse('2026-03-02T19:00:00+08:00'), status: 'done' },
      { id: 's3', start: Date.parse('2026-03-03T19:00:00+08:00'), status: 'scheduled', audience: 'tag:读书' },
      { id: 's10', start: Date.parse('2026-03-10T19:00:00+08:00'), status: 'scheduled' },
    ];
    expect(entriesOf(timelineOfCalendar(parsed))).toEqual(expected);
    // The bytes the store wrote, scanned without parsing them, say the same.
    expect(entriesOf(scanCalendar(Buffer.from(text)))).toEqual(expected);
    expect(entriesOf(scanCalendar(Buffer.from('{}\n')))).toEqual([]);
    expect(() => parseCalendar({ s1: ['2026-03-01T19:00:00+08:00', '2026-03-01T21:00:00+08:00', 'held'] }, 'calendar.json')).toThrow(/calendar\.json/);
    expect(() => parseCalendar({ m1: ['2026-03-01T19:00:00+08:00', '2026-03-01T21:00:00+08:00', 'done'] }, 'calendar.json')).toThrow(/calendar\.json/);
  });

  it('scans each start to the instant Date.parse gives, whatever its offset or form, and an audience with any text', () => {
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
    const scanned = entriesOf(scanCalendar(Buffer.from(serializeCalendar(calendarOf(sessions)))));
    expect(scanned.map((e) => e.start)).toEqual(starts.map((x) => Date.parse(x)));
    // Those Date.parse reads: the common forms and fractions; a 13th month, 29 February 2025, hour 24 and the rest are not instants.
    expect(scanned.map((e) => Number.isNaN(e.start))).toEqual(starts.map((x) => Number.isNaN(Date.parse(x))));
    expect(scanned.slice(0, 3).map((e) => e.audience)).toEqual(audiences);
    expect(scanned[0]!.start).toBe(Date.UTC(2026, 2, 2, 11));
  });

  it('changes only the entries of sessions whose start, end, status or audience changed; null for one removed', () => {
    const [s1, s2, s3] = [session(1), session(2), session(3)];
    const before = [s1, s2, s3];
    // The same objects: nothing to compare or write.
    expect(calendarChanges(before, before).size).toBe(0);
    // A copy with only its title changed says nothing new.
    expect(calendarChanges(before, [s1, { ...s2, title: '改名' }, s3]).size).toBe(0);
    const after = [{ ...s1, status: 'cancelled' as const }, { ...s2, audience: 'registered' }, session(4)];
    expect([...calendarChanges(before, after)]).toEqual([
      ['s1', ['2026-03-01T19:00:00+08:00', '2026-03-01T21:00:00+08:00', 'cancelled']],
      ['s2', ['2026-03-02T19:00:00+08:00', '2026-03-02T21:00:00+08:00', 'scheduled', 'registered']],
      ['s4', ['2026-03-04T19:00:00+08:00', '2026-03-04T21:00:00+08:00', 'scheduled']],
      ['s3', null],
    ]);
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
    expect(calendar()).toContain('"s4":["2026-03-24T19:00:00+08:00","2026-03-24T20:30:00+08:00","scheduled"]');
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 3 });
    expect(await shown('m1', '2026-03-25T12:00:00+08:00')).toMatchObject({ attended: 2, expected: 4, absent: 2 });

    // Cancelled: no longer expected.
    await ok(['session', 'cancel', 's3', '--reason', '下雨']);
    expect(calendar()).toContain('"s3":["2026-03-17T19:00:00+08:00","2026-03-17T20:30:00+08:00","cancelled"]');
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 2, absent: 0, rate: 1 });

    // Held (session done): its status follows; the counts do not change, it was held already.
    await ok(['session', 'done', 's2']);
    expect(calendar()).toContain('"s2":["2026-03-10T19:00:00+08:00","2026-03-10T20:30:00+08:00","done"]');
    expect(await shown('m1')).toMatchObject({ attended: 2, expected: 2 });

    // For the tag 读书 only: 雅风 is expected there, 杨洪勇 not.
    await ok(['session', 'add', '读书沙龙', '--at', '2026-03-18 19:00', '--audience', 'tag:读书']);
    expect(calendar()).toContain('"s5":["2026-03-18T19:00:00+08:00","2026-03-18T20:30:00+08:00","scheduled","tag:读书"]');
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
    expect(await refused(original.replace('"s2":["2026-03-10T19:00', '"s2":["2026-03-11T19:00'))).toContain('calendar.json: s2: does not match the session records');
    expect(await refused(original.replace(/"s2":[^\n]*\n/, ''))).toContain('calendar.json: s2: does not match the session records');
    expect(await refused(original.replace('"scheduled"]\n}', '"scheduled"],\n"s9":["2026-03-10T19:00:00+08:00","2026-03-10T20:30:00+08:00","done"]\n}'))).toContain('s9');
    await refused('{"s1":');
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
