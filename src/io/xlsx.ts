// Reading the first (or a chosen) sheet of an .xlsx file with exceljs, as rows of text cells that the CSV importers
// already understand. Loaded with import() only when a file is xlsx: exceljs and its zip and XML readers take about a
// third of a second to load, which no other command should pay.
//
// A hostile file is refused before exceljs sees it: exceljs inflates every part of the zip into memory, so a small
// file that inflates to gigabytes (a zip bomb) would take the machine's memory. Each part is inflated once here, as
// a stream, counting the bytes it really gives (not the sizes the zip claims), and the file is refused as soon as
// the total passes MAX_INFLATED. The sheet's row count is bounded too.
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import type { Row } from 'exceljs';
import type JSZip from 'jszip';
import type { ParsedTable } from './spreadsheet.js';

/**
 * Far more than a roster or form export needs: a sheet cell takes about 55 bytes of XML, so 10,000 rows of 20 columns
 * are about 11 MB.
 */
export const MAX_INFLATED = 50 * 1024 * 1024;
export const MAX_ROWS = 100_000;

export async function readXlsx(bytes: Buffer, sheet: string | undefined, limits = { inflated: MAX_INFLATED, rows: MAX_ROWS }): Promise<ParsedTable & { sheet: string }> {
  await checkInflatedSize(bytes, limits.inflated);
  // Both Node's loader (the tests) and the bundle give a CommonJS module's exports as the default export.
  const { default: Workbook } = await import('exceljs/lib/doc/workbook.js');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new UsageError(t('import.xlsxUnreadable', { reason: (err as Error).message }));
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw new UsageError(t('import.xlsxNoSheet'));
  const worksheet = sheet === undefined ? sheets[0]! : pickSheet(sheets, sheet);
  if (worksheet.rowCount > limits.rows) throw new UsageError(t('import.xlsxTooManyRows', { rows: worksheet.rowCount, max: limits.rows }));

  const rows: Array<{ line: number; cells: string[] }> = [];
  worksheet.eachRow((row: Row, rowNumber: number) => {
    // row.values is 1-based (index 0 is empty), as Excel numbers columns.
    const values = (row.values as unknown[]).slice(1);
    rows.push({ line: rowNumber, cells: Array.from(values, cellText) });
  });
  const header = rows.shift();
  if (!header) throw new UsageError(t('import.xlsxEmptySheet', { sheet: worksheet.name }));
  // A row's line is its row number in the sheet, which is what the admin sees in Excel or WPS.
  return { headers: header.cells.map((h) => h.trim()), rows, sheet: worksheet.name };
}

function pickSheet<T extends { name: string }>(sheets: T[], wanted: string): T {
  const byName = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (byName) return byName;
  const n = /^\d+$/.test(wanted.trim()) ? Number(wanted) : NaN;
  if (n >= 1 && n <= sheets.length) return sheets[n - 1]!;
  throw new UsageError(t('import.xlsxNoSuchSheet', { sheet: wanted, sheets: sheets.map((s, i) => `${i + 1} ${s.name}`).join(', ') }));
}

/** A cell as the text a CSV export of it would hold. Dates become `YYYY-MM-DD[ HH:mm[:ss]]`, read in the club's zone. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text); // a hyperlink: emails often become one
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** exceljs gives a date cell's wall-clock time as UTC; rounded to the second (Excel stores fractions of a day). */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const d = new Date(Math.round(date.getTime() / 1000) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const [h, m, s] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

async function checkInflatedSize(bytes: Buffer, max: number): Promise<void> {
  const { default: JSZip } = await import('jszip');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new UsageError(t('import.xlsxUnreadable', { reason: (err as Error).message }));
  }
  let total = 0;
  const tooBig = () => new UsageError(t('import.xlsxTooLarge', { max: Math.round(max / (1024 * 1024)) }));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > max) {
          // Stop reading: the stream stops inflating when nobody reads it.
          stream.pause();
          stream.removeAllListeners('data');
          reject(tooBig());
        }
      });
      stream.on('error', (err: Error) => reject(new UsageError(t('import.xlsxUnreadable', { reason: err.message }))));
      stream.on('end', () => resolve());
    });
  }
}
