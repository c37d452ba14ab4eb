// `session list` tallies every held session without a sheet of every member for each: from presence (every member's
// statuses) when it lists many held sessions, from the sessions' own records when it lists a few. Either way each
// row's attended/expected must be what the session's attendance sheet counts. The store is the bench seeder's small
// club with 70 earlier sessions added: some before members joined, some for a tag or for registered members, some
// cancelled, with every status, records of members outside the audience and of members not yet active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/bench/seed.js';
import { audienceResolver, traitsOf } from '../../src/core/activities/audience.js';
import type { Registration } from '../../src/core/activities/types.js';
import { attendanceSheet, isHeld, sessionDate, tallySheet } from '../../src/core/attendance/rules.js';
import { seededRandom } from '../../src/core/random.js';
import { sessionTallies } from '../../src/core/sessions/tally.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { addDaysToDate } from '../../src/core/time.js';
import { COLLECTION_NAMES } from '../../src/store/schema.js';
import type { Snapshot } from '../../src/store/types.js';
import { seedingStore } from '../helpers/store.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-05T20:00:00+08:00';
const now = new Date(NOW);
const TZ = 'Asia/Shanghai';
let dir: string;
let cleanup: () => void;
let full: Snapshot<(typeof COLLECTION_NAMES)[number]>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-session-list-'));
  const store = await seedingStore(dir, now);
  const data = generate('small', now);
  const rand = seededRandom(7);
  const template = data.attendance[0]!;
  const sessions: Session[] = [];
  const attendance: Attendance[] = [];
  const registrations: Registration[] = [];
  const statuses = ['present', 'late', 'excused', 'absent'] as const;
  for (let k = 0; k < 70; k++) {
    const base = data.sessions[k % 20]!;
    const id = `s${data.sessions.length + 1 + k}`;
    // From a few weeks before the first session to well before anyone joined.
    const shift = (days: string) => `${addDaysToDate(days.slice(0, 10), -7 * (k + 1))}${days.slice(10)}`;
    const audience = k % 7 === 0 ? { audience: 'tag:摄影' } : k % 7 === 1 ? { audience: 'registered' } : {};
    sessions.push({ ...base, id, startsAt: shift(base.startsAt), endsAt: shift(base.endsAt), ...(k % 11 === 5 ? { status: 'cancelled', cancelReason: '放假' } : {}), ...audience });
    if (k % 7 === 1) {
      for (const [i, status] of (['registered', 'registered', 'registered', 'waitlisted', 'cancelled'] as const).entries()) {
        registrations.push({ sessionId: id, memberId: `m${i + 1}`, status, at: shift(base.startsAt), note: null, source: 'manual', by: 'seed', promotedAt: null, cancelledAt: status === 'cancelled' ? shift(base.startsAt) : null });
      }
    }
    for (let i = 1; i <= data.members.length; i++) {
      const pick = Math.floor(rand() * 6);
      if (pick >= statuses.length) continue;
      attendance.push({ ...template, sessionId: id, memberId: `m${i}`, status: statuses[pick]!, at: shift(base.startsAt), reason: pick === 2 ? '出差' : null });
    }
  }
  await store.update(COLLECTION_NAMES, (draft) => {
    const { counters, ...collections } = data;
    Object.assign(draft, collections, { sessions: [...data.sessions, ...sessions], attendance: [...data.attendance, ...attendance], registrations });
    draft.meta = { ...draft.meta, counters: { ...counters, session: data.sessions.length + sessions.length } };
    return { result: null, audit: { summary: 'seeded' } };
  });
  full = await store.read(COLLECTION_NAMES);
});
afterAll(() => cleanup());

/** What each held session's attendance sheet counts, over the whole store. */
function sheetTallies(sessions: readonly Session[]) {
  const audienceOf = audienceResolver({ activities: full.activities, registrations: full.registrations, traits: traitsOf(full.members) });
  return Object.fromEntries(
    sessions.map((s) => {
      if (!isHeld(s, now)) return [s.id, { attended: null, expected: null }];
      const { attended, expected } = tallySheet(attendanceSheet(s, full.members, full.attendance, now, TZ, audienceOf));
      return [s.id, { attended, expected }];
    }),
  );
}

