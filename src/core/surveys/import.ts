// Importing survey responses from online-form exports (Wenjuanxing, Tencent Docs, Google Forms): columns whose
// header equals or starts with a question's text, a timestamp column, a member column; all or nothing.
import type { CoreEnv } from '../env.js';
import { ClubError, NotFoundError, RuleError, UsageError } from '../errors.js';
import { normalizeHeader } from '../members/import-map.js';
import { resolveMember } from '../members/reference.js';
import { RowProblems, isBlankCell } from '../rows.js';
import { parseImportedDate } from '../time.js';
import type { Member } from '../types.js';
import { oneLineText } from '../text.js';
import { parseAnswer } from './answers.js';
import { addResponse } from './surveys.js';
import type { Answer, Survey, SurveyResponse } from './types.js';
import { t } from '../../i18n/index.js';

const TIMESTAMP = new Set(['timestamp', '提交时间', '提交答卷时间', '答题时间', '填写时间', '开始时间']);
export const MEMBER = new Set(['name', '姓名', '名字', 'qq', 'qq号', 'email', '邮箱', 'emailaddress', '昵称', '群昵称', '微信', '微信号', '手机', '手机号']);

const bare = (text: string) => normalizeHeader(text).replace(/[（(][^）)]*[）)]/g, '');

export interface SurveyColumns {
  questions: Map<number, string>;
  timestamp: number | null;
  member: number | null;
  unmapped: string[];
}

export function mapSurveyColumns(survey: Survey, headers: string[], overrides: Map<string, string>): SurveyColumns {
  const questions = new Map<number, string>();
  let timestamp: number | null = null;
  let member: number | null = null;
  const unmapped: string[] = [];
  const texts = survey.questions.map((q) => ({ id: q.id, text: bare(q.text) }));
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    const override = overrides.get(key);
    if (override === 'ignore') return;
    if (override === 'member') {
      member = i;
      return;
    }
    if (override === 'timestamp') {
      timestamp = i;
      return;
    }
    if (override) {
      if (!survey.questions.some((q) => q.id === override)) throw new UsageError(t('survey.mapHasNoQuestion', { header, override, id: survey.id, override2: override }));
      questions.set(i, override);
      return;
    }
    const h = bare(header);
    const match = texts.find((t) => t.text && (h === t.text || h.startsWith(t.text)));
    if (match && ![...questions.values()].includes(match.id)) questions.set(i, match.id);
    else if (TIMESTAMP.has(key) && timestamp === null) timestamp = i;
    else if (MEMBER.has(key) && member === null) member = i;
    else if (header.trim()) unmapped.push(header.trim());
  });
  if (questions.size === 0) throw new UsageError(t('survey.noColumnMatchesA', { id: survey.id }), t('survey.headersShouldEqualOr'));
  return { questions, timestamp, member, unmapped };
}

export interface SurveyImportPlan {
  responses: SurveyResponse[];
  added: SurveyResponse[];
  skipped: Array<{ line: number; member: string }>;
  /**
   * Required questions left blank, with the lines: imported as unanswered. The form decided what was required when
   * it was filled in; refusing the file would leave the admin nothing to fix.
   */
  blankRequired: Array<{ questionId: string; text: string; lines: number[] }>;
}

export function planSurveyImport(
  survey: Survey,
  existing: readonly SurveyResponse[],
  members: readonly Member[],
  rows: Array<{ line: number; cells: string[] }>,
  cols: SurveyColumns,
  opts: { replace: boolean; skipUnmatched?: boolean },
  env: CoreEnv,
): SurveyImportPlan {
  if (!survey.anonymous && cols.member === null) {
    throw new UsageError(t('survey.isNotAnonymousBut', { id: survey.id }), t('survey.mapOneWithMap'));
  }
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  let responses = [...existing];
  const added: SurveyResponse[] = [];
  const seen = new Set<string>();
  const skipped: Array<{ line: number; member: string }> = [];
  const problems = new RowProblems();
  const blankRequired = new Map<string, number[]>();
  for (const row of rows) {
    if (row.cells.every((c) => isBlankCell(c))) continue;
    const where = `line ${row.line}: `;
    problems.check(row.line, () => {
      try {
        const answers: Record<string, Answer> = {};
        for (const [col, qid] of cols.questions) {
          const q = byId.get(qid)!;
          const cell = row.cells[col];
          const answer = isBlankCell(cell) ? null : parseAnswer(q, cell, where);
          if (answer !== null) answers[qid] = answer;
        }
        const blank = survey.questions.filter((q) => q.required && !(q.id in answers) && [...cols.questions.values()].includes(q.id));
        let at = env.now;
        if (cols.timestamp !== null && row.cells[cols.timestamp]?.trim()) {
          const parsed = parseImportedDate(row.cells[cols.timestamp]!, env.settings.timezone);
          if (!parsed) throw new UsageError(t('survey.invalidSubmissionTime', { where, value: JSON.stringify(row.cells[cols.timestamp]) }));
          at = parsed.instant;
        }
        let member: Member | null = null;
        if (!survey.anonymous) {
          const ref = oneLineText('member', row.cells[cols.member!] ?? '');
          if (!ref) throw new UsageError(t('survey.theMemberCellIs', { where }));
          try {
            member = resolveMember(members, ref);
          } catch (err) {
            // A guest, or a name the form's respondent typed differently: left out when asked, and listed.
            if (!(opts.skipUnmatched && err instanceof NotFoundError)) throw err;
            skipped.push({ line: row.line, member: ref });
            return;
          }
          if (seen.has(member.id)) throw new UsageError(t('survey.answersTwiceInThis', { where, id: member.id, name: member.name }));
          seen.add(member.id);
        }
        const r = addResponse(survey, responses, member, answers, at, opts, env);
        responses = r.responses;
        added.push(r.response);
        for (const q of blank) blankRequired.set(q.id, [...(blankRequired.get(q.id) ?? []), row.line]);
      } catch (err) {
        if (!(err instanceof ClubError) || err.message.startsWith(where)) throw err;
        // Keep the exit code (2 for a bad value, 1 for a refusal) and name the line.
        if (err instanceof UsageError) throw new UsageError(`${where}${err.message}`, err.hint);
        if (err instanceof NotFoundError) throw new RuleError(`${where}${err.message}`, t('survey.fixTheNameIn'));
        throw new RuleError(`${where}${err.message}`, err.hint);
      }
    });
  }
  problems.throwIfAny();
  // In the survey's question order.
  const blanks = survey.questions.flatMap((q) => (blankRequired.has(q.id) ? [{ questionId: q.id, text: q.text, lines: blankRequired.get(q.id)! }] : []));
  return { responses, added, skipped, blankRequired: blanks };
}
