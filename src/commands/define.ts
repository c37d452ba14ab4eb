// Helpers for declaring commands. Declarations (flags, help, examples) load with the program; the code that runs a
// command is a separate module loaded only when that command runs.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { Context } from '../io/context.js';
import type { Output } from '../io/output.js';
import { t } from '../i18n/index.js';

// Each command declares the shape of its own options; commander has already checked the flags against it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandRun = (ctx: Context, args: unknown[], opts: any) => Promise<Output | void>;
export type Loader = () => Promise<{ default: CommandRun }>;
export type Invoke = (load: Loader, args: unknown[], command: Command) => Promise<void>;

export interface LeafSpec {
  description: string;
  examples: string[];
  /** Adds --json (every data command) and --csv (lists). */
  json?: boolean;
  csv?: boolean;
}

export function leaf(parent: Command, usage: string, spec: LeafSpec, invoke: Invoke, load: Loader): Command {
  const cmd = parent.command(usage).description(spec.description);
  if (spec.json !== false) cmd.option('--json', t('cli.help.json'));
  if (spec.csv) {
    cmd.option('--csv', t('cli.help.csv'));
    cmd.option('--bom', t('cli.help.bom'));
  }
  cmd.addHelpText('after', `\n${t('cli.help.examples')}\n${spec.examples.map((line) => `  $ ${line}`).join('\n')}\n`);
  cmd.action(async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    if (spec.csv && command.opts().bom && !command.opts().csv) throw new UsageError(t('cli.bomWithoutCsv'), t('cli.bomWithoutCsv.hint'));
    await invoke(load, received.slice(0, -2), command);
  });
  return cmd;
}

/** For repeatable flags: `--tag a --tag b`. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
