// Tables for people: one rule under the header and none between rows, and at a terminal no wider than it is. A table
// that would be wider has its widest plain-text columns wrapped, by display width (a Chinese character, an East Asian
// ambiguous character and an emoji are two columns): first only at spaces and between Chinese characters, so no Latin
// word is cut; only when that is not narrow enough, inside words too. A wrapped row's further lines have nothing in
// the first column (an id, a time), which is how they are told from the next row; a rule between every two rows would
// double a long list again.
//
// Drawn here rather than by cli-table3: its layout compares every cell with every cell above it (10,000 members took
// 15 s against 0.7 s for --csv; cli-table3 issue #68), and it measures with string-width 4, which counts ambiguous
// characters as one column, so rows with ①, ° or — in them came out one column wider than the rest. Wrapping is our
// own rather than wrap-ansi's: wrap-ansi 9 splits a joined emoji (👩‍👩‍👧) into three lines and also counts ambiguous
// characters as one column.
import { displayWidth, withWidths, WORD_BREAK, wrapText } from './width.js';
import type { Style } from './style.js';

/** A cell's text for the table: its lines as they will print. */
export interface TableColumn {
  header: string;
  cells: string[];
}

/** Narrowest a wrapped column gets: its header, and never less than this. */
const MIN_WRAPPED = 8;
/** A Latin word longer than this is broken even when the table has room for it. */
const LONGEST_WORD = 40;

const lineWidth = (text: string) => {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line));
  return widest;
};

export async function renderColumns(columns: TableColumn[], style: Style, width?: number): Promise<string> {
  return withWidths(() => layout(columns, style, width));
}

function layout(columns: TableColumn[], style: Style, width?: number): string {
  const fitted = width === undefined ? columns : fit(columns, width);
  const colored = style.level > 0;
  const gray = colored ? (s: string) => `\x1b[90m${s}\x1b[39m` : (s: string) => s;
  const widths = fitted.map((c) => Math.max(displayWidth(c.header), maxOf(c.cells.map(lineWidth))));
  const rule = (left: string, mid: string, right: string) => gray(`${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`);
  const bar = gray('│');
  const pad = (text: string, w: number) => `${text}${' '.repeat(Math.max(0, w - displayWidth(text)))}`;
  const lines = [rule('┌', '┬', '┐'), `${bar} ${fitted.map((c, i) => pad(colored ? style.bold(c.header) : c.header, widths[i]!)).join(` ${bar} `)} ${bar}`, rule('├', '┼', '┤')];
  const rows = fitted[0]?.cells.length ?? 0;
  for (let r = 0; r < rows; r++) {
    const cellLines = fitted.map((c) => c.cells[r]!.split('\n'));
    const height = maxOf(cellLines.map((l) => l.length));
    for (let k = 0; k < height; k++) lines.push(`${bar} ${cellLines.map((l, i) => pad(l[k] ?? '', widths[i]!)).join(` ${bar} `)} ${bar}`);
  }
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

function maxOf(values: number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * The columns, with the widest plain-text ones wrapped until the table is no wider than `width` (each column takes
 * its text plus two spaces and a border). Columns are narrowed in rounds, each only as far as needed: to 8 or their
 * header, keeping Latin words whole (up to 40 columns); then down to their header, still keeping words whole; only
 * then cutting words, down to 8 or their header, and at last down to their header. The first column is never wrapped (its emptiness marks a row's
 * further lines), nor one with cells of several colours; a table that cannot be made narrow enough is as narrow as it
 * gets.
 */
export function fit(columns: TableColumn[], width: number): TableColumn[] {
  const natural = columns.map((c) => Math.max(displayWidth(c.header), maxOf(c.cells.map(lineWidth))));
  const total = (widths: number[]) => widths.reduce((sum, w) => sum + w + 3, 1);
  if (total(natural) <= width) return columns;
  const fixed = columns.map((c, i) => i === 0 || !c.cells.every(wrappable));
  const header = columns.map((c) => Math.max(1, displayWidth(c.header)));
  const word = columns.map((c, i) => Math.max(header[i]!, Math.min(LONGEST_WORD, maxOf(c.cells.map(longestWord)))));
  const limit = (floor: (i: number) => number) => natural.map((n, i) => (fixed[i] ? n : Math.min(n, floor(i))));
  const rounds = [limit((i) => Math.max(MIN_WRAPPED, word[i]!)), limit((i) => word[i]!), limit((i) => Math.max(MIN_WRAPPED, header[i]!)), limit((i) => header[i]!)];
  const target = [...natural];
  for (const floor of rounds) {
    while (total(target) > width) {
      let widest = -1;
      for (let i = 0; i < target.length; i++) if (target[i]! > floor[i]! && (widest < 0 || target[i]! > target[widest]!)) widest = i;
      if (widest < 0) break;
      target[widest]! -= 1;
    }
  }
  return columns.map((c, i) => (target[i]! >= natural[i]! ? c : { header: c.header, cells: c.cells.map((cell) => wrapStyled(cell, target[i]!)) }));
}

// Where a line may break without cutting a word: at spaces, on either side of a wide (Chinese, Japanese, Korean)
// character, and after the hyphen of a hyphenated word (WORD_BREAK).
const BREAKABLE = /[\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const BREAKS = new RegExp(BREAKABLE.source, 'u');
const ESCAPES = /\x1b\[[0-9;]*m/g;

/** The display width of the widest run of characters in `cell` that has nowhere to break. */
function longestWord(cell: string): number {
  let widest = 0;
  for (const run of cell.replace(ESCAPES, '').split(BREAKS)) for (const word of run.split(WORD_BREAK)) widest = Math.max(widest, displayWidth(word));
  return widest;
}

// A cell is plain text, or plain text in one colour (`\x1b[2m…\x1b[22m`): each wrapped line gets the colour again.
// Anything else with escapes in it keeps its width.
const STYLED = /^((?:\x1b\[[0-9;]*m)+)([^\x1b]*)((?:\x1b\[[0-9;]*m)+)$/;
const wrappable = (cell: string) => !cell.includes('\x1b') || STYLED.test(cell);

function wrapStyled(cell: string, width: number): string {
  const m = STYLED.exec(cell);
  if (!m) return wrapText(cell, width);
  return wrapText(m[2]!, width)
    .split('\n')
    .map((line) => `${m[1]}${line}${m[3]}`)
    .join('\n');
}
