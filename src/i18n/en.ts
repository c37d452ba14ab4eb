// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'lock.busy': 'the store is busy: {holder} has held its lock for {seconds} s ({dir})',
  'lock.holder': '"club {command}" (pid {pid} on {host}, by {actor}, since {since})',
  'lock.unknownHolder': 'a process that has not recorded who it is',
  'lock.busyHint': 'wait for that command to finish; a lock left by a killed process is cleared by itself after a few seconds',
  'lock.lost': 'lost the store lock while working (paused for longer than its stale timeout?); nothing was written',
  'lock.lostHint': 'run the command again',
} as const;

export type MessageKey = keyof typeof en;
