// CSV output through csv-stringify, with the formula-injection guard of SPEC §5: a text cell that starts with
// = + - @, TAB or CR gets a leading ' so spreadsheet programs show it as text (and `+86…` phone numbers survive).
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export function guardCell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  const text = Array.isArray(value) ? value.join(';') : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Reverses guardCell for text read back from our own exports. */
export function unguardCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

export function toCsv(header: string[], rows: unknown[][], opts: { bom?: boolean } = {}): string {
  const body = stringify([header, ...rows.map((row) => row.map(guardCell))], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return (opts.bom ? '\uFEFF' : '') + body;
}
