// What the money commands share: who sees the donors of anonymous donations.
import { seesDonors } from '../../core/access.js';
import type { Store } from '../../store/types.js';
import { UsageError } from '../../core/errors.js';
import { donorName } from '../../core/money/donations.js';
import type { MoneyPeriod } from '../../core/money/report.js';
import type { Donation, Donor, Expense } from '../../core/money/types.js';
import type { Member } from '../../core/types.js';
import { monthRange } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { t } from '../../i18n/index.js';
import type { Meta } from '../../store/types.js';
import { parseDateRange } from '../session/shared.js';

/**
 * Whether the person running the command sees who gave an anonymous donation (core/access.ts seesDonors): on a
 * folder store the one person is the owner, who does.
 */
export async function storeSeesDonors(store: Store): Promise<boolean> {
  return seesDonors((await store.identity()).role);
}

/** --month YYYY-MM, or --from/--to (each optional), or all time; --month with either exits 2. */
export function moneyPeriod(ctx: Context, meta: Meta, opts: { month?: string | undefined; from?: string | undefined; to?: string | undefined }): MoneyPeriod {
  if (opts.month === undefined) return parseDateRange(ctx, meta, opts);
  if (opts.from !== undefined || opts.to !== undefined) throw new UsageError(t('money.monthAndRange'), t('money.monthAndRangeHint'));
  const range = monthRange(opts.month);
  if (!range) throw new UsageError(t('money.badMonth', { value: JSON.stringify(opts.month) }), t('money.monthAndRangeHint'));
  return range;
}

/** How reports and the journal name a donation's donor: an anonymous one as 匿名 / Anonymous, whoever runs them. */
export function reportDonor(donors: readonly Donor[], members: readonly Pick<Member, 'id' | 'name'>[]): (d: Donation) => { donorId: string | null; donor: string } {
  const byId = new Map(donors.map((d) => [d.id, d]));
  return (d) => {
    const donor = d.donorId === null ? undefined : byId.get(d.donorId);
    if (d.anonymous || !donor) return { donorId: null, donor: t('donation.anonymous') };
    return { donorId: donor.id, donor: donorName(donor, members) };
  };
}

/** An expense's payee by name: the member's current name, else the text given. */
export function payeeName(members: readonly Pick<Member, 'id' | 'name'>[]): (e: Expense) => string | null {
  const byId = new Map(members.map((m) => [m.id, m.name]));
  return (e) => (e.payeeId !== null ? (byId.get(e.payeeId) ?? e.payeeId) : e.payee);
}
