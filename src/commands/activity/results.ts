import { resultsData } from '../../core/activities/results.js';
import { parseSettingValue } from '../../core/settings.js';
import type { Lang } from '../../core/settings.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { renderReport } from '../report/shared.js';
import { loadActivity } from './load.js';

interface ResultsOpts {
  lang?: string;
  template?: string;
  out?: string;
  json?: boolean;
}

/** The results announcement: the data through the `results.<lang>` template (the store's own copy, or the built-in). */
export default async function activityResults(ctx: Context, [ref]: unknown[], opts: ResultsOpts): Promise<Output | void> {
  const lang = opts.lang === undefined ? undefined : (parseSettingValue('lang', opts.lang) as Lang);
  const { store, meta, session, input, opts: evaluation } = await loadActivity(ctx, String(ref), true);
  const settings = meta.settings;
  if (session.status !== 'done') ctx.err(`${t(session.status === 'cancelled' ? 'results.cancelled' : 'results.notHeld', { session: session.id })}\n`);
  const data = resultsData(session, input, { ...evaluation, lang: lang ?? settings.lang, club: settings.name });
  return renderReport(ctx, data as unknown as Record<string, unknown>, `results.${data.lang}`, store, opts);
}
