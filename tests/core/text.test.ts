// The one pair of checks every person-typed or imported text goes through before it is stored (src/core/text.ts).
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { multiLineText, oneLineAt, oneLineText } from '../../src/core/text.js';
import { t } from '../../src/i18n/index.js';

/** The error message, or the accepted value. */
function outcome(fn: () => string): string {
  try {
    return `ok ${JSON.stringify(fn())}`;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return err.message;
  }
}

describe('oneLineText', () => {
  it.each([
    ['plain', '杨洪勇 出差', 'ok "杨洪勇 出差"'],
    ['trimmed, tabs and line breaks around it too', ' \t出差\r\n', 'ok "出差"'],
    ['NFC', 'e\u0301', 'ok "é"'],
    ['TAB inside', 'a\tb', 'invalid --reason: control character U+0009 at position 2'],
    ['LF inside', 'a\nb', 'invalid --reason: control character U+000A at position 2'],
    ['CR inside', 'a\rb', 'invalid --reason: control character U+000D at position 2'],
    ['ESC (position counted from what was typed)', '  abcd\u001b]0;t\u0007', 'invalid --reason: control character U+001B at position 7'],
    ['NUL', 'a\u0000', 'invalid --reason: control character U+0000 at position 2'],
    ['DEL', '\u007fx', 'invalid --reason: control character U+007F at position 1'],
    ['C1 CSI', 'x\u009b31m', 'invalid --reason: control character U+009B at position 2'],
    ['C1 first', '\u0080x', 'invalid --reason: control character U+0080 at position 1'],
    ['C1 last', 'x\u009f', 'invalid --reason: control character U+009F at position 2'],
    ['bidi embedding', 'x\u202ay', 'invalid --reason: control character U+202A at position 2'],
    ['bidi override', '杨\u202e勇', 'invalid --reason: control character U+202E at position 2'],
    ['bidi isolate', '\u2066x', 'invalid --reason: control character U+2066 at position 1'],
    ['bidi isolate end', 'x\u2069', 'invalid --reason: control character U+2069 at position 2'],
    ['characters around the ranges pass', '\u00a0x\u202f\u2065\u206a\u200b', 'ok "x\u202f\u2065\u206a\u200b"'],
    ['astral characters count once', '😀😀\u001b', 'invalid --reason: control character U+001B at position 3'],
  ])('%s', (_name, value, expected) => {
    expect(outcome(() => oneLineText('--reason', value))).toBe(expected);
  });

  it('refuses more than max characters, counted in characters', () => {
    expect(outcome(() => oneLineText('TITLE', '读'.repeat(5), 5))).toBe('ok "读读读读读"');
    expect(outcome(() => oneLineText('TITLE', '读'.repeat(6), 5))).toBe('invalid TITLE: at most 5 characters (got 6)');
  });

  it('names the line of a file', () => {
    expect(outcome(() => oneLineAt(7, 'name', 'a\u001bb'))).toBe('line 7: invalid name: control character U+001B at position 2');
  });

  it('speaks Chinese in a zh store, with the same code and position', () => {
    let message = '';
    try {
      oneLineText('--reason', 'a\tb');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(t('text.control', { field: '--reason', code: 'U+0009', position: 2 }));
    expect(t('text.control', { field: '--reason', code: 'U+0009', position: 2 }, 'zh')).toBe('无效的 --reason：第 2 个字符是控制字符 U+0009');
  });
});

describe('survey definitions', () => {
  it('refuse a control character in the title, a question or an option, naming where', async () => {
    const { validateDefinition } = await import('../../src/core/surveys/definition.js');
    const base = { title: '满意度', questions: [{ id: 'q1', type: 'choice', text: '形式', options: ['讨论', '分享'] }] };
    expect(outcome(() => validateDefinition(base).title)).toBe('ok "满意度"');
    expect(outcome(() => validateDefinition({ ...base, title: '满意\u001b度' }).title)).toBe('invalid survey title: control character U+001B at position 3');
    expect(outcome(() => validateDefinition({ ...base, questions: [{ ...base.questions[0], text: '形\u202e式' }] }).title)).toBe('invalid questions[0] (q1).text: control character U+202E at position 2');
    expect(outcome(() => validateDefinition({ ...base, questions: [{ ...base.questions[0], options: ['讨论', '分\t享'] }] }).title)).toBe('invalid questions[0] (q1).options[1]: control character U+0009 at position 2');
  });
});

describe('multiLineText', () => {
  it.each([
    ['keeps LF', '第一行\n第二行', 'ok "第一行\\n第二行"'],
    ['CRLF and CR become LF', 'a\r\nb\rc', 'ok "a\\nb\\nc"'],
    ['trimmed', '\n a \n', 'ok "a"'],
    ['TAB kept (indented Markdown)', 'a\n\tb', 'ok "a\\n\\tb"'],
    ['ESC refused', 'x\u001b]0;t\u0007', 'invalid TEXT: control character U+001B at position 2'],
    ['C1 refused', 'x\u0085', 'invalid TEXT: control character U+0085 at position 2'],
    ['bidi refused', 'x\n\u2067y', 'invalid TEXT: control character U+2067 at position 3'],
  ])('%s', (_name, value, expected) => {
    expect(outcome(() => multiLineText('TEXT', value))).toBe(expected);
  });
});
