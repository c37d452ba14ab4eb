// Exact money (README, "Money"): amounts are integer fen/cents, typed as `128.50` (or `128.5`, `128`), printed with
// two decimals. Never floating point: the text is read digit by digit, and a number is read through its shortest
// decimal text (128.5 → "128.5"), so 0.1 + 0.2 never happens here.
import { UsageError } from '../errors.js';
import { t } from '../../i18n/index.js';

/** The least and the most one amount may be, in fen: 0.01 to 1,000,000.00. */
export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 100_000_000;

const AMOUNT_RE = /^(\d+)(?:\.(\d{1,2}))?$/;
/** Thousands separators, each before a group of exactly three digits: 1,280.00 and 1,000,000 but not 1,28.0. */
const GROUPED_RE = /^\d{1,3}(?:,\d{3})+(?=\.|$)/;

/** The symbols a currency's amounts may be typed with, besides its code (`CNY 128.50`). */
const SYMBOLS: Readonly<Record<string, readonly string[]>> = {
  CNY: ['¥', '￥'],
  JPY: ['¥', '￥'],
  USD: ['$', 'US$'],
  HKD: ['$', 'HK$'],
  TWD: ['$', 'NT$'],
  EUR: ['€'],
  GBP: ['£'],
};

/** `text` without the club currency's symbol or code in front (`¥128.50`, `￥128.50`, `CNY 128.50`), if it has one. */
function withoutCurrency(text: string, currency: string): string {
  const prefixes = [currency, ...(SYMBOLS[currency] ?? [])].sort((a, b) => b.length - a.length);
  const prefix = prefixes.find((p) => text.toUpperCase().startsWith(p.toUpperCase()));
  return prefix === undefined ? text : text.slice(prefix.length).trimStart();
}

/**
 * `text` (or a number with at most two decimals) as integer fen; a usage error (exit 2) naming `field` for anything
 * else: more than two decimals, a sign, a misplaced thousands separator, an exponent, or outside 0.01..1,000,000.00.
 * Thousands separators in their places (`1,280.00`) and the club currency's symbol or code in front (`¥128.50`,
 * `CNY 128.50`) are accepted.
 */
export function parseAmount(value: string | number, field = 'amount', currency = 'CNY'): number {
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : withoutCurrency(value.trim(), currency);
  const grouped = GROUPED_RE.exec(text);
  if (grouped) text = grouped[0].replace(/,/g, '') + text.slice(grouped[0].length);
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
