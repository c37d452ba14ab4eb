// The README is the manual and each command's --help ends with examples: every `club …` line in them must be a command
// line club accepts — known commands, known options, the arguments they need. Parsed with the real declarations and
// nothing run, so a renamed flag or command fails here rather than in an admin's script.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/commands/index.js';

/** The `club` command lines of the README's sh code blocks, without comments; pipelines and substitutions skipped. */
function readmeCommands(): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n')) {
    if (line.startsWith('```')) {
      fence = fence === null ? line.slice(3).trim() : null;
      continue;
    }
    const text = line.trim().replace(/^npx /, '');
    if (fence === 'sh' && text.startsWith('club ')) lines.push(text.replace(/\s+#\s.*$/, ''));
  }
  return lines;
}

/** Shell words: spaces split, quotes group and are removed. Enough for the README's examples. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

async function parse(argv: string[]): Promise<string | null> {
  const program = new Command('club')
    .version('0.0.0', '-V, --version')
    .option('--store <dir>')
    .option('--by <name>')
    .option('--no-color')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  await registerCommands(program, async () => {}, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code)) return null;
    return err instanceof Error ? err.message : String(err);
  }
  return null;
}

/** The example lines of every command's --help. */
async function helpExamples(): Promise<string[]> {
  const program = new Command('club');
  await registerCommands(program, async () => {}, []);
  const examples: string[] = [];
  const visit = (cmd: Command) => {
    let help = '';
    cmd.configureOutput({ writeOut: (text) => (help += text), writeErr: () => {} });
    cmd.outputHelp();
    for (const m of help.matchAll(/^ {2}\$ (club .*)$/gm)) examples.push(m[1]!.replace(/\s+#\s.*$/, ''));
    cmd.commands.forEach(visit);
  };
  program.commands.forEach(visit);
  return examples;
}

const plain = (line: string) => !/[|&;<>$`\\]/.test(line);
const commands = readmeCommands().filter(plain);
const examples = (await helpExamples()).filter(plain);

describe('the README', () => {
  it('has many command examples', () => {
    expect(commands.length).toBeGreaterThan(100);
  });

  it.each(commands)('%s', async (line) => {
    expect(await parse(words(line).slice(1))).toBeNull();
  });
});

describe('the examples of every --help', () => {
  it('has one or more for each command', () => {
    expect(examples.length).toBeGreaterThan(100);
  });

  it.each(examples)('%s', async (line) => {
    expect(await parse(words(line).slice(1))).toBeNull();
  });
});
