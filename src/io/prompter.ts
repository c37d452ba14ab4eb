// Prompts behind an interface: the real one loads @inquirer/prompts only when a prompt is shown; tests script answers.
import { CancelledError } from '../core/errors.js';
import { t } from '../i18n/index.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(opts: { message: string; default?: string; required?: boolean; validate?: (value: string) => true | string }): Promise<string>;
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T>(opts: { message: string; choices: Array<Choice<T> & { checked?: boolean }>; pageSize?: number }): Promise<T[]>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  /** A checkbox list filtered by typing, for long rosters. */
  searchCheckbox<T>(opts: { message: string; choices: Array<Choice<T> & { keywords?: string; checked?: boolean }> }): Promise<T[]>;
}

const cancelled = (err: unknown): never => {
  if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
    throw new CancelledError(t('store.cancelled'));
  }
  throw err;
};

/**
 * What @inquirer/prompts' input is given: a required answer is checked here, so that an empty one is refused in the
 * admin's language (inquirer's own check says "You must provide a value" in English).
 */
export function inputConfig(opts: Parameters<Prompter['input']>[0]): { message: string; default?: string; validate?: (value: string) => true | string } {
  const { required, validate } = opts;
  return {
    message: opts.message,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    ...(required || validate ? { validate: (value: string) => (required && !value.trim() ? t('prompt.required') : validate ? validate(value) : true) } : {}),
  };
}

/** The actions inquirer names in its key hints ("↑↓ navigate • ⏎ select"), in the admin's language. */
const KEY_ACTIONS = {
  navigate: 'prompt.key.navigate',
  select: 'prompt.key.select',
  all: 'prompt.key.all',
  invert: 'prompt.key.invert',
  submit: 'prompt.key.submit',
} as const;

/** The key hints under a select or checkbox list, each action in the admin's language (an unknown one as given). */
export function keysHelpTip(keys: ReadonlyArray<readonly [string, string]>): string {
  return keys.map(([key, action]) => `${key} ${action in KEY_ACTIONS ? t(KEY_ACTIONS[action as keyof typeof KEY_ACTIONS]) : action}`).join(' • ');
}

const theme = { style: { keysHelpTip } };

/** `context`: the streams the prompts read and write (a terminal's by default; a test's own). */
export function createInquirerPrompter(context?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Prompter {
  const load = () => import('@inquirer/prompts');
  return {
    async input(opts) {
      const { input } = await load();
      return input(inputConfig(opts), context).catch(cancelled);
    },
    async select(opts) {
      const { select } = await load();
      return select({ message: opts.message, choices: opts.choices, theme, ...(opts.default !== undefined ? { default: opts.default } : {}) }, context).catch(
        cancelled,
      );
    },
    async checkbox(opts) {
      const { checkbox } = await load();
      return checkbox({ message: opts.message, choices: opts.choices, pageSize: opts.pageSize ?? 15, theme }, context).catch(cancelled);
    },
    async searchCheckbox(opts) {
      const { searchCheckbox } = await import('./prompts/search-checkbox.js');
      return (searchCheckbox(opts, context) as unknown as Promise<never[]>).catch(cancelled);
    },
    async confirm(opts) {
      const { confirm } = await load();
      return confirm({ message: opts.message, ...(opts.default !== undefined ? { default: opts.default } : {}) }, context).catch(cancelled);
    },
  };
}
