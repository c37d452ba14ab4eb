// CSV output through csv-stringify, with the formula-injection guard of SPEC §5: a text cell that starts with
// = + - @, TAB or CR gets a leading ' so spreadsheet programs show it as text (and `+86…` phone numbers survive).
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';

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
  return (opts.bom ? '\uFEFF' : '') + csvLines(rows, header);
}

/** CSV lines of `rows` (after `header`, when given): a file written a batch of rows at a time is toCsv's text. */
export function csvLines(rows: unknown[][], header?: string[]): string {
  return stringify([...(header ? [header] : []), ...rows.map((row) => row.map(guardCell))], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

export interface ParsedCsv {
  headers: string[];
  rows: Array<{ line: number; cells: string[] }>;
  delimiter: string;
}

/**
 * Parses CSV (or tab/semicolon-separated text, detected from the header line) with csv-parse. Every cell has our
 * own formula guard removed, so an export read back gives exactly what was exported.
 */
export async function parseCsv(text: string): Promise<ParsedCsv> {
  const { parse } = await import('csv-parse/sync');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new UsageError(t('store.theFileIsNot', { value: e.lines ? ` (line ${e.lines})` : '', value2: e.message.replace(/^Invalid [A-Za-z ]+: /, '') }));
  }
  if (records.length === 0) throw new UsageError(t('store.theFileIsEmpty'));
  const [header, ...body] = records;
  // info.lines is the line where a record ends; a record starts after the previous one ended (blank lines aside).
  let previousEnd = header!.info.lines;
  const rows = body.map(({ record, info }) => {
    const newlinesInside = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = Math.max(previousEnd + 1, info.lines - newlinesInside);
    previousEnd = info.lines;
    return { line, cells: record.map(unguardCell) };
  });
  return { headers: header!.record.map((h) => h.trim()), rows, delimiter };
}

function detectDelimiter(line: string): string {
  const outside = line.replace(/"[^"]*"/g, '');
  const counts: Array<[string, number]> = [',', '\t', ';'].map((d) => [d, outside.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}
