// Importing what admins have: xlsx rosters and form exports (built here with exceljs itself), old .xls files refused,
// GBK CSV still read, blanks and Wenjuanxing's "(空)" never stored, sign-up forms as applications.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBlankCell } from '../../src/core/rows.js';
import { parseImportedDate, toInstantString } from '../../src/core/time.js';
import { cellText, readXlsx } from '../../src/io/xlsx.js';
import { freshClub } from '../helpers/run.js';
import { useEnvLang } from '../../src/i18n/index.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const now = { now: '2026-03-20T10:00:00+08:00' };

beforeEach(async () => {
  ({ dir, cleanup, club } = await freshClub());
});
afterEach(() => cleanup());

/**
 * Writes a workbook with one sheet per entry to `file` in the store's folder. A Date becomes a date cell (a serial
 * number with a date format); a number stays a plain number cell, as a date cell that lost its format.
 */
async function workbook(file: string, sheets: Array<[string, unknown[][]]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const values of rows) {
      const row = ws.addRow(values);
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy/m/d h:mm';
      });
    }
  }
  const path = join(dir, file);
  await wb.xlsx.writeFile(path);
  return path;
}

// Excel keeps a date as days since 1899-12-30; exceljs writes a Date as that serial, taking its UTC fields.
const ROSTER: unknown[][] = [
  ['姓名', '手机号', 'QQ号', '加入时间', '兴趣'],
  ['杨洪勇', '13800000001', 1023919001, new Date(Date.UTC(2026, 2, 5)), '读书┋电影'],
  ['雅风', '13900000002', '', 46084, '摄影|读书，旅行'],
  ['王小明', '(空)', '(空)', '2026/2/1', '(空)'],
];

