// Text at a terminal: how many columns it takes, and how it wraps into lines of a given width. Shared by tables
// (io/table.ts) and key-value blocks (io/output.ts).
import stringWidth from 'string-width';

/**
 * Columns `text` takes at a terminal, colour codes left out: a Chinese character, an East Asian ambiguous character
 * (①, °, —, Greek and Cyrillic letters, as CJK terminals draw them) and an emoji are two. Box-drawing characters,
 * ambiguous too, are one: a table's rules are drawn one column each, and terminals draw them so.
 */
export function displayWidth(text: string): number {
  if (text.includes('\x1b')) text = text.replace(SGR, '');
  // Printable ASCII is one column a character; string-width's emoji expression costs a compile on first use.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  // So is common Chinese text: ASCII and Han characters (two columns each) need no grapheme segmentation, which is
  // what makes string-width slow for long tables.
  if (/^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/.test(text)) return text.length + (text.match(HAN)?.length ?? 0);
  // The rest is measured by string-width, which segments into graphemes (slow): once per distinct text in a run.
  let width = slowWidths.get(text);
  if (width === undefined) {
    const boxes = text.match(BOX_DRAWING)?.length ?? 0;
    width = boxes + stringWidth(boxes ? text.replace(BOX_DRAWING, '') : text, { ambiguousIsNarrow: false });
    slowWidths.set(text, width);
  }
  return width;
}

const slowWidths = new Map<string, number>();

const BOX_DRAWING = /[\u2500-\u257f]/g;
// Colour codes (chalk's); string-width strips any other escape.
const SGR = /\x1b\[[0-9;]*m/g;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/g;

/** Where a word may break: after a space, and after the hyphen of a hyphenated word (not a date's). */
export const WORD_BREAK = /(?<= )|(?<=\p{L}-)(?=\p{L})/u;

/**
 * Also between two Chinese characters, as Chinese prose breaks, but not before closing punctuation (，。）…) nor after
 * opening punctuation (（《“…).
 */
export const CJK_BREAK = /(?<= )|(?<=\p{L}-)(?=\p{L})|(?<=[\u3000-\u9fff\uff00-\uffef])(?<![（《“‘「『【〈])(?=[\u3000-\u9fff\uff00-\uffef])(?![，。、；：！？）》”’」』】〉])/u;

/**
 * `text` in lines no wider than `width` columns: broken at spaces and after hyphens of hyphenated words where a word
 * fits, else between characters. With `breakCjk` (prose, such as help texts), also between Chinese characters; without
 * it (names in tables), a run of Chinese characters stays whole where it fits.
 */
export function wrapText(text: string, width: number, options: { breakCjk?: boolean } = {}): string {
  if (!text.includes('\n') && displayWidth(text) <= width) return text;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineW = 0;
    for (const word of paragraph.split(options.breakCjk ? CJK_BREAK : WORD_BREAK)) {
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
      // A word wider than the column: split between characters (graphemes: a letter with its accents, a joined emoji).
      for (const segment of characters(word)) {
        const u = displayWidth(segment);
        if (lineW + u > width && line) {
          lines.push(line.trimEnd());
          line = '';
          lineW = 0;
        }
        // The space after the word, when the word filled its line, does not start the next one.
        if (segment === ' ' && !line) continue;
        line += segment;
        lineW += u;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

let segmenter: Intl.Segmenter | undefined;
/** The graphemes of `text`: a letter with its accents, a joined emoji. ASCII and Chinese text, by far the most common,
 * is one grapheme a character and needs no segmenter (ICU's is slow enough to show in a table of 10,000 rows). */
function characters(text: string): Iterable<string> {
  if (/^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
