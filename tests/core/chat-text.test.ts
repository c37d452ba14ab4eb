// Chat text (src/io/chat-text.ts): values made one line, lines at most 40 display columns, Chinese broken between
// characters but never before closing punctuation or inside an @mention.
import { beforeAll, describe, expect, it } from 'vitest';
import { CHAT_WIDTH, chatLine, layoutChat, widestLine } from '../../src/io/chat-text.js';
import { displayWidth, loadWidths } from '../../src/io/width.js';

// These measure emoji and CJK synchronously: string-width is loaded lazily by the commands (width.ts).
beforeAll(loadWidths);

describe('chatLine', () => {
  it.each([
    ['杨洪勇', '杨洪勇'],
    ['雅风\n@全体成员', '雅风 @全体成员'],
    ['a\r\n\tb\u2028c', 'a b c'],
    ['\x1b[2J清屏\x07', '[2J清屏'],
    ['\u202eevil\u2066', 'evil'],
    ['  **粗体**  ', '**粗体**'],
    [null, ''],
    [12, '12'],
  ])('%j → %j', (value, expected) => {
    expect(chatLine(value)).toBe(expected);
  });
});

describe('layoutChat', () => {
  it('breaks Chinese between characters, keeping punctuation with the character before it', () => {
    expect(layoutChat('请假：每人每周可请假 1 次，请提前告知管理员，谢谢大家的配合。')).toBe('请假：每人每周可请假 1 次，请提前告知管\n理员，谢谢大家的配合。');
    expect(layoutChat('一二三四五六七八九十一二三四五六七八九十，十')).toBe('一二三四五六七八九十一二三四五六七八九\n十，十');
  });

  it('keeps an @mention on one line', () => {
    expect(layoutChat('以下成员未到：@荆州+杨洪勇 @雅风 @王芳芳芳 @李雷和韩梅梅')).toBe('以下成员未到：@荆州+杨洪勇 @雅风\n@王芳芳芳 @李雷和韩梅梅');
  });

  it('hangs continuation lines under an indented line, and keeps at most one blank line', () => {
    expect(layoutChat('\n\n  · Overdue: write the summary of the spring reading session\n\n\n\nend\n\n')).toBe('  · Overdue: write the summary of the\n  spring reading session\n\nend');
  });

  it('breaks a word longer than the line', () => {
    const long = 'x'.repeat(95);
    expect(layoutChat(long).split('\n')).toEqual(['x'.repeat(40), 'x'.repeat(40), 'x'.repeat(15)]);
  });

  // Hostile names and titles: whatever a field holds, once made one line and laid out, no line is wider than 40
  // columns and no field starts a line of its own.
  it('keeps every line within 40 columns for hostile fields', () => {
    const pieces = ['杨洪勇', 'Ya Feng', '👩‍👩‍👧', '①②③', '°C', 'Ωμέγα', '\n', '\r', '\t', '\x1b[31m', '\u202e', '**', '# ', '- ', '`', '|', '@', '，', '。', '（', '）', '《', '》', ' ', 'supercalifragilistic', 'ｗｉｄｅ', 'ﾊﾝｶｸ', '한국어', 'e\u0301'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 500; i++) {
      const field = Array.from({ length: 1 + Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const line = chatLine(field);
      expect(line).not.toMatch(/[\n\r\t\x1b\u202e]/);
      const text = layoutChat(`主持：@${line}\n【${line}】\n  · ${line}（截止 3月7日 周六）`);
      for (const l of text.split('\n')) expect(displayWidth(l), JSON.stringify(l)).toBeLessThanOrEqual(CHAT_WIDTH);
      expect(text.split('\n').length).toBeGreaterThanOrEqual(3);
      expect(widestLine(text)).toBeLessThanOrEqual(CHAT_WIDTH);
    }
  });
});
