// What `notice` and `remind` share: the club's language and zone, and printing a message for the group chat from its
// template (notice.<lang>.txt, remind.<lang>.txt: the store's copy, --template FILE, or the built-in one) as plain
// text within 40 columns; --json prints the data instead.
import type { CoreEnv } from '../../core/env.js';
import { parseSettingValue } from '../../core/settings.js';
import type { Lang } from '../../core/settings.js';
import type { Wording } from '../../core/messages/view.js';
import { renderChat } from '../../io/chat-text.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import type { Meta, Store } from '../../store/types.js';
import { templateSource } from '../report/shared.js';

export interface ChatOpts {
  json?: boolean;
  lang?: string;
  template?: string;
}

/** The run's environment, in the language asked for (--lang) or the club's. */
export function chatEnv(ctx: Context, meta: Meta, opts: ChatOpts): { env: CoreEnv; wording: Wording } {
  const lang = opts.lang === undefined ? meta.settings.lang : (parseSettingValue('lang', opts.lang) as Lang);
  return { env: { now: ctx.now, settings: { ...meta.settings, lang }, actor: ctx.actor }, wording: { lang, tz: meta.settings.timezone } };
}

/**
 * The message: --json prints `data`; with nobody to name (`empty` given) one line on stderr and nothing on stdout, so
 * a script sends nothing; else the template rendered as chat text.
 */
export async function chatMessage(ctx: Context, store: Store, kind: 'notice' | 'remind', data: unknown, view: () => Record<string, unknown>, opts: ChatOpts & { empty: string | null; wording: Wording }): Promise<Output | void> {
  if (opts.json) return { kind: 'text', text: '', data };
  if (opts.empty !== null) {
    ctx.err(`${opts.empty}\n`);
    return;
  }
  const { source, where } = await templateSource(ctx, store, `${kind}.${opts.wording.lang}.txt`, opts.template);
  return { kind: 'text', text: `${await renderChat(source, view(), where)}\n`, data };
}
