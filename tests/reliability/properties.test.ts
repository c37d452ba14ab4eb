// Property-based tests (fast-check) of the core rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberAttendance, sessionTally, attendanceSheet, tallySheet } from '../../src/core/attendance/rules.js';
import type { MemberAttendance } from '../../src/core/attendance/rules.js';
import type { Member } from '../../src/core/types.js';
import type { CoreEnv } from '../../src/core/env.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { resolveMember } from '../../src/core/members/reference.js';
import { balanceOf, balances } from '../../src/core/points/ledger.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { computeKpis } from '../../src/core/reports/kpis.js';
import { parseMonth } from '../../src/core/reports/period.js';
import type { Attendance, Session } from '../../src/core/sessions/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import { toCsv, parseCsv } from '../../src/io/csv.js';
import { attendanceBySession } from '../helpers/attendance-definition.js';
import { emptyCounters } from '../../src/core/ids.js';

const TZ = 'Asia/Shanghai';
const settings = defaultSettings({ name: 'p', lang: 'zh', timezone: TZ, weekStart: 'monday' });
const env: CoreEnv = { now: new Date('2026-04-01T00:00:00+08:00'), settings, actor: 'p' };
const counters = emptyCounters();

describe('properties', () => {
  it('a balance is the sum of the ledger entries, whatever the entries', () => {
    const entry = fc.record({ memberId: fc.constantFrom('m1', 'm2', 'm3'), delta: fc.integer({ min: -1000, max: 1000 }), kind: fc.constantFrom('award', 'deduct', 'auto', 'redeem') });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), (raw) => {
        const ledger: LedgerEntry[] = raw.map((e, i) => ({ id: `p${i + 1}`, ...e, kind: e.kind as LedgerEntry['kind'], reason: 'r', at: '2026-03-01T10:00:00+08:00', ref: null, rule: null }));
        const sums = balances(ledger);
        for (const id of ['m1', 'm2', 'm3']) {
          const expected = raw.filter((e) => e.memberId === id).reduce((s, e) => s + e.delta, 0);
          expect(balanceOf(ledger, id)).toBe(expected);
          expect(sums.get(id) ?? 0).toBe(expected);
        }
      }),
    );
  });

  it('participation stays in [0, 1] and the fast tally equals the sheet', () => {
    const status = fc.constantFrom('present', 'late', 'excused', 'absent', 'none');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 12 }), fc.array(fc.array(status, { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 6 }), (people, sheet) => {
        let state: MemberState = { members: [], tasks: [], counters };
        people.forEach(([daysBefore], i) => {
          const day = String(1 + (daysBefore % 28)).padStart(2, '0');
          state = addMember(state, { fields: { name: `人${i}` }, joined: daysBefore > 27 ? '2026-02-01' : `2026-03-${day}`, status: 'active' }, env).state;
        });
        const sessions: Session[] = sheet.map((_, i) => ({
          id: `s${i + 1}`, title: 't', type: 'reading', startsAt: `2026-03-${String(3 + i * 4).padStart(2, '0')}T21:30:00+08:00`, endsAt: `2026-03-${String(3 + i * 4).padStart(2, '0')}T23:00:00+08:00`,
          durationMinutes: 90, hostId: null, topic: null, place: null, status: 'done', seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-03-01T00:00:00+08:00',
        }));
        const attendance: Attendance[] = [];
        sheet.forEach((row, s) => row.forEach((st, m) => {
          if (st !== 'none' && m < state.members.length) attendance.push({ sessionId: `s${s + 1}`, memberId: `m${m + 1}`, status: st as Attendance['status'], at: sessions[s]!.startsAt, reason: null, forced: false, source: 'manual', by: null });
        }));
        const data = { members: state.members, sessions, attendance, ledger: [], tasks: [], surveys: [], responses: [], feedback: [] };
        const k = computeKpis(data, parseMonth('2026-03'), env.now, TZ);
        if (k.participationRate !== null) expect(k.participationRate).toBeGreaterThanOrEqual(0), expect(k.participationRate).toBeLessThanOrEqual(1);
        for (const r of memberAttendance(state.members, sessions, attendance, { from: null, to: null }, env.now, TZ)) {
          if (r.rate !== null) expect(r.rate >= 0 && r.rate <= 1).toBe(true);
        }
        for (const s of sessions) expect(sessionTally(s, state.members, attendance, TZ)).toEqual(tallySheet(attendanceSheet(s, state.members, attendance, env.now, TZ)));
      }),
      { numRuns: 60 },
    );
  });

  it('member attendance counted between status changes equals counting session by session', () => {
    // The definition, one held session and one member at a time (every session for everyone).
    const bySession = (members: Member[], sessions: Session[], marks: Attendance[], range: { from: string | null; to: string | null }): MemberAttendance[] =>
      attendanceBySession(members, sessions, marks, () => null, { now: env.now, tz: TZ, range });
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-03-${String(d).padStart(2, '0')}`);
    const change = fc.record({ status: fc.constantFrom('active', 'left', 'removed', 'applicant'), date: day });
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(day, fc.boolean()), { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(9), fc.nat(7), fc.constantFrom('present', 'late', 'excused', 'absent')), { maxLength: 40 }),
        fc.option(fc.tuple(day, day)),
        fc.boolean(),
        (histories, days, rawMarks, bounds, inDateOrder) => {
          // Histories in date order (as the store writes them) take a path of their own: half the runs have them.
          const ordered = (history: typeof histories[number]) => (inDateOrder ? [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) : history);
          const members = histories.map((history, i) => ({
            id: `m${i + 1}`, name: `成员${i + 1}`,
            history: ordered(history).map((c) => ({ ...c, at: `${c.date}T10:00:00+08:00`, reason: null, by: null })),
          })) as unknown as Member[];
          const sessions = days.map(([date, cancelled], i) => ({ id: `s${i + 1}`, startsAt: `${date}T19:30:00+08:00`, status: cancelled ? 'cancelled' : 'done' })) as unknown as Session[];
          const marks = rawMarks.map(([s, m, status]) => ({ sessionId: `s${s + 1}`, memberId: `m${m + 1}`, status })) as unknown as Attendance[];
          const range = bounds ? { from: bounds[0], to: bounds[1] } : { from: null, to: null };
          expect(memberAttendance(members, sessions, marks, range, env.now, TZ)).toEqual(bySession(members, sessions, marks, range));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('member references round-trip: a member is found by id, name, QQ and email when they are unique', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5]{1,6}$/), { minLength: 1, maxLength: 15 }), (names) => {
        let state: MemberState = { members: [], tasks: [], counters };
        names.forEach((name, i) => {
          state = addMember(state, { fields: { name, qq: String(100000 + i), email: `u${i}@example.org` }, joined: '2026-01-01', status: 'active' }, env).state;
        });
        const unique = (n: string) => state.members.filter((m) => m.name.toLowerCase() === n.toLowerCase()).length === 1;
        for (const m of state.members) {
          expect(resolveMember(state.members, m.id).id).toBe(m.id);
          expect(resolveMember(state.members, m.qq!).id).toBe(m.id);
          expect(resolveMember(state.members, m.email!.toUpperCase()).id).toBe(m.id);
          if (unique(m.name) && !/^m\d+$/i.test(m.name)) expect(resolveMember(state.members, m.name).id).toBe(m.id);
        }
      }),
    );
  });

  it('CSV: parse ∘ write is the identity on any text, formula guard included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.startsWith("'")), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }), async (rows) => {
        const csv = toCsv(['a', 'b'], rows);
        const parsed = await parseCsv(csv);
        expect(parsed.rows.map((r) => r.cells)).toEqual(rows);
      }),
      { numRuns: 80 },
    );
  });
});
