// Colours: chalk with an explicit level, so NO_COLOR, --no-color and pipes turn every colour off in one place.
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';

export type Style = ChalkInstance;

export function createStyle(color: boolean): Style {
  return new Chalk({ level: color ? 1 : 0 });
}

export function colorWanted(opts: { env: NodeJS.ProcessEnv; stdoutIsTTY: boolean; flag: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR === '0') return false;
  return opts.stdoutIsTTY;
}
