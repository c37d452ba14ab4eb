import { t } from '../i18n/index.js';
// Counts in messages: `1 response`, `2 responses`.
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** "3 points", "1 point", "3 分": a count for people, in the current language (plural() is for the audit log). */
export function counted(n: number, noun: CountedNoun): string {
  return t(n === 1 ? `count.${noun}.one` : `count.${noun}`, { n });
}

export type CountedNoun = 'point' | 'session' | 'vote' | 'question' | 'response' | 'answer' | 'member' | 'row';

// Characters that print as nothing: format characters (zero-width spaces and joiners, the BOM, bidi marks), spaces
// of every kind, controls, and the letters that render blank (Hangul fillers, the braille blank).
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** False for text that would print as nothing at all, e.g. a name of zero-width spaces. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}
