// Exact money (README, "Money"): amounts are integer fen/cents, typed as `128.50` (or `128.5`, `128`), printed with
// two decimals. Never floating point: the text is read digit by digit, and a number is read through its shortest
// decimal text (128.5 → "128.5"), so 0.1 + 0.2 never happens here.
import { UsageError } from '../errors.js';
import { t } from '../../i18n/index.js';

/** The least and the most one amount may be, in fen: 0.01 to 1,000,000.00. */
export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 100_000_000;

const AMOUNT_RE = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * `text` (or a number with at most two decimals) as integer fen; a usage error (exit 2) naming `field` for anything
 * else: more than two decimals, a sign, a thousands separator, an exponent, or outside 0.01..1,000,000.00.
 */
export function parseAmount(value: string | number, field = 'amount'): number {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = AMOUNT_RE.exec(text);
  if (!m) {
    const decimals = /^\d+\.(\d{3,})$/.test(text);
    throw new UsageError(t(decimals ? 'money.tooManyDecimals' : 'money.badAmount', { field, value: JSON.stringify(value) }), t('money.hint'));
  }
  // Digits beyond what an integer holds exactly are out of range anyway.
  if (m[1]!.replace(/^0+/, '').length > 7) throw new UsageError(t('money.outOfRange', { field, value: JSON.stringify(value) }), t('money.hint'));
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen < MIN_AMOUNT || fen > MAX_AMOUNT) throw new UsageError(t('money.outOfRange', { field, value: JSON.stringify(value) }), t('money.hint'));
  return fen;
}

/** Integer fen as people and JSON read it: "128.50", "-3.05". */
export function formatAmount(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
