// Input edges: values that look almost right are refused with exit 2 naming what was typed, and change nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDateInput, parseImportedDate, parseIsoInstant } from '../../src/core/time.js';
import { hasVisibleText } from '../../src/core/words.js';
import { freshClub, type RunResult, type RunOptions } from '../helpers/run.js';
import { englishMessages } from '../helpers/lang.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;

beforeAll(async () => {
  ({ dir, cleanup, club } = englishMessages(await freshClub()));
  const added = await club(['member', 'add', '杨洪勇']);
  expect(added.code).toBe(0);
});
afterAll(() => cleanup());

const members = async () => (await club(['member', 'list', '--json'])).json().map((m: { id: string }) => m.id);

describe('dates that do not exist', () => {
  it.each([
    ['2026-02-30T10:00:00+08:00', null],
    ['2026-04-31T10:00:00Z', null],
    ['2026-03-05T24:30:00+08:00', null],
    ['2026-03-05T21:60:00+08:00', null],
    ['2026-03-05T21:30:00+08:00', '2026-03-05T13:30:00.000Z'],
    ['2028-02-29T00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('parseIsoInstant(%s) is %s', (text, iso) => {
    expect(parseIsoInstant(text)?.toISOString() ?? null).toBe(iso);
  });

  it('a date typed or imported as 02-30 is refused, not rolled over to March', () => {
    const clock = { now: new Date('2026-03-05T12:00:00Z'), tz: 'Asia/Shanghai' };
    expect(parseDateInput('2026-02-30T10:00:00+08:00', clock)).toBeNull();
    expect(parseImportedDate('2026-02-30T10:00:00+08:00', 'Asia/Shanghai')).toBeNull();
  });

  it('CLUB_NOW=2026-02-30T… exits 2 naming the value', async () => {
    const r = await club(['member', 'list'], { env: { CLUB_NOW: '2026-02-30T10:00:00+08:00' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid CLUB_NOW: "2026-02-30T10:00:00+08:00"');
  });

  it('--month 0000-01 exits 2 naming what was typed', async () => {
    const r = await club(['report', 'monthly', '--month', '0000-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --month: "0000-01"');
    expect(r.stderr).not.toContain('-1-12');
  });
});

describe('text that prints as nothing', () => {
  it.each([
    ['\u200b\u200b', false],
    ['\u3000 \u00a0', false],
    ['\u200d\ufeff\u2060', false],
    ['\u3164', false],
    ['雅风', true],
    ['a\u200b', true],
  ])('hasVisibleText(%j) is %s', (text, visible) => {
    expect(hasVisibleText(text)).toBe(visible);
  });

  it('a member name or session title of zero-width characters is refused with exit 2', async () => {
    const before = await members();
    const name = await club(['member', 'add', '\u200b\u200b']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('invalid name');
    const title = await club(['session', 'add', '\u200d', '--at', '2026-03-10 21:30']);
    expect(title.code).toBe(2);
    expect(title.stderr).toContain('invalid TITLE');
    expect(await members()).toEqual(before);
  });
});

describe('arguments that are not UTF-8', () => {
  it('exit 2 naming the argument instead of storing U+FFFD', async () => {
    // Node turns the bytes of a GBK-encoded argument into U+FFFD: that is what the CLI receives.
    const before = await members();
    const r = await club(['member', 'add', '\uFFFD\uFFFD'], { env: { CLUB_LANG: 'zh' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/第 3 个参数不是 UTF-8 文本/); // a zh club says it in Chinese (SPEC §14)
    expect(await members()).toEqual(before);
  });
});

describe('imported ids beyond what the counter holds exactly', () => {
  it('m99999999999999999999 is refused with exit 2, and the next member add gets the next small id', async () => {
    const file = join(dir, 'roster.csv');
    writeFileSync(file, 'name,id\n雅风,m99999999999999999999\n');
    const r = await club(['member', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid id "m99999999999999999999"');
    const next = await club(['member', 'add', '荆州', '--json']);
    expect(next.code).toBe(0);
    expect(next.json().id).toBe('m2');
  });
});
