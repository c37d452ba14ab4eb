// Text that people type or import (reasons, feedback, answers, titles, names, imported cells) is checked here, once,
// before it is stored: nothing stored can move a terminal's cursor, retitle its window, or reorder a line. Refused:
// C0 controls (TAB, CR and LF included; a multi-line field keeps LF and TAB, for indented Markdown), DEL, C1 controls (U+0080–U+009F) and the bidi
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). The error names the field, the character's
// position (1-based, in characters, in the value as given) and its code, so the admin finds it in what they typed.
// Spaces, tabs and line breaks around the value are trimmed, as they always were.
import { t } from '../i18n/index.js';
import { UsageError } from './errors.js';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** U+001B for "\x1b". */
export const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** `value` trimmed; a control character left in it is refused, its position counted in `value` as given. */
function checked(field: string, value: string, allowLf: boolean, max: number | undefined): string {
  const trimmed = value.trim();
  refuseControls(field, trimmed, allowLf, [...value.slice(0, value.length - value.trimStart().length)].length);
  refuseLong(field, trimmed, max);
  return trimmed;
}

function refuseControls(field: string, value: string, allowLf: boolean, offset: number): void {
  if (!FORBIDDEN.test(value)) return;
  let position = offset;
  for (const ch of value) {
    position += 1;
    if (allowLf && (ch === '\n' || ch === '\t')) continue;
    if (FORBIDDEN.test(ch)) throw new UsageError(t('text.control', { field, code: codePoint(ch), position }), t('text.controlHint'));
  }
}

function refuseLong(field: string, text: string, max: number | undefined): void {
  if (max === undefined) return;
  const length = [...text].length;
  if (length > max) throw new UsageError(t('text.tooLong', { field, max, length }));
}

/**
 * A one-line field: NFC, trimmed (a tab or line break around it goes with the spaces); refuses any control character
 * left in it (TAB, CR, LF too), and more than `max` characters. May return '' (the caller decides whether empty is allowed).
 */
export function oneLineText(field: string, value: string, max?: number): string {
  return checked(field, value.normalize('NFC'), false, max);
}

/**
 * A multi-line field (feedback, notes, minutes, text answers): CRLF and CR become LF, NFC, trimmed; LF and TAB are
 * kept (a Markdown note indents with tabs), every other control character is refused, and more than `max` characters.
 */
export function multiLineText(field: string, value: string, max?: number): string {
  return checked(field, value.replace(/\r\n?/g, '\n').normalize('NFC'), true, max);
}

/** oneLineText for a value read from line `line` of a file (a check-in list, a chat log): the error names the line. */
export function oneLineAt(line: number, field: string, value: string, max?: number): string {
  try {
    return oneLineText(field, value, max);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(t('text.atLine', { line, message: err.message }), err.hint);
    throw err;
  }
}
