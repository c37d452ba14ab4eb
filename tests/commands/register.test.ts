// `club register`, `register cancel|list|import` through the CLI in-process, on a folder store and on a database
// store alike (SPEC §9, §14 "Activities"): 12 members for 8 places with two cancellations and two promotions, every
// refusal exits 1 naming its rule and changes nothing, 接龙 and xlsx imports, hostile files, and member purge.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePg, dropDatabase, newDatabase } from '../helpers/pg.js';
import { setPlan, testPlan } from '../helpers/plans.js';
import { run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

const NAMES = ['杨洪勇', '雅风', '李雷', '韩梅梅', '王小明', '张三', '李四', '王五', '王芳', '孙七', '周八', '吴九'];
const NOW = '2026-03-05T20:00:00+08:00';

interface Club {
  dir: string;
  env: Record<string, string>;
  club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
  /** Runs a setup step or a read, failing the test with its stderr unless it exits 0. */
  ok: (argv: string[], o?: RunOptions) => Promise<RunResult>;
  cleanup: () => Promise<void>;
}

/** A club (en) with NAMES as m1…m12 (joined 2026-01-01), on a folder store or on a fresh database. */
async function makeClub(kind: 'folder' | 'postgres'): Promise<Club> {
  const t = tempDir(`club-register-${kind}-`);
  let env: Record<string, string> = { CLUB_LANG: 'en' };
  let db: string | null = null;
  const init = ['init', '--name', '读书会', '--lang', 'en', '--timezone', 'Asia/Shanghai'];
  if (kind === 'postgres') {
    const d = await newDatabase('register');
    db = d.db;
    const r = await run(t.dir, [...init, '--store', d.url()], { now: '2026-01-01T10:00:00+08:00', env });
    if (r.code !== 0) throw new Error(`init --store: ${r.stderr}`);
    env = { ...env, CLUB_STORE: d.url() };
  } else {
    const r = await run(t.dir, init, { now: '2026-01-01T10:00:00+08:00', env });
    if (r.code !== 0) throw new Error(`init: ${r.stderr}`);
  }
  const club = (argv: string[], o: RunOptions = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } });
  const ok = async (argv: string[], o?: RunOptions) => {
    const r = await club(argv, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  for (const name of NAMES) await ok(['member', 'add', name, '--joined', '2026-01-01'], { now: '2026-01-01T12:00:00+08:00' });
  return {
    dir: t.dir,
    env,
    club,
    ok,
    cleanup: async () => {
      t.cleanup();
      if (db) await dropDatabase(db);
    },
  };
}

const listOf = async (c: Club, session: string) => (await c.ok(['register', 'list', session, '--json'])).json() as Array<Record<string, unknown>>;
const logLength = async (c: Club) => ((await c.ok(['log', '--json'])).json() as unknown[]).length;

async function workbook(path: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const values of rows) ws.addRow(values);
  await wb.xlsx.writeFile(path);
}

