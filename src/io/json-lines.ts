// One layout for a JSON array of records, shared by the store's collection files and every list printed with
// `--json`: `[`, one compact record per line, `]`. jq reads it as any array; grep, head and wc -l work on it line by
// line; and a list that is a whole stored collection can be printed from the file's bytes as they are.

export function jsonLines(records: readonly unknown[]): string {
  if (records.length === 0) return '[]\n';
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

/**
 * The texts of the records (`[`…`]`) or entries (`{`…`}`) of bytes laid out as jsonLines lays them out, one a line
 * without its comma, `size` at a time; null when the bytes are in another layout.
 */
export function jsonLineTexts(bytes: Uint8Array, brackets: '[]' | '{}' = '[]', size = 2000): Iterable<string[]> | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [open, close] = brackets;
  if (buf.length === 3 && buf.toString('latin1') === `${open}${close}\n`) return [];
  if (buf.length < 4 || buf.toString('latin1', 0, 2) !== `${open}\n` || buf.toString('latin1', buf.length - 3) !== `\n${close}\n`) return null;
  return (function* () {
    let batch: string[] = [];
    const end = buf.length - 3;
    for (let start = 2; start <= end; ) {
      let nl = buf.indexOf(0x0a, start);
      if (nl < 0 || nl > end) nl = end;
      batch.push(buf.toString('utf8', start, buf[nl - 1] === 0x2c ? nl - 1 : nl));
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
      start = nl + 1;
    }
    if (batch.length) yield batch;
  })();
}
