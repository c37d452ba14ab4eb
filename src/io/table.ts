// Tables for people (cli-table3): one rule under the header and none between rows, and at a terminal no wider than
// it is. A table that would be wider has its widest plain-text columns wrapped, by display width (a Chinese character
// is two columns), at spaces where it can and anywhere in a run of Chinese. A wrapped row's further lines have
// nothing in the first column (an id, a time), which is how they are told from the next row; a rule between every
// two rows would double a long list again. cli-table3's own wrapping is not used: it truncates or drops text in runs
// of wide characters.
import { displayWidth } from './output.js';
import type { Style } from './style.js';

/** A cell's text for the table: its lines as they will print. */
export interface TableColumn {
  header: string;
  cells: string[];
}

/** Narrowest a wrapped column gets: its header, and never less than this. */
const MIN_WRAPPED = 8;

const lineWidth = (text: string) => Math.max(0, ...text.split('\n').map(displayWidth));

export async function renderColumns(columns: TableColumn[], style: Style, width?: number): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const fitted = width === undefined ? columns : fit(columns, width);
  const colored = style.level > 0;
  const table = new Table({
    head: fitted.map((c) => (colored ? style.bold(c.header) : c.header)),
    style: { head: [], border: colored ? ['grey'] : [] },
    wordWrap: false,
    // No rule between rows: a list of 300 members is 300 lines, not 600. The one under the header is put back below.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const rows = fitted[0]?.cells.length ?? 0;
  for (let i = 0; i < rows; i++) table.push(fitted.map((c) => c.cells[i]!));
  // The header is one line (headers have no line breaks), between the top border and the first row.
  const lines = table.toString().split('\n');
  lines.splice(2, 0, lines[0]!.replace('┌', '├').replaceAll('┬', '┼').replace('┐', '┤'));
  return lines.join('\n');
}

/**
 * The columns, with the widest plain-text ones wrapped until the table is no wider than `width` (each column takes
 * its text plus two spaces and a border). The first column is never wrapped (its emptiness marks a row's further
 * lines), nor one with cells of several colours; a table that cannot be made narrow enough is as narrow as it gets.
 */
export function fit(columns: TableColumn[], width: number): TableColumn[] {
  const natural = columns.map((c) => Math.max(displayWidth(c.header), ...c.cells.map(lineWidth)));
  const total = (widths: number[]) => widths.reduce((sum, w) => sum + w + 3, 1);
  if (total(natural) <= width) return columns;
  const floor = columns.map((c, i) => (i > 0 && c.cells.every(wrappable) ? Math.min(natural[i]!, Math.max(MIN_WRAPPED, displayWidth(c.header))) : natural[i]!));
  const target = [...natural];
  while (total(target) > width) {
    let widest = -1;
    for (let i = 0; i < target.length; i++) if (target[i]! > floor[i]! && (widest < 0 || target[i]! > target[widest]!)) widest = i;
    if (widest < 0) break;
    target[widest]! -= 1;
  }
  return columns.map((c, i) => (target[i]! >= natural[i]! ? c : { header: c.header, cells: c.cells.map((cell) => wrapStyled(cell, target[i]!)) }));
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

/** `text` in lines no wider than `width` columns: broken at spaces where a word fits, else between characters. */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineW = 0;
    for (const word of paragraph.split(/(?<= )/)) {
      const w = displayWidth(word);
      if (lineW + w <= width || (lineW + displayWidth(word.trimEnd()) <= width && word.endsWith(' '))) {
        line += word;
        lineW += w;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      lineW = 0;
      if (w <= width) {
        line = word;
        lineW = w;
        continue;
      }
      // A word wider than the column: split between characters, keeping combining marks and joined emoji together.
      for (const unit of units(word)) {
        const u = displayWidth(unit);
        if (lineW + u > width && line) {
          lines.push(line.trimEnd());
          line = '';
          lineW = 0;
        }
        // The space after the word, when the word filled its line, does not start the next one.
        if (unit === ' ' && !line) continue;
        line += unit;
        lineW += u;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

/** The characters of `text`, each with the combining marks, variation selectors and zero-width joins that follow it. */
function units(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const ch of text) {
    if (out.length && (joinNext || /^[\p{M}\u200d\ufe00-\ufe0f]$/u.test(ch))) out[out.length - 1] += ch;
    else out.push(ch);
    joinNext = ch === '\u200d';
  }
  return out;
}
