// Text from people never drives the terminal: control characters in feedback, reasons and answers (put in the store
// by hand: commands refuse them at input) are printed as visible \uXXXX escapes, at a real terminal (through
// script(1)) and in every output mode.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visible, visibleAll, visibleBytes } from '../../src/io/visible.js';
import { escapeMarkdown } from '../../src/io/markdown.js';
import { freshClub, type RunOptions, type RunResult } from '../helpers/run.js';

const MARK = 'HOSTILE-TEXT';
const HOSTILE = 'nice\u001b]0;pwned\u0007\u001b[2Jgone\u202eabc\u009b31m';
// Any of these reaching a terminal re-titles it, clears it, reorders a line or starts an 8-bit CSI.
const RAW = /\u001b\]|\u001b\[2J|\u0007|\u202e|\u009b/;

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;

beforeAll(async () => {
  ({ dir, cleanup, club } = await freshClub());
  for (const argv of [
    ['member', 'add', '杨洪勇'],
    ['feedback', 'add', MARK, '--anonymous'],
    ['points', 'add', 'm1', '3', '--reason', MARK],
  ]) expect((await club(argv)).code).toBe(0);
  // Commands refuse such text at input (tests/core/text.test.ts); a store edited by hand or written by an older club
  // may still hold it, and printing it must stay harmless.
  for (const file of readdirSync(join(dir, '.club')).filter((f) => f.endsWith('.json'))) {
    const path = join(dir, '.club', file);
    const text = readFileSync(path, 'utf8');
    if (text.includes(MARK)) writeFileSync(path, text.replaceAll(MARK, JSON.stringify(HOSTILE).slice(1, -1)));
  }
});
afterAll(() => cleanup());

describe('visible()', () => {
  it.each([
    ['plain 杨洪勇', 'plain 杨洪勇'],
    ['a\u001b]0;t\u0007b', 'a\\u001b]0;t\\u0007b'],
    ['\u001b[31mred\u001b[39m', '\u001b[31mred\u001b[39m'],
    ['\u001b[2J', '\\u001b[2J'],
    ['tab\there\nline', 'tab\there\nline'],
    ['cr\rover', 'cr\\u000dover'],
    ['\u202eevil', '\\u202eevil'],
    ['\u009b31m', '\\u009b31m'],
  ])('visible(%j) is %j', (text, shown) => {
    expect(visible(text)).toBe(shown);
  });

  it('visibleAll escapes colour too (files), and bytes without controls are returned as they are', () => {
    expect(visibleAll('\u001b[31mred')).toBe('\\u001b[31mred');
    const clean = Buffer.from('[{"name":"杨洪勇"}]');
    expect(visibleBytes(clean)).toBe(clean);
    expect(Buffer.from(visibleBytes(Buffer.from('{"t":"a\u202eb"}'))).toString()).toBe('{"t":"a\\u202eb"}');
  });

  it('escapeMarkdown shows control characters in reports written to files', () => {
    expect(escapeMarkdown('x\u001b]0;t\u0007')).not.toMatch(RAW);
  });
});

describe('commands print hostile text visibly', () => {
  it.each([
    [['feedback', 'list']],
    [['feedback', 'list', '--json']],
    [['feedback', 'list', '--csv']],
    [['points', 'history', 'm1']],
    [['points', 'history', 'm1', '--json']],
  ])('%j in a pipe and at a terminal', async (argv) => {
    for (const tty of [false, true]) {
      const r = await club(argv, { tty, columns: 100 });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain('\\u001b]0;pwned');
    }
  });

  it('--json data is unchanged: the escapes are JSON escapes of the same characters', async () => {
    const r = await club(['feedback', 'list', '--json']);
    expect(r.json()[0].text).toBe(HOSTILE);
  });

  it('through script(1) at a real terminal, the screen is never re-titled or cleared', () => {
    const bin = join(process.cwd(), 'bin', 'club.js');
    const screen = execFileSync('script', ['-qec', `stty cols 80; node ${bin} feedback list; node ${bin} points history m1`, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, CLUB_NOW: '2026-03-05T20:00:00+08:00', NODE_DISABLE_COMPILE_CACHE: '1', TERM: 'xterm' },
    }).toString('utf8');
    expect(screen).toContain('pwned');
    expect(screen).not.toMatch(RAW);
  });
});

describe('chat-log senders', () => {
  it('a nickname with a bidi mark is read as it is (QQ allows them), matched by QQ, and printed escaped', async () => {
    const { parseChatLog } = await import('../../src/core/attendance/chatlog.js');
    const [message] = parseChatLog('2026-03-05 21:29:58 荆州+\u202e杨洪勇(1023919001)\n签到\n', 'Asia/Shanghai');
    expect([message!.sender, message!.qq]).toEqual(['荆州+\u202e杨洪勇', '1023919001']);
    expect(visible(message!.sender)).toBe('荆州+\\u202e杨洪勇');
  });
});
