// The check-in checklist (src/io/prompts/search-checkbox.ts) at a terminal: driven through its own input and output
// streams, keypress by keypress, as @inquirer/core reads a terminal. Its help line and its answer are in the
// admin's language.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTerminal } from '../helpers/terminal.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { searchCheckbox } from '../../src/io/prompts/search-checkbox.js';

afterEach(() => useEnvLang({}));

const choices = [
  { name: '杨洪勇  m1', value: 'm1', keywords: '荆州+杨洪勇' },
  { name: '雅风  m2', value: 'm2', keywords: '成都+雅风' },
  { name: '王小明  m3', value: 'm3' },
];

describe('the check-in checklist', () => {
  it.each([
    ['zh', '输入以筛选 • ↑↓ 移动 • Tab 勾选/取消 • ⏎ 完成（已选 0 人）', '已选 2 人', '没有匹配的成员'],
    ['en', 'type to filter • ↑↓ move • tab check/uncheck • ⏎ done (0 checked)', '2 checked', 'no member matches'],
  ])('filters by name or nickname, ticks with Tab, answers with Enter (%s)', async (lang, help, answer, noMatch) => {
    useEnvLang({ CLUB_LANG: lang });
    const { input, output, screen } = fakeTerminal();
    const picked = searchCheckbox({ message: 's1 读书分享', choices }, { input, output });
    input.write('成都');
    input.write('\t');
    input.write('zzz');
    expect(screen()).toContain(noMatch);
    input.write('\x7f\x7f\x7f');
    input.write('\x1b[B');
    input.write('\x1b[B');
    input.write('\t');
    input.write('\r');
    expect(await picked).toEqual(['m2', 'm3']);
    expect(screen()).toContain(help);
    expect(screen()).toContain(answer);
  });
});
