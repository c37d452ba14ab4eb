// The audit log of a database store is hash-chained (SPEC §14): each row holds the SHA-256 of the previous row's hash
// and its own fields. The database computes it as rows are appended (club.audit_hash in ddl.ts); `club check`
// recomputes it here, so a row changed or removed by a superuser or the tables' owner is found.
import { createHash } from 'node:crypto';
import { StoreError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';

export interface AuditRow {
  seq: number;
  /** The instant, ISO in UTC with milliseconds (as the hash reads it). */
  at: string;
  actor: string;
  onBehalf: string | null;
  command: string;
  summary: string;
  /** The refs' JSON text, as stored. */
  refs: string;
  prevHash: string;
  hash: string;
}

const field = (x: string | null): string => `${x === null ? '-' : `${Buffer.byteLength(x)}:${x}`}\n`;

export function auditHash(prev: string, row: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  const content = `${prev}\n${row.seq}\n${row.at}\n${field(row.actor)}${field(row.onBehalf)}${field(row.command)}${field(row.summary)}${field(row.refs)}`;
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * Checks the chain row by row: numbered 1, 2, 3…, each pointing at the previous row's hash, each hash its content's.
 * With `head`, the chain must still reach that hash (a hash kept elsewhere from `club log --head`). Throws exit 3
 * naming the first broken row.
 */
export function verifyChain(rows: readonly AuditRow[], head?: string): void {
  let prev = '';
  rows.forEach((row, i) => {
    const broken = (why: string) => new StoreError('store_invalid', t('pgs.auditBroken', { seq: row.seq, why }), t('pgs.auditBroken.hint'));
    if (row.seq !== i + 1) throw broken(t('pgs.auditGap', { expected: i + 1 }));
    if (row.prevHash !== prev) throw broken(t('pgs.auditPrev'));
    if (auditHash(prev, row) !== row.hash) throw broken(t('pgs.auditContent'));
    prev = row.hash;
  });
  if (head !== undefined && !rows.some((row) => row.hash === head)) {
    throw new StoreError('store_invalid', t('pgs.auditHeadMissing', { head }), t('pgs.auditBroken.hint'));
  }
}
