// The clubs of the older command tests are zh clubs whose assertions read the English messages: their runs say
// CLUB_LANG=en (SPEC §14: CLUB_LANG first), unless a run gives its own. tests/commands/i18n-scan.test.ts and
// help-lang.test.ts check the Chinese.
import type { RunOptions, RunResult } from './run.js';

export function englishMessages<T extends { club: (argv: string[], o?: RunOptions) => Promise<RunResult> }>(fresh: T): T {
  const zh = fresh.club;
  return { ...fresh, club: (argv: string[], o: RunOptions = {}) => zh(argv, { ...o, env: { CLUB_LANG: 'en', ...o.env } }) };
}
