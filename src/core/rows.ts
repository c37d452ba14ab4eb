// Checking an imported file row by row. Every row is checked, and the refusal names every line that has a problem,
// so a spreadsheet is fixed in one pass (and `--dry-run` shows all of it) rather than one error per run. Nothing is
// imported while any row has one.
import { ClubError, RuleError, UsageError } from './errors.js';

/**
 * A cell that holds no answer: empty, or the placeholder a form site writes for a question left blank or skipped by
 * the form's logic (Wenjuanxing's "(空)" and "(跳过)", also with full-width brackets). Never stored as a value.
 */
export function isBlankCell(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = value.trim();
  return v === '' || /^[(（]\s*(空|跳过)\s*[)）]$/.test(v);
}

/** How many problems a refusal lists; the rest are counted. */
const SHOWN = 20;

export class RowProblems {
  private readonly problems: Array<{ line: number; error: ClubError }> = [];

  /** Checks one row: a ClubError it throws is kept and the row skipped (undefined); anything else is a bug, thrown. */
  check<T>(line: number, row: () => T): T | undefined {
    try {
      return row();
    } catch (err) {
      if (!(err instanceof ClubError)) throw err;
      this.problems.push({ line, error: err });
      return undefined;
    }
  }

  /**
   * Refuses when any row had a problem. One problem is thrown as it is; several as one error of the first one's kind
   * (exit 2 for a bad value, 1 for a refusal), listing them in line order, each message already naming its line.
   */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const sorted = [...this.problems].sort((a, b) => a.line - b.line);
    const first = sorted[0]!.error;
    if (sorted.length === 1) throw first;
    const shown = sorted.slice(0, SHOWN).map(({ error }) => `  ${error.message.split('\n').join('\n    ')}`);
    if (sorted.length > SHOWN) shown.push(`  … and ${sorted.length - SHOWN} more`);
    const message = `${sorted.length} rows cannot be imported, so none was:\n${shown.join('\n')}`;
    throw first instanceof UsageError ? new UsageError(message, first.hint) : new RuleError(message, first.hint);
  }
}
