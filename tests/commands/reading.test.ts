// The reading plan through the CLI, in-process, on a folder store and on a database store (a clerk login writing
// tasks, notes and check-ins there): due dates, note points and their reversal, the derived miss rule in `reading
// status` and `member show`, streaks from a chat export, the shelf and the notes digest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase, newLogin, type TestDatabase } from '../helpers/pg.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';

type Who = 'admin' | 'clerk';
interface Club {
  dir: string;
  club(who: Who, argv: string[], now: string, o?: RunOptions): Promise<RunResult>;
}

const CHAT = [
  '2026-11-29 07:01:02 荆州+杨洪勇(1023919001)',
  '打卡 第1天《活着》 p.30',
  '',
  '2026-11-30 07:05:00 荆州+杨洪勇(1023919001)',
  '打卡 第2天《活着》 p.80',
  '',
  '2026-11-30 21:00:00 荆州+杨洪勇(1023919001)',
  '晚上再打卡一次',
  '',
  '2026-12-01 06:59:00 荆州+杨洪勇(1023919001)',
  '打卡 第3天《活着》 p.120',
  '',
  '2026-11-28 22:00:00 雅风(20001)',
  '打卡',
  '',
  '2026-11-30 22:00:00 雅风(20001)',
  '今天没读',
  '',
  '2026-12-01 08:00:00 路人甲(99999)',
  '打卡',
  '',
].join('\n');

