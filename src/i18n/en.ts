// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'purge.confirm': "Erase the personal data of {id} {name} for good?",
  'purge.changed': "purged {id}: records changed: {changes}",
  'purge.backupsRewritten': "rewrote {count} automatic backup(s) in .club/backups/ without {id}: {files}",
  'purge.backupsUnreadable': "could not read {files} in .club/backups/ (not JSON): check them by hand for the purged member's data",
  'purge.outBackups': "backups written elsewhere with club backup --out still hold the data of {id}: delete them, or restore each into a new store, purge {id} there and back it up again",
  'task.cancelledWithOwner': "  − task {id} \"{title}\" cancelled",
  'task.cancelled': "cancelled {id} {title}",
} as const;

export type MessageKey = keyof typeof en;
