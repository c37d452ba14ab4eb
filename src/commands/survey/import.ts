import { basename } from 'node:path';
import { normalizeHeader } from '../../core/members/import-map.js';
import { UsageError } from '../../core/errors.js';
import { mapSurveyColumns, planSurveyImport } from '../../core/surveys/import.js';
import { findSurvey } from '../../core/surveys/surveys.js';
import { plural, counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import { readTableFile } from '../../io/spreadsheet.js';
import { t } from '../../i18n/index.js';
import type { Output } from '../../io/output.js';
import { surveyTransaction } from './shared.js';

export default async function surveyImport(ctx: Context, [ref, file]: unknown[], opts: { map?: string[]; encoding?: string; sheet?: string; dryRun?: boolean; replace?: boolean; skipUnmatched?: boolean }): Promise<Output> {
  const overrides = new Map<string, string>();
  for (const spec of opts.map ?? []) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(t('survey.invalidMapExpectedHeader', { spec: JSON.stringify(spec) }));
    overrides.set(normalizeHeader(spec.slice(0, eq)), spec.slice(eq + 1).trim());
  }
  const { headers, rows } = await readTableFile(await readInput(ctx, String(file), t('what.formExport')), { encoding: opts.encoding, sheet: opts.sheet });
  const r = await surveyTransaction(ctx, [], (draft, env) => {
    const survey = findSurvey(draft.surveys, String(ref));
    const cols = mapSurveyColumns(survey, headers, overrides);
    const plan = planSurveyImport(survey, draft.responses, draft.members, rows, cols, { replace: Boolean(opts.replace), skipUnmatched: Boolean(opts.skipUnmatched) }, env);
    const result = { survey, added: plan.added, skipped: plan.skipped, blankRequired: plan.blankRequired, unmapped: cols.unmapped, mapped: [...cols.questions.entries()].map(([i, q]) => `${headers[i]} → ${q}`) };
    if (opts.dryRun || plan.added.length === 0) return { result, audit: null };
    draft.responses = plan.responses;
    return { result, audit: { summary: `imported ${plural(plan.added.length, 'response')} to ${survey.id} from ${basename(String(file))}`, refs: [survey.id, ...plan.added.flatMap((a) => (a.memberId ? [a.memberId] : []))] } };
  });
  if (r.unmapped.length) ctx.warn(t('survey.ignoredColumnsThatMatch', { value: r.unmapped.join(', ') }));
  ctx.err(`  ${r.mapped.join('\n  ')}\n`);
  if (r.blankRequired.length) {
    const list = r.blankRequired.map((b) => `${b.questionId} "${b.text}" (${t('import.linesList', { lines: lineList(b.lines) })})`).join('; ');
    ctx.warn(t('import.requiredBlank', { list }));
  }
  for (const s of r.skipped) ctx.warn(t('survey.lineMatchesNoMember', { line: s.line, member: JSON.stringify(s.member) }));
  const message = t(opts.dryRun ? 'survey.wouldImport' : 'survey.imported', { responses: counted(r.added.length, 'response'), id: r.survey.id, title: r.survey.title, skipped: r.skipped.length ? t('survey.skippedRows', { rows: counted(r.skipped.length, 'row') }) : '' });
  return { kind: 'done', data: { surveyId: r.survey.id, dryRun: Boolean(opts.dryRun), imported: r.added.length, skipped: r.skipped, blankRequired: r.blankRequired, responses: r.added }, message };
}

/** The first lines of a list, and how many more: a warning stays one line for a file of thousands of rows. */
function lineList(lines: number[]): string {
  const SHOWN = 20;
  return lines.length <= SHOWN ? lines.join(', ') : `${lines.slice(0, SHOWN).join(', ')}, … (+${lines.length - SHOWN})`;
}
