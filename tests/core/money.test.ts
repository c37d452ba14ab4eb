// Exact money: typed amounts to integer fen and back, never through floating point.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { formatAmount, parseAmount } from '../../src/core/money/amount.js';

describe('parseAmount', () => {
  it.each([
    ['128.50', 12850],
    ['128.5', 12850],
    ['128', 12800],
    [' 0.01 ', 1],
    ['0.10', 10],
    ['1000000.00', 100_000_000],
    ['566.60', 56660],
    [128.5, 12850],
    [0.29, 29],
    [566.6, 56660],
    [1000000, 100_000_000],
  ] as const)('%j is %i fen', (text, fen) => {
    expect(parseAmount(text)).toBe(fen);
  });

  // Thousands separators in their places, and the club currency's symbol or code in front (issue #21).
  it.each([
    ['1,280.00', 'CNY', 128000],
    ['1,000,000', 'CNY', 100_000_000],
    ['1,000', 'CNY', 100000],
    ['999,999.99', 'CNY', 99_999_999],
    ['¥128.50', 'CNY', 12850],
    ['￥128.50', 'CNY', 12850],
    ['¥ 128.50', 'CNY', 12850],
    ['CNY 128.50', 'CNY', 12850],
    ['cny128.5', 'CNY', 12850],
    ['¥1,280.00', 'CNY', 128000],
    ['$12.30', 'USD', 1230],
    ['USD 1,280', 'USD', 128000],
    ['€5', 'EUR', 500],
  ] as const)('%j in %s is %i fen', (text, currency, fen) => {
    expect(parseAmount(text, 'amount', currency)).toBe(fen);
  });

  it.each([
    ['1,28.0', 'CNY'],
    ['12,80.00', 'CNY'],
    ['1,2800', 'CNY'],
    [',128', 'CNY'],
    ['1,,280', 'CNY'],
    ['1280,', 'CNY'],
    ['1.280,00', 'CNY'],
    ['1,000.005', 'CNY'],
    ['1,000,000.01', 'CNY'],
    ['¥-5', 'CNY'],
    ['-¥5', 'CNY'],
    ['¥1e3', 'CNY'],
    ['$12.30', 'CNY'],
    ['USD 12', 'CNY'],
    ['¥¥12', 'CNY'],
    ['128.50¥', 'CNY'],
    ['¥12', 'USD'],
    ['€', 'EUR'],
  ] as const)('%j in %s is refused (exit 2)', (text, currency) => {
    expect(() => parseAmount(text, 'amount', currency)).toThrow(UsageError);
  });

  it.each(['0', '0.00', '1000000.01', '128.505', '-5', '+5', '1,00.00', '1e3', '', 'abc', '.5', '5.', '00000000100000000.01', 128.505, -1, Number.NaN, 1e21] as const)(
    '%j is refused (exit 2)',
    (text) => {
      expect(() => parseAmount(text, 'budget[0].amount')).toThrow(UsageError);
    },
  );

  it('names the field and says why', () => {
    expect(() => parseAmount('128.505', 'budget[1].amount')).toThrow('invalid budget[1].amount: "128.505" has more than two decimals');
    expect(() => parseAmount('1000000.01', 'amount')).toThrow('outside 0.01 to 1,000,000.00');
  });
});

describe('formatAmount', () => {
  it.each([
    [12850, '128.50'],
    [1, '0.01'],
    [0, '0.00'],
    [100_000_000, '1000000.00'],
    [-305, '-3.05'],
  ])('%i fen is %s', (fen, text) => {
    expect(formatAmount(fen)).toBe(text);
  });

  it('round-trips every amount of a sample', () => {
    for (const fen of [1, 9, 10, 99, 100, 101, 12345, 99_999_999, 100_000_000]) expect(parseAmount(formatAmount(fen))).toBe(fen);
  });
});
