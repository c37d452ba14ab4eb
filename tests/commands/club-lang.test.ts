// SPEC §13, §14: a zh club speaks Chinese from the first message on: the help of its commands and the usage errors
// found before the store is opened read the club's `lang` from the folder store, or from a link folder's copy
// (without connecting). Run without CLUB_LANG and without a zh locale, as an admin's shell would be.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_FILE } from '../../src/store/pg/link.js';
import { run, tempDir } from '../helpers/run.js';
import { describePg, dropDatabase, newDatabase } from '../helpers/pg.js';

const NO_LANG = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };

describe("the club's language before the store is opened", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const temp = () => {
    const t = tempDir('club-lang-');
    cleanups.push(t.cleanup);
    return t.dir;
  };
  const folderClub = async (lang: 'zh' | 'en') => {
    const dir = temp();
    const init = await run(dir, ['init', '--name', '读书会', '--lang', lang, '--timezone', 'Asia/Shanghai'], { env: NO_LANG });
    expect(init.code).toBe(0);
    return dir;
  };

  it('a zh folder store: help, and --hours, --note and --return refused before the store is read, in Chinese', async () => {
    const dir = await folderClub('zh');
    const help = await run(dir, ['hours', '--help'], { env: NO_LANG });
    expect(help.stdout).toContain('志愿服务时长：按成员和活动记录、合计、证明');
    const hours = await run(dir, ['hours', 'add', 'm1', '--session', 's1', '--hours', '1,5'], { env: NO_LANG });
    expect(hours.code).toBe(2);
    expect(hours.stderr).toContain('error: 无效的 --hours "1,5"：时长须大于 0、不超过 24，最多两位小数');
    const note = await run(dir, ['register', 's1', 'm1', '--note', 'a\u0001'], { env: NO_LANG });
    expect(note.code).toBe(2);
    expect(note.stderr).toContain('error: 无效的 --note：第 2 个字符是控制字符 U+0001');
    const review = await run(dir, ['activity', 'review', 's1', '--return'], { env: NO_LANG });
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('error: --return 需要 --comment TEXT：请写明要修改什么');
    // Named with --store from elsewhere, in either spelling.
    const elsewhere = temp();
    expect((await run(elsewhere, ['--store', dir, 'staff', '--help'], { env: NO_LANG })).stdout).toContain('工作人员职责：谁在活动中做什么');
    expect((await run(elsewhere, [`--store=${dir}`, 'staff', '--help'], { env: NO_LANG })).stdout).toContain('工作人员职责：谁在活动中做什么');
  });

  it('an en folder store and no store at all: English; CLUB_LANG still wins', async () => {
    const en = await folderClub('en');
    expect((await run(en, ['hours', '--help'], { env: NO_LANG })).stdout).toContain('volunteer hours: per member and session, totals, certificates');
    expect((await run(temp(), ['hours', '--help'], { env: NO_LANG })).stdout).toContain('volunteer hours: per member and session, totals, certificates');
    const zh = await folderClub('zh');
    expect((await run(zh, ['hours', '--help'], { env: { ...NO_LANG, CLUB_LANG: 'en' } })).stdout).toContain('volunteer hours: per member and session, totals, certificates');
  });

  it("a link folder to a database: its cached language, without connecting", async () => {
    const dir = temp();
    mkdirSync(join(dir, '.club'));
    // Nothing listens there: help and a usage error never connect.
    writeFileSync(join(dir, '.club', LINK_FILE), JSON.stringify({ format: 'clubadmin-link', url: 'postgresql://clerk@127.0.0.1:9/club', lang: 'zh' }));
    expect((await run(dir, ['hours', '--help'], { env: NO_LANG })).stdout).toContain('志愿服务时长：按成员和活动记录、合计、证明');
    const review = await run(dir, ['activity', 'review', 's1', '--return'], { env: NO_LANG });
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('error: --return 需要 --comment TEXT：请写明要修改什么');
  });
});

describePg('club init on a database speaks the new club\'s language', () => {
  it('says what it made, and that the folder is linked, in Chinese for a zh club', async () => {
    const t = tempDir();
    const d = await newDatabase('lang_init');
    try {
      const r = await run(t.dir, ['init', '--store', d.url(), '--name', '诗社', '--lang', 'zh', '--timezone', 'Asia/Shanghai', '--link'], { env: { CLUB_LANG: '', LANG: 'C' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('创建俱乐部 诗社');
      expect(r.stderr).toContain('现在指向');
      expect(r.stderr).not.toContain('now points at');
    } finally {
      t.cleanup();
      await dropDatabase(d.db);
    }
  });
});
