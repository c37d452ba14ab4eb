import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const ok = async (argv: string[], now: string) => {
  const r = await club(argv, { now });
  if (r.code !== 0) throw new Error(`club ${argv.join(' ')}: ${r.stderr}`);
  return r;
};
const AS_OF = '2026-03-22T12:00:00+08:00';
const HOSTILE_NAME = 'Eve|Mallory *b* _i_ [x](javascript:alert(1)) <img src=x onerror=alert(1)> www.e.example';
const HOSTILE = 'Eve|Mallory \\ *bold* _it_ [x](javascript:alert(1)) <img src=x onerror=alert(1)> www.evil.example http://evil.example ![i](p.png) a@evil.example\r\nline';

/** A small club with March 2026 in it, built through the commands. */
async function marchClub(hostile = false): Promise<void> {
  const t0 = '2026-02-20T10:00:00+08:00';
  await ok(['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--joined', '2026-01-05'], t0);
  await ok(['member', 'add', '王雅风', '--joined', '2026-02-01'], t0);
  await ok(['member', 'add', hostile ? HOSTILE_NAME : '李雷', '--joined', '2026-02-10'], t0);
  await ok(['session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '8', '--host', '杨洪勇', '--place', 'QQ群'], t0);
  await ok(['member', 'add', '韩梅梅'], '2026-03-04T10:00:00+08:00');
  await ok(['checkin', 's1', '杨洪勇', '王雅风'], '2026-03-03T21:31:00+08:00');
  await ok(['checkin', 's1', 'm3'], '2026-03-03T21:50:00+08:00');
  await ok(['leave', '王雅风', '--session', 's2', '--reason', hostile ? HOSTILE.replace('\r\n', ' ') : '出差'], '2026-03-05T12:00:00+08:00');
  await ok(['checkin', 's2', '杨洪勇', '韩梅梅'], '2026-03-05T21:31:00+08:00');
  await ok(['session', 'done', 's1'], '2026-03-03T23:10:00+08:00');
  await ok(['best', 'set', 's1', 'm3'], '2026-03-03T23:11:00+08:00');
  await ok(['session', 'cancel', 's3', '--reason', '放假'], '2026-03-09T10:00:00+08:00');
  await ok(['checkin', 's4', '杨洪勇', '王雅风', '韩梅梅', 'm3'], '2026-03-12T21:30:00+08:00');
  await ok(['checkin', 's5', '杨洪勇', '韩梅梅'], '2026-03-17T21:30:00+08:00');
  await ok(['checkin', 's6', '杨洪勇', '王雅风', 'm3'], '2026-03-19T21:30:00+08:00');
  await ok(['member', 'warn', 'm3', '--reason', '刷屏'], '2026-03-19T22:00:00+08:00');
  await ok(['topic', 'propose', 's7', '《活着》', '《三体》', '--by', '杨洪勇'], '2026-03-20T10:00:00+08:00');
  await ok(['topic', 'vote', 's7', '2', '--by', '王雅风'], '2026-03-20T10:01:00+08:00');
  await ok(['topic', 'close', 's7'], '2026-03-20T10:02:00+08:00');
  await ok(['points', 'add', '王雅风', '5', '--reason', '分享笔记'], '2026-03-20T11:00:00+08:00');
  await ok(['task', 'add', '整理书单', '--owner', '杨洪勇', '--due', '2026-03-18'], '2026-03-10T10:00:00+08:00');
  await ok(['task', 'add', '订场地', '--owner', '王雅风', '--due', '2026-03-25'], '2026-03-10T10:00:00+08:00');
  await ok(['task', 'done', 't2'], '2026-03-17T10:00:00+08:00');
  await ok(['feedback', 'add', hostile ? HOSTILE : '希望多组织线下活动', '--anonymous'], '2026-03-15T10:00:00+08:00');
}

beforeEach(async () => {
  ({ dir, cleanup, club } = await freshClub());
});
afterEach(() => cleanup());

function golden(name: string, actual: string): void {
  const file = join(import.meta.dirname, '..', 'golden', name);
  // Golden files are hand-checked expectations: a test never writes them.
  expect(existsSync(file), `${name} is missing: write it by hand`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('reports', () => {
  it.each([
    ['weekly', 'zh', ['report', 'weekly', '--week', '2026-W11']],
    ['weekly', 'en', ['report', 'weekly', '--week', '2026-W11', '--lang', 'en']],
    ['monthly', 'zh', ['report', 'monthly', '--month', '2026-03']],
    ['monthly', 'en', ['report', 'monthly', '--month', '2026-03', '--lang', 'en']],
  ])('renders the %s report in %s (golden file)', async (kind, lang, argv) => {
    await marchClub();
    const r = await club(argv as string[], { now: AS_OF });
    expect(r.code).toBe(0);
    golden(`${kind}.${lang}.md`, r.stdout);
  });

  it('--json is the very object the template renders, with numbers matching a hand count', async () => {
    await marchClub();
    const data = (await club(['report', 'monthly', '--month', '2026-03', '--json'], { now: AS_OF })).json();
    // sessions held: s1, s2, s4, s5, s6 (s3 cancelled; s7 and s8 after now)
    // s1: 3/3; s2: 2/3 (王雅风 excused; 4 active); s4: 4/4; s5: 2/4; s6: 3/4 -> 14/18
    expect(data.kpis).toMatchObject({ activeStart: 3, newMembers: 1, departed: 0, activeEnd: 4, sessionsHeld: 5, participationRate: 14 / 18, pointsIssued: expect.any(Number) });
    expect(data.period).toEqual({ from: '2026-03-01', to: '2026-04-01', month: '2026-03' });
    expect(data.previousKpis.activeEnd).toBe(3);
    expect(data.kpiTable.find((r: { key: string }) => r.key === 'participationRate')).toMatchObject({ value: 14 / 18, target: 0.7, met: true });
    writeFileSync(join(dir, 't.hbs'), '{{kpis.participationRate}}|{{kpis.sessionsHeld}}|{{period.month}}|{{#each topEarners}}{{name}}={{earned}};{{/each}}');
    const rendered = (await club(['report', 'monthly', '--month', '2026-03', '--template', 't.hbs'], { now: AS_OF })).stdout.trim();
    expect(rendered).toBe(`${14 / 18}|5|2026-03|${data.topEarners.map((e: { name: string; earned: number }) => `${e.name}=${e.earned};`).join('')}`);
    const weekly = (await club(['report', 'weekly', '--date', '2026-03-04', '--json'], { now: AS_OF })).json();
    expect(weekly.period).toMatchObject({ from: '2026-03-02', to: '2026-03-09', week: '2026-W10' });
    expect(weekly.sessions.map((s: { id: string; attended: number; expected: number }) => `${s.id} ${s.attended}/${s.expected}`)).toEqual(['s1 3/3', 's2 2/3']);
    expect(weekly.leaves).toMatchObject([{ name: '王雅风', reason: '出差' }]);
    expect(weekly.bestPerformers).toMatchObject([{ name: '李雷' }]);
    const last = (await club(['report', 'weekly', '--last', '--json'], { now: AS_OF })).json();
    expect(last.period.week).toBe('2026-W11');
  });

  it('escapes hostile names: tables keep their width, and no HTML or link is made from data', async () => {
    await marchClub(true);
    for (const argv of [['report', 'weekly', '--week', '2026-W10'], ['report', 'monthly', '--month', '2026-03'], ['report', 'monthly', '--month', '2026-03', '--lang', 'en']]) {
      const md = (await club(argv, { now: AS_OF })).stdout;
      const tokens = marked.lexer(md, { gfm: true });
      const tables = tokens.filter((t) => t.type === 'table') as Array<{ header: unknown[]; rows: unknown[][] }>;
      expect(tables.length).toBeGreaterThan(2);
      for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.header.length);
      const html = marked.parse(md, { gfm: true, async: false }) as string;
      expect(html).not.toMatch(/<img|<a |href=|<script/i);
      expect(html).toContain('Eve|Mallory');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('uses an override in .club/templates, and template eject/list', async () => {
    await marchClub();
    expect((await club(['template', 'list', '--json'])).json().map((t: { name: string; source: string }) => `${t.name}:${t.source}`)).toEqual(['weekly.zh:built-in', 'weekly.en:built-in', 'monthly.zh:built-in', 'monthly.en:built-in', 'quarterly.zh:built-in', 'quarterly.en:built-in', 'yearly.zh:built-in', 'yearly.en:built-in', 'period.zh:built-in', 'period.en:built-in', 'newsletter.zh:built-in', 'newsletter.en:built-in', 'certificate.zh:built-in', 'certificate.en:built-in', 'results.zh:built-in', 'results.en:built-in', 'weekly.zh.txt:built-in', 'weekly.en.txt:built-in', 'monthly.zh.txt:built-in', 'monthly.en.txt:built-in', 'weekly.zh.html:built-in', 'weekly.en.html:built-in', 'monthly.zh.html:built-in', 'monthly.en.html:built-in', 'quarterly.zh.txt:built-in', 'quarterly.en.txt:built-in', 'yearly.zh.txt:built-in', 'yearly.en.txt:built-in', 'period.zh.txt:built-in', 'period.en.txt:built-in', 'newsletter.zh.txt:built-in', 'newsletter.en.txt:built-in', 'quarterly.zh.html:built-in', 'quarterly.en.html:built-in', 'yearly.zh.html:built-in', 'yearly.en.html:built-in', 'period.zh.html:built-in', 'period.en.html:built-in', 'newsletter.zh.html:built-in', 'newsletter.en.html:built-in', 'thanks.zh:built-in', 'thanks.en:built-in', 'notice.zh.txt:built-in', 'notice.en.txt:built-in', 'remind.zh.txt:built-in', 'remind.en.txt:built-in']);
    expect((await club(['template', 'eject', 'weekly.zh'])).code).toBe(0);
    expect((await club(['template', 'eject', 'weekly.zh'])).code).toBe(1);
    const file = join(dir, '.club', 'templates', 'weekly.zh.md.hbs');
    writeFileSync(file, `# 我们的周报 {{period.week}}\n${readFileSync(file, 'utf8')}`);
    expect((await club(['report', 'weekly', '--week', '2026-W11'], { now: AS_OF })).stdout).toMatch(/^# 我们的周报 2026-W11/);
    expect((await club(['template', 'list', '--json'])).json()[0].source).toBe('override');
    expect((await club(['report', 'weekly', '--week', '2026-W11', '--lang', 'en'], { now: AS_OF })).stdout).toMatch(/^# 测试读书会 weekly report/);
  });

  it('templates cannot reach prototypes, run unknown helpers, or print unescaped data', async () => {
    await marchClub();
    const cases: Array<[string, number, RegExp | null]> = [
      ['{{constructor.constructor "return process"}}', 2, /line 1: the prototype path constructor.constructor/],
      ['[{{lookup this "__proto__"}}]', 2, /line 1: the lookup helper/],
      ['[{{club.constructor}}]', 2, /line 1: the prototype path club.constructor/],
      ['{{{club}}}', 2, /unescaped output/],
      ['{{> evil}}', 2, /a partial/],
      ['[{{unknownHelper club}}]', 2, /unknown helper/],
      ['[{{club}}]', 0, null],
    ];
    for (const [source, code, message] of cases) {
      writeFileSync(join(dir, 'evil.hbs'), source);
      const r = await club(['report', 'weekly', '--template', 'evil.hbs'], { now: AS_OF, env: { CLUB_LANG: 'en' } });
      expect([source, r.code]).toEqual([source, code]);
      if (message) expect(r.stderr).toMatch(message);
      else expect(r.stdout.trim()).toBe('[测试读书会]');
    }
  });

  it('writes --out 0600, --redact shortens names, --as-of fixes the time', async () => {
    await marchClub();
    expect((await club(['report', 'monthly', '--month', '2026-03', '--out', 'm.md', '--redact'], { now: AS_OF })).code).toBe(0);
    const md = readFileSync(join(dir, 'm.md'), 'utf8');
    expect(md).not.toContain('王雅风');
    expect(md).toContain('王＊＊');
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'm.md')).mode & 0o777).toBe(0o600);
    const asOf = await club(['report', 'weekly', '--as-of', '2026-03-10 12:00', '--json'], { now: AS_OF });
    expect(asOf.json().period.week).toBe('2026-W11');
    // A time to come is refused: the report could only show today's club under tomorrow's date.
    const future = await club(['report', 'weekly', '--as-of', '2026-03-23 12:00'], { now: AS_OF });
    expect([future.code, future.stdout]).toEqual([2, '']);
    expect(future.stderr).toContain('--as-of "2026-03-23 12:00"');
    expect((await club(['report', 'weekly', '--as-of', 'today'], { now: AS_OF })).code).toBe(0);
    expect((await club(['report', 'weekly', '--week', '2026-10'])).code).toBe(2);
    expect((await club(['report', 'monthly', '--month', 'March'])).code).toBe(2);
  });

  it("lists the week's cancelled sessions, warnings and removals, and the month's topics, leave, redemptions and deductions", async () => {
    await marchClub();
    await ok(['reward', 'add', '书签', '--cost', '5'], '2026-03-20T12:00:00+08:00');
    await ok(['reward', 'redeem', '王雅风', '书签'], '2026-03-21T12:00:00+08:00');
    await ok(['points', 'deduct', '李雷', '2', '--reason', '刷屏'], '2026-03-19T22:05:00+08:00');
    // W11 (03-09..03-15): s3 on Tue 10 Mar was cancelled (放假); nobody was warned.
    const w11 = (await club(['report', 'weekly', '--week', '2026-W11', '--json'], { now: AS_OF })).json();
    expect(w11.cancelledSessions).toEqual([{ id: 's3', date: '2026-03-10', day: '3月10日 周二', time: '21:30', title: '读书会', reason: '放假' }]);
    expect(w11.warnings).toEqual([]);
    // W12 (03-16..03-22): 李雷 warned on 03-19 and 2 points deducted; 王雅风 redeemed 书签 for 5.
    const w12 = (await club(['report', 'weekly', '--week', '2026-W12', '--json', '--lang', 'en'], { now: AS_OF })).json();
    expect(w12.cancelledSessions).toEqual([]);
    expect(w12.warnings).toEqual([{ name: '李雷', date: '2026-03-19', reason: '刷屏' }]);
    expect(w12.removals).toEqual([]);
    expect(w12.redemptions).toEqual([{ date: '2026-03-21', name: '王雅风', reward: '书签', points: 5 }]);
    expect(w12.deductions).toEqual([{ date: '2026-03-19', name: '李雷', points: 2, reason: '刷屏' }]);
    const md = (await club(['report', 'weekly', '--week', '2026-W12', '--lang', 'en'], { now: AS_OF })).stdout;
    expect(md).toContain('- Warnings: 李雷 (2026-03-19, 刷屏)');
    expect(md).toContain('- Redeemed: 王雅风, 书签 (5 points, 2026-03-21)');
    // March: the topic 《三体》 was chosen for s7 (03-24), not held by 03-22; 王雅风 on leave at s2.
    const month = (await club(['report', 'monthly', '--month', '2026-03', '--json'], { now: AS_OF })).json();
    expect(month.topics).toEqual([]);
    expect(month.leaves).toEqual([{ name: '王雅风', count: 1, forced: 0, sessions: ['s2'] }]);
    expect(month.cancelledSessions.map((s: { id: string }) => s.id)).toEqual(['s3']);
    expect(month.redemptions).toHaveLength(1);
    expect(month.deductions).toHaveLength(1);
    const april = (await club(['report', 'monthly', '--month', '2026-03', '--json'], { now: '2026-04-02T12:00:00+08:00' })).json();
    expect(april.topics).toEqual([{ session: 's7', date: '2026-03-24', day: '3月24日 周二', title: '读书会', topic: '《三体》' }]);
  });

  it('attendance --below holds only members active in the period', async () => {
    const t0 = '2026-02-01T10:00:00+08:00';
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-05'], t0);
    await ok(['member', 'add', '雅风', '--joined', '2026-01-05'], t0);
    await ok(['session', 'add', '读书会', '--at', '2026-02-03 21:30', '--repeat', 'weekly', '--on', 'tue', '--count', '8'], t0);
    await ok(['checkin', 's1', '杨洪勇'], '2026-02-03T21:31:00+08:00');
    await ok(['member', 'remove', '雅风', '--reason', '搬家'], '2026-02-20T10:00:00+08:00');
    const now = '2026-03-30T10:00:00+08:00';
    // March: s5 03-03 … s8 03-24; 雅风 left on 02-20 and is not in it, though 0 of 3 in February.
    const march = (await club(['attendance', '--below', '50', '--from', '2026-03-01', '--to', '2026-04-01', '--json'], { now })).json();
    expect(march.map((r: { name: string; attended: number; expected: number }) => `${r.name} ${r.attended}/${r.expected}`)).toEqual(['杨洪勇 0/4']);
    const february = (await club(['attendance', '--below', '50', '--from', '2026-02-01', '--to', '2026-03-01', '--json'], { now })).json();
    expect(february.map((r: { name: string; attended: number; expected: number }) => `${r.name} ${r.attended}/${r.expected}`)).toEqual(['雅风 0/3', '杨洪勇 1/4']);
    const table = await club(['attendance', '--below', '50', '--from', '2026-02-01', '--to', '2026-03-01'], { now });
    expect(table.stdout).toContain('25.0%');
  });
});

describe('tasks', () => {
  it('adds, completes and lists tasks, overdue included', async () => {
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-01'], AS_OF);
    await ok(['task', 'add', '整理书单', '--owner', '杨洪勇', '--due', '2026-03-18'], AS_OF);
    await ok(['task', 'add', '订场地', '--due', '2026-03-30'], AS_OF);
    expect((await club(['task', 'list', '--overdue', '--json'], { now: AS_OF })).json().map((t: { title: string }) => t.title)).toEqual(['整理书单']);
    expect((await club(['task', 'done', 't1', '--json'], { now: AS_OF })).json()).toMatchObject({ status: 'done', doneAt: AS_OF });
    expect((await club(['task', 'done', 't1'])).code).toBe(1);
    expect((await club(['task', 'list', '--open', '--json'], { now: AS_OF })).json().map((t: { id: string }) => t.id)).toEqual(['t2']);
    expect((await club(['task', 'list', '--owner', '杨洪勇', '--done', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t1']);
    expect((await club(['task', 'add', 'x', '--due', 'someday'])).code).toBe(2);
  });
});
