// What both reports do: load the store, choose the time and language, render the data with the right template.
import { join, resolve } from 'node:path';
import type { CoreEnv } from '../../core/env.js';
import { UsageError } from '../../core/errors.js';
import type { ClubData, Period } from '../../core/reports/kpis.js';
import { clubAsOf } from '../../core/reports/as-of.js';
import { needsTraits, traitsOf } from '../../core/activities/audience.js';
import { t } from '../../i18n/index.js';
import { sessionsInRange } from '../../core/attendance/rules.js';
import { parseSettingValue } from '../../core/settings.js';
import type { Lang } from '../../core/settings.js';
import { addDaysToDate, parseDateInput } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { readInput, writeOutput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import type { Collections, Meta, Store } from '../../store/types.js';

export interface ReportOpts {
  last?: boolean;
  lang?: string;
  template?: string;
  out?: string;
  json?: boolean;
  redact?: boolean;
  asOf?: string;
  /** markdown (default), text or html: src/io/render/forms.ts. */
  format?: string;
  /** --chart FILE.png|FILE.svg: the participation chart (and the top earners beside it) as an image. */
  chart?: string;
}

/**
 * Loads what a report needs: everything but attendance and the ledger, and of those only the part around the
 * report's period (`periodOf` picks it once the settings are known).
 */
export async function loadReport<P extends Period>(
  ctx: Context,
  opts: ReportOpts,
  periodOf: (env: CoreEnv) => P,
  /** Days read either side of the period: the monthly report compares with the month before. */
  padDays = REPORT_PAD_DAYS,
  /** Read the money too (the monthly report's money section), in the same snapshot. */
  withMoney = false,
): Promise<{ data: ClubData; meta: Meta; env: CoreEnv; period: P; store: Store; money?: MoneyRecords }> {
  const lang = opts.lang === undefined ? undefined : (parseSettingValue('lang', opts.lang) as Lang);
  const store = await ctx.openStore();
  let env: CoreEnv | undefined;
  let period: P | undefined;
  // Members as their summaries (roster.json): a report needs names and status histories, not contacts.
  const names = ['sessions', 'attendance', 'ledger', 'tasks', 'surveys', 'responses', 'feedback', 'hours', 'activities', 'registrations', 'books', 'shelves', 'readingTasks'] as const;
  const snapshot = await store.read<(typeof names)[number] | MoneyName>(withMoney ? [...names, ...MONEY_NAMES] : names, ({ meta, sessions }) => {
    let now = ctx.now;
    if (opts.asOf !== undefined) {
      const parsed = parseDateInput(opts.asOf, { now: ctx.now, tz: meta.settings.timezone });
      if (!parsed) throw new UsageError(t('history.badAsOf', { value: JSON.stringify(opts.asOf) }), t('history.badAsOfHint'));
      now = parsed.hasTime ? parsed.instant : new Date(parsed.instant.getTime() + 86_400_000 - 1);
      // A report as of a time to come would show today's club under tomorrow's date. The end of today is now.
      if (now.getTime() > ctx.now.getTime()) {
        if (parsed.hasTime || parsed.instant.getTime() > ctx.now.getTime()) throw new UsageError(t('history.asOfFuture', { value: JSON.stringify(opts.asOf) }));
        now = ctx.now;
      }
    }
    env = { now, settings: { ...meta.settings, lang: lang ?? meta.settings.lang }, actor: ctx.actor };
    period = periodOf(env);
    // The period with the one before it (monthly compares with the previous month) and the week after (weekly lists
    // the next week's sessions).
    const window = { from: addDaysToDate(period.from, -padDays), to: addDaysToDate(period.to, padDays) };
    return {
      attendance: { sessions: sessionsInRange(sessions, window, meta.settings.timezone).map((s) => s.id) },
      ledger: { days: window },
      roster: true,
    };
  });
  // The club as it stood at the period's end, from what was recorded by the report's now (--as-of, CLUB_NOW).
  // A session for a role or a tag expects members by their role and tags, which the roster does not hold: then (only
  // then) the members are read for them.
  const traits = needsTraits(snapshot.sessions, snapshot) ? traitsOf((await store.read(['members'])).members) : undefined;
  const data = clubAsOf(
    { ...snapshot, members: [...snapshot.roster!.values()], ...(traits ? { traits } : {}) },
    { now: env!.now, period: period!, tz: snapshot.meta.settings.timezone },
  );
  const money = withMoney ? { budgets: snapshot.budgets, expenses: snapshot.expenses, donations: snapshot.donations, donors: snapshot.donors } : undefined;
  return { data, meta: snapshot.meta, env: env!, period: period!, store, ...(money ? { money } : {}) };
}

const MONEY_NAMES = ['budgets', 'expenses', 'donations', 'donors'] as const;
type MoneyName = (typeof MONEY_NAMES)[number];
export type MoneyRecords = Pick<Collections, MoneyName>;

/** Days either side of a report's period that are read too: a month before (the monthly report's comparison). */
const REPORT_PAD_DAYS = 40;

/** --template FILE, else the store's own copy (.club/templates/NAME.md.hbs), else the built-in one. */
export async function templateSource(ctx: Context, store: Store, name: string, explicit: string | undefined): Promise<{ source: string; where: string }> {
  const { builtinTemplateDir, templateFile } = await import('../../io/markdown.js');
  if (explicit !== undefined) return { source: (await readInput(ctx, explicit, t('what.template'))).toString('utf8'), where: resolve(ctx.cwd, explicit) };
  const stored = await store.readTemplate(templateFile(name));
  if (stored) return { source: stored.text, where: stored.where };
  const path = join(builtinTemplateDir(), templateFile(name));
  return { source: (await readInput(ctx, path, t('what.template'))).toString('utf8'), where: path };
}

/**
 * Prints (or writes to --out) `report` in the form --format asks for, from the template `name` (`<kind>.<lang>`, e.g.
 * `weekly.zh`) in that form, and with --chart writes its charts as images. Every report kind goes through here.
 */
export async function renderReport(ctx: Context, report: Record<string, unknown>, name: string, store: Store, opts: ReportOpts): Promise<Output | void> {
  const { formTemplateName, parseReportForm } = await import('../../io/render/forms.js');
  const form = parseReportForm(opts.format);
  const images = opts.chart === undefined ? undefined : await import('../../io/charts/image.js');
  if (images && opts.chart !== undefined) images.chartExt(opts.chart);
  if (images && opts.chart !== undefined) {
    const { reportCharts } = await import('../../io/charts/model.js');
    const charts = reportCharts(report);
    // The newsletter has no chart: say so rather than write nothing.
    if (!charts.participation && !charts.earners) throw new UsageError(t('formats2.noChart'), t('formats2.noChart.hint'));
    for (const file of await images.writeChartImages(ctx, opts.chart, charts)) if (file !== '-') ctx.err(t('formats.wroteChart', { file }) + '\n');
  }
  if (opts.json) return { kind: 'item', data: report, render: () => '' };
  const { renderTemplate } = await import('../../io/markdown.js');
  const { source, where } = await templateSource(ctx, store, formTemplateName(name, form), opts.template);
  let text = (await renderTemplate(source, report, where, form)).replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  if (form === 'text') text = (await import('../../io/render/text.js')).fitText(text);
  if (!opts.out) {
    ctx.out(text);
    return;
  }
  const file = await writeOutput(ctx, opts.out, text);
  if (file !== '-') ctx.err(t('report.wrote', { file }));
}
