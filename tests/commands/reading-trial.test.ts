// Found in a new-user trial of the reading plan: the help of `book` and `reading` in the admin's language, and senders
// of a real QQ export, whose names carry a group title (【管理员】, 【活跃】) before the nickname.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

describe('the reading plan as a new user meets it', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it("prints the help of book and reading in Chinese for a Chinese-speaking admin", async () => {
    const env = { CLUB_LANG: 'zh' };
    const book = await run(t.dir, ['book', '--help'], { env });
    expect(book.code).toBe(0);
    expect(book.stdout).toContain('读书计划：书目与每周书架');
    expect(book.stdout).toContain('添加一本书');
    const imp = await run(t.dir, ['reading', 'import', '--help'], { env });
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('从 QQ 群聊天记录导出文件导入每日打卡');
    expect(imp.stdout).toContain('只显示将要记录的内容，不作任何更改');
    expect(imp.stdout).not.toContain('show what would be recorded');
    const en = await run(t.dir, ['reading', 'import', '--help'], { env: { CLUB_LANG: 'en' } });
    expect(en.stdout).toContain('show what would be recorded, change nothing');
  });
});

// A QQ export as QQ writes it: a header block, hours without a leading zero, a group title before the sender, an
// image line. 李四 has no QQ number in the club, so only his name can match him.
const EXPORT = [
  '消息记录（此消息记录为文本格式，不支持重新导入）',
  '',
  '================================================================',
  '消息分组:我的QQ群',
  '================================================================',
  '消息对象:周二读书会',
  '================================================================',
  '',
  '2026-11-29 7:05:12 【管理员】李四(5566778899)',
  '打卡 第1天《活着》 p.30',
  '',
  '2026-11-30 21:15:01 【活跃】李四(5566778899)',
  '[图片]',
  '',
  '2026-11-30 21:15:30 【活跃】李四(5566778899)',
  '打卡 第2天《活着》 p.120',
  '',
  '2026-11-30 21:20:00 【潜水】路人甲(2233445566)',
  '打卡',
  '',
].join('\r\n');

interface Opened {
  dir: string;
  env: Record<string, string>;
  done: () => Promise<void>;
}

