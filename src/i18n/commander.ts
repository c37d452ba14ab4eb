// commander's own words in the admin's language: the help's headings, "(default: …)", the help option and command,
// and its usage errors ("unknown option", "missing required argument"…). Flags, command names and the values quoted
// in a message stay as typed. The help is laid out by display width (a Chinese character takes two columns) once
// useHelpWidth has been given io/width.ts, which cli.ts loads only for a run that may print help.
import { Help } from 'commander';
import type { Command, Option } from 'commander';
import { t } from './index.js';
import type { MessageKey } from './index.js';

type WidthModule = { displayWidth: (text: string) => number; wrapText: (text: string, width: number, breaks?: RegExp) => string; CJK_BREAK: RegExp };
let widths: WidthModule | undefined;

/** Lays the help out by display width from now on. */
export function useHelpWidth(module: WidthModule): void {
  widths = module;
}

const HEADINGS: Record<string, MessageKey> = {
  'Usage:': 'cli.help.usage',
  'Arguments:': 'cli.help.arguments',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Global Options:': 'cli.help.globalOptions',
};

/** Sets the texts of `program` (its subcommands inherit them): call before the commands are declared. */
export function localizeProgram(program: Command): Command {
  return program
    .helpOption('-h, --help', t('cli.help.help'))
    .helpCommand('help [command]', t('cli.help.help'))
    .configureHelp({
      styleTitle: (title: string) => (HEADINGS[title] ? t(HEADINGS[title]) : title),
      // "用法：club member", not "用法： club member": a full-width colon carries its own space.
      formatHelp(this: Help, cmd: Command, helper: Help) {
        return Help.prototype.formatHelp.call(this, cmd, helper).replace(/^(\S*：) /, '$1');
      },
      optionDescription(this: Help, option: Option) {
        return extras(Help.prototype.optionDescription.call(this, option));
      },
      displayWidth(this: Help, text: string) {
        return widths ? widths.displayWidth(text) : Help.prototype.displayWidth.call(this, text);
      },
      boxWrap(this: Help, text: string, width: number) {
        if (!widths || width < this.minWidthToWrap) return Help.prototype.boxWrap.call(this, text, width);
        return widths.wrapText(text, width, widths.CJK_BREAK);
      },
    });
}

/** "(default: x)", "(choices: …)" at the end of an option's description. */
function extras(description: string): string {
  return description
    .replace(/(?:^| )\(default: (.*)\)$/, (_, value: string) => t('cli.help.default', { value }))
    .replace(/(?:^| )\(choices: (.*?)(, default: .*)?\)$/, (_, values: string, rest: string | undefined) =>
      t('cli.help.choices', { values: rest ? `${values}${t('cli.help.choicesDefault', { value: rest.replace(/^, default: /, '') })}` : values }),
    );
}

/** commander's usage errors, by the shape of their English text; anything else is left as it is. */
const ERRORS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unknown option '(.*)'$/, (m) => t('cli.err.unknownOption', { flag: m[1]! })],
  [/^unknown command '(.*)'$/, (m) => t('cli.err.unknownCommand', { name: m[1]! })],
  [/^missing required argument '(.*)'$/, (m) => t('cli.err.missingArgument', { name: m[1]! })],
  [/^option '(.*)' argument missing$/, (m) => t('cli.err.optionArgumentMissing', { flag: m[1]! })],
  [/^required option '(.*)' not specified$/, (m) => t('cli.err.requiredOption', { flag: m[1]! })],
  [/^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (m) => t('cli.err.tooManyArguments', { expected: m[2]!, got: m[3]! })],
  [/^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/, (m) => t('cli.err.invalidChoice', { flag: m[1]!, value: m[2]!, choices: m[3]! })],
  [/^option '(.*)' argument '(.*)' is invalid\.(?: (.*))?$/, (m) => t('cli.err.invalidValue', { flag: m[1]!, value: m[2]!, reason: m[3] ?? '' }).trimEnd()],
  [/^(.*) cannot be used with (.*)$/, (m) => t('cli.err.conflict', { a: unquote(m[1]!), b: unquote(m[2]!) })],
];

/** A commander error message ("error: …", maybe with "(Did you mean …?)" after it) in the current language. */
export function localizeCommanderMessage(message: string): string {
  const [first = '', ...rest] = message.replace(/\n$/, '').split('\n');
  const prefix = /^error: /.test(first) ? 'error: ' : '';
  const body = first.slice(prefix.length);
  let text = body;
  for (const [pattern, render] of ERRORS) {
    const m = pattern.exec(body);
    if (m) {
      text = render(m);
      break;
    }
  }
  const tail = rest.map((line) => {
    const one = /^\(Did you mean (?:one of )?(.*)\?\)$/.exec(line);
    return one ? t('cli.err.didYouMean', { names: one[1]! }) : line;
  });
  return [prefix + text, ...tail].join('\n') + (message.endsWith('\n') ? '\n' : '');
}

/** "option '--json'" → "'--json'": the flag says what it is. */
function unquote(option: string): string {
  return option.replace(/^option /, '');
}
