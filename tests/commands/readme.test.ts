// The README is the manual: every `club …` line in its shell examples must be a command line club accepts — known
// commands, known options, the arguments they need. Parsed with the real declarations and nothing run, so a renamed
// flag or command fails here rather than in an admin's script.
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

const commands = readmeCommands().filter((line) => !/[|&;<>$`\\]/.test(line));

describe('the README', () => {
  it('has many command examples', () => {
    expect(commands.length).toBeGreaterThan(100);
  });

  it.each(commands)('%s', async (line) => {
    expect(await parse(words(line).slice(1))).toBeNull();
  });
});
