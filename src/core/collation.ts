// Names in the club's language order: pinyin for zh (ICU's zh-Hans-CN collation), English rules for en, digits as
// numbers. The order never depends on the machine's locale, so a report lists the same store the same way anywhere.
//
// An ICU collator costs about 5 ms to create, whatever the locale: V8 first lists every locale ICU can collate. So a
// comparer makes its collator on the first comparison that needs one (a leaderboard without ties needs none), and a
// process makes each kind once.
import type { Lang } from './settings.js';

export type NameComparer = (a: string, b: string) => number;

const collators = new Map<string, Intl.Collator>();

/**
 * Compares two names in `lang`'s order. `base` ignores case and accents (a search-like order: `member list --sort
 * name`); otherwise they break ties, so different names never compare equal by case alone.
 */
export function compareNames(lang: Lang, opts: { base?: boolean } = {}): NameComparer {
  let collator: Intl.Collator | undefined;
  return (a, b) => {
    if (a === b) return 0;
    collator ??= collatorFor(lang, opts.base === true);
    return collator.compare(a, b);
  };
}

function collatorFor(lang: Lang, base: boolean): Intl.Collator {
  const key = `${lang}${base ? ' base' : ''}`;
  let collator = collators.get(key);
  if (!collator) collators.set(key, (collator = new Intl.Collator(lang === 'zh' ? 'zh-Hans-CN' : 'en', { numeric: true, ...(base ? { sensitivity: 'base' } : {}) })));
  return collator;
}
