import { barCells, formatRate, formatScore, percentOf } from '../../core/percent.js';
import { findSurvey } from '../../core/surveys/surveys.js';
import { surveyResults } from '../../core/surveys/results.js';
import type { QuestionResult } from '../../core/surveys/results.js';
import { counted, plural } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { displayWidth } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import type { Style } from '../../io/style.js';
import { t } from '../../i18n/index.js';

const pct = (x: number | null) => formatRate(x);

function bars(counts: Record<string, number>, total: number, s: Style): string[] {
  const width = Math.max(...Object.keys(counts).map(displayWidth));
  return Object.entries(counts).map(([label, n]) => {
    const share = total ? n / total : 0;
    const filled = barCells(share, 30);
    return `    ${label}${' '.repeat(width - displayWidth(label))}  ${s.cyan('█'.repeat(filled))}${' '.repeat(30 - filled)} ${n} (${total ? percentOf(n, total) : '—'})`;
  });
}

function render(q: QuestionResult, s: Style): string {
  const head = `  ${s.bold(`${q.id} ${q.text}`)}  ${s.dim(counted(q.count, 'answer'))}`;
  switch (q.type) {
    case 'rating':
      return [head, `    mean ${q.mean ?? '—'}${q.satisfaction !== null ? `, satisfied (4-5) ${pct(q.satisfaction)}` : ''}`, ...bars(q.distribution, q.count, s)].join('\n');
    case 'nps':
      return [head, `    NPS ${formatScore(q.nps)}  promoters ${q.promoters}, passives ${q.passives}, detractors ${q.detractors}`].join('\n');
    case 'choice':
    case 'multi':
      return [head, ...bars(q.counts, q.count, s)].join('\n');
    case 'text':
      return [head, ...q.answers.map((a) => `    • ${a.replace(/\s*\n\s*/g, ' ')}`)].join('\n');
  }
}

export default async function surveyResultsCommand(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { surveys, responses } = await store.read(['surveys', 'responses']);
  const survey = findSurvey(surveys, String(ref));
  const results = surveyResults(survey, responses);
  return {
    kind: 'item',
    data: results,
    render: (s) => [`${s.bold(results.title)} ${s.dim(results.id)}  ${t('survey.responsesRate', { responses: counted(results.responses, 'response'), rate: pct(results.responseRate) })}`, ...results.questions.map((q) => render(q, s))].join('\n\n'),
  };
}
