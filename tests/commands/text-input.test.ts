// Text from people with control characters is refused at input (exit 2, naming the field, the character and where it
// is) and nothing is written: reasons, feedback, settings, survey answers and imported cells.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const now = { now: '2026-03-20T10:00:00+08:00' };

/** sha256 of every file in the club's folder (the store and the files given to it), by path. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  ({ dir, cleanup, club } = await freshClub());
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(SPEC_SURVEY));
  for (const argv of [
    ['member', 'add', '杨洪勇', '--joined', '2026-01-01'],
    ['member', 'add', '雅风', '--joined', '2026-01-01'],
    ['session', 'add', '读书会', '--at', '2026-03-25 20:00'],
    ['task', 'add', '订场地'],
    ['survey', 'create', '--from', 'survey.json'],
    ['survey', 'open', 'v1'],
  ]) {
    const r = await club(argv, now);
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  }
});
afterAll(() => cleanup());

const ESC = 'x\u001b]0;t\u0007';

describe('text with control characters is refused at input, and the store is unchanged', () => {
  it.each([
    ['points add reason with TAB', ['points', 'add', 'm1', '1', '--reason', 'a\tb'], '--reason', 'U+0009', 2],
    ['points deduct reason with ESC', ['points', 'deduct', 'm1', '1', '--reason', ESC], '--reason', 'U+001B', 2],
    ['member warn reason with TAB', ['member', 'warn', 'm1', '--reason', '迟到\t三次'], '--reason', 'U+0009', 3],
    ['member remove reason with a C1 control', ['member', 'remove', 'm1', '--reason', '毕业\u009b'], '--reason', 'U+009B', 3],
    ['leave reason with CR', ['leave', 'm1', '--session', 's1', '--reason', '出差\r加班'], '--reason', 'U+000D', 3],
    ['session cancel reason with a bidi override', ['session', 'cancel', 's1', '--reason', '下雨\u202e'], '--reason', 'U+202E', 3],
    ['task cancel reason with ESC', ['task', 'cancel', 't1', '--reason', ESC], '--reason', 'U+001B', 2],
    ['task title with LF', ['task', 'add', '第一\n第二'], 'TITLE', 'U+000A', 3],
    ['topic proposal with ESC', ['topic', 'propose', 's1', ESC, '--by', 'm1'], 'TOPIC', 'U+001B', 2],
    ['feedback with ESC', ['feedback', 'add', ESC], 'TEXT', 'U+001B', 2],
    ['feedback with a vertical tab on its second line', ['feedback', 'add', '很好\n\u000b但是'], 'TEXT', 'U+000B', 4],
    ['config set name with a bidi override', ['config', 'set', 'name', '读书\u202e会'], 'name', 'U+202E', 3],
    ['member note with DEL', ['member', 'edit', 'm1', '--note', '备注\u007f'], 'note', 'U+007F', 3],
    ['member wechat with ESC', ['member', 'edit', 'm1', '--wechat', 'wx\u001b'], 'wechat', 'U+001B', 3],
    ['survey answer text with ESC', ['survey', 'answer', 'v1', '--member', 'm2', '--answers', JSON.stringify({ q1: 5, q2: 9, q3: '读书分享', q5: ESC })], 'q5', 'U+001B', 2],
  ])('%s: exit 2', async (_name, argv, field, code, position) => {
    const before = snapshot();
    const r = await club(argv as string[], now);
    expect([r.code, r.stdout]).toEqual([2, '']);
    // In the club's language once the store is read, English before that.
    expect(r.stderr).toMatch(new RegExp(`${field}(：第 ${position} 个字符是控制字符 |: control character )${code}`.replace(/[+]/g, '\\+')));
    expect(snapshot()).toEqual(before);
  });

  it('survey take: a text answer with ESC typed at the prompt is refused too', async () => {
    const before = snapshot();
    const r = await club(['survey', 'take', 'v1', '--member', 'm1'], { ...now, tty: true, answers: ['4', '10', '读书分享', ['讲座'], ESC] });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('U+001B');
    expect(snapshot()).toEqual(before);
  });

  it('a multi-line text keeps its line breaks, CRLF stored as LF', async () => {
    const r = await club(['feedback', 'add', '第一行\r\n第二行', '--json'], now);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ text: '第一行\n第二行' });
  });
});

describe('an imported cell with a control character fails its row, and nothing is imported', () => {
  it.each([
    ['member import', ['member', 'import', 'members.csv'], 'members.csv', 'name,phone\n李雷,13800000001\n韩\u001b梅梅,13800000002\n', 3, 'U+001B'],
    ['member import, a reason in the history column', ['member', 'import', 'members.csv'], 'members.csv', `name,warnings\n李雷,"${JSON.stringify([{ at: '2026-01-01T00:00:00Z', reason: 'a\tb', by: null }]).replaceAll('"', '""')}"\n`, 2, 'U+0009'],
    ['survey import, a text answer', ['survey', 'import', 'v1', 'answers.csv'], 'answers.csv', '1、您的姓名,2、对本月活动的整体满意度,6、其他建议\n杨洪勇,4,好\n雅风,5,坏\u001b[2J\n', 3, 'U+001B'],
    ['survey import, the member cell', ['survey', 'import', 'v1', 'answers.csv'], 'answers.csv', '1、您的姓名,2、对本月活动的整体满意度\n杨\u202e洪勇,4\n', 2, 'U+202E'],
    ['checkin list', ['checkin', 's1', '--from-file', 'list.txt'], 'list.txt', '杨洪勇\n雅\u0085风\n', 2, 'U+0085'],
  ])('%s: exit 2', async (_name, argv, file, content, line, code) => {
    writeFileSync(join(dir, file), content);
    const before = snapshot();
    const r = await club(argv, { now: '2026-03-25T20:05:00+08:00' });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(new RegExp(`line ${line}:|第 ${line} 行`));
    expect(r.stderr).toContain(code);
    expect(snapshot()).toEqual(before);
  });
});
