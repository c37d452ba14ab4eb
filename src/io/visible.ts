// The one door to the terminal: text that came from people (feedback, reasons, survey answers, imported cells,
// chat-log names) may hold control characters that re-title or clear the admin's terminal, move the cursor, or
// reorder a line (bidi overrides). Everything club prints passes through here and shows them as \uXXXX escapes;
// colour (SGR: ESC [ digits m, what chalk writes) is the one sequence let through. Inside JSON strings a \uXXXX
// escape is the same character, so --json data is unchanged.

// C0 controls but TAB, LF and the CR of a CRLF (CSV and iCalendar lines), DEL, C1 controls, and the invisible bidi
// controls.
const UNSAFE = /\x1b\[[0-9;]*m|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_CHARS = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// The same set in UTF-8, read byte for byte (latin1): ESC is tested separately, because colour may contain it.
const UNSAFE_UTF8 = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]/;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

// Something to escape once colour is allowed: an ESC that starts no SGR, or any other unsafe character. Tested first,
// so that coloured output (an SGR per table cell, a megabyte for a long list) is returned without a replace.
const UNSAFE_BUT_COLOUR = /\x1b(?!\[[0-9;]*m)|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** `text` with every control character but TAB, LF, CRLF and colour shown as a \uXXXX escape. */
export function visible(text: string): string {
  if (!UNSAFE_BUT_COLOUR.test(text)) return text;
  return text.replace(UNSAFE, (m) => (m.length > 1 ? m : escape(m)));
}

/** `text` with every control character but TAB and LF shown as a \uXXXX escape, colour included: for files. */
export function visibleAll(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE_CHARS, escape) : text;
}

/** The same for bytes of UTF-8 text; returned as they are (no copy) when there is nothing to escape. */
export function visibleBytes(bytes: Uint8Array): Uint8Array {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!UNSAFE_UTF8.test(latin1)) return bytes;
  return Buffer.from(visible(Buffer.from(bytes).toString('utf8')), 'utf8');
}
