// The entry point: builds the commander program (command modules load only when their command runs), creates the
// context, renders the command's output, and maps every error to its exit code. The only place that sets the
// process's exit code.
import { Command, CommanderError } from 'commander';
import { fstatSync, statSync, writeSync } from 'node:fs';
import { ClubError, EXIT, StoreError, UsageError } from './core/errors.js';
import type { Context } from './io/context.js';
import { resolveActor, resolveNow } from './io/context.js';
import type { Format, Output } from './io/output.js';
import type { Prompter } from './io/prompter.js';
import type { StoreFs } from './store/fs.js';
import type { OpenOptions } from './store/open.js';
import type { Store } from './store/types.js';
import { commandWord, registerCommands } from './commands/index.js';
import type { Invoke, Loader } from './commands/define.js';
import { VERSION } from './version.js';
import { visible, visibleBytes } from './io/visible.js';
import { t, useClubLang, useEnvLang } from './i18n/index.js';
import { localizeCommanderMessage, localizeProgram, useHelpWidth } from './i18n/commander.js';

export interface CliDeps {
  out: (text: string | Uint8Array) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The width of the terminal stdout is, asked only when stdout is one. */
  stdoutColumns?: number | undefined;
  /** Defaults to the real clock. */
  clock?: () => Date;
  prompter?: Prompter;
  fs?: StoreFs;
  readStdin?: () => Promise<Buffer>;
  errStream?: NodeJS.WriteStream;
  /** Opens the store a command uses; defaults to store/open.ts (tests give one that answers another identity). */
  openStore?: (options: OpenOptions) => Promise<Store>;
}

/** Runs one command line in-process and returns its exit code. */
export async function runCli(argv: string[], given: CliDeps): Promise<number> {
  // Everything printed goes through the terminal's one door (io/visible.ts).
  const deps: CliDeps = Object.create(given, {
    out: { value: (text: string | Uint8Array) => given.out(typeof text === 'string' ? visible(text) : visibleBytes(text)) },
    err: { value: (text: string) => given.err(visible(text)) },
  });
  const wantsJson = argv.includes('--json');
  useEnvLang(deps.env);
  // The club's language from the first message on, help and usage errors included (SPEC §14): a folder store's
  // setting or a link folder's copy, read before the commands are declared. Not for `club --version`.
  if (!deps.env.CLUB_LANG && !argv.includes('--version') && !argv.includes('-V')) {
    const lang = (await import('./store/locate.js')).storeLang({ flag: storeFlagOf(argv), env: deps.env.CLUB_STORE, cwd: deps.cwd });
    if (lang) useClubLang(lang);
  }
  let exitCode: number = EXIT.ok;
  const fail = (err: unknown): void => {
    exitCode = reportError(err, deps, wantsJson);
  };

  const invoke: Invoke = async (load: Loader, args: unknown[], command: Command) => {
    const opts = command.optsWithGlobals() as Record<string, unknown>;
    const opened: Store[] = [];
    try {
      await runCommand(load, args, command, opts, opened);
    } finally {
      // Every store a run opened is closed, whether the command succeeded or failed. A store that fails to close has
      // nothing left to commit: the command's own outcome stands.
      await Promise.allSettled(opened.map((store) => store.close()));
    }
  };

  const runCommand = async (load: Loader, args: unknown[], command: Command, opts: Record<string, unknown>, opened: Store[]) => {
    const ctx = await createContext(argv, opts, deps, command, args, opened);
    if (opts.json && opts.csv) throw new UsageError(t('cli.jsonAndCsv'));
    const format: Format = opts.json ? 'json' : opts.csv ? 'csv' : 'table';
    const mod = await load();
    const output: Output | void = await mod.default(ctx, args, opts);
    if (output) {
      const { emit } = await import('./io/output.js');
      // The width is asked only when a table is printed: at a terminal, asking creates process.stdout.
      await emit(output, format, {
        out: ctx.out,
        err: ctx.err,
        style: ctx.style,
        bom: Boolean(opts.bom),
        get width() {
          return ctx.columns;
        },
      });
    }
  };

  const program = localizeProgram(new Command('club'));
  program
    .description(t('cli.help.program'))
    .version(VERSION, '-V, --version', t('cli.help.version'))
    .option('--store <dir>', t('cli.help.store'))
    .option('--by <name>', t('cli.help.by'))
    .option('--no-color', t('cli.help.noColor'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out(s),
      writeErr: (s) => deps.err(s),
      // Usage errors in --json mode are reported by reportError as JSON; keep stderr's copy for people.
      outputError: (s, write) => write(localizeCommanderMessage(s)),
    });
  program.addHelpText(
    'after',
    `
${t('cli.help.examples')}
  $ club init --name "读书会" --lang zh --timezone Asia/Shanghai
  $ club member add 王小明 --nick "荆州+小明" --qq 123456789
  $ club member list --json | jq '.[].name'

${t('cli.help.exitCodes')}
${t('cli.help.docs')}`,
  );
  await registerCommands(program, invoke, argv);
  // Help is laid out by display width (Chinese text takes two columns): loaded only for a run that may print it.
  if (mayPrintHelp(argv, program)) {
    const widths = await import('./io/width.js');
    await widths.loadWidths();
    useHelpWidth(widths);
  }

  // Node decodes arguments as UTF-8 and turns bytes that are not into U+FFFD: storing that would lose the text.
  const garbled = argv.findIndex((arg) => arg.includes('\uFFFD'));
  if (garbled >= 0) {
    fail(new UsageError(t('cli.argNotUtf8', { n: garbled + 1, arg: JSON.stringify(argv[garbled]) }), t('cli.argNotUtf8.hint')));
    return exitCode;
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      // commander has already printed its message to stderr.
      if (wantsJson) deps.out(`${JSON.stringify({ error: { code: 'usage', message: localizeCommanderMessage(err.message).replace(/^error: /, '') } })}\n`);
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    fail(err);
  }
  return exitCode;
}

