// Every library club loads on demand, run from the built binary. The command tests run src/ under Node's own module
// loader; the bundle in dist/ loads CommonJS packages differently (their exports arrive as a default export only), and
// a named import that works in one can be undefined in the other. `survey create --from FILE.yaml` shipped broken
// that way while every command test passed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;
const NOW = '2026-03-12T12:00:00+08:00';
const club = (args: string[]) => clubProcess(dir, args, { CLUB_NOW: NOW });

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('club-e2e-libs-'));
  expect((await club(['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'])).code).toBe(0);
  expect((await club(['member', 'add', '张三', '--joined', '2026-02-01'])).code).toBe(0);
  expect((await club(['session', 'add', '读书会', '--at', '2026-03-10 21:30'])).code).toBe(0);
  expect((await club(['checkin', 's1', '张三', '--status', 'present'])).code).toBe(0);
});
afterAll(() => cleanup());

describe('libraries loaded on demand, from the built binary', () => {
  it('yaml: a survey from a YAML file, and a bad file refused with exit 2 naming it', async () => {
    writeFileSync(join(dir, 's.yaml'), 'title: 三月调查\nquestions:\n  - type: rating\n    text: 满意吗\n    satisfaction: true\n  - type: nps\n    text: 推荐吗\n');
    const r = await club(['survey', 'create', '--from', 's.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'v1', title: '三月调查', questions: [{ type: 'rating' }, { type: 'nps' }] });
    writeFileSync(join(dir, 'dup.yaml'), 'title: x\ntitle: y\n');
    const bad = await club(['survey', 'create', '--from', 'dup.yaml']);
    expect(bad.code).toBe(2);
    // The club is zh: the message is Chinese, the parser's own words are YAML's.
    expect(bad.stderr).toMatch(/dup\.yaml 不是有效的 YAML：Map keys must be unique/);
  });

  it('csv-parse and iconv-lite: a GBK spreadsheet imported; csv-stringify: exported again', async () => {
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode('姓名,QQ,城市\n欧阳娜娜,10001,上海\n', 'gbk'));
    const r = await club(['member', 'import', 'gbk.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 added/);
    const out = await club(['member', 'export', '--out', 'out.csv']);
    expect(out.code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toMatch(/欧阳娜娜,.*10001/);
  });

  it('exceljs: an xlsx roster (named .csv, told by its bytes) imported, with its date cell', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', 'QQ号', '加入时间', '兴趣']);
    ws.addRow(['雅风', 20002, new Date(Date.UTC(2026, 2, 1)), '读书┋电影']).getCell(3).numFmt = 'yyyy/m/d';
    await wb.xlsx.writeFile(join(dir, 'roster-xlsx.csv'));
    const r = await club(['member', 'import', 'roster-xlsx.csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 1 });
    const m = JSON.parse((await club(['member', 'show', '雅风', '--json'])).stdout);
    expect(m).toMatchObject({ qq: '20002', joinedAt: '2026-03-01', tags: ['读书', '电影'] });
  });

  it('ical-generator and the zone library: the calendar', async () => {
    const r = await club(['export', 'ics']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^BEGIN:VCALENDAR/);
    expect(r.stdout).toMatch(/DTSTART;TZID=Asia\/Shanghai:20260310T213000/);
  });

  it('handlebars: the built-in template (runtime) and a template of your own (compiler)', async () => {
    const builtin = await club(['report', 'weekly', '--week', '2026-W11']);
    expect(builtin.code).toBe(0);
    expect(builtin.stdout).toMatch(/^# 读书会/);
    writeFileSync(join(dir, 'mine.md.hbs'), '{{club}}: {{period.week}}\n');
    const own = await club(['report', 'weekly', '--week', '2026-W11', '--template', 'mine.md.hbs']);
    expect(own.code).toBe(0);
    expect(own.stdout).toBe('读书会: 2026-W11\n');
  });

  it('cli-table3: a table, also through a pipe', async () => {
    const r = await club(['member', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^┌/);
  });
});
