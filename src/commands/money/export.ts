import { UsageError } from '../../core/errors.js';
import { ledgerJournal } from '../../core/money/ledger.js';
import type { Context } from '../../io/context.js';
import { writeOutput } from '../../io/files.js';
import { t } from '../../i18n/index.js';
import { moneyPeriod, payeeName, reportDonor } from './shared.js';

/**
 * The money of a period (all time without one) as a journal hledger and ledger read: to stdout, or to --out (0600).
 * `hledger -f FILE balance --depth 1 -b FROM -e TO` gives `club money report --from FROM --to TO`'s totals.
 */
export default async function moneyExport(ctx: Context, _args: unknown[], opts: { format: string; out?: string; month?: string; from?: string; to?: string }): Promise<void> {
  if (opts.format !== 'ledger') throw new UsageError(t('money.badFormat', { value: JSON.stringify(opts.format) }), t('money.badFormatHint'));
  const store = await ctx.openStore();
  const { meta, expenses, donations, donors, members } = await store.read(['expenses', 'donations', 'donors', 'members']);
  const period = moneyPeriod(ctx, meta, opts);
  const named = reportDonor(donors, members);
  const journal = ledgerJournal(expenses, donations, { club: meta.settings.name, currency: meta.settings.currency, period, donorOf: (d) => named(d).donor, payeeOf: payeeName(members) });
  if (!opts.out) {
    ctx.out(journal);
    return;
  }
  const file = await writeOutput(ctx, opts.out, journal);
  if (file !== '-') ctx.err(`${t('money.wrote', { file })}\n`);
}