/** The command's path as typed after `club`: `member add`, `checkin`, `config set`. */
export function commandPath(leaf: Command): string {
  const names: string[] = [];
  for (let c: Command | null = leaf; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

async function createContext(argv: string[], opts: Record<string, unknown>, deps: CliDeps, leaf: Command, args: unknown[], opened: Store[]): Promise<Context> {
  // Loaded here, not at start-up: `club --version` and `--help` need none of it.
  const { createStoreFs, parseFaultPlan } = await import('./store/fs.js');
  const { colorWanted, createStyle } = await import('./io/style.js');
  const [{ useZoneRules }, { systemZoneRules }, { auditCommandLine }] = await Promise.all([import('./core/time.js'), import('./io/zoneinfo.js'), import('./io/audit-command.js')]);
  useZoneRules(systemZoneRules(deps.env));
  const fs = deps.fs ?? createStoreFs(parseFaultPlan(deps.env.CLUB_FAULTS));
  const color = colorWanted({ env: deps.env, stdoutIsTTY: () => deps.stdoutIsTTY, flag: opts.color !== false });
  const style = await createStyle(color);
  const now = resolveNow(deps.env, deps.clock ?? (() => new Date()));
  const actor = resolveActor(typeof opts.by === 'string' ? opts.by : undefined, deps.env);
  // Recorded in the audit log and the lock owner: ids and plain values only, never names, contacts or free text.
  const command = auditCommandLine(argv, leaf);
  const storeFlag = typeof opts.store === 'string' ? opts.store : undefined;
  const warn = (message: string) => deps.err(`${style.yellow('warning:')} ${message}\n`);
  // The terminal questions are getters: main() answers them only when asked, which --json and pipes never do.
  const ctx: Context = {
    out: deps.out,
    err: deps.err,
    get errStream() {
      return deps.errStream;
    },
    env: deps.env,
    cwd: deps.cwd,
    now,
    get stdinIsTTY() {
      return deps.stdinIsTTY;
    },
    get stdoutIsTTY() {
      return deps.stdoutIsTTY;
    },
    get stderrIsTTY() {
      return deps.stderrIsTTY;
    },
    get columns() {
      return deps.stdoutIsTTY ? deps.stdoutColumns : undefined;
    },
    style,
    prompter: deps.prompter ?? (await import('./io/prompter.js')).createInquirerPrompter(),
    fs,
    actor,
    command,
    storeFlag,
    get canPrompt() {
      return !opts.yes && !opts.json && deps.stdinIsTTY && deps.stdoutIsTTY;
    },
    warn,
    readStdin: deps.readStdin ?? (() => Promise.reject(new UsageError(t('cli.noStdin')))),
    openStore: async () => {
      const open = deps.openStore ?? (await import('./store/open.js')).openStore;
      const store = await open({ flag: storeFlag, env: deps.env, cwd: deps.cwd, fs, actor, command, now, warn, onBehalf: onBehalfOf(opts.by, deps.env) });
      opened.push(store);
      // Who may run what (SPEC §14): refused before the command reads or writes anything. A folder store's runner is
      // its owner, who may run everything.
      const { assertMayRun } = await import('./core/command-roles.js');
      const identity = await store.identity();
      assertMayRun(commandPath(leaf), args, opts, identity);
      // On a database the person is the login (SPEC §8): records name it, unless --by says on whose behalf.
      if (store.kind === 'postgres' && onBehalfOf(opts.by, deps.env) === null) ctx.actor = identity.user;
      ctx.login = store.kind === 'postgres' ? identity.user : null;
      return store;
    },
  };
  return ctx;
}

/** Whether a run may print help: asked for, or a command line that names no command to run (`club`, `club member`). */
/**
 * Whether commander may print help: asked for, a bare `club` (or `club --store X`), or a group such as `club member`
 * without its subcommand. Not `--version`, nor a one-word command such as `club check` (string-width costs about a
 * `node -e 0` to load).
 */
export function mayPrintHelp(argv: readonly string[], program: Command): boolean {
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === 'help')) return true;
  const word = commandWord(argv);
  if (word === undefined) return !argv.includes('--version') && !argv.includes('-V');
  const command = program.commands.find((c) => c.name() === word || c.aliases().includes(word));
  if (!command || command.commands.length === 0) return false;
  return commandWord(argv.slice(argv.indexOf(word) + 1)) === undefined;
}

