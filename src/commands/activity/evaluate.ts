import { evaluateActivity } from '../../core/activities/evaluate.js';
import type { ActivityFigures, AveragedFigure, Evaluation } from '../../core/activities/evaluate.js';
import { formatRate, formatRateChange, formatScore, formatScoreChange } from '../../core/percent.js';
import { typeLabel } from '../../core/reports/labels.js';
import { addDaysToDate } from '../../core/time.js';
import { currentLang, t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import { renderTable } from '../../io/output.js';
import { visibleAll } from '../../io/visible.js';
import type { Column, Output } from '../../io/output.js';
import { loadActivity } from './load.js';

type Format = 'count' | 'rate' | 'score' | 'hours' | 'money';

/** The rows of the table, in the JSON's order: each figure, how it is shown, and whether it has an average. */
const ROWS: Array<{ key: keyof ActivityFigures; format: Format }> = [
  { key: 'registered', format: 'count' },
  { key: 'waitlisted', format: 'count' },
  { key: 'attended', format: 'count' },
  { key: 'noShows', format: 'count' },
  { key: 'capacity', format: 'count' },
  { key: 'fillRate', format: 'rate' },
  { key: 'attendanceRate', format: 'rate' },
  { key: 'satisfaction', format: 'rate' },
  { key: 'nps', format: 'score' },
  { key: 'responses', format: 'count' },
  { key: 'staffHours', format: 'hours' },
  { key: 'cost', format: 'money' },
  { key: 'costPerAttendee', format: 'money' },
];

interface Row {
  label: string;
  value: string;
  average: string;
  change: string;
}

const numberOrDash = (x: unknown) => (typeof x === 'number' ? x : null);
/** No value: an ASCII dash, one column wide in every terminal (an em dash is two in some and one in others). */
const NONE = '-';

/** A value of this session: counts and hours as they are, rates as percentages, NPS with one decimal. */
function shown(format: Format, x: unknown): string {
  // Money is a string with two decimals ("566.60"), shown as it is.
  if (format === 'money') return typeof x === 'string' ? x : NONE;
  const n = numberOrDash(x);
  if (n === null) return NONE;
  if (format === 'rate') return formatRate(n);
  if (format === 'score') return formatScore(n);
  return String(n);
}

/** An average over earlier sessions: counts and hours with one decimal (7.3), rates and NPS as above. */
function shownAverage(format: Format, x: unknown): string {
  const n = numberOrDash(x);
  if (n === null) return NONE;
  return format === 'rate' ? formatRate(n) : formatScore(n);
}

function shownChange(format: Format, value: unknown, average: unknown): string {
  const a = numberOrDash(value);
  const b = numberOrDash(average);
  if (a === null || b === null) return NONE;
  return format === 'rate' ? formatRateChange(a - b) : formatScoreChange(a - b);
}

export default async function activityEvaluate(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const { session, input, opts } = await loadActivity(ctx, String(ref), false);
  const evaluation = evaluateActivity(session, input, opts);
  // The language messages are in (CLUB_LANG, else the club's): the type's name must match them.
  const lang = currentLang();
  const previous = evaluation.previousOfType;
  const rows: Row[] = ROWS.map(({ key, format }) => {
    const average = key in evaluation.previousAverage ? evaluation.previousAverage[key as AveragedFigure] : null;
    return {
      label: t(`results.figure.${key}` as MessageKey),
      value: shown(format, evaluation[key]),
      average: shownAverage(format, average),
      change: shownChange(format, evaluation[key], average),
    };
  });
  const columns: Column<Row>[] = [
    { header: t('results.column.figure'), key: 'label', value: (r) => r.label },
    { header: t('results.column.this'), key: 'value', value: (r) => r.value },
    ...(previous.length
      ? [
          { header: t('results.column.average', { n: previous.length }), key: 'average', value: (r: Row) => r.average },
          { header: t('results.column.change'), key: 'change', value: (r: Row) => r.change },
        ]
      : []),
  ];
  const table = await renderTable(columns as Column<never>[], rows, ctx.style, ctx.columns);
  return {
    kind: 'item',
    data: evaluation,
    render: (style) => [heading(evaluation, lang, style.bold, style.dim), table, ...notes(evaluation, lang)].join('\n'),
  };
}

function heading(e: Evaluation, lang: 'zh' | 'en', bold: (s: string) => string, dim: (s: string) => string): string {
  return `${bold(visibleAll(e.title))} ${dim(e.session)}  ${typeLabel(e.type, lang)} · ${e.date} · ${t(`results.status.${e.status}`)}`;
}

function notes(e: Evaluation, lang: 'zh' | 'en'): string[] {
  const lines: string[] = [];
  if (e.noShows === null && e.status !== 'cancelled') lines.push(t('results.notEnded', { session: e.session }));
  lines.push(
    e.surveys.length
      ? t('results.surveys', { surveys: e.surveys.join(', '), from: e.surveyWindow.from, last: addDaysToDate(e.surveyWindow.to, -1) })
      : t('results.noSurvey', { session: e.session }),
  );
  if (e.walkIns > 0) lines.push(t('results.walkIns', { n: e.walkIns }));
  lines.push(
    e.previousOfType.length
      ? `${t('results.previous', { n: e.previousOfType.length, type: typeLabel(e.type, lang) })}\n${e.previousOfType.map((p) => `  ${p.session} ${p.date} ${visibleAll(p.title)}`).join('\n')}`
      : t('results.noPrevious', { type: typeLabel(e.type, lang) }),
  );
  return lines;
}
