import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL, freshClub } from '../helpers/run.js';
import { englishMessages } from '../helpers/lang.js';
import type { RunResult, RunOptions } from '../helpers/run.js';

let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
let cleanup: () => void;

beforeEach(async () => {
  ({ club, cleanup } = englishMessages(await freshClub()));
});
afterEach(() => cleanup());

describe('tables', () => {
  it('rules the header off once and puts no rule between rows, with or without colours', async () => {
    for (const name of ['张三', '李四', '王五']) await club(['member', 'add', name]);
    for (const tty of [false, true]) {
      const lines = (await club(['member', 'list'], { tty })).stdout.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n');
      expect(lines).toHaveLength(3 + 4);
      expect(lines.map((l) => l[0])).toEqual(['┌', '│', '├', '│', '│', '│', '└']);
      expect(lines[2]).toBe(lines[0]!.replace('┌', '├').replaceAll('┬', '┼').replace('┐', '┤'));
      expect(lines.slice(3, 6).map((l) => l.split('│')[2]!.trim())).toEqual(['张三', '李四', '王五']);
    }
  });
});

describe('CSV for Excel', () => {
  it('--bom starts a --csv list with a UTF-8 byte-order mark, and is refused without --csv', async () => {
    await club(['member', 'add', '张三']);
    const plain = await club(['member', 'list', '--csv']);
    expect(plain.stdout.startsWith('id,name')).toBe(true);
    const bom = await club(['member', 'list', '--csv', '--bom']);
    expect(bom.stdout.startsWith('\uFEFFid,name')).toBe(true);
    expect(bom.stdout.slice(1)).toBe(plain.stdout);
    const alone = await club(['member', 'list', '--bom', '--json']);
    expect(alone.code).toBe(2);
    expect(alone.json()).toEqual({ error: { code: 'usage', message: '--bom is for --csv output', hint: 'add --csv' } });
  });
});

describe('member show', () => {
  it('lists open tasks, marking those past their due date as overdue, in the profile and in --json', async () => {
    await club(['member', 'add', '张三'], { now: '2026-03-01T10:00:00+08:00' });
    await club(['task', 'add', '整理笔记', '--owner', '张三', '--due', '2026-03-20'], { now: '2026-03-01T10:00:00+08:00' });
    const later = { now: '2026-03-10T10:00:00+08:00' };
    const json = (await club(['member', 'show', '张三', '--json'], later)).json();
    expect(json.openTasks.map((t: { title: string; overdue: boolean }) => `${t.title} ${t.overdue}`)).toEqual(['提交成长计划 true', '整理笔记 false']);
    const text = (await club(['member', 'show', '张三'], later)).stdout;
    expect(text).toContain('提交成长计划  due 2026-03-04, overdue');
    expect(text).toContain('整理笔记  due 2026-03-20');
  });
});

