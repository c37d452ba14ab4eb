// Exit codes are mapped in one place (EXIT_CODES in src/core/errors.ts); every error class takes its status from it,
// and the README's table says the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmbiguousError, CancelledError, EXIT, EXIT_CODES, NotFoundError, RuleError, StoreBusyError, StoreError, UsageError } from '../../src/core/errors.js';

describe('exit codes', () => {
  it.each([
    [new UsageError('x'), 'usage', 2],
    [new NotFoundError('x'), 'not_found', 1],
    [new AmbiguousError('x', ['a', 'b']), 'ambiguous', 1],
    [new RuleError('x'), 'rule', 1],
    [new StoreError('store_missing', 'x'), 'store_missing', 3],
    [new StoreError('store_invalid', 'x'), 'store_invalid', 3],
    [new StoreError('store_too_new', 'x'), 'store_too_new', 3],
    [new StoreError('store_too_old', 'x'), 'store_too_old', 3],
    [new StoreError('store_io', 'x'), 'store_io', 3],
    [new StoreBusyError('x'), 'store_busy', 4],
    [new CancelledError('x'), 'cancelled', 130],
  ])('%s has code %s and exits %i, from the one map', (err, code, status) => {
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(status);
    expect(EXIT_CODES[err.code]).toBe(status);
  });

  it('matches the README: every status in the table, every code in the list', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 1));
    const statuses = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(statuses).toEqual([...new Set([EXIT.ok, ...Object.values(EXIT_CODES)])].sort((a, b) => a - b));
    const codes = /Codes: ([^.]+)\./.exec(section.replace(/\n/g, ' '))![1]!.match(/`([a-z_]+)`/g)!.map((c) => c.slice(1, -1));
    expect(codes).toEqual(Object.keys(EXIT_CODES));
  });
});