function registerSuite(kind: 'folder' | 'postgres'): void {
  let c: Club;
  beforeAll(async () => {
    c = await makeClub(kind);
  }, 120_000);
  afterAll(async () => {
    await c?.cleanup();
  });

  it('12 members for 8 places: 8 registered, 4 waitlisted; two cancel and the first two waiting move up, named on stderr', async () => {
    await c.ok(['session', 'add', '读书竞赛', '--at', '2026-03-14 14:00', '--type', 'competition']);
    const s = 's1';
    await setPlan(c.dir, c.env, s, testPlan({ capacity: 8 }));
    const first = await c.ok(['register', s, 'm1', 'm2', 'm3', 'm4', 'm5', '--note', '带一位朋友', '--json']);
    expect(first.json().map((r: { status: string }) => r.status)).toEqual(Array(5).fill('registered'));
    await c.ok(['register', s, '张三', '李四', '王五'], { now: '2026-03-05T20:01:00+08:00' });
    const waiting = await c.ok(['register', s, 'm9', 'm10', 'm11', 'm12', '--json'], { now: '2026-03-05T20:02:00+08:00' });
    expect(waiting.json()).toMatchObject([
      { memberId: 'm9', status: 'waitlisted', position: 1 },
      { memberId: 'm10', status: 'waitlisted', position: 2 },
      { memberId: 'm11', status: 'waitlisted', position: 3 },
      { memberId: 'm12', status: 'waitlisted', position: 4 },
    ]);
    expect(waiting.stderr).toContain('m12 吴九: on the waitlist of s1 (position 4)');

    const cancel1 = await c.ok(['register', 'cancel', s, '雅风'], { now: '2026-03-06T09:00:00+08:00' });
    expect(cancel1.stderr).toContain('m9 王芳 moved up from the waitlist of s1');
    const cancel2 = await c.ok(['register', 'cancel', s, 'm10', '--json'], { now: '2026-03-06T09:30:00+08:00' });
    // A waitlisted one cancelling frees no place: nobody moves up, the gap closes.
    expect(cancel2.json()).toMatchObject({ memberId: 'm10', status: 'cancelled', promoted: [] });
    const cancel3 = await c.ok(['register', 'cancel', s, 'm5', '--json'], { now: '2026-03-06T10:00:00+08:00' });
    expect(cancel3.json().promoted).toMatchObject([{ memberId: 'm11', status: 'registered', promotedAt: '2026-03-06T10:00:00+08:00' }]);
    expect(cancel3.stderr).toContain('m11 周八 moved up from the waitlist of s1');

    const rows = await listOf(c, s);
    expect(rows.map((r) => [r.memberId, r.status, r.position])).toEqual([
      ['m1', 'registered', null],
      ['m3', 'registered', null],
      ['m4', 'registered', null],
      ['m6', 'registered', null],
      ['m7', 'registered', null],
      ['m8', 'registered', null],
      ['m9', 'registered', null],
      ['m11', 'registered', null],
      ['m12', 'waitlisted', 1],
      // Cancellations in order of arrival too.
      ['m2', 'cancelled', null],
      ['m5', 'cancelled', null],
      ['m10', 'cancelled', null],
    ]);
    expect(rows[0]).toEqual({ sessionId: 's1', memberId: 'm1', name: '杨洪勇', status: 'registered', position: null, at: NOW, note: '带一位朋友', promotedAt: null, cancelledAt: null });
    expect(rows[6]).toMatchObject({ memberId: 'm9', promotedAt: '2026-03-06T09:00:00+08:00' });
    expect(rows[9]).toMatchObject({ memberId: 'm2', cancelledAt: '2026-03-06T09:00:00+08:00' });

    // The table says who moved up; CSV has the JSON keys.
    const table = await c.ok(['register', 'list', s]);
    expect(table.stdout).toMatch(/m9 .*王芳 .*registered/);
    expect(table.stdout).toMatch(/m12 .*吴九 .*waitlist 1/);
    expect(table.stderr).toContain('s1 读书竞赛: 8 of 8 places taken, 1 waiting, 3 cancelled');
    const csv = await c.ok(['register', 'list', s, '--csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('position,memberId,name,status,at,note,promotedAt,cancelledAt');

    // A cancelled member may sign up again: the end of the queue.
    const again = await c.ok(['register', s, '雅风', '--json'], { now: '2026-03-06T11:00:00+08:00' });
    expect(again.json()).toMatchObject([{ memberId: 'm2', status: 'waitlisted', position: 2, cancelledAt: null }]);
    // The audit log holds ids and statuses, never the note.
    const log = (await c.ok(['log', '--json'])).json() as Array<{ summary: string; command: string }>;
    expect(log.filter((e) => e.summary.startsWith('registered for s1')).map((e) => e.summary)).toContain('registered for s1: m9 waitlisted, m10 waitlisted, m11 waitlisted, m12 waitlisted');
    expect(JSON.stringify(log)).not.toContain('带一位朋友');
  });

  describe('refusals: exit 1, code rule, the rule and the member named, nothing written for anyone', () => {
    beforeAll(async () => {
      // s2 competition (plan only submitted), s3 reading held yesterday by the calendar, s4 deadline passed,
      // s5 minPoints 10, s6 minDaysMember 90, s7 roles volunteer, s8 cancelled, s9 plain (m1 registered there).
      await c.ok(['session', 'add', '展览', '--at', '2026-03-15 14:00', '--type', 'exhibition']);
      await setPlan(c.dir, c.env, 's2', testPlan({ capacity: 8 }), 'submitted');
      await c.ok(['session', 'add', '读书会', '--at', '2026-03-04 21:30', '--type', 'reading']);
      await c.ok(['member', 'add', '新人', '--joined', '2026-03-05']);
      for (let i = 4; i <= 9; i++) await c.ok(['session', 'add', `读书会${i}`, '--at', `2026-03-${10 + i} 21:30`, '--type', 'reading']);
      await setPlan(c.dir, c.env, 's4', testPlan({ registrationDeadline: '2026-03-05T12:00:00+08:00' }));
      await setPlan(c.dir, c.env, 's5', testPlan({ eligibility: { minPoints: 10, minDaysMember: null, roles: [] } }));
      await setPlan(c.dir, c.env, 's6', testPlan({ eligibility: { minPoints: null, minDaysMember: 90, roles: [] } }));
      await setPlan(c.dir, c.env, 's7', testPlan({ eligibility: { minPoints: null, minDaysMember: null, roles: ['volunteer'] } }));
      await c.ok(['session', 'cancel', 's8', '--reason', '下雨']);
      await c.ok(['points', 'add', 'm3', '12', '--reason', '分享']);
      await c.ok(['points', 'add', 'm4', '3', '--reason', '分享']);
      await c.ok(['member', 'edit', 'm5', '--role', 'volunteer']);
      await c.ok(['member', 'remove', 'm12', '--reason', '毕业']);
      await c.ok(['register', 's9', 'm1']);
    }, 120_000);

    it.each([
      ['the plan of an approval type not approved', ['s2', 'm1'], /^s2 is a exhibition activity whose plan is not approved \(status: submitted\)/],
      ['a member who joined after the session started', ['s3', 'm1', '新人'], /^m13 新人 joined on 2026-03-05, after s3 \(2026-03-04\)/],
      ['past the deadline', ['s4', 'm1'], /^registration for s4 closed at 2026-03-05 Thu 12:00 \(registrationDeadline\)/],
      ['too few points (each refused member named with their balance)', ['s5', 'm3', 'm4', 'm1'], /^2 members cannot be registered, so nobody was:\n {2}m4 韩梅梅 has 3 points; the plan asks at least 10 \(eligibility\.minPoints\)\n {2}m1 杨洪勇 has 0 points/],
      ['a member too new', ['s6', 'm2'], /^m2 雅风 has been a member for 63 days \(joined 2026-01-01\); the plan asks at least 90 \(eligibility\.minDaysMember\)/],
      ['the wrong member role', ['s7', 'm5', 'm6'], /^m6 张三 has the role member; the plan asks one of: volunteer \(eligibility\.roles\)/],
      ['a cancelled session', ['s8', 'm1'], /^s8 is cancelled: it takes no registrations/],
      ['a member who is not active', ['s9', 'm12'], /^m12 吴九 is not an active member \(status: left\): only active members register$/],
      ['already registered', ['s9', 'm2', 'm1'], /^m1 杨洪勇 is already registered for s9 \(place 1\)/],
    ] as const)('%s', async (_label, args, message) => {
      const session = args[0];
      const before = await listOf(c, session);
      const log = await logLength(c);
      const r = await c.club(['register', ...args, '--json']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.json().error.code).toBe('rule');
      expect(r.json().error.message).toMatch(message);
      expect(await listOf(c, session)).toEqual(before);
      expect(await logLength(c)).toBe(log);
    });

    it("names a closed session's state in the club's language, not as the JSON value", async () => {
      const r = await c.club(['register', 's8', 'm1'], { env: { CLUB_LANG: 'zh' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: s8 已取消：不再接受报名');
    });

    it('registers a member who joined after the start with --force, and warns', async () => {
      const r = await c.ok(['register', 's3', '新人', '--force']);
      expect(r.stderr).toMatch(/warning: m13 新人 joined on 2026-03-05, after s3 .*recorded anyway \(--force\)/);
      expect((await listOf(c, 's3')).map((x) => x.memberId)).toEqual(['m13']);
    });

    it('refuses to cancel what is not there, and once the session has started (unless --force)', async () => {
      const log = await logLength(c);
      const none = await c.club(['register', 'cancel', 's9', 'm2', '--json']);
      expect(none.code).toBe(1);
      expect(none.json().error.message).toBe('m2 雅风 has no registration for s9');
      const started = await c.club(['register', 'cancel', 's9', 'm1', '--json'], { now: '2026-03-19T21:31:00+08:00' });
      expect(started.code).toBe(1);
      expect(started.json().error.message).toMatch(/s9 has started: m1 杨洪勇's registration can no longer be cancelled/);
      expect(await logLength(c)).toBe(log);
    });

    it('refuses a role that may not register (a viewer: exit 5) before reading anything', async () => {
      if (kind === 'folder') return; // a folder store's runner is its owner
      const { newLogin } = await import('../helpers/pg.js');
      const viewer = await newLogin('reg_viewer');
      await c.ok(['access', 'grant', viewer.user, '--role', 'viewer']);
      const url = new URL(c.env.CLUB_STORE!);
      url.username = viewer.user;
      url.password = viewer.password;
      const r = await c.club(['register', 's9', 'm3', '--json'], { env: { CLUB_STORE: url.toString() } });
      expect(r.code).toBe(5);
      expect(r.json().error.code).toBe('forbidden');
      expect((await listOf(c, 's9')).map((x) => x.memberId)).toEqual(['m1']);
    });
  });

  describe('register import', () => {
    beforeAll(async () => {
      await c.ok(['session', 'add', '周六读书会', '--at', '2026-03-28 14:00', '--type', 'social']);
      const s = (await c.ok(['session', 'list', '--json'])).json().at(-1).id as string;
      expect(s).toBe('s10');
      await setPlan(c.dir, c.env, s, testPlan({ capacity: 3 }));
      await c.ok(['session', 'add', '读书分享', '--at', '2026-03-29 14:00', '--type', 'reading']);
      await c.ok(['member', 'edit', 'm6', '--nick', '荆州+张三', '--phone', '13800138006']);
    }, 60_000);

    const LIST = '\uFEFF#接龙\n周六读书会报名\n例 张三 带朋友\n\n1. 杨洪勇\n2. 雅风 带一位朋友\n3. 荆州+张三\n4. 李雷\n5. 雅风\n';

    it('refuses a 接龙 list with a name that matches nobody, listing it; nothing written', async () => {
      writeFileSync(join(c.dir, 'bad.txt'), `${LIST}6. 陌生人\n7. 王\n`);
      const log = await logLength(c);
      const r = await c.club(['register', 'import', 's10', 'bad.txt', '--json']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.json().error.message).toBe('2 rows name no one member, so nobody was registered:\n  line 10: "陌生人" matches no member\n  line 11: "王" matches no member');
      expect(await listOf(c, 's10')).toEqual([]);
      expect(await logLength(c)).toBe(log);
    });

    it('registers a 接龙 list in its order: places, then the waitlist; the text after the name is the note', async () => {
      writeFileSync(join(c.dir, '接龙.txt'), LIST);
      const r = await c.ok(['register', 'import', 's10', '接龙.txt', '--json']);
      expect(r.json().map((x: Record<string, unknown>) => [x.memberId, x.status, x.position, x.note])).toEqual([
        ['m1', 'registered', null, null],
        ['m2', 'registered', null, '带一位朋友'],
        ['m6', 'registered', null, null],
        ['m3', 'waitlisted', 1, null],
      ]);
      expect(r.stderr).toContain('read 接龙.txt as a 接龙 list: 5 entries');
      expect(r.stderr).toContain('line 9: m2 雅风 is listed again (first on line 6): left out');
      // The list grows in the chat and is imported again: only the newcomers are signed up.
      writeFileSync(join(c.dir, '接龙.txt'), `${LIST}6. 韩梅梅\n7. 陌生人\n`);
      const again = await c.ok(['register', 'import', 's10', '接龙.txt', '--skip-unmatched', '--json']);
      expect(again.json()).toMatchObject([{ memberId: 'm4', status: 'waitlisted', position: 2 }]);
      expect(again.stderr).toContain('left out 1 rows that name no one member');
      expect(again.stderr).toContain('line 11: "陌生人" matches no member');
      expect(again.stderr).toContain('line 5: m1 杨洪勇 is already registered: left as is');
      // In Chinese the status is named once, never "已经是已报名".
      const zh = await c.ok(['register', 'import', 's10', '接龙.txt', '--skip-unmatched'], { env: { CLUB_LANG: 'zh' } });
      expect(zh.stderr).toContain('第 5 行：m1 杨洪勇 已在名单上（已报名）：保持不变');
      expect(zh.stderr).toContain('第 10 行：m4 韩梅梅 已在名单上（候补第 2 位）：保持不变');
      const rows = await listOf(c, 's10');
      expect(rows.map((x) => x.memberId)).toEqual(['m1', 'm2', 'm6', 'm3', 'm4']);
    });

    it('registers from an xlsx form export (made with exceljs), matching 姓名 or 手机号, with its 备注', async () => {
      await workbook(join(c.dir, 'form.xlsx'), [
        ['序号', '提交答卷时间', '1、您的姓名（必填）', '2、手机号', '3、备注'],
        [1, '2026/3/5 10:00', '王小明', '', '素食'],
        [2, '2026/3/5 10:01', '张三丰', '13800138006', ''],
        [3, '2026/3/5 10:02', '李四', '', ''],
      ]);
      const r = await c.ok(['register', 'import', 's11', 'form.xlsx', '--json']);
      expect(r.json().map((x: Record<string, unknown>) => [x.memberId, x.status, x.note])).toEqual([
        ['m5', 'registered', '素食'],
        ['m6', 'registered', null],
        ['m7', 'registered', null],
      ]);
      expect(r.stderr).toContain('read form.xlsx as a form export: 3 entries');
      expect(r.stderr).toContain('ignored columns that name no member: 序号, 提交答卷时间');
    });

    it('registers from a GBK CSV form export (Excel on Chinese Windows), detected without --encoding', async () => {
      writeFileSync(join(c.dir, 'gbk.csv'), iconv.encode('昵称,留言\r\n荆州+张三,\r\n王五,坐前排\r\n', 'gbk'));
      const r = await c.ok(['register', 'import', 's11', 'gbk.csv', '--skip-unmatched', '--json']);
      // m6 is registered already (from the xlsx): kept; m8 is new.
      expect(r.json().map((x: Record<string, unknown>) => [x.memberId, x.note])).toEqual([['m8', '坐前排']]);
      expect(r.stderr).toContain('line 2: m6 张三 is already registered: left as is');
      const sheet = await c.club(['register', 'import', 's11', 'gbk.csv', '--sheet', '1']);
      expect(sheet.code).toBe(2);
    });

    it.each([
      ['a NUL in a line', '1. 杨洪勇\n2. 雅\u0000风\n', 2, /line 2: invalid entry: control character U\+0000 at position 2/],
      ['an escape sequence', '1. 杨洪勇\n2. \u001b[31m雅风\n', 2, /line 2: invalid entry: control character U\+001B/],
      ['an enormous line', `1. 杨洪勇\n2. ${'长'.repeat(100_000)}\n`, 2, /line 2: .*100000/],
      ['a file that is neither', 'hello\nworld\n', 2, /neither a form export with a column naming the member .* nor a WeChat 接龙 list/],
      ['a CSV without a member column', '编号,来源\n1,微信\n', 2, /neither a form export/],
    ] as const)('refuses %s with a clear message, and writes nothing', async (_label, text, code, message) => {
      writeFileSync(join(c.dir, 'hostile.txt'), text);
      const log = await logLength(c);
      const r = await c.club(['register', 'import', 's11', 'hostile.txt', '--json']);
      expect(r.code, r.stderr).toBe(code);
      expect(r.json().error.message).toMatch(message);
      expect(r.stdout.length).toBeLessThan(2000);
      expect(await logLength(c)).toBe(log);
    });
  });

  // Members and the actor named by id (on a database, the actor is the login): the store reads only the members
  // concerned, the session's registrants among them, so a freed place still skips a waitlisted member who has left.
  it('by ids, a freed place goes to the first waitlisted member still active', async () => {
    const byId = { env: { CLUB_ACTOR: 'm1' } };
    await c.ok(['session', 'add', '小型读书会', '--at', '2026-03-28 14:00', '--type', 'competition']);
    const s = (await c.ok(['session', 'list', '--json'])).json().find((x: { title: string }) => x.title === '小型读书会').id as string;
    await setPlan(c.dir, c.env, s, testPlan({ capacity: 1 }));
    await c.ok(['register', s, 'm6'], byId);
    const waiting = await c.ok(['register', s, 'm7', 'm8', '--json'], { ...byId, now: '2026-03-05T20:05:00+08:00' });
    expect(waiting.json().map((r: { memberId: string; position: number }) => [r.memberId, r.position])).toEqual([['m7', 1], ['m8', 2]]);
    await c.ok(['member', 'remove', 'm7', '--reason', '退出'], { now: '2026-03-06T08:00:00+08:00' });
    const cancel = await c.ok(['register', 'cancel', s, 'm6', '--json'], { ...byId, now: '2026-03-06T09:00:00+08:00' });
    expect(cancel.json().promoted.map((p: { memberId: string }) => p.memberId)).toEqual(['m8']);
    expect(cancel.stderr).toContain('m8 王五 moved up');
    expect((await listOf(c, s)).map((r) => [r.memberId, r.status])).toEqual([['m8', 'registered'], ['m7', 'waitlisted'], ['m6', 'cancelled']]);
  });

  it('member purge clears the member\'s registration notes; the registration stays, shown as (purged m4)', async () => {
    await c.ok(['session', 'add', '聚会', '--at', '2026-04-04 18:00', '--type', 'discussion']);
    const s = (await c.ok(['session', 'list', '--json'])).json().at(-1).id as string;
    await c.ok(['register', s, 'm4', '--note', '家住江汉路 韩梅梅']);
    await c.ok(['register', s, 'm3', '--note', '和韩梅梅一起']);
    await c.ok(['member', 'remove', 'm4', '--reason', '毕业']);
    const purge = await c.ok(['member', 'purge', 'm4', '--yes']);
    expect(purge.stderr).toMatch(/registrations \d/);
    const rows = await listOf(c, s);
    expect(rows.map((r) => [r.memberId, r.name, r.note])).toEqual([
      ['m4', '(purged m4)', '(purged)'],
      ['m3', '李雷', '和(purged m4)一起'],
    ]);
  });
}

describe('register on a folder store', () => registerSuite('folder'));
describePg('register on a database store', () => registerSuite('postgres'));
