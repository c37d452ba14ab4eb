// The one way a rate or a score is shown to people (SPEC §14, "Rounding"): JSON holds unrounded fractions; Markdown,
// tables and text show percentages rounded half-up to one decimal from the exact fraction (14/17 -> 82.4%, never
// 82.3% from an already-rounded 0.8235), and NPS (−100..100) with one decimal. Every report template, table and
// message that shows a rate goes through here.

/** Tenths of a percent of num/den, rounded half-up (halves away from zero), in integer arithmetic. */
export function percentTenths(num: number, den: number): number {
  if (!Number.isInteger(num) || !Number.isInteger(den) || den === 0) throw new RangeError(`not a fraction: ${num}/${den}`);
  const negative = num < 0 !== den < 0;
  const a = Math.abs(num);
  const b = Math.abs(den);
  // floor(1000a/b + 1/2) = floor((2000a + b) / 2b), exact while 2000a + b stays below 2^53.
  const tenths = Math.floor((2000 * a + b) / (2 * b));
  return negative ? -tenths : tenths;
}

/**
 * `value` × `scale`, rounded half-up (away from zero) to a whole number. `value` is an unrounded fraction a/b from
 * JSON: a/b × 1000 is either exactly a half, which the double lands within 1e-12 of, or at least 1/(2b) away from one
 * (at least 5e-7 for the million members and sessions a club never reaches), so snapping within 1e-9 of a half
 * rounds exactly as the fraction itself would.
 */
function roundHalfUp(value: number, scale: number): number {
  const y = Math.abs(value * scale);
  const r = Math.floor(y + 0.5 + 1e-9);
  return value < 0 && r !== 0 ? -r : r;
}

const oneDecimal = (tenths: number): string => {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? '-' : ''}${Math.floor(abs / 10)}.${abs % 10}`;
};

/** "82.4%" for num/den; "—" when den is 0. */
export function percentOf(num: number, den: number): string {
  return den === 0 ? '—' : `${oneDecimal(percentTenths(num, den))}%`;
}

/** A fraction from JSON (0.8235294…) as "82.4%"; "—" for null. */
export function formatRate(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${oneDecimal(roundHalfUp(x, 1000))}%` : '—';
}

/** NPS (−100..100) with one decimal: "33.3", "-12.5"; "—" for null. */
export function formatScore(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? oneDecimal(roundHalfUp(x, 10)) : '—';
}

/** The sign of a change: + − or ± for none. */
const sign = (tenths: number) => (tenths > 0 ? '+' : tenths < 0 ? '−' : '±');

/** A change of a rate (a difference of fractions) in percentage points: "+12.3 pp", "−4.0 pp", "±0.0 pp". */
export function formatRateChange(x: unknown): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const tenths = roundHalfUp(x, 1000);
  return `${sign(tenths)}${oneDecimal(Math.abs(tenths))} pp`;
}

/** A change of NPS: "+5.0", "−12.5". */
export function formatScoreChange(x: unknown): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const tenths = roundHalfUp(x, 10);
  return `${sign(tenths)}${oneDecimal(Math.abs(tenths))}`;
}

/** The share of `rate` (a fraction) as a whole number of cells out of `width`, for text bar charts. */
export function barCells(rate: number, width: number): number {
  return Math.min(width, Math.max(0, roundHalfUp(rate, width)));
}
