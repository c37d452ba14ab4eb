// Commands that read only part of attendance and the ledger (the partitions around their period or session) must
// give exactly what the core gives over all of it. The store is the bench seeder's small club plus awards spread
// over the months and a reversal booked months after its session (so a session's file spans far past the session).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/bench/seed.js';
import { memberAttendance } from '../../src/core/attendance/rules.js';
import type { LedgerEntry } from '../../src/core/points/ledger.js';
import { leaderboard } from '../../src/core/points/points.js';
import { parseMonth, parseQuarter, parseWeek, parseYear, previousMonth } from '../../src/core/reports/period.js';
import { buildPeriodReport } from '../../src/core/reports/period-report.js';
import { buildNewsletter } from '../../src/core/reports/newsletter.js';
import type { PeriodKind } from '../../src/core/reports/period-report.js';
import { buildMonthlyReport } from '../../src/core/reports/monthly.js';
import { buildWeeklyReport } from '../../src/core/reports/weekly.js';
import { monthRange } from '../../src/core/time.js';
import { FileStore } from '../../src/store/file-store.js';
import { createStoreFs } from '../../src/store/fs.js';
import { seedingStore } from '../helpers/store.js';
import { COLLECTION_NAMES } from '../../src/store/schema.js';
import type { Snapshot } from '../../src/store/types.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-05T20:00:00+08:00';
const now = new Date(NOW);
let dir: string;
let cleanup: () => void;
let full: Snapshot<(typeof COLLECTION_NAMES)[number]>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-scoped-'));
  const store = await seedingStore(dir, now);
  const data = generate('small', now);
  let n = data.counters.ledger;
  const extra: LedgerEntry[] = [];
  for (const [i, at] of ['2025-11-30T23:30:00+08:00', '2025-12-01T00:10:00+08:00', '2026-01-31T16:30:00Z', '2026-02-15T10:00:00+08:00', '2026-03-01T00:00:00+08:00'].entries()) {
    extra.push({ id: `p${++n}`, memberId: `m${i + 1}`, delta: 3 + i, kind: 'award', reason: '分享', at, ref: null, rule: null });
  }
  // s1's attendance points reversed long after s1: its file's span reaches into March.
  const first = data.ledger.find((e) => e.ref === 's1')!;
  extra.push({ ...first, id: `p${++n}`, delta: -first.delta, reason: '撤销', at: '2026-03-02T09:00:00+08:00', rule: 'attendance:reversal' });
  await store.update(COLLECTION_NAMES, (draft) => {
    const { counters, ...collections } = data;
    Object.assign(draft, collections, { ledger: [...data.ledger, ...extra] });
    draft.meta = { ...draft.meta, counters: { ...counters, ledger: n } };
    return { result: null, audit: { summary: 'seeded' } };
  });
  full = await store.read(COLLECTION_NAMES);
});
afterAll(() => cleanup());

const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
const env = () => ({ now, settings: full.meta.settings, actor: 'tester' });