/** The value of the global --store in a command line (`--store X` or `--store=X`), before commander has parsed it. */
function storeFlagOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return undefined;
    if (argv[i] === '--store') return argv[i + 1];
    if (argv[i]!.startsWith('--store=')) return argv[i]!.slice('--store='.length);
  }
  return undefined;
}

/** Who a change is made for, when said (--by, $CLUB_ACTOR): a database store records it beside the login. */
function onBehalfOf(flag: unknown, env: NodeJS.ProcessEnv): string | null {
  const named = typeof flag === 'string' ? flag : env.CLUB_ACTOR;
  return named !== undefined && named.trim() ? named.trim() : null;
}

function reportError(err: unknown, deps: CliDeps, json: boolean): number {
  // The zone in store.json is checked by shape on every read and in full by club check; a bad one that got past
  // the shape check surfaces here, when the first date is computed.
  if (err instanceof RangeError && /time ?zone/i.test(err.message)) {
    err = new StoreError('store_invalid', t('cli.badZone', { message: err.message }), 'club config set timezone Asia/Shanghai');
  }
  const io = systemError(err);
  if (io) err = io;
  if (err instanceof ClubError) {
    if (json) deps.out(`${JSON.stringify({ error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) } })}\n`);
    deps.err(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
    return err.exitCode;
  }
  // A bug, not a user error: show the stack so it can be reported.
  const e = err as Error;
  if (json) deps.out(`${JSON.stringify({ error: { code: 'internal', message: e.message } })}\n`);
  deps.err(`internal error: ${e.stack ?? String(e)}\n`);
  return EXIT.internal;
}

/**
 * A failed system call that no command mapped (a full disk, an I/O error, a file where a folder belongs): not a bug
 * but the machine's state, so exit 3 with one line naming the path, never a stack.
 */
function systemError(err: unknown): StoreError | null {
  if (!(err instanceof Error) || err instanceof ClubError) return null;
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (typeof e.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return null;
  // Real errors carry the path; the fault seam's say it in parentheses.
  const path = e.path ?? /\(([^()]+)\)$/.exec(e.message)?.[1] ?? e.message.replace(new RegExp(`^${e.code}:? *`), '');
  if (e.code === 'EISDIR') return new StoreError('store_invalid', t('fail.isFolder', { path }), t('fail.isFolder.hint'));
  return new StoreError('store_io', t('fail.io', { path, code: e.code }), t('fail.io.hint'));
}

/** /dev/null's device number, or -1 where there is none. */
function nullDevice(): number {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return -1;
  }
}

/** The real process: used by bin/club.js. */
export async function main(argv: string[]): Promise<void> {
  const stdout = fdWriter(1, () => process.stdout);
  const stderr = fdWriter(2, () => process.stderr);
  // A terminal is a character device. Anything else (a pipe, a file, a socket) is known not to be one without loading
  // node:tty, which costs about 2 ms; so is /dev/null (cron's stdin, `> /dev/null`), a character device known by its
  // device number. Other character devices are asked of node:tty. Each descriptor is asked once: colours, prompts and
  // the table width all ask about stdout.
  let devNull: number | undefined;
  const ttys = new Map<number, boolean>();
  const askTty = (fd: number) => {
    let device: number;
    try {
      const stat = fstatSync(fd);
      if (!stat.isCharacterDevice()) return false;
      device = stat.rdev;
    } catch {
      return false;
    }
    devNull ??= nullDevice();
    return device !== devNull && process.getBuiltinModule('node:tty').isatty(fd);
  };
  const isatty = (fd: number) => {
    let tty = ttys.get(fd);
    if (tty === undefined) ttys.set(fd, (tty = askTty(fd)));
    return tty;
  };
  const code = await runCli(argv, {
    out: stdout,
    err: stderr,
    env: process.env,
    cwd: process.cwd(),
    // Getters: creating process.stdin or process.stdout for a pipe, or loading node:tty, costs several percent of
    // Node's start-up, and most runs never ask.
    get stdinIsTTY() {
      return isatty(0);
    },
    get stdoutIsTTY() {
      return isatty(1);
    },
    get stderrIsTTY() {
      return isatty(2);
    },
    get stdoutColumns() {
      return isatty(1) ? process.stdout.columns : undefined;
    },
    get errStream() {
      return process.stderr;
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  });
  process.exitCode = code;
  // Out now, unless some output waits in a stream for its reader: a natural exit first runs every background task V8
  // has queued, such as optimising the loops that ran longest, for a process that has nothing left to run (3% of a
  // `member show`, typical or 5x the large club). process.exit still runs the 'exit' handlers (boot.ts saves the code
  // cache). Not on Windows, where a terminal's stream (prompts, the progress bar) writes asynchronously.
  if (process.platform !== 'win32' && !stdout.buffered() && !stderr.buffered()) process.exit(code);
}

/**
 * Writes straight to a file descriptor, as process.stdout does for files, terminals and (on Linux) pipes, without
 * building the stream. When the descriptor would block (a non-blocking pipe that is full), the rest goes through the
 * stream, which waits for the reader. Once the reader has gone (`club member list | head -3`), the rest of the output
 * is dropped quietly; the command still finishes, so a change is never cut short by a closed pipe.
 */
function fdWriter(fd: number, stream: () => NodeJS.WriteStream): ((text: string | Uint8Array) => void) & { buffered(): boolean } {
  let gone = false;
  let viaStream: NodeJS.WriteStream | undefined;
  const toStream = (data: Uint8Array) => {
    if (!viaStream) {
      viaStream = stream();
      viaStream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        gone = true;
      });
    }
    viaStream.write(data);
  };
  const write = (text: string | Uint8Array) => {
    if (gone || text.length === 0) return;
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (viaStream) return toStream(data);
    let done = 0;
    while (done < data.length) {
      try {
        done += writeSync(fd, data, done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          gone = true;
          return;
        }
        if (code !== 'EAGAIN') throw err;
        return toStream(data.subarray(done));
      }
    }
  };
  // Whether output went to the stream, which may still hold some for a slow reader.
  return Object.assign(write, { buffered: () => viaStream !== undefined && !gone });
}
