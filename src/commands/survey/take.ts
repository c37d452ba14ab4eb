import { RuleError } from '../../core/errors.js';
import { allowed, parseAnswer, validateAnswers } from '../../core/surveys/answers.js';
import { findSurvey, respondent } from '../../core/surveys/surveys.js';
import type { Answer, Question } from '../../core/surveys/types.js';
import type { Context } from '../../io/context.js';
import { requireInteractive } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { recordResponse } from './answer.js';
import type { AnswerOpts } from './answer.js';
import { t } from '../../i18n/index.js';

export default async function surveyTake(ctx: Context, [ref]: unknown[], opts: AnswerOpts): Promise<Output> {
  requireInteractive(ctx, t('survey.takeNeedsTerminal'));
  const store = await ctx.openStore();
  const { surveys, members, responses } = await store.read(['surveys', 'members', 'responses']);
  const survey = findSurvey(surveys, String(ref));
  if (survey.status !== 'open') throw new RuleError(t('survey.isItTakesNo', { id: survey.id, status: survey.status }));
  const member = respondent(survey, members, opts);
  if (member && !opts.replace && responses.some((r) => r.surveyId === survey.id && r.memberId === member.id)) {
    throw new RuleError(t('survey.hasAlreadyAnswered', { id: member.id, name: member.name, id2: survey.id }), t('survey.giveReplaceToReplace'));
  }
  ctx.err(`${survey.title}${member ? ` — ${member.name}` : ' (anonymous)'}\n`);
  const raw: Record<string, Answer> = {};
  for (const q of survey.questions) {
    const answer = await ask(ctx, q);
    if (answer !== null) raw[q.id] = answer;
  }
  return recordResponse(ctx, survey.id, opts, (current) => validateAnswers(current.questions, raw));
}

async function ask(ctx: Context, q: Question): Promise<Answer | null> {
  const p = ctx.prompter;
  const label = `${q.text}${q.required ? '' : ' (optional)'}`;
  switch (q.type) {
    case 'rating':
    case 'nps': {
      const [lo, hi] = q.type === 'nps' ? [0, 10] : [1, q.scale!];
      const choices = Array.from({ length: hi - lo + 1 }, (_, i) => ({ name: String(hi - i), value: String(hi - i) }));
      if (!q.required) choices.push({ name: '(skip)', value: '' });
      const v = await p.select<string>({ message: `${label} [${lo}-${hi}]`, choices });
      return v === '' ? null : Number(v);
    }
    case 'choice': {
      const v = await p.select<string>({ message: label, choices: [...q.options!.map((o) => ({ name: o, value: o })), ...(q.required ? [] : [{ name: t('survey.skipChoice'), value: '' }])] });
      return v === '' ? null : v;
    }
    case 'multi': {
      const v = await p.checkbox<string>({ message: label, choices: q.options!.map((o) => ({ name: o, value: o })) });
      return v.length ? v : null;
    }
    case 'text': {
      const v = await p.input({ message: label, ...(q.required ? { required: true } : {}), validate: (text) => { try { parseAnswer(q, text); return true; } catch (err) { return err instanceof Error ? err.message : allowed(q); } } });
      return v.trim() ? v : null;
    }
  }
}
