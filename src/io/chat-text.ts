// Plain text for a QQ or WeChat group, which renders no Markdown: every value a chat template prints is one line
// (line breaks and tabs become spaces, control and invisible direction characters are dropped), and every line of
// the result is at most CHAT_WIDTH display columns (src/io/width.ts: Chinese, East Asian ambiguous characters and
// emoji count two), long words broken. So a nickname with a line break cannot start a line of its own, and a
// 200-character title wraps instead of widening the message.
import { CJK_BREAK, displayWidth, loadWidths, wrapText } from './width.js';

/** Where chat text may break: as Chinese text does (CJK_BREAK), but never inside an @mention (up to the next space). */
const CHAT_BREAK = new RegExp(`(?<!@\\S*)(?:${CJK_BREAK.source})`, 'u');

/** The width of a chat window on a phone, in display columns. */
export const CHAT_WIDTH = 40;

// C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates, zero-width space and BOM. ZWJ and
// variation selectors stay: emoji sequences need them.
const DROPPED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

/** A value as one line of plain text: breaks and tabs are spaces, controls dropped, runs of spaces one, trimmed. */
export function chatLine(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(BREAKS, ' ').replace(DROPPED, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * Lays rendered text out for the chat: each line wrapped to `width` columns (continuation lines keep the line's
 * indentation while it leaves room), trailing spaces cut, at most one blank line in a row, none at either end.
 */
export function layoutChat(text: string, width = CHAT_WIDTH): string {
  const out: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(DROPPED, '').replace(/\t/g, '  ').trimEnd();
    if (line === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    out.push(...wrapLine(line, width));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  // Continuation lines hang under the first one's text while the indentation leaves most of the width.
  const indent = /^ */.exec(line)![0];
  const hang = indent.length <= width / 4 ? indent : '';
  return wrapText(line.slice(indent.length), width - hang.length, CHAT_BREAK)
    .split('\n')
    .map((l) => `${hang}${l}`);
}

/**
 * A chat template rendered: every value through chatLine, the result laid out within `width` columns (Infinity: the
 * template's own lines, unwrapped).
 */
export async function renderChat(source: string, view: Record<string, unknown>, where: string, width = CHAT_WIDTH): Promise<string> {
  await loadWidths();
  const { renderTemplate } = await import('./markdown.js');
  return layoutChat(await renderTemplate(source, view, where, 'text'), width);
}

/** The widest line of `text`, in display columns (for tests and checks). */
export function widestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map(displayWidth));
}