describe('member add', () => {
  it('adds a member and prints the created object with --json', async () => {
    const r = await club(['member', 'add', '王小明', '--nick', '荆州+小明', '--qq', '123456789', '--tag', '读书', '--tag', '摄影,读书', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ id: 'm1', name: '王小明', nick: '荆州+小明', qq: '123456789', tags: ['读书', '摄影'], status: 'active', joinedAt: '2026-03-05' });
    expect(r.stderr).toContain('added m1 王小明');
    expect(r.stderr).toContain('提交成长计划');
  });

  it('runs a short form on a terminal when NAME is missing', async () => {
    const r = await club(['member', 'add'], { tty: true, answers: ['韩梅梅', '北京+梅梅', '22334455', '', '', 'mei@example.org', '北京', 'volunteer', '读书，电影'] });
    expect(r.code).toBe(0);
    const show = await club(['member', 'show', '梅梅', '--json']);
    expect(show.json()).toMatchObject({ name: '韩梅梅', qq: '22334455', email: 'mei@example.org', city: '北京', role: 'volunteer', tags: ['读书', '电影'], wechat: null });
  });

  it('offers the roles by their names in the club\'s language, and stores the code', async () => {
    const offered: Array<{ message: string; choices?: Array<{ name: string; value: string }> }> = [];
    const answers = ['韩梅梅', '', '', '', '', '', '', 'admin', ''];
    const r = await club(['member', 'add'], { tty: true, answers, offered, env: { CLUB_LANG: 'zh' } });
    expect(r.code).toBe(0);
    const roles = offered.find((o) => o.choices)!;
    expect(roles.message).toBe('角色');
    expect(roles.choices!.map((c) => `${c.name}=${c.value}`)).toEqual(['成员=member', '管理员=admin', '所有者=owner', '志愿者=volunteer', '捐赠者=donor']);
    expect((await club(['member', 'show', '韩梅梅', '--json'])).json().role).toBe('admin');
  });

  it('fails with exit 2 naming NAME when it cannot prompt (pipe, or --json)', async () => {
    const piped = await club(['member', 'add']);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toMatch(/missing NAME/);
    const json = await club(['member', 'add', '--json'], { tty: true });
    expect(json.code).toBe(2);
    expect(json.json()).toEqual({ error: { code: 'usage', message: 'missing NAME (club member add NAME)', hint: expect.any(String) } });
  });

  it('exits 130 and changes nothing when the form is cancelled', async () => {
    const r = await club(['member', 'add'], { tty: true, answers: ['韩梅梅', CANCEL] });
    expect(r.code).toBe(130);
    expect((await club(['member', 'list', '--json'])).json()).toEqual([]);
  });

  it('refuses bad values with exit 2 and adds nothing', async () => {
    for (const args of [['--email', 'nope'], ['--qq', 'abc'], ['--role', 'king'], ['--joined', '2026-02-30'], ['--joined', 'tomorrow']]) {
      const r = await club(['member', 'add', '某人', ...args]);
      expect([args, r.code]).toEqual([args, 2]);
    }
    expect((await club(['member', 'list', '--json'])).json()).toEqual([]);
    expect((await club(['member', 'add', '某人', '--bogus'])).code).toBe(2);
  });
});

