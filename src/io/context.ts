// What every command gets: streams, clock, prompter, colours and a way to open the store. Built once per run by
// src/cli.ts from the real process, and by tests from in-memory streams, a scripted prompter and a fixed clock.
import { userInfo } from 'node:os';
import { UsageError } from '../core/errors.js';
import { parseIsoInstant } from '../core/time.js';
import type { Store } from '../store/types.js';
import type { StoreFs } from '../store/fs.js';
import type { Prompter } from './prompter.js';
import type { Style } from './style.js';
import { t } from '../i18n/index.js';

export interface Context {
  /** Data output (stdout). */
  out: (text: string | Uint8Array) => void;
  /** Messages, warnings, progress (stderr). */
  err: (text: string) => void;
  /** The stderr stream itself, for progress bars at a terminal; absent in tests. */
  errStream: NodeJS.WriteStream | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: Date;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is a terminal (tables fit it); undefined otherwise. */
  columns: number | undefined;
  style: Style;
  prompter: Prompter;
  fs: StoreFs;
  actor: string;
  /**
   * The database login running the command, once a database store is open (null on a folder store, and before
   * openStore): four-eyes rules compare logins on a database (see actorKey in src/core/activities/actor.ts).
   */
  login?: string | null;
  /** The command line for the audit log: as typed, with names, contacts and free text replaced by `…`. */
  command: string;
  storeFlag: string | undefined;
  /** Opens the store this run uses (SPEC §2); fails with exit 3 when there is none. */
  openStore(): Promise<Store>;
  /** True when a prompt may be shown: both stdin and stdout are terminals and neither --yes nor --json was given. */
  canPrompt: boolean;
  warn(message: string): void;
  /** Reads all of stdin (for `-` file arguments). */
  readStdin(): Promise<Buffer>;
}

/** `CLUB_NOW` fixes the current time for the whole run (SPEC §3). */
export function resolveNow(env: NodeJS.ProcessEnv, real: () => Date): Date {
  const fixed = env.CLUB_NOW;
  if (fixed === undefined || fixed === '') return real();
  const date = parseIsoInstant(fixed);
  if (!date) {
    throw new UsageError(t('store.invalidClubNowExpected', { fixed: JSON.stringify(fixed) }));
  }
  return date;
}

/** --by, else $CLUB_ACTOR, else the OS user. */
export function resolveActor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const named = flag ?? env.CLUB_ACTOR;
  if (named !== undefined && named.trim()) return named.trim();
  try {
    return userInfo().username || 'unknown';
  } catch {
    return env.USER ?? 'unknown';
  }
}

/** A prompt was needed and cannot be shown: exit 2 naming what is missing. */
export function requireInteractive(ctx: Context, missing: string): void {
  if (!ctx.canPrompt) throw new UsageError(t('store.missing', { missing }), t('store.giveItOnThe'));
}
