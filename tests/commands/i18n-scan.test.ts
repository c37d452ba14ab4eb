// SPEC §13: a zh club hears only Chinese. For the demo club (zh, CJK data) this runs every `club …` line of the
// README's code blocks, the --help of every command and a few wrong usages, and looks for English sentences left in
// what a person reads (stderr, and stdout unless it is JSON or CSV). In-process (tests/helpers/run.ts), in a copy of
// the club per line, a few at a time.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/commands/index.js';
import { run, tempDir } from '../helpers/run.js';

const NOW = '2026-03-05T20:00:00+08:00';
const ENV = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', CLUB_CACHE_DIR: '' };

/** The `club` lines of the README's code blocks (any language), comments cut, `npx` and `$ ` dropped. */
function readmeLines(): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const line of readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n')) {
    if (line.startsWith('```')) {
      inFence = !inFence;
      continue;
    }
    const text = line.trim().replace(/^\$ /, '').replace(/^npx /, '');
    if (inFence && text.startsWith('club ')) lines.push(text.replace(/\s+#\s.*$/, ''));
  }
  return [...new Set(lines)];
}

/** Shell words: spaces split, quotes group and are removed. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/**
 * Lines not run, and why: they need a database, a terminal, a shell (pipes, substitutions, variables), files the
 * README's reader has and the fixture does not, or they leave the club folder.
 */
