import { hoursOf, hoursRows, sumHundredths } from '../../core/activities/hours.js';
import type { HoursRow } from '../../core/activities/hours.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { parseDateRange } from '../session/shared.js';

/**
 * Hours entries by the session's date (--from included, --to left out). The table ends with a total row; JSON and
 * CSV hold the entries only.
 */
export default async function hoursList(ctx: Context, [member]: unknown[], opts: { from?: string; to?: string; json?: boolean; csv?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, hours, sessions, members } = await store.read(['hours', 'sessions', 'members']);
  const range = parseDateRange(ctx, meta, opts);
  const memberId = member === undefined ? undefined : resolveMember(members, String(member)).id;
  const rows = hoursRows(hours, sessions, members, meta.settings.timezone, { memberId, ...range });
  const forPeople = !opts.json && !opts.csv && rows.length > 0;
  const total: HoursRow = { id: t('hours.total'), memberId: '', name: '', sessionId: '', date: '', title: t('hours.totalEntries', { count: rows.length }), hours: hoursOf(sumHundredths(rows)), duty: null, at: '' };
  return list(
    forPeople ? [...rows, total] : rows,
    [
      { header: t('hours.col.id'), key: 'id', value: (r: HoursRow) => r.id },
      { header: t('hours.col.member'), key: 'memberId', value: (r) => r.memberId },
      { header: t('hours.col.name'), key: 'name', value: (r) => r.name },
      { header: t('hours.col.session'), key: 'sessionId', value: (r) => r.sessionId },
      { header: t('hours.col.date'), key: 'date', value: (r) => r.date },
      { header: t('hours.col.title'), key: 'title', value: (r) => r.title },
      { header: t('hours.col.hours'), key: 'hours', value: (r) => r.hours },
      { header: t('hours.col.duty'), key: 'duty', value: (r) => r.duty },
      { header: t('hours.col.at'), key: 'at', value: (r) => r.at, display: (r) => r.at.slice(0, 16).replace('T', ' ') },
    ],
    { empty: hours.length ? t('hours.noMatch') : t('hours.empty'), json: rows },
  );
}
