// The files admins import, whatever they were saved as: an .xlsx workbook (what Wenjuanxing and Tencent Docs export by
// default), or text (CSV, tab- or semicolon-separated, in UTF-8, UTF-16 or GBK). Which one is told by the first bytes,
// never by the file's name: a download renamed to .csv is still a workbook.
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { decodeText, parseEncoding } from './encoding.js';
import type { Encoding } from './encoding.js';

export interface ParsedTable {
  headers: string[];
  /** line: the row's line in the file (the header is line 1), or its row number in the sheet. */
  rows: Array<{ line: number; cells: string[] }>;
}

export type FileKind = 'xlsx' | 'xls' | 'text';

/** A zip (PK\x03\x04) is an xlsx; an OLE compound file (D0 CF 11 E0) is an old binary .xls. */
export function fileKind(bytes: Buffer): FileKind {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return 'text';
}

export type ReadFile = (ParsedTable & { kind: 'xlsx'; sheet: string }) | { kind: 'text'; text: string; encoding: Encoding };

/**
 * The rows of an xlsx sheet, or the decoded text of anything else (the caller parses it: CSV, or JSON for a member
 * import). `--encoding` is for text and `--sheet` for workbooks: either given with the other kind is a usage error.
 */
export async function readSpreadsheetOrText(bytes: Buffer, opts: { encoding?: string | undefined; sheet?: string | undefined }): Promise<ReadFile> {
  const kind = fileKind(bytes);
  if (kind === 'xls') throw new UsageError(t('import.xls'), t('import.xlsHint'));
  if (kind === 'xlsx') {
    if (opts.encoding !== undefined) throw new UsageError(t('import.xlsxEncoding'));
    const { readXlsx } = await import('./xlsx.js');
    return { kind, ...(await readXlsx(bytes, opts.sheet)) };
  }
  if (opts.sheet !== undefined) throw new UsageError(t('import.sheetNotXlsx'));
  const decoded = decodeText(bytes, parseEncoding(opts.encoding));
  return { kind, text: decoded.text, encoding: decoded.encoding };
}

/** A roster or form export as header and rows: an xlsx sheet, or CSV text. */
export async function readTableFile(bytes: Buffer, opts: { encoding?: string | undefined; sheet?: string | undefined }): Promise<ParsedTable & { encoding: Encoding | null }> {
  const file = await readSpreadsheetOrText(bytes, opts);
  if (file.kind === 'xlsx') return { headers: file.headers, rows: file.rows, encoding: null };
  const { parseCsv } = await import('./csv.js');
  const { headers, rows } = await parseCsv(file.text);
  return { headers, rows, encoding: file.encoding };
}