describe('member import from xlsx', () => {
  it('reads a roster with Chinese headers: a date cell and a serial number as dates, multi-choice cells as tags, "(空)" as nothing', async () => {
    await workbook('花名册.xlsx', [['名单', ROSTER]]);
    const r = await club(['member', 'import', '花名册.xlsx', '--json'], now);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ added: 3 });
    const members = (await club(['member', 'list', '--json'], now)).json();
    const by = (name: string) => members.find((m: { name: string }) => m.name === name);
    expect(by('杨洪勇')).toMatchObject({ phone: '13800000001', qq: '1023919001', joinedAt: '2026-03-05', tags: ['读书', '电影'] });
    // 46084, a plain number in the date column, is the Excel serial of 2026-03-03.
    expect(by('雅风')).toMatchObject({ phone: '13900000002', qq: null, joinedAt: '2026-03-03', tags: ['摄影', '读书', '旅行'] });
    expect(by('王小明')).toMatchObject({ phone: null, qq: null, joinedAt: '2026-02-01', tags: [] });
  });

  it('reads the file by its bytes: an xlsx named .csv is a workbook; --encoding with an xlsx, and an .xls, exit 2', async () => {
    await workbook('roster.csv', [['Sheet1', ROSTER]]);
    const r = await club(['member', 'import', 'roster.csv', '--json'], now);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ added: 3 });

    const enc = await club(['member', 'import', 'roster.csv', '--encoding', 'gbk'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(enc.code).toBe(2);
    expect(enc.stderr).toContain('--encoding is for CSV files');

    writeFileSync(join(dir, 'old.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const xls = await club(['member', 'import', 'old.xls'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(xls.code).toBe(2);
    expect(xls.stderr).toContain('(.xls) cannot be read');
    expect(xls.stderr).toContain('save it as .xlsx or CSV');

    writeFileSync(join(dir, 'plain.csv'), '姓名\n张三\n');
    const sheetOnCsv = await club(['member', 'import', 'plain.csv', '--sheet', '2'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(sheetOnCsv.code).toBe(2);
    expect(sheetOnCsv.stderr).toContain('--sheet is for xlsx workbooks');
  });

  it('reads the first sheet, or the one --sheet names by number or by name', async () => {
    await workbook('book.xlsx', [
      ['说明', [['姓名'], ['第一页的人']]],
      ['名单', [['姓名', '城市'], ['雅风', '成都']]],
    ]);
    const first = await club(['member', 'import', 'book.xlsx', '--dry-run', '--json'], now);
    expect(first.json().actions.map((a: { name: string }) => a.name)).toEqual(['第一页的人']);
    for (const sheet of ['2', '名单']) {
      const r = await club(['member', 'import', 'book.xlsx', '--sheet', sheet, '--dry-run', '--json'], now);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().actions.map((a: { name: string; line: number }) => [a.name, a.line])).toEqual([['雅风', 2]]);
    }
    const missing = await club(['member', 'import', 'book.xlsx', '--sheet', '3'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no sheet 3 (sheets: 1 说明, 2 名单)');
  });

  it('still reads a GBK CSV roster', async () => {
    writeFileSync(join(dir, 'gbk.csv'), iconv.encode('姓名,QQ号,兴趣\r\n欧阳娜娜,10001,读书┋电影\r\n', 'gbk'));
    const r = await club(['member', 'import', 'gbk.csv', '--json'], now);
    expect(r.code, r.stderr).toBe(0);
    expect((await club(['member', 'show', '欧阳娜娜', '--json'], now)).json()).toMatchObject({ qq: '10001', tags: ['读书', '电影'] });
  });

  it('--status applicant makes a sign-up form applications without referrers, approved as usual', async () => {
    await workbook('报名表.xlsx', [['Sheet1', [['提交答卷时间', '1、您的姓名', '2、手机号'], [new Date(Date.UTC(2026, 2, 18, 21)), '雅风', '13900000002']]]]);
    const bad = await club(['member', 'import', '报名表.xlsx', '--status', 'left'], now);
    expect(bad.code).toBe(2);
    const r = await club(['member', 'import', '报名表.xlsx', '--status', 'applicant', '--json'], now);
    expect(r.code, r.stderr).toBe(0);
    expect((await club(['member', 'show', '雅风', '--json'], now)).json()).toMatchObject({ status: 'applicant', referrerId: null, joinedAt: null });
    expect((await club(['member', 'approve', '雅风'], now)).code).toBe(0);
    const m = (await club(['member', 'show', '雅风', '--json'], now)).json();
    expect(m).toMatchObject({ status: 'active', joinedAt: '2026-03-20' });
    expect(m.history.map((h: { status: string }) => h.status)).toEqual(['applicant', 'active']);
  });
});

describe('survey import from a Wenjuanxing xlsx export', () => {
  it('takes the submission time cell, stores no blank or "(空)", and imports a blank required answer as unanswered with one warning', async () => {
    for (const name of ['杨洪勇', '雅风', '李雷']) expect((await club(['member', 'add', name, '--joined', '2026-01-01'], now)).code).toBe(0);
    writeFileSync(join(dir, 'survey.json'), JSON.stringify(SPEC_SURVEY));
    expect((await club(['survey', 'create', '--from', 'survey.json'], now)).code).toBe(0);
    expect((await club(['survey', 'open', 'v1'], now)).code).toBe(0);
    await workbook(
      '问卷星.xlsx',
      [
        [
          'Sheet1',
          [
            ['序号', '提交答卷时间', '所用时间', '1、您的姓名', '2、对本月活动的整体满意度', '3、你有多大可能向朋友推荐本群？', '4、最喜欢的活动形式', '5、希望增加的内容', '6、其他建议'],
            [1, new Date(Date.UTC(2026, 2, 18, 21, 0, 0)), '30秒', '雅风', 4, 10, '主题讨论', '讲座┋比赛', '(空)'],
            [2, '2026/3/18 22:00:00', '40秒', '李雷', 2, '(空)', '线下聚会', '展览', ''],
            [3, 46099.5, '20秒', '杨洪勇', 5, 9, '', '(空)', '多组织线下'],
          ],
        ],
      ],
    );
    const r = await club(['survey', 'import', 'v1', '问卷星.xlsx', '--json'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(r.code, r.stderr).toBe(0);
    const data = r.json();
    expect(data.imported).toBe(3);
    expect(data.blankRequired).toEqual([
      { questionId: 'q2', text: '你有多大可能向朋友推荐本群？', lines: [3] },
      { questionId: 'q3', text: '最喜欢的活动形式', lines: [4] },
      { questionId: 'q4', text: '希望增加的内容', lines: [4] },
    ]);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('imported as unanswered'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('q2 "你有多大可能向朋友推荐本群？" (lines 3)');
    const [yafeng, lilei, yang] = data.responses;
    expect(yafeng).toMatchObject({ at: '2026-03-18T21:00:00+08:00', answers: { q1: 4, q2: 10, q3: '主题讨论', q4: ['讲座', '比赛'] } });
    expect(yafeng.answers).not.toHaveProperty('q5');
    expect(lilei).toMatchObject({ at: '2026-03-18T22:00:00+08:00', answers: { q1: 2, q3: '线下聚会', q4: ['展览'] } });
    expect(Object.keys(lilei.answers)).toEqual(['q1', 'q3', 'q4']);
    // 46099.5 is 2026-03-18 12:00: a time cell that lost its format.
    expect(yang).toMatchObject({ at: '2026-03-18T12:00:00+08:00', answers: { q1: 5, q2: 9, q5: '多组织线下' } });
    expect(Object.keys(yang.answers)).toEqual(['q1', 'q2', 'q5']);
  });
});

/**
 * A zip of one deflated part built by hand, whose headers claim it inflates to `claimed` bytes: a zip bomb lies about
 * its sizes, so the bound must count what the part really inflates to.
 */
function zipBomb(name: string, inflated: number, claimed: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(inflated, 0x20), { level: 9 });
  const fileName = Buffer.from(name);
  const crc = crc32(Buffer.alloc(inflated, 0x20));
  const fields = (sig: number, central: boolean) => {
    const h = Buffer.alloc(central ? 46 : 30);
    h.writeUInt32LE(sig, 0);
    let o = 4;
    if (central) h.writeUInt16LE(20, (o += 2) - 2); // made by
    for (const v of [20, 0, 8, 0, 0]) h.writeUInt16LE(v, (o += 2) - 2); // version, flags, deflate, time, date
    h.writeUInt32LE(crc, o);
    h.writeUInt32LE(data.length, o + 4);
    h.writeUInt32LE(claimed, o + 8);
    h.writeUInt16LE(fileName.length, o + 12);
    return h; // the central header's other fields (extra, comment, disk, attributes, offset 0) stay zero
  };
  const local = Buffer.concat([fields(0x04034b50, false), fileName, data]);
  const central = Buffer.concat([fields(0x02014b50, true), fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, end]);
}

describe('a hostile xlsx', () => {
  it('a part that inflates past the bound (50 MB) is refused with exit 2, whatever size the zip claims', async () => {
    const bomb = zipBomb('xl/worksheets/sheet1.xml', 51 * 1024 * 1024, 1000);
    expect(bomb.length).toBeLessThan(200 * 1024);
    writeFileSync(join(dir, 'bomb.xlsx'), bomb);
    const r = await club(['member', 'import', 'bomb.xlsx'], { ...now, env: { CLUB_LANG: 'en' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the workbook inflates to more than 50 MB: refused');
    await expect(readXlsx(zipBomb('a.xml', 2 * 1024 * 1024, 10), undefined, { inflated: 1024 * 1024, rows: 10 })).rejects.toThrow(/more than 1 MB/);
  });

  it('a sheet with more rows than the bound is refused with exit 2', async () => {
    const rows: unknown[][] = [['姓名'], ...Array.from({ length: 30 }, (_, i) => [`成员${i}`])];
    const path = await workbook('many.xlsx', [['Sheet1', rows]]);
    const bytes = (await import('node:fs')).readFileSync(path);
    // Read in-process, in English (the language the last command here chose would otherwise stay).
    useEnvLang({ CLUB_LANG: 'en' });
    await expect(readXlsx(bytes, undefined, { inflated: 10 * 1024 * 1024, rows: 20 })).rejects.toThrow('the sheet has 31 rows, more than the 20 an import takes');
    expect((await readXlsx(bytes, undefined)).rows).toHaveLength(30);
  });
});

describe('cells as the importers read them', () => {
  it.each([
    ['46086', '2026-03-05T00:00:00+08:00', false],
    ['46086.4375', '2026-03-05T10:30:00+08:00', true],
    ['2026/3/5 10:30', '2026-03-05T10:30:00+08:00', true],
  ])('the date %s is %s', (text, iso, hasTime) => {
    const parsed = parseImportedDate(text, 'Asia/Shanghai');
    expect(parsed && toInstantString(parsed.instant, 'Asia/Shanghai')).toBe(iso);
    expect(parsed?.hasTime).toBe(hasTime);
  });

  it.each([
    ['', true],
    ['  ', true],
    ['(空)', true],
    ['（空）', true],
    ['(跳过)', true],
    ['空', false],
    ['(空调)', false],
    ['0', false],
  ])('%j is blank: %s', (cell, blank) => expect(isBlankCell(cell)).toBe(blank));

  it.each([
    [null, ''],
    [13800000001, '13800000001'],
    [{ richText: [{ text: '杨' }, { text: '洪勇' }] }, '杨洪勇'],
    [{ text: 'm@example.org', hyperlink: 'mailto:m@example.org' }, 'm@example.org'],
    [{ formula: 'A1&B1', result: '雅风' }, '雅风'],
    [new Date(Date.UTC(2026, 2, 5)), '2026-03-05'],
    [new Date(Date.UTC(2026, 2, 5, 21, 4, 59, 999)), '2026-03-05 21:05'],
  ])('the cell %j reads as %j', (value, text) => expect(cellText(value)).toBe(text));
});
