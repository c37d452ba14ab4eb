// The real prompter's input: a required answer left empty is refused in the admin's language, not in inquirer's
// English ("You must provide a value"), e.g. a risk's mitigation in `activity plan`'s form in a zh club.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTerminal } from '../helpers/terminal.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { createInquirerPrompter, inputConfig, keysHelpTip } from '../../src/io/prompter.js';

describe('the input prompt given to inquirer', () => {
  afterEach(() => useEnvLang({}));

  it('refuses an empty or blank required answer in the club language, and leaves a non-required one alone', () => {
    useEnvLang({ CLUB_LANG: 'zh' });
    const config = inputConfig({ message: '应对措施', required: true });
    expect(config).not.toHaveProperty('required');
    expect(config.validate!('')).toBe('此项必填');
    expect(config.validate!('  ')).toBe('此项必填');
    expect(config.validate!('提前宣传')).toBe(true);
    useEnvLang({ CLUB_LANG: 'en' });
    expect(config.validate!('')).toBe('an answer is needed here');
    expect(inputConfig({ message: 'x', default: 'd' })).toEqual({ message: 'x', default: 'd' });
  });

  it('runs the command\'s own check after the required one', () => {
    useEnvLang({ CLUB_LANG: 'zh' });
    const config = inputConfig({ message: '评分', required: true, validate: (v) => (v === '5' ? true : '1 到 5') });
    expect(config.validate!('')).toBe('此项必填');
    expect(config.validate!('7')).toBe('1 到 5');
    expect(config.validate!('5')).toBe(true);
  });
});

describe('select and checkbox lists at a terminal', () => {
  afterEach(() => useEnvLang({}));


  it('name their keys in the admin\'s language', () => {
    useEnvLang({ CLUB_LANG: 'zh' });
    expect(keysHelpTip([['↑↓', 'navigate'], ['⏎', 'select']])).toBe('↑↓ 移动 • ⏎ 选择');
    expect(keysHelpTip([['space', 'select'], ['a', 'all'], ['i', 'invert'], ['⏎', 'submit'], ['x', 'other']])).toBe('space 选择 • a 全选 • i 反选 • ⏎ 提交 • x other');
    useEnvLang({ CLUB_LANG: 'en' });
    expect(keysHelpTip([['↑↓', 'navigate'], ['⏎', 'select']])).toBe('↑↓ navigate • ⏎ select');
  });

  it('the real select and checkbox show those hints, and answer with the chosen values (zh)', async () => {
    useEnvLang({ CLUB_LANG: 'zh' });
    const one = fakeTerminal();
    const role = createInquirerPrompter(one).select({ message: '角色', choices: [{ name: '成员', value: 'member' }, { name: '管理员', value: 'admin' }], default: 'member' });
    one.input.write('\x1b[B');
    one.input.write('\r');
    expect(await role).toBe('admin');
    expect(one.screen()).toContain('↑↓ 移动 • ⏎ 选择');
    expect(one.screen()).toContain('角色 管理员');
    const many = fakeTerminal();
    const roles = createInquirerPrompter(many).checkbox({ message: '角色', choices: [{ name: '成员', value: 'member' }, { name: '志愿者', value: 'volunteer' }] });
    many.input.write(' ');
    many.input.write('\r');
    expect(await roles).toEqual(['member']);
    expect(many.screen()).toContain('↑↓ 移动 • space 选择 • a 全选 • i 反选 • ⏎ 提交');
    expect(many.screen()).not.toMatch(/navigate|submit/);
  });
});
