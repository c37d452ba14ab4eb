// Records read out of a file without parsing the rest of it. Every file the store writes holds one record per line
// (serializeCollection, the derived files), so once a file's digest says its bytes are the ones the store wrote, the
// line of one record can be found by how it starts: `{"id":"m12",` in members.json, `"m12":` in balances.json. A
// command that works on one member of 10,000 then parses one line, not 4 MB, and a write puts its changed lines back
// among the others' bytes as they were. Only ever used on bytes the digest vouches for: anything else is parsed whole.

const NEWLINE = 0x0a;
const COMMA = 0x2c;

export interface Line {
  /** Byte offsets of the line in the file, without its newline and its trailing comma. */
  start: number;
  end: number;
  text: string;
}

/** Where the record of a line ending at `end` (its newline) ends: before the comma that separates it from the next. */
const recordEnd = (bytes: Buffer, end: number): number => (bytes[end - 1] === COMMA ? end - 1 : end);

/** The line that starts with `prefix` (after a newline), or undefined when there is none. */
export function findLine(bytes: Buffer, prefix: string): Line | undefined {
  const at = bytes.indexOf(`\n${prefix}`, 0, 'utf8');
  if (at < 0) return undefined;
  const start = at + 1;
  let end = bytes.indexOf(NEWLINE, start);
  if (end < 0) end = bytes.length;
  const stop = recordEnd(bytes, end);
  return { start, end: stop, text: bytes.toString('utf8', start, stop) };
}

/** How the line of a record keyed `id` starts: members.json and the other collections whose records lead with `id`. */
export const recordPrefix = (id: string): string => `{"id":${JSON.stringify(id)},`;

/** Up to this many ids are looked for one by one; more, in one pass over every line. */
export const ONE_BY_ONE = 16;
const RECORD_HEAD = Buffer.from('{"id":"');

/** The lines of the records keyed `ids` (see recordPrefix), or null when one of them has no line. */
export function findRecordLines(bytes: Buffer, ids: ReadonlySet<string>): Map<string, Line> | null {
  const found = new Map<string, Line>();
  if (ids.size <= ONE_BY_ONE) {
    for (const id of ids) {
      const line = findLine(bytes, recordPrefix(id));
      if (!line) return null;
      found.set(id, line);
    }
    return found;
  }
  for (let start = bytes.indexOf(NEWLINE) + 1; start > 0 && start < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const from = start + RECORD_HEAD.length;
    if (from <= end && bytes.compare(RECORD_HEAD, 0, RECORD_HEAD.length, start, from) === 0) {
      const close = bytes.indexOf(0x22 /* " */, from);
      // Ids are plain ASCII (m12): a quote ends them and a comma follows.
      const id = close > 0 && close < end && bytes[close + 1] === COMMA ? bytes.toString('latin1', from, close) : '';
      if (ids.has(id)) {
        const stop = recordEnd(bytes, end);
        found.set(id, { start, end: stop, text: bytes.toString('utf8', start, stop) });
      }
    }
    start = end + 1;
  }
  return found.size === ids.size ? found : null;
}

/** How the line of `key` starts in a derived file (an object with one key per line). */
export const entryPrefix = (key: string): string => `${JSON.stringify(key)}:`;

/**
 * The file `bytes` (a JSON array, one record per line) with the lines at `replace` given new text (null: removed) and
 * `append` added at the end, in the same layout. Lines of other records are copied as bytes, unparsed.
 */
export function spliceRecords(bytes: Buffer, replace: ReadonlyMap<number, string | null>, append: readonly string[]): Buffer {
  const lines: Buffer[] = [];
  // Every line between the opening `[` and the closing `]`: the records.
  let start = bytes.indexOf(NEWLINE) + 1;
  for (;;) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    if (bytes[start] === 0x5d /* ] */) break;
    const stop = recordEnd(bytes, end);
    if (stop > start) {
      const next = replace.get(start);
      if (next === undefined) lines.push(bytes.subarray(start, stop));
      else if (next !== null) lines.push(Buffer.from(next, 'utf8'));
    }
    if (end >= bytes.length) break;
    start = end + 1;
  }
  for (const text of append) lines.push(Buffer.from(text, 'utf8'));
  if (lines.length === 0) return Buffer.from('[]\n');
  const separator = Buffer.from(',\n');
  const parts: Buffer[] = [Buffer.from('[\n'), lines[0]!];
  for (let i = 1; i < lines.length; i++) parts.push(separator, lines[i]!);
  parts.push(Buffer.from('\n]\n'));
  return Buffer.concat(parts);
}