describe('scoped reads give what the whole store gives', () => {
  it.each(months)('report monthly --month %s', async (month) => {
    const r = await run(dir, ['report', 'monthly', '--month', month, '--json'], { now: NOW });
    expect(r.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(buildMonthlyReport(full, parseMonth(month), env(), { redact: false }))));
  });

  it.each(['2025-W49', '2026-W01', '2026-W05', '2026-W09', '2026-W10'])('report weekly --week %s', async (week) => {
    const r = await run(dir, ['report', 'weekly', '--week', week, '--json'], { now: NOW });
    expect(r.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(buildWeeklyReport(full, parseWeek(week, 'monday'), env(), { redact: false }))));
  });

  // Quarterly, yearly and period reports read only their period's attendance and points (no margin either side).
  it.each([
    ['quarterly', '--quarter', '2025-Q4'],
    ['quarterly', '--quarter', '2026-Q1'],
    ['yearly', '--year', '2025'],
    ['period', '--from', '2025-11-30'],
  ])('report %s %s %s', async (kind, flag, value) => {
    const argv = ['report', kind!, flag!, value!];
    const r = await run(dir, [...argv, ...(kind === 'period' ? ['--to', '2026-02-01'] : []), '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const period = kind === 'quarterly' ? parseQuarter(value!) : kind === 'yearly' ? parseYear(value!) : { from: value!, to: '2026-02-01' };
    const expected = buildPeriodReport(full, period, kind as PeriodKind, env(), { redact: false });
    expect(expected.kpis.pointsIssued).toBeGreaterThan(0);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.each(['2026-01', '2026-02', '2026-03'])('report newsletter --month %s', async (month) => {
    const r = await run(dir, ['report', 'newsletter', '--month', month, '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(buildNewsletter(full, parseMonth(month), env(), { redact: false }))));
  });

  it.each(months)('points leaderboard --month %s', async (month) => {
    const r = await run(dir, ['points', 'leaderboard', '--month', month, '--json'], { now: NOW });
    expect(r.code).toBe(0);
    const rows = leaderboard(full.members, full.ledger, monthRange(month)!, 'Asia/Shanghai', 'zh');
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(rows)));
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each(months.slice(1))('attendance --from the first of %s', async (month) => {
    const from = `${previousMonth(month)}-15`;
    const r = await run(dir, ['attendance', '--from', from, '--json'], { now: NOW });
    expect(r.code).toBe(0);
    const expected = memberAttendance(full.members, full.sessions, full.attendance, { from, to: null }, now, 'Asia/Shanghai').filter((row) => row.expected > 0 || row.attended > 0);
    const byId = (rows: Array<{ memberId: string }>) => Object.fromEntries(rows.map((row) => [row.memberId, row]));
    expect(byId(r.json())).toEqual(byId(JSON.parse(JSON.stringify(expected))));
  });

  it('checkin reads only its session’s files, and toggling a status never books twice', async () => {
    // A damaged file of other sessions (s0–s15) is not read by a check-in to s20, so it cannot stop it.
    const other = join(dir, '.club', 'attendance.s0.json');
    const good = readFileSync(other);
    writeFileSync(other, '\u0000');
    try {
      for (const status of ['late', 'present', 'late', 'excused', 'late']) {
        const r = await run(dir, ['checkin', 's20', 'm5', '--status', status, '--force'], { now: NOW });
        expect([status, r.code, r.stderr]).toEqual([status, 0, expect.any(String)]);
      }
      expect((await run(dir, ['check'], { now: NOW })).code).toBe(3);
    } finally {
      writeFileSync(other, good);
    }
    expect((await run(dir, ['check'], { now: NOW })).code).toBe(0);
    const { ledger } = await new FileStore(join(dir, '.club'), { fs: createStoreFs(), actor: 't', command: 't', now }).read(['ledger']);
    const net = ledger.filter((e) => e.ref === 's20' && e.memberId === 'm5' && e.rule?.startsWith('attendance')).reduce((n, e) => n + e.delta, 0);
    expect(net).toBe(full.meta.settings['points.late']);
  });

  it('points balance and member show read balances.json, which matches the ledger', async () => {
    const { ledger } = await new FileStore(join(dir, '.club'), { fs: createStoreFs(), actor: 't', command: 't', now }).read(['ledger']);
    const sums = new Map<string, number>();
    for (const e of ledger) sums.set(e.memberId, (sums.get(e.memberId) ?? 0) + e.delta);
    const r = await run(dir, ['points', 'balance', '--json'], { now: NOW });
    for (const row of r.json() as Array<{ memberId: string; balance: number }>) expect([row.memberId, row.balance]).toEqual([row.memberId, sums.get(row.memberId) ?? 0]);
    expect((await run(dir, ['member', 'show', 'm1', '--json'], { now: NOW })).json().points).toBe(sums.get('m1'));
  });

  it('member show and member list --sort attendance read presence.json, which matches attendance', async () => {
    const { members, sessions, attendance } = await new FileStore(join(dir, '.club'), { fs: createStoreFs(), actor: 't', command: 't', now }).read(['members', 'sessions', 'attendance']);
    const stats = memberAttendance(members, sessions, attendance, { from: null, to: null }, now, 'Asia/Shanghai');
    for (const id of ['m1', 'm5', 'm17', 'm30']) {
      const { memberId: _id, name: _name, ...summary } = stats.find((s) => s.memberId === id)!;
      expect([id, (await run(dir, ['member', 'show', id, '--json'], { now: NOW })).json().attendance]).toEqual([id, summary]);
    }
    expect(stats.some((s) => s.late > 0 && s.excused > 0 && s.attended > 0)).toBe(true);
    const listed = (await run(dir, ['member', 'list', '--sort', 'attendance', '--json'], { now: NOW })).json() as Array<{ id: string }>;
    const rate = new Map(stats.map((s) => [s.memberId, s.rate ?? -1]));
    const rates = listed.map((m) => rate.get(m.id)!);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });
});
