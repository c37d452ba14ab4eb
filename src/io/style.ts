// Colours: chalk with an explicit level when colour is on, so NO_COLOR, --no-color and pipes turn every colour off in
// one place. Without colour nothing is loaded: the plain style returns text as it is.
export interface Style {
  /** 0: no colour; 1 and up: chalk's colour levels. */
  readonly level: number;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const same = (text: string): string => text;
export const PLAIN: Style = { level: 0, bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

export async function createStyle(color: boolean): Promise<Style> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

/** Whether to colour: not with --no-color, NO_COLOR or FORCE_COLOR=0, else only when stdout is a terminal. */
export function colorWanted(opts: { env: NodeJS.ProcessEnv; stdoutIsTTY: () => boolean; flag: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR === '0') return false;
  return opts.stdoutIsTTY();
}
