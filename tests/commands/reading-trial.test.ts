// Found in a new-user trial of the reading plan: the help of `book` and `reading` in the admin's language, and senders
// of a real QQ export, whose names carry a group title (【管理员】, 【活跃】) before the nickname.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/run.js';

describe('the reading plan as a new user meets it', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it("prints the help of book and reading in Chinese for a Chinese-speaking admin", async () => {
    const env = { CLUB_LANG: 'zh' };
    const book = await run(t.dir, ['book', '--help'], { env });
    expect(book.code).toBe(0);
    expect(book.stdout).toContain('读书计划：书目与每周书架');
    expect(book.stdout).toContain('添加一本书');
    const imp = await run(t.dir, ['reading', 'import', '--help'], { env });
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('从 QQ 群聊天记录导出文件导入每日打卡');
    expect(imp.stdout).toContain('只显示将要记录的内容，不作任何更改');
    expect(imp.stdout).not.toContain('show what would be recorded');
    const en = await run(t.dir, ['reading', 'import', '--help'], { env: { CLUB_LANG: 'en' } });
    expect(en.stdout).toContain('show what would be recorded, change nothing');
  });
});
