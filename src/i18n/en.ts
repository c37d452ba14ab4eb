// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'import.xls': 'an old binary Excel file (.xls) cannot be read',
  'import.xlsHint': 'open it in Excel or WPS and save it as .xlsx or CSV (UTF-8), then import that',
  'import.xlsxEncoding': '--encoding is for CSV files: this file is an xlsx workbook, which says its own encoding',
  'import.sheetNotXlsx': '--sheet is for xlsx workbooks: this file is text (CSV)',
  'import.xlsxUnreadable': 'the file starts like an xlsx workbook but cannot be read: {reason}',
  'import.xlsxNoSheet': 'the workbook has no sheet',
  'import.xlsxEmptySheet': 'sheet {sheet} is empty: expected a header row',
  'import.xlsxNoSuchSheet': 'no sheet {sheet} (sheets: {sheets})',
  'import.xlsxTooLarge': 'the workbook inflates to more than {max} MB: refused (a roster or form export is far smaller; this may be a zip bomb)',
  'import.xlsxTooManyRows': 'the sheet has {rows} rows, more than the {max} an import takes',
  'import.requiredBlank': 'required questions left blank, imported as unanswered: {list}',
  'import.linesList': 'lines {lines}',
  'import.readAs': 'read {file} as {encoding}',
  'import.readSheet': 'read sheet {sheet} of {file}',
  'import.badStatusFlag': 'invalid --status: {value} (expected applicant or active)',
} as const;

export type MessageKey = keyof typeof en;
