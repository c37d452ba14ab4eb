// Counts in messages: `1 response`, `2 responses`.
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

// Characters that print as nothing: format characters (zero-width spaces and joiners, the BOM, bidi marks), spaces
// of every kind, controls, and the letters that render blank (Hangul fillers, the braille blank).
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** False for text that would print as nothing at all, e.g. a name of zero-width spaces. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}
