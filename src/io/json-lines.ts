// One layout for a JSON array of records, shared by the store's collection files and every list printed with
// `--json`: `[`, one compact record per line, `]`. jq reads it as any array; grep, head and wc -l work on it line by
// line; and a list that is a whole stored collection can be printed from the file's bytes as they are.

export function jsonLines(records: readonly unknown[]): string {
  if (records.length === 0) return '[]\n';
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}
