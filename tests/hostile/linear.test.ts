// Parsers of text from people run in time linear in their input: a line of 200,000 spaces is parsed in about the
// time of reading it, not in minutes (the old patterns backtracked quadratically: 60 KB took 3 s).
import { describe, expect, it } from 'vitest';
import { parseChatLog } from '../../src/core/attendance/chatlog.js';
import { validateAnswers } from '../../src/core/surveys/answers.js';

const N = 200_000;

/** The time of `fn` on an input of `n` units, in ms (the best of three, so a busy machine does not decide). */
const timeOf = (fn: (n: number) => unknown, n: number) => {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fn(n);
    best = Math.min(best, performance.now() - t);
  }
  return best;
};

describe('linear-time parsing of hostile text', () => {
  it('a chat log line of spaces', () => {
    const log = (n: number) => `2026-03-03 21:29:58 杨洪勇(1023919001)\n签到${' '.repeat(n)}x\n${' '.repeat(n)}\n`;
    const messages = parseChatLog(log(10), 'Asia/Shanghai');
    expect(messages.map((m) => m.sender)).toEqual(['杨洪勇']);
    // Quadratic work would make 20x the input cost about 400x the time; linear about 20x. 100x separates them.
    const small = timeOf((n) => parseChatLog(log(n), 'Asia/Shanghai'), N / 20);
    const large = timeOf((n) => parseChatLog(log(n), 'Asia/Shanghai'), N);
    expect(large).toBeLessThan(Math.max(small, 1) * 100);
  });

  it('a rating cell of spaces', () => {
    const questions = [{ id: 'q1', type: 'rating', text: 'r', scale: 5, required: true }];
    expect(validateAnswers(questions as never, { q1: ' 4 分 ' })).toEqual({ q1: 4 });
    const answer = (n: number) => {
      try {
        return validateAnswers(questions as never, { q1: `1${' '.repeat(n)}x` });
      } catch (err) {
        return err;
      }
    };
    expect(answer(3)).toBeInstanceOf(Error);
    const small = timeOf(answer, N / 20);
    const large = timeOf(answer, N);
    expect(large).toBeLessThan(Math.max(small, 1) * 100);
  });
});
