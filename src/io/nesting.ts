// Parsed input nested deeper than any real answer or survey needs (`[[[[…` sixty thousand deep) would overflow the
// stack of whatever walks it next (validation, JSON.stringify in a message): refused as a usage error up front.
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';

export const MAX_NESTING = 64;

/** Throws a usage error when `value` nests arrays or objects more than MAX_NESTING deep. Iterative: no recursion. */
export function refuseDeepNesting(value: unknown, what: string): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_NESTING) throw new UsageError(t('fail.tooDeep', { what, max: MAX_NESTING }));
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}
