import { UsageError } from '../../core/errors.js';
import { leaderboard } from '../../core/points/points.js';
import type { LeaderRow } from '../../core/points/points.js';
import { monthRange, toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { parseDateRange } from '../session/shared.js';
import { t } from '../../i18n/index.js';

interface Opts {
  month?: string;
  from?: string;
  to?: string;
  limit?: string;
}

export default async function pointsLeaderboard(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  if (opts.month !== undefined && (opts.from !== undefined || opts.to !== undefined)) throw new UsageError(t('points.giveMonthOrFrom'));
  if ((opts.from === undefined) !== (opts.to === undefined)) throw new UsageError(t('points.fromAndToGo'));
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    if (!/^\d+$/.test(opts.limit) || Number(opts.limit) < 1) throw new UsageError(t('points.invalidLimitExpectedA', { limit: JSON.stringify(opts.limit) }));
    limit = Number(opts.limit);
  }
  const store = await ctx.openStore();
  let range = { from: '', to: '' };
  // Only the ledger files that can hold entries of the range are read, and the members named in them.
  const { meta, members, ledger } = await store.read(['members', 'ledger'], ({ meta }) => {
    if (opts.from !== undefined) {
      const { from, to } = parseDateRange(ctx, meta, opts);
      range = { from: from!, to: to! };
    } else {
      const month = opts.month ?? toDateString(ctx.now, meta.settings.timezone).slice(0, 7);
      const r = monthRange(month);
      if (!r) throw new UsageError(t('points.invalidMonthExpectedYyyy', { month: JSON.stringify(opts.month) }));
      range = r;
    }
    // Only the names of members with entries there are needed.
    return { ledger: { days: range }, memberIds: ({ ledger }) => [...new Set(ledger!.map((e) => e.memberId))] };
  });
  const tz = meta.settings.timezone;
  let rows = leaderboard(members, ledger, range, tz, meta.settings.lang);
  if (limit !== undefined) rows = rows.slice(0, limit);
  return list(
    rows,
    [
      { header: '#', key: 'rank', value: (r: LeaderRow) => r.rank },
      { header: 'id', key: 'memberId', value: (r) => r.memberId },
      { header: 'name', key: 'name', value: (r) => r.name, display: (r, s) => (r.rank === 1 ? s.bold(r.name) : r.name) },
      { header: 'earned', key: 'earned', value: (r) => r.earned },
    ],
    { empty: t('points.nobodyEarnedPointsFrom', { from: range.from, to: range.to }), footer: t('points.pointsEarnedFromTo', { from: range.from, to: range.to }) },
  );
}
