// exceljs's Workbook on its own (src/io/xlsx.ts): the package's main module also loads its streaming reader and
// writer, whose zip libraries double the bundled code and pull in some 130 shim packages that club never runs.
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';
  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}