const SKIPPED: Array<[RegExp, string]> = [
  [/postgres(ql)?:\/\/|\baccess\b|\bstore (copy|upgrade|info)\b|CLUB_STORE|--link\b/, 'needs a PostgreSQL database'],
  [/[|&;<>$`\\]/, 'a shell pipeline, substitution or variable'],
  [/^club demo\b|^club init\b|^club restore\b/, 'creates a club elsewhere (the fixture is made with club demo)'],
  [/^club (survey take|member add)$/, 'a form at a terminal'],
];

function skipReason(line: string): string | null {
  for (const [pattern, reason] of SKIPPED) if (pattern.test(line)) return reason;
  return null;
}

/** Every command's path, for `club <path> --help`. */
async function commandPaths(): Promise<string[][]> {
  const program = new Command('club');
  await registerCommands(program, async () => {}, []);
  const paths: string[][] = [[]];
  const visit = (cmd: Command, prefix: string[]) => {
    const path = [...prefix, cmd.name()];
    paths.push(path);
    cmd.commands.forEach((c) => visit(c, path));
  };
  program.commands.forEach((c) => visit(c, []));
  return paths;
}

const WRONG_USAGES = [
  ['member', 'add'],
  ['member', 'list', '--bogus'],
  ['session', 'add'],
  ['checkin'],
  ['points', 'add', 'm1'],
  ['bogus'],
  ['member', 'lsit'],
  ['report', 'weekly', '--week', 'last'],
  ['member', 'show', 'nobody'],
  ['task', 'done', 't999'],
  ['survey', 'show', 'v999'],
  ['member', 'list', '--json', '--csv'],
];

/**
 * Words that may stand as they are. Kept short: each is a name, not a sentence.
 */
const ALLOWED = [
  /\bclubadmin\b/g, // the package's name
  /\bMarkdown\b/g,
  /\bhledger\b/g, // the accounting program that reads `money export`
  /\bAsia\/\w+/g,
  /\bhint:|\berror:|\bwarning:|\binternal error:/g, // the prefixes of a message, stable for scripts that grep them
  /\bxychart-beta\b/g, // a Mermaid chart's syntax in a Markdown report
  /^\s*\$ .*$/g, // an example command line in --help
];

/** What is left of `text` once ids, dates, numbers, commands, flags, paths, URLs, emails and the fixture's data are removed. */
export function strip(text: string, data: readonly string[]): string {
  let s = text;
  for (const d of data) if (d) s = s.split(d).join(' ');
  for (const re of ALLOWED) s = s.replace(re, ' ');
  return (
    s
      .replace(/https?:\/\/\S+|postgres(ql)?:\/\/\S+/g, ' ')
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
      // a command line to type: `club` and what follows it up to a Chinese character or sentence punctuation
      .replace(/\bclub\b[^\u3000-\u9fff\uff00-\uffef\n]*/g, ' ')
      .replace(/(^|\s)-{1,2}[\w-]+(=\S*)?/g, ' ')
      .replace(/(^|[\s(（"'“])[~.]?\/?[\w.-]*\/[\w./-]*/g, ' ')
      .replace(/\b[\w-]+\.(md|txt|html|json|csv|xlsx|ics|png|svg|hbs|yml|yaml|ts|js)\b/g, ' ')
      .replace(/\b\d[\d\-:TWQ+.]*\b/g, ' ')
      .replace(/\b[a-z]\d+\b/g, ' ')
      // placeholders in usage lines: MEMBER, TEXT, <name>, [options]
      .replace(/<[^>\n]*>|\[[^\]\n]*\]|\b[A-Z][A-Z_]+\b/g, ' ')
  );
}

/** Two or more English words of three or more letters in a row: a sentence left in English. */
export function englishRuns(text: string): string[] {
  return [...text.matchAll(/\b[A-Za-z]{3,}(?:(?:[ \t]+|,[ \t]+|'|-)[A-Za-z]{3,})+\b/g)].map((m) => m[0]);
}

describe('a zh club speaks Chinese (README lines, --help, wrong usages)', () => {
  let fixture: { dir: string; cleanup: () => void };
  let club: string;
  let data: string[];
  beforeAll(async () => {
    fixture = tempDir('club-i18n-scan-');
    const demo = await run(fixture.dir, ['demo', 'club'], { env: ENV, now: NOW });
    expect(demo.code, demo.stderr).toBe(0);
    club = join(fixture.dir, 'club');
    // The fixture's own data (names, titles, places…) may be in any language.
    const dump = await run(club, ['member', 'export', '--json'], { env: ENV, now: NOW });
    expect(dump.code, dump.stderr).toBe(0);
    const sessions = await run(club, ['session', 'list', '--json'], { env: ENV, now: NOW });
    expect(sessions.code, sessions.stderr).toBe(0);
    // The audit log's summaries are records too, written when the change was made.
    const log = await run(club, ['log', '--json'], { env: ENV, now: NOW });
    expect(log.code, log.stderr).toBe(0);
    data = [...dump.json(), ...sessions.json(), ...log.json()]
      .flatMap((r: Record<string, unknown>) => Object.values(r))
      .filter((v): v is string => typeof v === 'string' && v.length > 2 && !/^[a-z]+$/.test(v));
  }, 120_000);
  afterAll(() => fixture?.cleanup());

  const lines = readmeLines();
  const runnable = lines.filter((l) => skipReason(l) === null);

  it('skips only what needs a database, a terminal or a shell', () => {
    const skipped = lines.filter((l) => skipReason(l) !== null).map((l) => `${skipReason(l)}: ${l}`);
    expect(runnable.length).toBeGreaterThan(100);
    expect(skipped.length).toBeLessThan(lines.length / 4);
  });

  it('has no English sentence left in what a person reads', async () => {
    const paths = await commandPaths();
    const runs: string[][] = [
      ...runnable.map((l) => words(l).slice(1)),
      ...paths.map((p) => [...p, '--help']),
      ...WRONG_USAGES,
    ];
    const found: string[] = [];
    const batch = 4;
    for (let i = 0; i < runs.length; i += batch) {
      await Promise.all(
        runs.slice(i, i + batch).map(async (argv, j) => {
          // Each line in its own copy of the club: one line's change does not decide the next one's output.
          const dir = join(fixture.dir, `run-${i + j}`);
          cpSync(club, dir, { recursive: true });
          const r = await run(dir, argv, { env: ENV, now: NOW });
          // JSON, CSV and files are for programs; `--lang en` asks for an English report.
          const machine = argv.includes('--json') || argv.includes('--csv') || argv.includes('--out') || argv.join(' ').includes('--lang en');
          const readable = machine ? r.stderr : `${r.stdout}\n${r.stderr}`;
          for (const line of readable.split('\n')) {
            const left = englishRuns(strip(line, data));
            if (left.length) found.push(`club ${argv.join(' ')}\n    ${line.trim()}\n    → ${left.join(' | ')}`);
          }
        }),
      );
    }
    expect(found, `${found.length} English lines:\n${found.join('\n')}`).toEqual([]);
  }, 300_000);
});

describe('the English detector', () => {
  it.each([
    ['no member matches Bob', ['member matches Bob']],
    ['未找到成员 m12（杨洪勇）', []],
    ['提示：运行 club member list --all 查看全部', []],
    ['文件 ~/reports/week.md 已写入', []],
    ['error: 没有会话 s99', []],
  ])('%s', (line, expected) => {
    expect(englishRuns(strip(line, []))).toEqual(expected);
  });
});
