import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { freshClub } from '../helpers/run.js';
import { englishMessages } from '../helpers/lang.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  ({ dir, cleanup, club } = englishMessages(await freshClub()));
});
afterEach(() => {
  cleanup();
  cleanups.splice(0).forEach((c) => c());
});

const ROSTER = [
  '姓名,群昵称,手机号,QQ号,微信号,所在城市,入群时间,兴趣,备注',
  '杨洪勇,荆州+杨洪勇,13800000001,1023919001,yhy_2020,荆州,2026/3/5,读书;摄影,老成员',
  '雅风,成都+雅风,+86 139 0000 0002,,yafeng88,成都,2026年3月1日,"读书,电影","说 ""你好"", 世界"',
].join('\r\n');

async function names(): Promise<string[]> {
  return (await club(['member', 'list', '--json'])).json().map((m: { name: string }) => m.name);
}

describe('member import', () => {
  it('reads a GBK roster saved by Excel on Chinese Windows', async () => {
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode(ROSTER, 'gbk'));
    const r = await club(['member', 'import', 'gbk.csv', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ added: 2, updated: 0, skipped: 0 });
    const m = (await club(['member', 'show', '杨洪勇', '--json'])).json();
    expect(m).toMatchObject({ nick: '荆州+杨洪勇', phone: '13800000001', qq: '1023919001', wechat: 'yhy_2020', city: '荆州', joinedAt: '2026-03-05', tags: ['读书', '摄影'], note: '老成员' });
    expect((await club(['member', 'show', '雅风', '--json'])).json().note).toBe('说 "你好", 世界');
  });

  it('reads UTF-8 with a BOM, and forced --encoding gbk', async () => {
    writeFileSync(join(dir, 'bom.csv'), `\uFEFF${ROSTER}`);
    expect((await club(['member', 'import', 'bom.csv'])).code).toBe(0);
    expect(await names()).toEqual(['杨洪勇', '雅风']);
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode('姓名\r\n张三\r\n', 'gbk'));
    expect((await club(['member', 'import', 'gbk.csv', '--encoding', 'gbk'])).code).toBe(0);
    expect(await names()).toContain('张三');
    expect((await club(['member', 'import', 'gbk.csv', '--encoding', 'latin9'])).code).toBe(2);
  });

  it('reads a Wenjuanxing-style form export with numbered headers, warning once about unmapped columns', async () => {
    const form = [
      '序号,提交答卷时间,所用时间,来源,1、姓名,2、您的手机号：,3、QQ号,4、所在城市,5、兴趣（多选）',
      '1,2026/3/5 10:00:00,35秒,手机提交,韩梅梅,13700000003,22334455,北京,读书┋电影',
      '2,2026/3/5 11:00:00,40秒,链接,李雷,13700000004,,上海,',
    ].join('\n');
    writeFileSync(join(dir, 'form.csv'), form);
    const r = await club(['member', 'import', 'form.csv', '--map', '5、兴趣（多选）=ignore']);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/warning/g)).toHaveLength(1);
    expect(r.stderr).toContain('序号, 提交答卷时间, 所用时间, 来源');
    expect((await club(['member', 'show', '韩梅梅', '--json'])).json()).toMatchObject({ phone: '13700000003', qq: '22334455', city: '北京' });
  });

  it('a bad row fails the import with its line number and changes nothing', async () => {
    writeFileSync(join(dir, 'bad.csv'), `${ROSTER}\r\n王五,,,,,,,,\r\n赵六,,,abc,,,,,\r\n`);
    const r = await club(['member', 'import', 'bad.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 5: invalid qq: "abc"');
    expect(await names()).toEqual([]);
  });

  it('--dry-run shows the plan with line numbers and changes nothing', async () => {
    writeFileSync(join(dir, 'r.csv'), ROSTER);
    const log = (await club(['log', '--json'])).json();
    const r = await club(['member', 'import', 'r.csv', '--dry-run', '--json']);
    expect(r.json()).toMatchObject({ dryRun: true, added: 2, actions: [{ line: 2, action: 'add', name: '杨洪勇' }, { line: 3, action: 'add', name: '雅风' }] });
    expect(await names()).toEqual([]);
    expect((await club(['log', '--json'])).json()).toEqual(log);
    const table = await club(['member', 'import', 'r.csv', '--dry-run'], { tty: true, env: { NO_COLOR: '1' } });
    expect(table.stdout).toMatch(/│ 2 +│ add/);
    expect(table.stderr).toContain('nothing was changed');
  });

  it('a re-import of the same people adds nobody', async () => {
    writeFileSync(join(dir, 'r.csv'), ROSTER);
    await club(['member', 'import', 'r.csv']);
    const again = await club(['member', 'import', 'r.csv']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/line 2: 杨洪勇 has the same phone as m1/);
    expect((await club(['member', 'import', 'r.csv', '--on-duplicate', 'skip', '--json'])).json()).toMatchObject({ added: 0, skipped: 2 });
    expect((await club(['member', 'import', 'r.csv', '--on-duplicate', 'update', '--json'])).json()).toMatchObject({ added: 0, updated: 0, skipped: 2 });
    expect(await names()).toEqual(['杨洪勇', '雅风']);
  });

  it('the club\'s own export, edited and imported again, updates members who have no contacts instead of adding them twice', async () => {
    for (const name of ['张三', '李四']) await club(['member', 'add', name, '--joined', '2026-01-01']);
    await club(['member', 'export', '--out', 'mine.csv']);
    const edited = readFileSync(join(dir, 'mine.csv'), 'utf8').replace(/^(m2,李四,(?:[^,]*,){5})[^,]*/m, '$1上海');
    writeFileSync(join(dir, 'mine.csv'), edited);
    expect((await club(['member', 'import', 'mine.csv', '--on-duplicate', 'update', '--json'])).json()).toMatchObject({ added: 0, updated: 1, skipped: 1 });
    expect((await club(['member', 'list', '--json'])).json().map((m: { id: string; name: string; city: string | null }) => `${m.id} ${m.name} ${m.city}`)).toEqual(['m1 张三 null', 'm2 李四 上海']);
  });

  it('imports 10,000 rows', async () => {
    const lines = ['name,phone,qq,city,joined'];
    for (let i = 0; i < 10_000; i++) lines.push(`成员${i},1${String(3000000000 + i)},${100000 + i},城市${i % 50},2025/${(i % 12) + 1}/${(i % 28) + 1}`);
    writeFileSync(join(dir, 'big.csv'), lines.join('\n'));
    const r = await club(['member', 'import', 'big.csv', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().added).toBe(10_000);
    expect((await club(['check', '--json'])).json().counts.members).toBe(10_000);
  });
});

