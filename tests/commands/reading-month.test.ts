// Four weeks of a 12-member reading group (November 2026, Asia/Shanghai), against a count made by hand:
// every member starts a book each Monday and hands in notes on Sunday, but m11 never finishes the second week's
// book (one miss: the warning) and m12 finishes it late and never finishes the third (two misses: removal due).
// m1's first book is a big one (ten days). Check-ins from the chat give streaks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/run.js';

const MONDAYS = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
const SUNDAY = (monday: string) => `${monday.slice(0, 8)}${String(Number(monday.slice(8)) + 6).padStart(2, '0')}`;
const NAMES = ['杨洪勇', '雅风', '李雷', '韩梅梅', '王小明', '张伟', '刘洋', '陈静', '赵磊', '孙悦', '周杰', '吴敏'];
const NOW = '2026-11-30T12:00:00+08:00';
const env = { CLUB_LANG: 'zh' };

/** The chat: m1 every day from 11-20 to 11-30, m2 from 11-25 to 11-29, m3 from 11-20 to 11-27. */
function chat(): string {
  const lines: string[] = [];
  const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);
  const say = (day: string, who: number, text: string) => lines.push(`${day} 07:${String(10 + who).padStart(2, '0')}:00 ${NAMES[who - 1]}(${10000 + who})`, text, '');
  for (const d of days(20, 30)) say(d, 1, `打卡 《书》 p.${Number(d.slice(8)) * 10}`);
  for (const d of days(25, 29)) say(d, 2, '打卡');
  for (const d of days(20, 27)) say(d, 3, '今天打卡了');
  say('2026-11-28', 4, '周末愉快');
  return lines.join('\n');
}

