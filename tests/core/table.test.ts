// Tables at a terminal fit its width: the widest plain-text columns wrap by display width (a Chinese character is two
// columns), at spaces where they can, keeping every character.
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth, loadWidths, wrapText } from '../../src/io/width.js';
import { createStyle } from '../../src/io/style.js';
import { fit, renderColumns } from '../../src/io/table.js';

// Emoji and accents are measured by string-width, which commands load when some text needs it.
beforeAll(loadWidths);

describe('wrapText', () => {
  it.each([
    ['club task add 过期任务 --owner 李四 --due 2026-11-20', 12],
    ['一二三四五六七八九十一二三四五六七八九十', 7],
    ['Zoë Ångström and 👍+明 and 👩‍👩‍👧 family', 6],
    ['short', 20],
    ['averyveryverylongwordwithoutspaces', 5],
  ])('%s in %i columns', (text, width) => {
    const lines = wrapText(text, width).split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(Math.max(width, 2));
    for (const line of lines) expect(line.startsWith(' ')).toBe(false);
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });

  it('breaks at spaces when a word fits, and keeps a joined emoji whole', () => {
    expect(wrapText('club member add 小明', 10)).toBe('club\nmember add\n小明');
    // A list of choices breaks after a bar, not inside a word.
    expect(wrapText('类型：discussion|reading|training|social|competition|exhibition|other', 56)).toBe('类型：discussion|reading|training|social|competition|\nexhibition|other');
    // A word that fills its line exactly: the next line starts with the next word, not the space between.
    expect(wrapText('club member add 欧阳修远超长名字测试用户 --nick 荆州+修远', 24)).toBe('club member add\n欧阳修远超长名字测试用户\n--nick 荆州+修远');
    expect(wrapText('ab👩‍👩‍👧cd', 3)).toBe('ab\n👩‍👩‍👧c\nd');
    // A hyphenated name breaks after its hyphen; a date does not.
    expect(wrapText('Alexander Montgomery-Fitzwilliam', 14)).toBe('Alexander\nMontgomery-\nFitzwilliam');
    expect(wrapText('on 2026-12-05', 10)).toBe('on\n2026-12-05');
  });
});

describe('fit', () => {
  it('leaves a table that fits as it is, and wraps the widest plain column of one that does not', () => {
    const columns = [
      { header: 'id', cells: ['m1', 'm2'] },
      { header: 'command', cells: ['club task add 过期任务很长很长很长的名字 --owner 李四 --due 2026-11-20', 'club member list'] },
    ];
    expect(fit(columns, 200)).toBe(columns);
    const fitted = fit(columns, 40);
    expect(fitted[0]).toEqual(columns[0]);
    expect(fitted[1]!.cells[0]!.split('\n').length).toBeGreaterThan(1);
  });

  it('never wraps the first column, even when it is the widest', () => {
    const columns = [
      { header: 'time', cells: ['2026-11-30 15:23 and a long first cell'] },
      { header: 'change', cells: ['added m12 小明😀'] },
    ];
    const fitted = fit(columns, 50);
    expect(fitted[0]).toEqual(columns[0]);
    expect(fitted[1]!.cells[0]).toContain('\n');
  });
});

describe('renderColumns', () => {
  it('is no wider than the terminal, with one rule under the header and none between rows', async () => {
    const style = await createStyle(false);
    const columns = [
      { header: 'time', cells: ['2026-11-30 15:23', '2026-11-30 15:24'] },
      { header: 'change', cells: ['added m12 小明😀', 'added task t8 过期任务'] },
      { header: 'command', cells: ['club member add 小明😀 --nick 👍+明', 'club task add 过期任务 --owner 李四 --due 2026-11-20'] },
    ];
    const wide = (await renderColumns(columns, style)).split('\n');
    expect(wide).toHaveLength(6);
    const narrow = (await renderColumns(columns, style, 60)).split('\n');
    for (const line of narrow) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(narrow.length).toBeGreaterThan(6);
    expect(narrow.filter((l) => l.startsWith('├')).length).toBe(1);
    // A row's further lines leave the first column empty.
    expect(narrow.filter((l) => /^│ {2,}│/.test(l)).length).toBe(narrow.length - 6);
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['杨洪勇', 6],
    ['①②', 4], // East Asian ambiguous: two columns, as a CJK terminal draws them
    ['20°C — ok', 11],
    ['👍', 2],
    ['👩‍👩‍👧', 2],
    ['Zoë', 3],
    ['\x1b[1m杨洪勇\x1b[22m', 6],
    ['┌──┐', 4], // box drawing (ambiguous too) is one column: the table's own rules
  ])('%s is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('tables at 60 and 80 columns', () => {
  const members = (n: number) => [
    { header: 'id', cells: Array.from({ length: n }, (_, i) => `m${i + 1}`) },
    { header: 'joined', cells: Array.from({ length: n }, () => '2026-08-06') },
    { header: 'name', cells: Array.from({ length: n }, (_, i) => ['杨洪勇', '雅风', 'Zoë Ångström', '👩‍👩‍👧 family'][i % 4]!) },
    { header: 'nick', cells: Array.from({ length: n }, () => '') },
    { header: 'note', cells: Array.from({ length: n }, (_, i) => (i % 2 ? 'prefers the Thursday evening reading group ①' : '周二周四读书会的老成员，喜欢摄影和徒步')) },
    { header: 'tags', cells: Array.from({ length: n }, () => 'photo') },
  ];
  const words = (text: string) => text.split(/\s+/).filter((w) => /^[\x21-\x7e]+$/.test(w));

  it.each([60, 80])('no line is wider than %i columns, Latin words and dates stay whole, empty columns take their header', async (width) => {
    const style = await createStyle(false);
    const lines = (await renderColumns(members(12), style, width)).split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    // Every border lines up: the rules and each row put their bars at the same display columns.
    const bars = (line: string) => [...line].reduce<number[]>((at, ch, i, all) => (/[│┌┬┐├┼┤└┴┘]/.test(ch) ? [...at, displayWidth(all.slice(0, i).join(''))] : at), []);
    for (const line of lines) expect(bars(line)).toEqual(bars(lines[0]!));
    // Empty columns are as wide as their header.
    expect(lines[1]).toMatch(/│ nick │/);
    // Latin words are never cut: each word of each cell is found whole on one line.
    const text = lines.join('\n');
    for (const word of [...words('prefers the Thursday evening reading group'), 'Ångström', 'family']) expect(text).toContain(word);
    for (const line of lines.slice(3, -1)) expect(line).toMatch(/^│ (m\d+ +│ 2026-08-06|    +│  {10}) │/);
  });

  it('keeps every character when wrapping', () => {
    const columns = members(4);
    const fitted = fit(columns, 60);
    fitted.forEach((c, i) => c.cells.forEach((cell, r) => expect(cell.replace(/[\n ]/g, '')).toBe(columns[i]!.cells[r]!.replace(/ /g, ''))));
  });
});
