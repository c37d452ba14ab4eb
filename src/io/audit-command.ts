// The command line as the audit log (and the lock owner) records it: command names, flag names, ids and non-personal
// values (numbers, dates, statuses) only. Names, contacts, reasons, notes, titles and file names become `…`, so that
// the log never holds personal data and `member purge` never needs to touch it.
import type { Argument, Command, Option } from 'commander';

export const WITHHELD = '…';

/** Flags whose values are numbers, dates or one of a few words (statuses, roles, types, languages, zones). */
const PLAIN_VALUE_FLAGS = new Set([
  'status', 'role', 'type', 'repeat', 'on', 'until', 'count', 'duration', 'at', 'due', 'joined', 'week', 'month', 'date',
  'lang', 'timezone', 'week-start', 'limit', 'sort', 'encoding', 'on-duplicate', 'cost', 'stock', 'below', 'as-of',
  'session', 'survey', 'format', 'days', 'points',
]);
/** Positional arguments, by their name in the usage, whose values are numbers or setting keys and values. */
const PLAIN_ARGUMENTS = new Set(['points', 'n', 'key', 'value']);

const ID = /^[a-z][1-9]\d{0,6}$/i;
const DATE = /^(\d{4}-\d{2}(-\d{2})?([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?|\d{4}-W\d{2}|\d{4}\/\d{1,2}\/\d{1,2}|today|yesterday|tomorrow)$/i;
const PLAIN = /^[\w.,:%/+-]{1,40}$/;

const quote = (a: string): string => (/[\s"']/.test(a) || a === '' ? JSON.stringify(a) : a);

/** Whether a value may be recorded as it is: an id or a date anywhere, a plain word or number where that is all it can be. */
function plainValue(value: string, plainSlot: boolean): boolean {
  return ID.test(value) || DATE.test(value) || (plainSlot && PLAIN.test(value));
}

/** The options `leaf` accepts: its own and its ancestors' (the global --store, --by, --no-color). */
function optionsOf(leaf: Command): Option[] {
  const options: Option[] = [];
  for (let cmd: Command | null = leaf; cmd; cmd = cmd.parent) options.push(...cmd.options);
  return options;
}

/** The command names from the program down to `leaf` (without the program's own). */
function pathOf(leaf: Command): string[][] {
  const names: string[][] = [];
  for (let cmd: Command | null = leaf; cmd?.parent; cmd = cmd.parent) names.unshift([cmd.name(), ...cmd.aliases()]);
  return names;
}

/** `argv` (as typed after `club`) with every personal or free-text value replaced by `…`. */
export function auditCommandLine(argv: readonly string[], leaf: Command): string {
  const options = optionsOf(leaf);
  const find = (flag: string): Option | undefined => options.find((o) => o.long === flag || o.short === flag);
  const path = pathOf(leaf);
  const args: readonly Argument[] = leaf.registeredArguments;
  const out: string[] = [];
  let positional = 0;
  let onlyOperands = false;
  const operand = (value: string): void => {
    if (path.length && path[0]!.includes(value)) {
      path.shift();
      out.push(value);
      return;
    }
    const arg = args[Math.min(positional, args.length - 1)];
    positional++;
    out.push(plainValue(value, arg !== undefined && PLAIN_ARGUMENTS.has(arg.name())) ? quote(value) : WITHHELD);
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyOperands || !token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      operand(token);
      continue;
    }
    if (token === '--') {
      onlyOperands = true;
      out.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const option = find(flag);
    out.push(flag);
    if (!option || (!option.required && !option.optional)) continue;
    let value: string | undefined;
    if (eq > 0) value = token.slice(eq + 1);
    else if (option.required || (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-'))) value = argv[++i];
    if (value === undefined) continue;
    const name = option.long?.replace(/^--/, '') ?? '';
    const plain = plainValue(value, PLAIN_VALUE_FLAGS.has(name) || (option.argChoices?.includes(value) ?? false));
    out.push(plain ? quote(value) : WITHHELD);
  }
  return out.join(' ');
}
