// Database failures as our errors (placeholder until the connection module lands: the same signatures).
import { ForbiddenError, StoreBusyError, StoreError } from '../../core/errors.js';
import { ClubError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';

export function fromPgError(err: unknown, host: string): unknown {
  if (err instanceof ClubError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code === '55P03') return new StoreBusyError(t('pgs.busy'));
  if (code === '42501') return new ForbiddenError(t('pgs.forbidden', { why: e.message ?? '' }));
  if (code === '3D000') return new StoreError('store_missing', e.message ?? code);
  if (/^(08|57P0)/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE)$/.test(code) || /Connection terminated/i.test(e.message ?? '') || code === '28P01' || code === '28000') {
    return new StoreError('store_unavailable', t('pgs.unavailable', { host, why: e.message ?? code }));
  }
  return err;
}

export function commitFailed(host: string): StoreError {
  return new StoreError('store_unavailable', t('pgs.commitFailed', { host }), 'club log');
}