describe('member export', () => {
  const hostile = [
    ['member', 'add', '张|伟, "老张"', '--phone', '+8613800000007', '--note', '=HYPERLINK("http://evil.example","点我")', '--tag', '读书', '--tag', '-1'],
    ['member', 'add', '@admin', '--nick', '+1', '--email', 'at@example.org', '--note', '第一行\n第二行'],
    ['member', 'add', 'Ann', '--wechat', '-ann-', '--city', '\t北京'],
  ];

  beforeEach(async () => {
    for (const args of hostile) expect((await club(args)).code).toBe(0);
    await club(['member', 'warn', 'Ann', '--reason', '=1+1']);
    await club(['member', 'remove', '@admin', '--reason', '毕业', '--status', 'left']);
    await club(['member', 'edit', 'Ann', '--referrer', 'm1']);
  });

  it('writes a 0600 CSV with a BOM in which no cell starts a formula', async () => {
    const r = await club(['member', 'export', '--out', 'members.csv', '--bom']);
    expect(r.code).toBe(0);
    const file = join(dir, 'members.csv');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const cells: string[][] = parse(bytes, { bom: true });
    for (const row of cells.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells[1]![4]).toBe("'+8613800000007");
  });

  it('round-trips every member field exactly through CSV and JSON into a new store', async () => {
    const original = (await club(['member', 'export', '--json'])).json();
    await club(['member', 'export', '--out', 'members.csv', '--bom']);
    await club(['member', 'export', '--json', '--out', 'members.json']);
    for (const file of ['members.csv', 'members.json']) {
      const other = await freshClub();
      cleanups.push(other.cleanup);
      const r = await other.club(['member', 'import', join(dir, file)]);
      expect([file, r.code, r.stderr]).toEqual([file, 0, expect.any(String)]);
      expect((await other.club(['member', 'export', '--json'])).json()).toEqual(original);
    }
    expect(original[0]).toMatchObject({ name: '张|伟, "老张"', phone: '+8613800000007', note: '=HYPERLINK("http://evil.example","点我")', tags: ['读书', '-1'] });
    expect(original[1]).toMatchObject({ name: '@admin', nick: '+1', note: '第一行\n第二行', status: 'left' });
    expect(original[2]).toMatchObject({ wechat: '-ann-', city: '北京', referrerId: 'm1', warnings: [{ reason: '=1+1' }] });
  });

  it('--redact masks phone, email, QQ and WeChat', async () => {
    const r = await club(['member', 'export', '--json', '--redact']);
    expect(r.json().map((m: { phone: string | null; email: string | null; wechat: string | null }) => [m.phone, m.email, m.wechat])).toEqual([
      ['+86 138****0007', null, null],
      [null, 'a***@example.org', null],
      [null, null, '-a*n-'],
    ]);
  });

  it('exports to stdout, filtered by status', async () => {
    const r = await club(['member', 'export', '--status', 'left']);
    expect(r.stdout.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect((await club(['member', 'export', '--status', 'gone'])).code).toBe(2);
  });
});
