import { donorRows } from '../../core/money/donations.js';
import type { DonorRow } from '../../core/money/donations.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { storeSeesDonors } from './shared.js';

/** Donors in id order with what they gave; anonymous gifts count only for those who keep the money. */
export default async function donorList(ctx: Context, _args: unknown[], opts: { json?: boolean; csv?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const sees = await storeSeesDonors(store);
  const { donors, donations, members } = await store.read(['donors', 'donations', 'members']);
  const rows = donorRows(donors, donations, members, sees);
  const columns: Column<DonorRow>[] = [
    { header: t('donor.col.id'), key: 'id', value: (r) => r.id },
    { header: t('donor.col.name'), key: 'name', value: (r) => r.name },
    { header: t('donor.col.kind'), key: 'kind', value: (r) => (opts.csv ? r.kind : t(`donor.kind.${r.kind}`)) },
    { header: t('donor.col.member'), key: 'memberId', value: (r) => r.memberId },
    { header: t('donor.col.donations'), key: 'donations', value: (r) => r.donations },
    { header: t('donor.col.total'), key: 'total', value: (r) => r.total },
  ];
  return list(rows, columns, { empty: t('donor.empty') });
}
