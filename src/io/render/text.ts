// Plain text for the group chat (--format text): every line at most 40 display columns (a Chinese character, an
// emoji or an East Asian ambiguous character counts two; src/io/width.ts), a longer line wrapped at spaces or between
// characters, its continuation indented under the text of a bullet ("• ", "1. ").
import { CJK_BREAK, displayWidth, wrapText } from '../width.js';

export const TEXT_WIDTH = 40;

const HANG = /^(\s*(?:[•·*-]|\d+[.)、])?\s*)/;

/** `text` with every line fitted into `width` columns. */
export function fitText(text: string, width = TEXT_WIDTH): string {
  return text
    .split('\n')
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const prefix = HANG.exec(line)?.[1] ?? '';
      const indent = displayWidth(prefix);
      if (indent === 0 || indent > width / 2) return wrapText(line, width, CJK_BREAK);
      const pad = ' '.repeat(indent);
      return wrapText(line.slice(prefix.length), width - indent, CJK_BREAK)
        .split('\n')
        .map((part, i) => (i === 0 ? prefix : pad) + part)
        .join('\n');
    })
    .join('\n');
}