function scenario(name: string, make: () => Promise<Club>, done: () => Promise<void>) {
  let c: Club;
  const ok = async (who: Who, argv: string[], now: string, o?: RunOptions) => {
    const r = await c.club(who, argv, now, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  const NOW = '2026-12-01T12:00:00+08:00';

  beforeAll(async () => {
    c = await make();
    await ok('admin', ['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--qq', '1023919001', '--joined', '2026-09-01'], '2026-09-01T10:00:00+08:00');
    await ok('admin', ['member', 'add', '雅风', '--qq', '20001', '--joined', '2026-09-01'], '2026-09-01T10:00:00+08:00');
    await ok('admin', ['member', 'add', '李雷', '--joined', '2026-09-01'], '2026-09-01T10:00:00+08:00');
    await ok('admin', ['book', 'add', '活着', '--author', '余华', '--pages', '191'], '2026-09-01T10:00:00+08:00');
    await ok('admin', ['book', 'add', '百年孤独', '--pages', '360', '--big', '--tag', '小说'], '2026-09-01T10:00:00+08:00');
    writeFileSync(join(c.dir, 'chat.txt'), CHAT);
  });
  afterAll(done);

  describe(name, () => {
    it('starts tasks due in reading.days, or bigBookDays for a big book', async () => {
      const a = await ok('clerk', ['reading', 'start', '杨洪勇', '活着', '--json'], '2026-11-20T09:00:00+08:00');
      expect(a.json()).toEqual({ id: 'k1', memberId: 'm1', bookId: 'b1', startedOn: '2026-11-20', due: '2026-11-27', doneAt: null, missed: false, notesAt: null });
      const b = await ok('clerk', ['reading', 'start', 'm2', 'b2', '--date', '2026-11-20', '--json'], '2026-11-21T09:00:00+08:00');
      expect(b.json()).toMatchObject({ id: 'k2', due: '2026-11-30' });
      await ok('clerk', ['reading', 'start', '李雷', 'b1', '--date', '2026-10-01'], '2026-10-01T09:00:00+08:00');
      await ok('clerk', ['reading', 'start', '李雷', 'b2', '--date', '2026-11-01'], '2026-11-01T09:00:00+08:00');
      const again = await c.club('clerk', ['reading', 'start', '杨洪勇', '活着'], '2026-11-21T09:00:00+08:00');
      expect(again.code).toBe(1);
      expect((await c.club('clerk', ['reading', 'start', '杨洪勇', '红楼梦'], NOW)).code).toBe(1);
      // A start after today is refused (exit 2), naming both dates; nothing is written.
      const future = await c.club('clerk', ['reading', 'start', '雅风', '活着', '--date', '2026-11-22'], '2026-11-21T09:00:00+08:00');
      expect([future.code, future.stderr]).toEqual([2, expect.stringContaining('2026-11-22')]);
      expect(future.stderr).toContain('2026-11-21');
      const list = await ok('admin', ['reading', 'status', '--json'], '2026-11-21T09:00:00+08:00');
      expect(JSON.stringify(list.json())).not.toContain('"k5"');
    });

    it('awards points.readingNote for notes on time as auto points, and reverses them when undone', async () => {
      const note = '# 读后感\n\n马尔克斯写*孤独*。\n';
      const d = await ok('clerk', ['reading', 'done', '雅风', '百年孤独', '--notes', '-', '--json'], '2026-11-29T20:00:00+08:00', { stdin: note });
      expect(d.json()).toMatchObject({ id: 'k2', doneAt: '2026-11-29T20:00:00+08:00', missed: false });
      const history = async () => (await ok('admin', ['points', 'history', '雅风', '--json'], NOW)).json() as Array<{ delta: number; kind: string; ref: string }>;
      expect((await history()).map((e) => [e.delta, e.kind, e.ref])).toEqual([[2, 'auto', 'k2']]);
      await ok('clerk', ['reading', 'done', '雅风', '百年孤独'], '2026-11-29T20:05:00+08:00');
      expect(await history()).toHaveLength(1);
      await ok('clerk', ['reading', 'undone', '雅风', '百年孤独'], '2026-11-29T20:10:00+08:00');
      expect((await history()).map((e) => e.delta)).toEqual([2, -2]);
      await ok('clerk', ['reading', 'done', '雅风', '百年孤独'], '2026-11-29T20:15:00+08:00');
      expect((await history()).map((e) => e.delta)).toEqual([2, -2, 2]);
    });

    it('gives no points for a task done after its due date', async () => {
      await ok('clerk', ['reading', 'done', '李雷', '百年孤独', '--notes', '-', '--date', '2026-11-15'], '2026-11-15T09:00:00+08:00', { stdin: '迟交的笔记' });
      const h = (await ok('admin', ['points', 'history', '李雷', '--json'], NOW)).json() as unknown[];
      expect(h).toEqual([]);
    });

    it('imports daily 打卡 from a chat export: senders matched, one per day, streaks', async () => {
      const r = await c.club('clerk', ['reading', 'import', 'chat.txt', '--json'], NOW);
      expect(r.code).toBe(0);
      expect(r.json()).toEqual([
        { memberId: 'm1', name: '杨洪勇', added: 3, streak: 3 },
        { memberId: 'm2', name: '雅风', added: 1, streak: 0 },
      ]);
      expect(r.stderr).toContain('路人甲(99999)');
      const again = await ok('clerk', ['reading', 'import', 'chat.txt', '--json'], NOW);
      expect(again.json()).toEqual([]);
    });

    it('derives misses, the reading warning and removal due in reading status and member show, writing nothing', async () => {
      const log = async () => ((await ok('admin', ['log', '--json'], NOW)).json() as unknown[]).length;
      const before = await log();
      const s = await ok('admin', ['reading', 'status', '--json'], NOW);
      expect(s.json()).toEqual([
        { memberId: 'm1', name: '杨洪勇', bookId: 'b1', due: '2026-11-27', done: false, overdue: true, streak: 3, misses: 1, removalDue: false },
        { memberId: 'm2', name: '雅风', bookId: 'b2', due: '2026-11-30', done: true, overdue: false, streak: 0, misses: 0, removalDue: false },
        { memberId: 'm3', name: '李雷', bookId: 'b2', due: '2026-11-11', done: true, overdue: false, streak: 0, misses: 2, removalDue: true },
      ]);
      expect(s.stderr).toContain('m3 李雷');
      const show = (await ok('admin', ['member', 'show', '杨洪勇', '--json'], NOW)).json();
      expect(show.reading).toEqual({ misses: 1, removalDue: false, warnings: [{ kind: 'reading', date: '2026-11-28', reason: '读书任务未完成', taskId: 'k1' }] });
      // Reading warnings are apart from the member's warnings (discipline.warningsBeforeRemoval).
      expect(show.warnings).toEqual([]);
      expect((await ok('admin', ['member', 'show', '李雷', '--json'], NOW)).json().reading).toMatchObject({ misses: 2, removalDue: true });
      const text = await ok('admin', ['member', 'show', '李雷'], NOW);
      expect(text.stdout).toContain('应予清退');
      expect(await log()).toBe(before);
    });

    it('sets and shows the week\'s shelf', async () => {
      const set = await ok('admin', ['book', 'shelf', '--week', '2026-W49', 'b2', '活着', '--json'], NOW);
      expect(set.json()).toMatchObject({ week: '2026-W49', books: [{ id: 'b2' }, { id: 'b1', title: '活着', author: '余华', pages: 191, big: false, tags: [] }] });
      expect(set.stderr).toContain('5');
      expect((await ok('admin', ['book', 'shelf', '--json'], NOW)).json().books.map((b: { id: string }) => b.id)).toEqual(['b2', 'b1']);
      expect((await ok('admin', ['book', 'shelf', '--week', '2026-W50', '--json'], NOW)).json()).toEqual({ week: '2026-W50', books: [] });
    });

    it('adds reading sections to the weekly and monthly reports, as the period ended', async () => {
      const weekly = (await ok('admin', ['report', 'weekly', '--week', '2026-W48', '--json'], NOW)).json().reading;
      expect(weekly).toEqual({
        active: true,
        shelf: [],
        finished: [{ name: '雅风', book: '百年孤独', date: '2026-11-29', onTime: true }],
        notes: [{ name: '雅风', book: '百年孤独', date: '2026-11-29' }],
        // 李雷 never finished 活着 (due in October): still overdue.
        overdue: [
          { name: '杨洪勇', book: '活着', due: '2026-11-27' },
          { name: '李雷', book: '活着', due: '2026-10-08' },
        ],
        missed: [{ name: '杨洪勇', book: '活着', due: '2026-11-27' }],
        removalDue: [{ name: '李雷', misses: 2 }],
      });
      const w49 = await ok('admin', ['report', 'weekly'], NOW);
      expect(w49.stdout).toContain('- 本周书架：《百年孤独》、《活着》（余华）');
      const monthly = (await ok('admin', ['report', 'monthly', '--month', '2026-11', '--json'], NOW)).json().reading;
      expect(monthly).toEqual({
        active: true,
        booksRead: 2,
        pages: 720,
        // tied: in pinyin order (li before ya)
        topReaders: [
          { rank: 1, name: '李雷', books: 1, pages: 360 },
          { rank: 1, name: '雅风', books: 1, pages: 360 },
        ],
        removalDue: [{ name: '李雷', misses: 2 }],
      });
      const en = await ok('admin', ['report', 'monthly', '--month', '2026-11', '--lang', 'en'], NOW);
      expect(en.stdout).toContain('Books finished this month: 2, 720 pages.');
      expect(en.stdout).toContain('- Removal due (reading tasks missed): 李雷 (2 in 60 days)');
      // As it stood on 2026-11-25, before either book was finished.
      const before = (await ok('admin', ['report', 'monthly', '--month', '2026-11', '--as-of', '2026-11-25', '--json'], NOW)).json().reading;
      expect(before).toMatchObject({ booksRead: 1, pages: 360 });
    });

    it('prints the notes of a period as a Markdown digest', async () => {
      const r = await ok('admin', ['reading', 'notes', '--from', '2026-11-23', '--to', '2026-11-30'], NOW);
      expect(r.stdout).toContain('## 雅风 · 《百年孤独》');
      expect(r.stdout).toContain('马尔克斯写*孤独*。');
      expect(r.stdout).not.toContain('迟交的笔记');
      const all = (await ok('admin', ['reading', 'notes', '--from', '2026-11-01', '--json'], NOW)).json();
      expect(all.notes.map((n: { taskId: string; onTime: boolean }) => [n.taskId, n.onTime])).toEqual([
        ['k2', true],
        ['k4', false],
      ]);
    });

    it("purges a member's notes and their name from other members' notes; the points and check-ins' counts stay", async () => {
      await ok('clerk', ['reading', 'done', '李雷', '百年孤独', '--notes', '-', '--date', '2026-11-16'], '2026-11-16T09:00:00+08:00', { stdin: '和雅风一起读的' });
      await ok('admin', ['member', 'remove', '雅风', '--reason', '退群'], '2026-12-02T08:00:00+08:00');
      await ok('admin', ['member', 'purge', '雅风', '--yes'], '2026-12-02T09:00:00+08:00');
      const notes = (await ok('admin', ['reading', 'notes', '--from', '2026-11-01', '--json'], '2026-12-02T10:00:00+08:00')).json().notes as Array<{ taskId: string; name: string; notes: string }>;
      expect(notes.map((n) => [n.taskId, n.name, n.notes])).toEqual([
        ['k2', '(purged m2)', '(purged)'],
        ['k4', '李雷', '和(purged m2)一起读的'],
      ]);
      expect((await ok('admin', ['points', 'history', 'm2', '--json'], '2026-12-02T10:00:00+08:00')).json()).toHaveLength(3);
    });
  });
}

const env = { CLUB_LANG: 'zh' };
const INIT = ['--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];

describe('the reading plan on a folder store', () => {
  const t = tempDir('club-reading-');
  scenario(
    'folder',
    async () => {
      const r = await run(t.dir, ['init', ...INIT], { now: '2026-09-01T09:00:00+08:00', env });
      if (r.code !== 0) throw new Error(r.stderr);
      return { dir: t.dir, club: (_who, argv, now, o = {}) => run(t.dir, argv, { now, ...o, env }) };
    },
    async () => t.cleanup(),
  );
});

describePg('the reading plan on a database store, a clerk writing tasks and check-ins', () => {
  const t = tempDir('club-reading-pg-');
  let d: TestDatabase;
  scenario(
    'database',
    async () => {
      d = await newDatabase('reading');
      const r = await run(t.dir, ['init', '--store', d.url(), ...INIT], { now: '2026-09-01T09:00:00+08:00', env });
      if (r.code !== 0) throw new Error(r.stderr);
      const clerk = await newLogin('reading_clerk');
      const g = await run(t.dir, ['access', 'grant', clerk.user, '--role', 'clerk'], { now: '2026-09-01T09:00:00+08:00', env: { ...env, CLUB_STORE: d.url() } });
      if (g.code !== 0) throw new Error(g.stderr);
      const url = (who: Who) => (who === 'clerk' ? d.url(clerk.user, clerk.password) : d.url());
      return { dir: t.dir, club: (who, argv, now, o = {}) => run(t.dir, argv, { now, ...o, env: { ...env, CLUB_STORE: url(who) } }) };
    },
    async () => {
      t.cleanup();
      if (d) await dropDatabase(d.db);
    },
  );
});
