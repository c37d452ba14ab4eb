// The one output helper. A command returns an Output; this renders it as a table (terminal), JSON or CSV. Data goes
// to stdout, messages to stderr, so `club … --json | jq` always gets clean JSON.
import { jsonLines } from './json-lines.js';
import type { Style } from './style.js';
import { displayWidth, withWidths, wrapText } from './width.js';
import { visible, visibleAll } from './visible.js';
import { columnLabel, enumLabel, t } from '../i18n/index.js';

export { displayWidth } from './width.js';

export type Format = 'table' | 'json' | 'csv';

export interface Column<T> {
  header: string;
  /** The CSV header; defaults to the JSON field name `key`. */
  key: string;
  value: (row: T) => unknown;
  /** Terminal rendering of the value (colours, truncation); defaults to value(). */
  display?: (row: T, style: Style) => string;
}

export type Output =
  | {
      kind: 'list';
      rows: unknown[];
      columns: Column<never>[];
      /** The JSON to print; defaults to rows. */
      json?: unknown;
      /** Said on stderr in table mode when there are no rows. */
      empty: string;
      footer?: string;
    }
  | {
      kind: 'item';
      data: unknown;
      render: (style: Style) => string;
      /** A confirmation for stderr (writes). */
      message?: string;
    }
  | { kind: 'done'; data: unknown; message: string }
  /** A list already laid out as JSON (a stored collection's bytes, see jsonLines): printed as it is, for --json only. */
  | { kind: 'json-lines'; bytes: Uint8Array }
  | { kind: 'text'; text: string; data?: unknown };

export function list<T>(rows: T[], columns: Column<T>[], opts: { empty: string; json?: unknown; footer?: string }): Output {
  return { kind: 'list', rows, columns: columns as unknown as Column<never>[], empty: opts.empty, json: opts.json, ...(opts.footer ? { footer: opts.footer } : {}) };
}

export function jsonText(bytes: Uint8Array): Output {
  return { kind: 'json-lines', bytes };
}

export interface Sink {
  out: (text: string | Uint8Array) => void;
  err: (text: string) => void;
  style: Style;
  /** CSV starts with a UTF-8 byte-order mark (--bom), for Excel. */
  bom?: boolean;
  /** The terminal's width, when stdout is one: tables are made to fit it. */
  width?: number | undefined;
}

export async function emit(output: Output, format: Format, sink: Sink): Promise<void> {
  if (output.kind === 'json-lines') {
    if (format !== 'json') throw new Error(t('store.internalAListLaid', { format }));
    sink.out(output.bytes);
    return;
  }
  if (format === 'json') {
    const data = output.kind === 'list' ? (output.json ?? output.rows) : output.data;
    // Lists one record per line; one thing (an item, an object) indented.
    sink.out(output.kind === 'list' && Array.isArray(data) ? jsonLines(data) : `${JSON.stringify(data ?? null, null, 2)}\n`);
    if (output.kind === 'done' || (output.kind === 'item' && output.message)) sink.err(`${output.kind === 'done' ? output.message : output.message}\n`);
    return;
  }
  if (format === 'csv') {
    if (output.kind !== 'list') throw new Error(t('store.csvOutputIsOnly'));
    const { toCsv } = await import('./csv.js');
    sink.out(toCsv(output.columns.map((c) => c.key), output.rows.map((row) => output.columns.map((c) => c.value(row as never))), { bom: sink.bom }));
    return;
  }
  switch (output.kind) {
    case 'list': {
      if (output.rows.length === 0) {
        sink.err(`${output.empty}\n`);
        return;
      }
      sink.out(`${await renderTable(output.columns, output.rows, sink.style, sink.width)}\n`);
      if (output.footer) sink.err(`${output.footer}\n`);
      return;
    }
    case 'item':
      sink.out(`${await withWidths(() => output.render(sink.style))}\n`);
      if (output.message) sink.err(`${output.message}\n`);
      return;
    case 'done':
      sink.err(`${sink.style.green('✓')} ${output.message}\n`);
      return;
    case 'text':
      sink.out(output.text.endsWith('\n') ? output.text : `${output.text}\n`);
      return;
  }
}

/** A table for people (io/table.ts), no wider than `width` columns when it is given (stdout is a terminal). */
export async function renderTable(columns: Column<never>[], rows: unknown[], style: Style, width?: number): Promise<string> {
  const { renderColumns } = await import('./table.js');
  return renderColumns(
    // Control characters from people are escaped before the layout, so widths are those of what is printed.
    // Headers and enum values (statuses, roles) in the admin's language; JSON and CSV keep the keys and values.
    columns.map((c) => ({
      header: columnLabel(c.header),
      cells: rows.map((row) => (c.display ? visible(c.display(row as never, style)) : ENUM_COLUMNS.has(c.key) ? enumCell(c.value(row as never)) : formatCell(c.value(row as never)))),
    })),
    style,
    width,
  );
}

/** Columns whose values are enums, shown in words in a table. */
const ENUM_COLUMNS = new Set(['status', 'role', 'type', 'audience', 'anonymous']);

function enumCell(value: unknown): string {
  return typeof value === 'string' || typeof value === 'boolean' ? enumLabel(String(value)) : formatCell(value);
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return visibleAll(String(value).replace(/[\r\n]+/g, ' '));
}

/**
 * A "key: value" block for `show` commands, aligned on the widest label (CJK labels count double). Given the
 * terminal's `columns`, long values wrap under themselves.
 */
export function keyValues(pairs: Array<[string, unknown]>, style: Style, columns?: number): string {
  // Labels as table headers are (col.<label>), enum values in words: a show block reads in the admin's language.
  pairs = pairs.map(([k, value]) => [columnLabel(k), ENUM_COLUMNS.has(k) && (typeof value === 'string' || typeof value === 'boolean') ? enumLabel(String(value)) : value]);
  const width = Math.max(...pairs.map(([k]) => displayWidth(k)));
  const indent = ' '.repeat(width + 2);
  const room = columns === undefined ? Infinity : Math.max(columns - width - 2, 10);
  return pairs
    .filter(([, value]) => value !== undefined)
    .map(([k, value]) => {
      const text = formatCell(value);
      const lines = room === Infinity ? [text] : wrapText(text, room).split('\n');
      return `${style.dim(k)}${' '.repeat(width - displayWidth(k))}  ${lines.join(`\n${indent}`)}`;
    })
    .join('\n');
}
