// commander's own words in the club's language: the help's headings and defaults, and its usage errors. Flags,
// command names and the values quoted stay as typed; JSON error codes never change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizeCommanderMessage } from '../../src/i18n/commander.js';
import { useEnvLang } from '../../src/i18n/index.js';
import { CJK_BREAK, loadWidths, wrapText } from '../../src/io/width.js';
import { run, tempDir } from '../helpers/run.js';

const NO_LANG = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };

describe('help and usage errors of a zh club', () => {
  let t: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    t = tempDir('club-help-lang-');
    const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { env: NO_LANG });
    expect(init.code, init.stderr).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('headings, the help option, defaults and examples in Chinese', async () => {
    const help = await run(t.dir, ['member', 'import', '--help'], { env: NO_LANG });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^用法：club member import \[options\] <file>\n/);
    expect(help.stdout).toContain('\n选项：\n');
    expect(help.stdout).toContain('显示命令的帮助');
    expect(help.stdout).toContain('（默认："error"）');
    expect(help.stdout).toContain('\n示例：\n');
    const top = await run(t.dir, ['--help'], { env: NO_LANG });
    expect(top.stdout).toContain('\n命令：\n');
    expect(top.stdout).toContain('退出码：0 成功');
  });

  it('usage errors in Chinese, the flag and the suggestion as typed; JSON keeps its code', async () => {
    const unknown = await run(t.dir, ['member', 'list', '--bogus'], { env: NO_LANG });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("error: 未知选项 '--bogus'\n");
    const typo = await run(t.dir, ['member', 'lsit'], { env: NO_LANG });
    expect(typo.stderr).toBe("error: 未知命令 'lsit'\n（是不是要输入 list？）\n");
    const json = await run(t.dir, ['member', 'show', '--json'], { env: NO_LANG });
    expect(json.code).toBe(2);
    expect(json.json()).toEqual({ error: { code: 'usage', message: "缺少必需的参数 'member'" } });
  });

  it('English for an en run, as commander says it', () => {
    useEnvLang({ CLUB_LANG: 'en' });
    expect(localizeCommanderMessage("error: too many arguments for 'add'. Expected 1 argument but got 3.\n")).toBe('error: too many arguments: expected 1, got 3\n');
    expect(localizeCommanderMessage("error: unknown command 'lsit'\n(Did you mean list?)")).toBe("error: unknown command 'lsit'\n(Did you mean list?)");
    useEnvLang({ CLUB_LANG: 'zh' });
    expect(localizeCommanderMessage("error: option '--json' cannot be used with option '--csv'")).toBe("error: '--json' 不能与 '--csv' 同时使用");
    useEnvLang({});
  });

  it('Chinese prose wraps between characters, never before closing punctuation', async () => {
    await loadWidths();
    expect(wrapText('从 xlsx 或 CSV 名单、报名表导出文件导入成员', 22, CJK_BREAK)).toBe('从 xlsx 或 CSV 名单、\n报名表导出文件导入成员');
    expect(wrapText('一二三四五六七八九，十', 18, CJK_BREAK)).toBe('一二三四五六七八\n九，十');
    // Names in tables stay whole where they fit.
    expect(wrapText('club member add 欧阳修远超长名字', 20)).toBe('club member add\n欧阳修远超长名字');
  });
});
