import { donationRows } from '../../core/money/donations.js';
import type { DonationRow } from '../../core/money/donations.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { parseDateRange } from '../session/shared.js';
import { storeSeesDonors } from './shared.js';

/**
 * Donations by date (--from included, --to left out), the unthanked ones with --unthanked. An anonymous donation
 * shows its donor to those who keep the money (marked as anonymous), and 匿名 / Anonymous to everyone else.
 */
export default async function donationList(ctx: Context, _args: unknown[], opts: { from?: string; to?: string; unthanked?: boolean; json?: boolean; csv?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const sees = await storeSeesDonors(store);
  const { meta, donors, donations, members } = await store.read(['donors', 'donations', 'members']);
  const range = parseDateRange(ctx, meta, opts);
  const rows = donationRows(donations, donors, members, { ...range, unthanked: opts.unthanked, seesDonors: sees, anonymousLabel: t('donation.anonymous') });
  const table = !opts.json && !opts.csv;
  const columns: Column<DonationRow>[] = [
    { header: t('donation.col.id'), key: 'id', value: (r) => r.id },
    { header: t('donation.col.date'), key: 'date', value: (r) => r.date },
    ...(table
      ? [{ header: t('donation.col.donor'), key: 'donor', value: (r: DonationRow) => (r.anonymous && r.donorId ? `${r.donorId} ${r.donor} (${t('donation.anonymous')})` : `${r.donorId ?? ''} ${r.donor}`.trim()) }]
      : [
          { header: 'donorId', key: 'donorId', value: (r: DonationRow) => r.donorId },
          { header: 'donor', key: 'donor', value: (r: DonationRow) => r.donor },
        ]),
    { header: t('donation.col.amount', { currency: meta.settings.currency }), key: 'amount', value: (r) => r.amount },
    { header: t('donation.col.inKind'), key: 'inKind', value: (r) => r.inKind },
    { header: t('donation.col.purpose'), key: 'purpose', value: (r) => r.purpose },
    ...(table ? [] : [{ header: 'anonymous', key: 'anonymous', value: (r: DonationRow) => r.anonymous }]),
    { header: t('donation.col.thanked'), key: 'thankedAt', value: (r) => (table ? (r.thankedAt?.slice(0, 10) ?? '—') : r.thankedAt) },
  ];
  return list(rows, columns, { empty: donations.length ? t('donation.noMatch') : t('donation.empty') });
}
