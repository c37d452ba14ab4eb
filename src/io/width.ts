// Text at a terminal: how many columns it takes, and how it wraps into lines of a given width. Shared by tables
// (io/table.ts) and key-value blocks (io/output.ts).

/**
 * string-width, loaded only when some text needs it (loadWidths). At load it creates an ICU segmenter and regular
 * expressions of Unicode properties (emoji sequences among them): about 280M instructions, three times all of
 * `node -e 0`, in every command that prints anything, though ASCII and Chinese text never use it.
 */
let stringWidth: typeof import('string-width').default | undefined;

/** Loads string-width for the texts displayWidth cannot measure by itself (needsWidths). */
export async function loadWidths(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}

/** Whether string-width has been loaded in this process. */
export const widthsLoaded = (): boolean => stringWidth !== undefined;

/** Thrown by displayWidth for a text it needs string-width for, before loadWidths: withWidths loads it and retries. */
export class WidthsNotLoaded extends Error {
  constructor() {
    super('internal: string-width is not loaded (call loadWidths first)');
  }
}

/** `render()`, again after loading string-width if it measured a text that needs it. `render` must be pure. */
export async function withWidths<T>(render: () => T): Promise<T> {
  try {
    return render();
  } catch (err) {
    if (!(err instanceof WidthsNotLoaded)) throw err;
    await loadWidths();
    return render();
  }
}

/** Whether measuring `text` takes string-width: anything but printable ASCII and Han characters (colour codes aside). */
export function needsWidths(text: string): boolean {
  if (text.includes('\x1b')) text = text.replace(SGR, '');
  return !FAST.test(text) && !slowWidths.has(text);
}
const FAST = /^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/;

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
    if (!stringWidth) throw new WidthsNotLoaded();
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

/**
 * Where a word may break: after a space, after the hyphen of a hyphenated word (not a date's), and after the bar of a
 * list of choices (`discussion|reading|…`), which would otherwise be cut inside a word.
 */
export const WORD_BREAK = /(?<= )|(?<=\p{L}[-|])(?=\p{L})/u;

// Chinese punctuation that closes (no line starts with it) and that opens (no line ends with it).
const CJK_CLOSING = '、。，：；！？）》」』】〕〉’”…·';
const CJK_OPENING = '（《「『【〔〈‘“';

/**
 * Where Chinese text may break too (plain text for the chat): between Chinese characters and after Chinese punctuation,
 * never before a closing mark (，。）》…) nor after an opening one (（《「), so no line starts with `）`.
 */
export const CJK_BREAK = new RegExp(
  `${WORD_BREAK.source}|(?<=[\\p{Script=Han}${CJK_CLOSING}])(?![${CJK_CLOSING}])|(?<![${CJK_OPENING}])(?=[\\p{Script=Han}${CJK_OPENING}])`,
  'u',
);

/**
 * `text` in lines no wider than `width` columns: broken at spaces and after hyphens of hyphenated words where a word
 * fits (or where `breaks` allows), else between characters.
 */
export function wrapText(text: string, width: number, breaks: RegExp = WORD_BREAK): string {
  if (!text.includes('\n') && displayWidth(text) <= width) return text;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineW = 0;
    for (const word of paragraph.split(breaks)) {
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
