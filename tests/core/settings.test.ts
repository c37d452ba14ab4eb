import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseSettingValue } from '../../src/core/settings.js';
import type { SettingKey } from '../../src/core/settings.js';

describe('parseSettingValue', () => {
  it.each<[SettingKey, string, unknown]>([
    ['leave.perWeek', '2', 2],
    ['leave.perWeek', ' 0 ', 0],
    ['targets.participationRate', '0.75', 0.75],
    ['targets.participationRate', '75%', 0.75],
    ['targets.satisfaction', '1', 1],
    ['lang', 'en', 'en'],
    ['weekStart', 'sunday', 'sunday'],
    ['timezone', 'Asia/Shanghai', 'Asia/Shanghai'],
    ['name', ' 周二读书会 ', '周二读书会'],
  ])('%s = %j -> %j', (key, raw, expected) => {
    expect(parseSettingValue(key, raw)).toBe(expected);
  });

  it.each<[SettingKey, string]>([
    ['leave.perWeek', '-1'],
    ['leave.perWeek', '1.5'],
    ['leave.perWeek', 'two'],
    ['targets.participationRate', '1.2'],
    ['targets.participationRate', '120%'],
    ['lang', 'fr'],
    ['weekStart', 'tuesday'],
    ['timezone', 'Mars/Olympus'],
    ['name', '   '],
  ])('refuses %s = %j naming the key', (key, raw) => {
    expect(() => parseSettingValue(key, raw)).toThrow(UsageError);
    expect(() => parseSettingValue(key, raw)).toThrow(key);
  });
});
