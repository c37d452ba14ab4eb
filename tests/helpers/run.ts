// Runs club in-process against a real store in a temp directory, with in-memory streams, a fixed clock and a
// scripted prompter: the command-test context of STYLE.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliDeps } from '../../src/cli.js';
import { CancelledError } from '../../src/core/errors.js';
import type { Prompter } from '../../src/io/prompter.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

export interface RunOptions {
  tty?: boolean;
  now?: string;
  answers?: unknown[];
  env?: Record<string, string>;
  stdin?: string;
  /** The terminal's width, with tty. */
  columns?: number;
  /** Receives the options of every prompt shown (message, choices…), to check what was offered. */
  offered?: unknown[];
  /** Opens the store instead of the real opener (e.g. one whose identity() answers another role: helpers/roles.ts). */
  openStore?: CliDeps['openStore'];
}

/** A prompter that returns scripted answers in order; `CANCEL` acts like Ctrl-C. */
export const CANCEL = Symbol('cancel');

export function scriptedPrompter(answers: unknown[], offered: unknown[] = []): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async (message: string, options?: unknown): Promise<any> => {
    asked.push(message);
    offered.push(options);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    const answer = answers.shift();
    if (answer === CANCEL) throw new CancelledError('cancelled');
    return answer;
  };
  return {
    asked,
    input: (o) => next(o.message, o),
    select: (o) => next(o.message, o),
    checkbox: (o) => next(o.message, o),
    searchCheckbox: (o) => next(o.message, o),
    confirm: (o) => next(o.message, o),
  };
}

export function tempDir(prefix = 'club-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function run(cwd: string, argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty ?? false;
  const code = await runCli(argv, {
    out: (s) => {
      stdout += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    },
    err: (s) => {
      stderr += s;
    },
    env: { CLUB_NOW: options.now ?? '2026-03-05T20:00:00+08:00', CLUB_ACTOR: 'tester', ...options.env },
    cwd,
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdoutColumns: options.columns,
    prompter: scriptedPrompter(options.answers ?? [], options.offered),
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    ...(options.openStore ? { openStore: options.openStore } : {}),
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** A fresh store in a temp dir (Asia/Shanghai, zh). */
export async function freshClub(): Promise<{ dir: string; cleanup: () => void; club: (argv: string[], o?: RunOptions) => Promise<RunResult> }> {
  const t = tempDir();
  const init = await run(t.dir, ['init', '--name', '测试读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { ...t, club: (argv, o) => run(t.dir, argv, o) };
}

/** `club` of freshClub() with every run checked: exit 0, the command line named when it is not. */
export function succeeding(club: (argv: string[], o?: RunOptions) => Promise<RunResult>, options: RunOptions): (argv: string[]) => Promise<RunResult> {
  return async (argv) => {
    const r = await club(argv, options);
    expect([argv.join(' '), r.code, r.stderr]).toEqual([argv.join(' '), 0, expect.any(String)]);
    return r;
  };
}
