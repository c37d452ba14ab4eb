// What a database failure means for the person running club (SPEC §8, §14): our typed errors, with their exit codes,
// naming the host (and the login, for a refused one), never a password.
import { ClubError, ForbiddenError, StoreBusyError, StoreError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { withoutPasswords } from './link.js';

/** What the failing connection was for, to name in messages. */
export interface PgTarget {
  user?: string;
  database?: string;
  /** The store's URL without its password (displayLocation). */
  location?: string;
  /** The longest wait for a lock (lock_timeout), to say in a busy store's message. */
  waitMs?: number;
}

interface PgLikeError {
  code?: string;
  message?: string;
}

/** Node's codes for a server that cannot be reached, and why, in words. */
const NETWORK: Record<string, MessageKey> = {
  ECONNREFUSED: 'pg.reason.refused',
  ECONNRESET: 'pg.reason.reset',
  EPIPE: 'pg.reason.reset',
  ETIMEDOUT: 'pg.reason.timeout',
  ENOTFOUND: 'pg.reason.notFound',
  EAI_AGAIN: 'pg.reason.notFound',
  EHOSTUNREACH: 'pg.reason.unreachable',
  ENETUNREACH: 'pg.reason.unreachable',
  ENOENT: 'pg.reason.noSocket',
  EACCES: 'pg.reason.socketDenied',
};

/** A SQLSTATE (five characters, at least one a digit), not one of Node's codes (EPIPE). */
const SQLSTATE = /^(?=.*\d)[0-9A-Z]{5}$/;

/** Why the server is unavailable, in words, or undefined when `err` is not about reaching it. */
function unavailableReason(err: PgLikeError): string | undefined {
  const code = err.code ?? '';
  const message = err.message ?? '';
  if (NETWORK[code]) return t(NETWORK[code]);
  if (code === '57P01' || code === '57P02' || code === '57P03') return t('pg.reason.shutdown');
  if (/^08/.test(code)) return withoutPasswords(message);
  // The server's own errors carry a SQLSTATE and are not about reaching it: a lock_timeout ("canceling statement due
  // to lock timeout", 55P03) is a busy store, not an unreachable one. The words below are pg's and Node's, codeless.
  if (SQLSTATE.test(code)) return undefined;
  if (/timeout/i.test(message)) return t('pg.reason.timeout');
  if (/Connection terminated|connection ended|Client has encountered a connection error|not queryable/i.test(message)) return t('pg.reason.terminated');
  return undefined;
}

/** The database store unavailable at `host`: exit 3, store_unavailable. */
export function unavailable(host: string, reason: string): StoreError {
  return new StoreError('store_unavailable', t('pg.unavailable', { host, reason }), t('pg.unavailableHint'));
}

/**
 * A pg (or socket) error as one of ours. Serialization failures and deadlocks (40001, 40P01) are returned as they
 * are: club's own transactions cannot meet them (one writer at a time under the club's lock; reads take no locks), so
 * one would come from someone else's locks in psql, and is reported as the unexpected error it is. So is anything
 * this does not know, which is a bug to report.
 */
export function fromPgError(err: unknown, host: string, target: PgTarget = {}): unknown {
  if (err instanceof ClubError || typeof err !== 'object' || err === null) return err;
  const e = err as PgLikeError;
  const code = e.code ?? '';
  if (code === '40001' || code === '40P01') return err;
  const reason = unavailableReason(e);
  if (reason !== undefined) return unavailable(host, reason);
  const message = withoutPasswords(e.message ?? '');
  switch (code) {
    case '28P01':
    case '28000':
      return new StoreError('store_unavailable', t('pg.auth', { user: target.user ?? '?', host, reason: message }), t('pg.authHint'));
    case '3D000':
      return new StoreError('store_missing', t('pg.noDatabase', { database: target.database ?? '?', host }), t('pg.noDatabaseHint', { location: target.location ?? 'postgresql://HOST/DB' }));
    case '55P03':
      return new StoreBusyError(t('pg.busy', { host, seconds: (target.waitMs ?? 10_000) / 1000 }), t('pg.busyHint'));
    case '42501':
      return new ForbiddenError(t('pg.forbidden', { user: target.user ?? '?', host, reason: message }), t('pg.forbiddenHint'));
  }
  if (/self[- ]signed|certificate|unable to verify|Hostname\/IP does not match|does not support SSL/i.test(message)) {
    return new StoreError('store_unavailable', t('pg.tls', { host, reason: message }), t('pg.tlsHint'));
  }
  return err;
}

/** The connection was lost during COMMIT: the change may or may not have been applied (SPEC §14). */
export function commitFailed(host: string): StoreError {
  return new StoreError('store_unavailable', t('pg.commitFailed', { host }), t('pg.commitFailedHint'));
}
