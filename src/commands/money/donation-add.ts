import { actorKey } from '../../core/activities/actor.js';
import { parseAmount, formatAmount } from '../../core/money/amount.js';
import { addDonation, donationRows } from '../../core/money/donations.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';
import { parseDateFlag } from '../session/shared.js';

export default async function donationAdd(ctx: Context, [donor]: unknown[], opts: { amount?: string; date?: string; purpose?: string; anonymous?: boolean; inKind?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const r = await store.update(['donations', 'donors', 'members'], (draft) => {
    // Checked once the store is open: the messages are in the club's language.
    const amount = opts.amount === undefined ? undefined : parseAmount(opts.amount, '--amount');
    const date = parseDateFlag(ctx, draft.meta, opts.date, '--date');
    const by = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const r = addDonation(
      { donors: draft.donors, donations: draft.donations, members: draft.members, counters: draft.meta.counters },
      { donor: String(donor), amount, date, purpose: opts.purpose, inKind: opts.inKind, anonymous: opts.anonymous, by },
      coreEnv(ctx, draft.meta),
    );
    draft.donations = r.donations;
    if (r.donors !== draft.donors) draft.donors = [...r.donors];
    draft.meta = { ...draft.meta, counters: r.counters };
    const d = r.donation;
    // Ids, amounts, dates and flags only; an anonymous donation's donor is not named in the log, which viewers read.
    const what = [d.amount === null ? null : formatAmount(d.amount), d.inKind === null ? null : 'in kind'].filter(Boolean).join(' + ');
    const from = d.anonymous ? 'anonymous' : `from ${d.donorId}${r.createdDonor ? ' (new donor)' : ''}`;
    const refs = d.anonymous ? [d.id] : [d.id, r.donor.id];
    const row = donationRows([d], r.donors, draft.members, { seesDonors: true, anonymousLabel: t('donation.anonymous') })[0]!;
    return { result: { row, created: r.createdDonor, currency: draft.meta.settings.currency }, audit: { summary: `added donation ${d.id} on ${d.date}: ${what} ${from}`, refs } };
  });
  const row = r.row;
  const gift = [row.amount === null ? null : `${row.amount} ${r.currency}`, row.inKind].filter(Boolean).join(' + ');
  const message = t(row.anonymous ? 'donation.addedAnonymous' : 'donation.added', { id: row.id, donor: row.donor, donorId: row.donorId ?? '', gift, date: row.date });
  if (r.created) ctx.err(`${t('donation.donorCreated', { id: row.donorId ?? '', name: row.donor })}\n`);
  return { kind: 'done', data: row, message };
}
