// Commands are declared by group, and a run declares only its own group: the table of group names must say exactly
// what each group declares, or a command would be unknown whenever it is not the first word's group.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandWord, GROUPS, registerCommands } from '../../src/commands/index.js';

const noop = async () => undefined;

describe('command declarations', () => {
  it.each(GROUPS.map((g) => [g.names.join(' '), g] as const))('group %s declares exactly its names', async (_, group) => {
    const program = new Command();
    (await group.load())(program, noop);
    expect(program.commands.map((c) => c.name())).toEqual(group.names);
  });

  it('no name is in two groups', () => {
    const names = GROUPS.flatMap((g) => g.names);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    [['member', 'list', '--json'], 'member'],
    [['--store', 'member', 'checkin', 's1'], 'checkin'],
    [['--by', '王小明', '--no-color', 'points', 'add', 'm1', '1'], 'points'],
    [['--json'], undefined],
    [['--', 'report'], 'report'],
    [[], undefined],
  ])('the command word of %j is %s', (argv, word) => {
    expect(commandWord(argv)).toBe(word);
  });

  it('declares one group for a command, all of them for help or an unknown word, none for --version', async () => {
    const declared = async (argv: string[]) => {
      const program = new Command();
      await registerCommands(program, noop, argv);
      return program.commands.map((c) => c.name());
    };
    expect(await declared(['checkin', 's1', 'm1'])).toEqual(GROUPS.find((g) => g.names.includes('checkin'))!.names);
    const all = GROUPS.flatMap((g) => g.names);
    expect(await declared(['--help'])).toEqual(all);
    expect(await declared(['help', 'member'])).toEqual(all);
    expect(await declared(['membr', 'list'])).toEqual(all);
    expect(await declared(['--version'])).toEqual([]);
  });
});

describe('whether a run may print help (string-width is loaded only then)', () => {
  it.each([
    [['--version'], false],
    [['-V'], false],
    [['check'], false],
    [['attendance', '--json'], false],
    [['member', 'list'], false],
    [['--store', 'x', 'points', 'add', 'm1', '1'], false],
    [['nosuchcommand'], false],
    [[], true],
    [['--store', 'x'], true],
    [['member'], true],
    [['--store', 'x', 'member', '--no-color'], true],
    [['check', '--help'], true],
    [['help', 'member'], true],
  ])('%j: %s', async (argv, expected) => {
    const { mayPrintHelp } = await import('../../src/cli.js');
    const program = new Command();
    await registerCommands(program, noop, argv);
    expect(mayPrintHelp(argv, program)).toBe(expected);
  });
});
