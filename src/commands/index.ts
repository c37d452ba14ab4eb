// Every command's declaration, by group. A run declares only the group its command word belongs to (each group's
// declarations are a lazy chunk of their own); help, a bare `club` and an unknown word declare them all, so help
// lists everything and commander can suggest the nearest command.
import type { Command } from 'commander';
import type { Invoke } from './define.js';

type Register = (program: Command, invoke: Invoke) => void;

/** Each group's top-level command names, in help order (tests/commands/declarations.test.ts checks them). */
export const GROUPS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  { names: ['init', 'demo', 'config', 'check', 'backup', 'restore', 'log'], load: async () => (await import('./store/index.js')).registerStoreCommands },
  { names: ['access', 'store'], load: async () => (await import('./access/index.js')).registerAccessCommands },
  { names: ['member'], load: async () => (await import('./member/index.js')).registerMemberCommands },
  { names: ['session', 'checkin', 'leave', 'attendance', 'topic', 'best', 'export'], load: async () => (await import('./session/index.js')).registerSessionCommands },
  { names: ['points', 'reward'], load: async () => (await import('./points/index.js')).registerPointsCommands },
  { names: ['survey', 'feedback'], load: async () => (await import('./survey/index.js')).registerSurveyCommands },
  { names: ['activity'], load: async () => (await import('./activity/index.js')).registerActivityCommands },
  { names: ['task'], load: async () => (await import('./task/index.js')).registerTaskCommands },
  { names: ['register'], load: async () => (await import('./register/index.js')).registerRegisterCommands },
  { names: ['staff'], load: async () => (await import('./staff/index.js')).registerStaffCommands },
  { names: ['hours'], load: async () => (await import('./hours/index.js')).registerHoursCommands },
  { names: ['report', 'template'], load: async () => (await import('./report/index.js')).registerReportCommands },
  { names: ['donor', 'donation', 'money'], load: async () => (await import('./money/index.js')).registerMoneyCommands },
  { names: ['book', 'reading'], load: async () => (await import('./reading/index.js')).registerReadingCommands },
  { names: ['notice', 'remind'], load: async () => (await import('./notice/index.js')).registerMessageCommands },
  { names: ['budget'], load: async () => (await import('./budget/index.js')).registerBudgetCommands },
  { names: ['expense'], load: async () => (await import('./expense/index.js')).registerExpenseCommands },
];

/** Global options that take a value: the word after them is not the command. */
const VALUED = new Set(['--store', '--by']);

/** The command word of a command line: its first argument that is neither an option nor an option's value. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

export async function registerCommands(program: Command, invoke: Invoke, argv: readonly string[]): Promise<void> {
  const word = commandWord(argv);
  if (word === undefined && (argv.includes('--version') || argv.includes('-V'))) return;
  const group = GROUPS.find((g) => word !== undefined && g.names.includes(word));
  for (const g of group ? [group] : GROUPS) (await g.load())(program, invoke);
}