describe('admission and discipline', () => {
  beforeEach(async () => {
    await club(['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--qq', '1023919001', '--joined', '2026-01-10']);
    await club(['member', 'add', '雅风', '--nick', '成都+雅风', '--email', 'yafeng@example.org', '--joined', '2026-01-12']);
  });

  it('applies, approves several at once, and rejects', async () => {
    expect((await club(['member', 'apply', '李雷', '--referrer', '杨洪勇'])).code).toBe(0);
    expect((await club(['member', 'apply', '韩梅梅', '--referrer', '雅风'])).code).toBe(0);
    expect((await club(['member', 'apply', '路人'])).code).toBe(2);
    const pending = await club(['member', 'list', '--status', 'applicant', '--json']);
    expect(pending.json().map((m: { name: string }) => m.name)).toEqual(['李雷', '韩梅梅']);
    const approved = await club(['member', 'approve', 'm3', 'm4', '--json']);
    expect(approved.code).toBe(0);
    expect(approved.json().map((m: { status: string }) => m.status)).toEqual(['active', 'active']);
    expect((await club(['member', 'approve', 'm3'])).code).toBe(1);
    await club(['member', 'apply', '王五', '--referrer', 'm1']);
    const rejected = await club(['member', 'reject', '王五', '--reason', '未完成试读', '--json']);
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
  });

  it('approving two where one fails changes neither', async () => {
    await club(['member', 'apply', '李雷', '--referrer', '杨洪勇']);
    const r = await club(['member', 'approve', 'm3', 'm1']);
    expect(r.code).toBe(1);
    expect((await club(['member', 'show', 'm3', '--json'])).json().status).toBe('applicant');
  });

  it('warns, removes, restores, and shows the history', async () => {
    await club(['member', 'warn', '杨洪勇', '--reason', '连续两次无故缺席']);
    const second = await club(['member', 'warn', '杨洪勇', '--reason', '刷屏']);
    expect(second.stderr).toMatch(/removal is due/);
    expect((await club(['member', 'remove', '杨洪勇', '--reason', '多次违规', '--status', 'removed'])).code).toBe(0);
    const show = await club(['member', 'show', 'm1', '--json']);
    expect(show.json()).toMatchObject({ status: 'removed', warnings: [{ reason: '连续两次无故缺席' }, { reason: '刷屏' }] });
    expect(show.json().history.map((h: { status: string }) => h.status)).toEqual(['active', 'removed']);
    const human = await club(['member', 'show', 'm1']);
    expect(human.stdout).toContain('warnings (2)');
    expect(human.stdout).toContain('多次违规');
    expect((await club(['member', 'restore', 'm1', '--json'])).json().status).toBe('active');
  });

  it('needs --reason and --yes where the spec says so', async () => {
    expect((await club(['member', 'warn', 'm1'])).code).toBe(2);
    expect((await club(['member', 'remove', 'm1'])).code).toBe(2);
    await club(['member', 'remove', 'm1', '--reason', '退群']);
    expect((await club(['member', 'purge', 'm1'])).code).toBe(2);
    expect((await club(['member', 'purge', 'm1'], { tty: true, answers: [false] })).code).toBe(1);
    const purged = await club(['member', 'purge', 'm1', '--yes', '--json']);
    expect(purged.json()).toMatchObject({ name: '(purged m1)', qq: null, nick: null, purged: true });
    expect(purged.stderr).toContain('purged the personal data of m1 (left)');
  });

  it('finds members by nickname part, QQ and email, and reports ambiguity with exit 1', async () => {
    expect((await club(['member', 'show', '杨洪勇', '--json'])).json().id).toBe('m1');
    expect((await club(['member', 'show', '1023919001', '--json'])).json().id).toBe('m1');
    expect((await club(['member', 'show', 'YAFENG@example.org', '--json'])).json().id).toBe('m2');
    await club(['member', 'add', '雅风', '--city', '上海']);
    const amb = await club(['member', 'show', '雅风']);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain('m2 雅风');
    expect(amb.stderr).toContain('m3 雅风');
    expect((await club(['member', 'show', '无名氏'])).code).toBe(1);
  });

  it('edits fields and tags', async () => {
    const r = await club(['member', 'edit', '雅风', '--city', '成都', '--add-tag', '主持人', '--phone', '+86 138 0000 0002', '--json']);
    expect(r.json()).toMatchObject({ city: '成都', tags: ['主持人'], phone: '+86 138 0000 0002' });
    const dup = await club(['member', 'edit', '杨洪勇', '--phone', '13800000002']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('phone');
  });
});

describe('member list', () => {
  beforeEach(async () => {
    await club(['member', 'add', '张三', '--tag', '读书', '--city', '北京', '--joined', '2026-02-01']);
    await club(['member', 'add', '李四', '--tag', '摄影', '--joined', '2026-01-01']);
  });

  it('prints a table on a terminal and messages on stderr', async () => {
    const r = await club(['member', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/│ m1 +│ 张三/);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stderr).toContain('2 of 2 members');
  });

  it('prints clean JSON and CSV in a pipe', async () => {
    const json = await club(['member', 'list', '--sort', 'joined', '--json']);
    expect(json.json().map((m: { name: string }) => m.name)).toEqual(['李四', '张三']);
    const csv = await club(['member', 'list', '--tag', '读书', '--csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('id,name,nick,status,role,joinedAt,city,tags,qq,wechat,email,phone');
    expect(csv.stdout.split('\r\n')[1]).toBe('m1,张三,,active,member,2026-02-01,北京,读书,,,,');
  });

  it('prints a list in JSON one member per line, the same whether read from the stored lines or filtered', async () => {
    const all = await club(['member', 'list', '--json']);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toBe('[');
    expect(JSON.parse(lines[1]!.replace(/,$/, ''))).toMatchObject({ id: 'm1', name: '张三' });
    expect(lines.slice(-3)).toEqual([expect.stringMatching(/^\{"id":"m2","name":"李四",/), ']', '']);
    // The same two members through the filter and sort path: the same bytes.
    expect((await club(['member', 'list', '--status', 'active', '--sort', 'joined', '--json'])).json().reverse()).toEqual(all.json());
    expect((await club(['member', 'list', '--status', 'active', '--json'])).stdout).toBe(all.stdout);
  });

  it('an empty result is not a failure', async () => {
    const r = await club(['member', 'list', '--search', '不存在', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual([]);
  });

  it('refuses --json with --csv and bad filters with exit 2', async () => {
    expect((await club(['member', 'list', '--json', '--csv'])).code).toBe(2);
    expect((await club(['member', 'list', '--status', 'ghost'])).code).toBe(2);
    expect((await club(['member', 'list', '--sort', 'age'])).code).toBe(2);
  });
});
