import { hoursOf, hoursRows, sumHundredths } from '../../core/activities/hours.js';
import type { HoursRow } from '../../core/activities/hours.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Column, Output } from '../../io/output.js';
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
  const columns: Column<HoursRow>[] = opts.csv
    ? [
        { header: t('hours.col.id'), key: 'id', value: (r) => r.id },
        { header: t('hours.col.member'), key: 'memberId', value: (r) => r.memberId },
        { header: t('hours.col.name'), key: 'name', value: (r) => r.name },
        { header: t('hours.col.session'), key: 'sessionId', value: (r) => r.sessionId },
        { header: t('hours.col.date'), key: 'date', value: (r) => r.date },
        { header: t('hours.col.title'), key: 'title', value: (r) => r.title },
        { header: t('hours.col.hours'), key: 'hours', value: (r) => r.hours },
        { header: t('hours.col.duty'), key: 'duty', value: (r) => r.duty },
        { header: t('hours.col.at'), key: 'at', value: (r) => r.at },
      ]
    : // At a terminal the ids go with the names and the time is short, so that the table fits 80 columns with its
      // dates whole; the CSV keeps every field apart.
      [
        { header: t('hours.col.id'), key: 'id', value: (r) => r.id },
        { header: t('hours.col.who'), key: 'name', value: (r) => `${r.memberId} ${r.name}`.trim() },
        { header: t('hours.col.date'), key: 'date', value: (r) => r.date },
        { header: t('hours.col.title'), key: 'title', value: (r) => `${r.sessionId} ${r.title}`.trim() },
        { header: t('hours.col.hours'), key: 'hours', value: (r) => r.hours },
        { header: t('hours.col.duty'), key: 'duty', value: (r) => r.duty },
        { header: t('hours.col.at'), key: 'at', value: (r) => r.at.slice(5, 16).replace('T', ' ') },
      ];
  return list(forPeople ? [...rows, total] : rows, columns, { empty: hours.length ? t('hours.noMatch') : t('hours.empty'), json: rows });
}