function trial(name: string, open: () => Promise<Opened>) {
  describe(name, () => {
    let c: Opened;
    const opened: Opened[] = [];
    const club = (argv: string[], now = '2026-11-30T22:00:00+08:00'): Promise<RunResult> => run(c.dir, argv, { now, env: c.env });
    const ok = async (argv: string[], now?: string) => {
      const r = await club(argv, now);
      if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r;
    };
    afterAll(async () => {
      for (const o of opened) await o.done();
    });

    it('lists tied top readers and members due for removal in pinyin order, not by id', async () => {
      opened.push((c = await open()));
      for (const m of ['杨洪勇', '雅风', '李雷']) await ok(['member', 'add', m, '--joined', '2026-11-01'], '2026-11-01T10:00:00+08:00');
      await ok(['book', 'add', '活着', '--pages', '191'], '2026-11-01T10:00:00+08:00');
      await ok(['book', 'add', '围城', '--pages', '300'], '2026-11-01T10:00:00+08:00');
      await ok(['book', 'add', '边城', '--pages', '150'], '2026-11-01T10:00:00+08:00');
      for (const m of ['m1', 'm2', 'm3']) {
        await ok(['reading', 'start', m, '活着', '--date', '2026-12-01'], '2026-12-01T10:00:00+08:00');
        await ok(['reading', 'done', m, '活着'], '2026-12-05T10:00:00+08:00');
      }
      // 杨洪勇 (m1) and 雅风 (m2) miss two books each: both are due for removal.
      for (const m of ['m1', 'm2']) {
        await ok(['reading', 'start', m, '围城', '--date', '2026-12-06'], '2026-12-06T10:00:00+08:00');
        await ok(['reading', 'start', m, '边城', '--date', '2026-12-14'], '2026-12-14T10:00:00+08:00');
      }
      const r = await ok(['report', 'monthly', '--month', '2026-12', '--json'], '2026-12-31T10:00:00+08:00');
      const reading = r.json().reading as { topReaders: Array<{ rank: number; name: string }>; removalDue: Array<{ name: string; misses: number }> };
      expect(reading.topReaders.map((x) => [x.rank, x.name])).toEqual([
        [1, '李雷'],
        [1, '雅风'],
        [1, '杨洪勇'],
      ]);
      expect(reading.removalDue.map((x) => x.name)).toEqual(['雅风', '杨洪勇']);
    });

    it("counts a week's reading entered on the Monday after it (--date) in that week's report", async () => {
      opened.push((c = await open()));
      const monday = '2026-12-07T09:00:00+08:00';
      await ok(['member', 'add', '雅风', '--joined', '2026-11-01'], '2026-11-01T10:00:00+08:00');
      await ok(['book', 'add', '活着', '--pages', '191'], '2026-11-01T10:00:00+08:00');
      writeFileSync(join(c.dir, 'n.md'), '福贵的一生');
      await ok(['reading', 'start', '雅风', '活着', '--date', '2026-11-30'], monday);
      await ok(['reading', 'done', '雅风', '活着', '--date', '2026-12-05', '--notes', join(c.dir, 'n.md')], monday);
      const r = await ok(['report', 'weekly', '--week', '2026-W49', '--json'], monday);
      const reading = r.json().reading as { finished: Array<{ name: string; book: string; date: string }>; notes: unknown[] };
      expect(reading.finished).toEqual([{ name: '雅风', book: '活着', date: '2026-12-05', onTime: true }]);
      expect(reading.notes).toEqual([{ name: '雅风', book: '活着', date: '2026-12-05' }]);
      // As made on Sunday evening, before anything was entered, the week had no reading.
      const before = await ok(['report', 'weekly', '--week', '2026-W49', '--json', '--as-of', '2026-12-06 23:00'], monday);
      expect(before.json().reading.finished).toEqual([]);
    });

    it('books the points for notes at the time they were handed in, not when the clerk typed them', async () => {
      opened.push((c = await open()));
      await ok(['member', 'add', '雅风', '--joined', '2026-11-01'], '2026-11-01T10:00:00+08:00');
      await ok(['book', 'add', '活着', '--pages', '191'], '2026-11-01T10:00:00+08:00');
      writeFileSync(join(c.dir, 'n.md'), '福贵的一生');
      // Read in the last week of November, entered on 1 December.
      await ok(['reading', 'start', '雅风', '活着', '--date', '2026-11-24'], '2026-12-01T09:00:00+08:00');
      await ok(['reading', 'done', '雅风', '活着', '--date', '2026-11-28 20:00', '--notes', join(c.dir, 'n.md')], '2026-12-01T09:00:00+08:00');
      const issued = async (month: string, now: string) => (await ok(['report', 'monthly', '--month', month, '--json'], now)).json().kpis.pointsIssued as number;
      expect(await issued('2026-11', '2026-12-01T10:00:00+08:00')).toBe(2);
      expect(await issued('2026-12', '2026-12-01T10:00:00+08:00')).toBe(0);
      const week = await ok(['report', 'weekly', '--week', '2026-W48', '--json'], '2026-12-01T10:00:00+08:00');
      expect(week.json().kpis.pointsIssued).toBe(2);
      // Undone a day later: the reversal cancels November's award in November.
      await ok(['reading', 'undone', '雅风', '活着'], '2026-12-02T09:00:00+08:00');
      expect(await issued('2026-11', '2026-12-02T10:00:00+08:00')).toBe(0);
      expect(await issued('2026-12', '2026-12-02T10:00:00+08:00')).toBe(0);
      const history = await ok(['points', 'history', '雅风', '--json'], '2026-12-02T10:00:00+08:00');
      expect(history.json().map((e: { delta: number; at: string }) => [e.delta, e.at])).toEqual([
        [2, '2026-11-28T20:00:00+08:00'],
        [-2, '2026-11-28T20:00:00+08:00'],
      ]);
    });

    it('matches a sender whose name carries a group title (【管理员】李四) to the member 李四', async () => {
      opened.push((c = await open()));
      const add = await club(['member', 'add', '李四', '--joined', '2026-11-01']);
      expect(add.code).toBe(0);
      writeFileSync(join(c.dir, '群聊.txt'), EXPORT);
      const r = await club(['reading', 'import', join(c.dir, '群聊.txt'), '--json']);
      expect(r.code).toBe(0);
      expect(r.json()).toEqual([{ memberId: 'm1', name: '李四', added: 2, streak: 2 }]);
      expect(r.stderr).not.toContain('李四');
      expect(r.stderr).toContain('【潜水】路人甲(2233445566)');
    });
  });
}

const INIT = ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];

describe('the reading plan on a folder store', () => {
  trial('folder', async () => {
    const t = tempDir('club-reading-trial-');
    const r = await run(t.dir, INIT, { now: '2026-11-01T09:00:00+08:00' });
    if (r.code !== 0) throw new Error(r.stderr);
    return { dir: t.dir, env: {}, done: async () => t.cleanup() };
  });
});

describePg('the reading plan on a database store', () => {
  trial('database', async () => {
    const t = tempDir('club-reading-trial-pg-');
    const d: TestDatabase = await newDatabase('readtrial');
    const r = await run(t.dir, [...INIT.slice(0, 1), '--store', d.url(), ...INIT.slice(1)], { now: '2026-11-01T09:00:00+08:00' });
    if (r.code !== 0) throw new Error(r.stderr);
    return {
      dir: t.dir,
      env: { CLUB_STORE: d.url() },
      done: async () => {
        t.cleanup();
        await dropDatabase(d.db);
      },
    };
  });
});
