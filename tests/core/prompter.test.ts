// The real prompter's input: a required answer left empty is refused in the admin's language, not in inquirer's
// English ("You must provide a value"), e.g. a risk's mitigation in `activity plan`'s form in a zh club.
import { afterEach, describe, expect, it } from 'vitest';
import { useEnvLang } from '../../src/i18n/index.js';
import { inputConfig } from '../../src/io/prompter.js';

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