const listed = (rows: Array<{ id: string; attended: number | null; expected: number | null }>) => Object.fromEntries(rows.map((r) => [r.id, { attended: r.attended, expected: r.expected }]));

describe('session list tallies', () => {
  it('every session, from presence: what each sheet counts', async () => {
    const r = await run(dir, ['session', 'list', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.json();
    expect(rows.filter((s: Session) => isHeld(s, now)).length).toBeGreaterThan(64);
    expect(listed(rows)).toEqual(sheetTallies(full.sessions));
    // The data has what the counting rules tell apart.
    const counted = Object.values(listed(rows)) as Array<{ attended: number | null; expected: number | null }>;
    expect(counted.some((c) => c.expected === 0)).toBe(true);
    expect(counted.some((c) => c.attended !== null && c.attended > 0)).toBe(true);
    expect(rows.filter((s: { audience: string }) => s.audience === 'registered').length).toBeGreaterThan(5);
  });

  it('a few sessions (--from, --to), from their own records: what each sheet counts', async () => {
    const from = sessionDate(full.sessions.find((s) => s.id === 's40')!, TZ);
    const to = addDaysToDate(from, 60);
    const r = await run(dir, ['session', 'list', '--from', from, '--to', to, '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const shown = full.sessions.filter((s) => sessionDate(s, TZ) >= from && sessionDate(s, TZ) < to);
    expect(shown.length).toBeGreaterThan(5);
    expect(listed(r.json())).toEqual(sheetTallies(shown));
    const csv = await run(dir, ['session', 'list', '--from', from, '--to', to, '--csv'], { now: NOW });
    expect(csv.stdout.split('\n')[1]).toContain(`,${sheetTallies(shown)[shown.sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!.id]!.attended},`);
  });

  it('sessionTallies counts as the sheets do, for any order of marks', () => {
    const audienceOf = audienceResolver({ activities: full.activities, registrations: full.registrations, traits: traitsOf(full.members) });
    const held = full.sessions.filter((s) => isHeld(s, now));
    const tallies = sessionTallies(held, full.members, [...full.attendance].reverse(), TZ, audienceOf);
    for (const s of held) expect([s.id, tallies.get(s.id)]).toEqual([s.id, tallySheet(attendanceSheet(s, full.members, full.attendance, now, TZ, audienceOf))]);
  });
});

describe('session list speaks the club language (an empty list, a status)', () => {
  it.each([
    ['zh', '还没有活动：club session add TITLE', '没有符合条件的活动', '已安排'],
    ['en', 'no sessions yet: club session add TITLE', 'no session matches', 'scheduled'],
  ])('%s', async (lang, none, noMatch, scheduled) => {
    const t = tempDir('club-session-empty-');
    try {
      const init = await run(t.dir, ['init', '--name', '读书会', '--lang', lang, '--timezone', 'Asia/Shanghai']);
      expect(init.code).toBe(0);
      const empty = await run(t.dir, ['session', 'list']);
      expect({ code: empty.code, out: empty.stdout + empty.stderr }).toMatchObject({ code: 0, out: expect.stringContaining(none) });
      const add = await run(t.dir, ['session', 'add', '读书分享', '--at', '2026-03-10 19:30']);
      expect(add.code).toBe(0);
      // The status as the table shows it, in the club's language (the JSON keeps the code).
      const listed = await run(t.dir, ['session', 'list']);
      expect(listed.stdout).toContain(scheduled);
      expect(JSON.parse((await run(t.dir, ['session', 'list', '--json'])).stdout)[0].status).toBe('scheduled');
      const filtered = await run(t.dir, ['session', 'list', '--status', 'cancelled']);
      expect({ code: filtered.code, out: filtered.stdout + filtered.stderr }).toMatchObject({ code: 0, out: expect.stringContaining(noMatch) });
    } finally {
      t.cleanup();
    }
  });
});