describe('four weeks of a 12-member reading group', () => {
  const t = tempDir('club-reading-month-');
  const club = (argv: string[], now: string, stdin?: string) => run(t.dir, argv, { now, env, ...(stdin === undefined ? {} : { stdin }) });
  const ok = async (argv: string[], now: string, stdin?: string) => {
    const r = await club(argv, now, stdin);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };

  beforeAll(async () => {
    await ok(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], '2026-10-01T09:00:00+08:00');
    for (const [i, name] of NAMES.entries()) await ok(['member', 'add', name, '--qq', String(10001 + i), '--joined', '2026-10-01'], '2026-10-01T09:00:00+08:00');
    for (const n of [1, 2, 3, 4, 5]) await ok(['book', 'add', `书${n}`, '--pages', '200'], '2026-10-01T09:00:00+08:00');
    await ok(['book', 'add', '大书', '--pages', '500', '--big'], '2026-10-01T09:00:00+08:00');
    for (const [w, monday] of MONDAYS.entries()) {
      await ok(['book', 'shelf', 'b1', 'b2', 'b3', 'b4', 'b5'], `${monday}T08:00:00+08:00`);
      for (let i = 1; i <= 12; i++) {
        const book = w === 0 && i === 1 ? 'b6' : `b${((i + w) % 5) + 1}`;
        await ok(['reading', 'start', `m${i}`, book], `${monday}T09:00:00+08:00`);
      }
      for (let i = 1; i <= 12; i++) {
        const book = w === 0 && i === 1 ? 'b6' : `b${((i + w) % 5) + 1}`;
        if ((i === 11 && w === 1) || (i === 12 && w === 2)) continue; // never finished
        // m12 finishes the second week's book on Wednesday of the third week: late.
        const at = i === 12 && w === 1 ? '2026-11-18T20:00:00+08:00' : `${SUNDAY(monday)}T20:00:00+08:00`;
        await ok(['reading', 'done', `m${i}`, book, '--notes', '-'], at, `第${w + 1}周的笔记：**好书**`);
      }
    }
    writeFileSync(join(t.dir, 'chat.txt'), chat());
    await ok(['reading', 'import', 'chat.txt'], NOW);
  }, 120_000);
  afterAll(() => t.cleanup());

  it('awards 2 points for each of the 45 notes handed in on time: 90', async () => {
    const balances = (await ok(['points', 'balance', '--json'], NOW)).json() as Array<{ memberId: string; balance: number }>;
    expect(balances.reduce((sum, r) => sum + r.balance, 0)).toBe(90);
    expect(balances.find((r) => r.memberId === 'm11')?.balance).toBe(6);
    const m12 = (await ok(['points', 'history', 'm12', '--json'], NOW)).json() as Array<{ delta: number; kind: string }>;
    expect(m12.map((e) => [e.delta, e.kind])).toEqual([
      [2, 'auto'],
      [2, 'auto'],
    ]);
  });

  it('shows the misses, the warning and removal due in reading status', async () => {
    const rows = (await ok(['reading', 'status', '--json'], NOW)).json() as Array<{ memberId: string; misses: number; removalDue: boolean; streak: number; done: boolean; overdue: boolean }>;
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.misses > 0).map((r) => [r.memberId, r.misses, r.removalDue])).toEqual([
      ['m11', 1, false],
      ['m12', 2, true],
    ]);
    expect(rows.filter((r) => r.streak > 0).map((r) => [r.memberId, r.streak])).toEqual([
      ['m1', 11],
      ['m2', 5],
    ]);
    // The fourth week's books are due today: all done, none overdue.
    expect(rows.every((r) => r.done && !r.overdue)).toBe(true);
  });

  it('gives m11 the reading warning for the second week and m12 removal due in member show', async () => {
    const m11 = (await ok(['member', 'show', 'm11', '--json'], NOW)).json();
    expect(m11.reading).toEqual({ misses: 1, removalDue: false, warnings: [{ kind: 'reading', date: '2026-11-17', reason: '读书任务未完成', taskId: 'k23' }] });
    const m12 = (await ok(['member', 'show', 'm12', '--json'], NOW)).json();
    expect(m12.reading).toMatchObject({ misses: 2, removalDue: true, warnings: [{ taskId: 'k24' }] });
    expect(m12.warnings).toEqual([]);
  });

  it('gives the weekly reading sections by hand count', async () => {
    const w47 = (await ok(['report', 'weekly', '--week', '2026-W47', '--json'], NOW)).json().reading;
    expect(w47.shelf.map((b: { id: string }) => b.id)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(w47.finished).toHaveLength(12);
    expect(w47.finished.filter((f: { onTime: boolean }) => !f.onTime).map((f: { name: string }) => f.name)).toEqual(['吴敏']);
    expect(w47.notes).toHaveLength(12);
    expect(w47.missed.map((m: { name: string }) => m.name)).toEqual(['周杰', '吴敏']);
    expect(w47.overdue.map((m: { name: string }) => m.name)).toEqual(['周杰']);
    expect(w47.removalDue).toEqual([]);
    const w48 = (await ok(['report', 'weekly', '--week', '2026-W48', '--json'], NOW)).json().reading;
    expect(w48.missed.map((m: { name: string }) => m.name)).toEqual(['吴敏']);
    expect(w48.overdue.map((m: { name: string }) => m.name)).toEqual(['周杰', '吴敏']);
    expect(w48.removalDue).toEqual([{ name: '吴敏', misses: 2 }]);
    const text = (await ok(['report', 'weekly', '--week', '2026-W48'], NOW)).stdout;
    expect(text).toContain('- 读书任务未完成、应予清退：吴敏（60 天内 2 次）');
  });

  it('gives the monthly reading section by hand count: 46 books, 9,500 pages', async () => {
    // m1–m10 finished 4 books each, m11 and m12 3 each (m12's late one is read, though missed): 46, of which one is
    // the 500-page big book and 45 have 200 pages.
    const november = (await ok(['report', 'monthly', '--month', '2026-11', '--json'], NOW)).json().reading;
    expect(november).toMatchObject({ active: true, booksRead: 46, pages: 9500, removalDue: [{ name: '吴敏', misses: 2 }] });
    expect(november.topReaders[0]).toEqual({ rank: 1, name: '杨洪勇', books: 4, pages: 1100 });
    // Nine members tie second with 4 books and 800 pages: all are listed; 周杰 and 吴敏 (3 books, rank 11) are not.
    expect(november.topReaders).toHaveLength(10);
    expect(november.topReaders.map((r: { name: string }) => r.name)).not.toContain('周杰');
  });

  it('gives the Saturday digest of the fourth week', async () => {
    const digest = (await ok(['reading', 'notes', '--from', '2026-11-23', '--to', '2026-11-30'], NOW)).stdout;
    expect(digest.match(/^## /gm)).toHaveLength(12);
    expect(digest).toContain('第4周的笔记：**好书**');
  });
});
