// Reading notes are Markdown written by members and shown to everyone (the Saturday digest, reports): they keep their
// Markdown — paragraphs, lists, emphasis, quotes, code — but raw HTML, images and links come out as text.
// Everything that can open one is escaped wherever it stands, code included: a backslash in a code span is a small
// price against guessing wrong where a code block ends (a fence in a list item ends with the item).

/** ASCII punctuation: what a backslash escapes in CommonMark. */
const PUNCT = /[!-/:-@[-`{-~]/;

/** The note with `<` (HTML, autolinks), `[` `]` (links, images, references) and bare URLs and emails made text. */
export function sanitizeNotes(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && PUNCT.test(text[i + 1] ?? '')) {
      // Already an escape: its character is text. Kept as written (in code, both characters show, as they did).
      out += ch + text[i + 1];
      i++;
    } else if (ch === '<' || ch === '[' || ch === ']' || ch === '@') {
      out += `\\${ch}`;
    } else if (ch === ':' && text.startsWith('//', i + 1)) {
      // GFM makes links of bare http:// and www. addresses: break what it looks for.
      out += ':\\/\\/';
      i += 2;
    } else if (/^www\./i.test(text.slice(i, i + 4)) && !/[A-Za-z0-9]/.test(text[i - 1] ?? '')) {
      out += `${text.slice(i, i + 3)}\\.`;
      i += 3;
    } else {
      out += ch;
    }
  }
  return closeFence(demoteHeadings(out));
}

/** A note's own headings sit below the digest's (## per member): `# 读后感` becomes `### 读后感`. Code is left alone. */
function demoteHeadings(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (f) {
        if (fence === null) fence = f[1]!;
        else if (f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/^( {0,3})(#{1,6})(?=[ \t]|$)/, (_m, indent: string, hashes: string) => `${indent}${'#'.repeat(Math.min(6, hashes.length + 2))}`);
    })
    .join('\n');
}

/** A code fence left open would swallow what follows the note (the next member's notes): it is closed. */
function closeFence(markdown: string): string {
  let open: string | null = null;
  for (const line of markdown.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    if (open === null) {
      if (!(m[1]![0] === '`' && m[2]!.includes('`'))) open = m[1]!;
    } else if (m[1]![0] === open[0] && m[1]!.length >= open.length && m[2]!.trim() === '') open = null;
  }
  return open === null ? markdown : `${markdown}\n${open}`;
}
