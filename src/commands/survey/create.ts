import { validateDefinition } from '../../core/surveys/definition.js';
import type { SurveyDefinition } from '../../core/surveys/definition.js';
import { findSession } from '../../core/sessions/sessions.js';
import { createSurvey } from '../../core/surveys/surveys.js';
import { QUESTION_TYPES } from '../../core/surveys/types.js';
import type { Question } from '../../core/surveys/types.js';
import { plural, counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { requireInteractive } from '../../io/context.js';
import { decodeText } from '../../io/encoding.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { parseDataFile } from '../../io/data-file.js';
import { enumLabel, t } from '../../i18n/index.js';
import { surveyTransaction } from './shared.js';

export default async function surveyCreate(ctx: Context, _args: unknown[], opts: { from?: string; session?: string }): Promise<Output> {
  // A session that does not exist is refused before anything is typed into the builder.
  if (opts.session !== undefined) findSession((await (await ctx.openStore()).read(['sessions'])).sessions, opts.session);
  let def: SurveyDefinition;
  if (opts.from !== undefined) {
    const text = decodeText(await readInput(ctx, opts.from, t('what.surveyFile'))).text;
    def = validateDefinition(await parseDataFile(text, opts.from));
  } else {
    requireInteractive(ctx, '--from FILE');
    def = validateDefinition(await build(ctx));
  }
  const { survey, session } = await surveyTransaction(ctx, ['sessions'], (draft, env) => {
    // The session the survey asks about must exist: its evaluation (activity evaluate) counts the answers.
    const session = opts.session === undefined ? undefined : findSession(draft.sessions, opts.session);
    const r = createSurvey(draft.surveys, draft.meta.counters, def, env, session?.id);
    draft.surveys = r.surveys;
    draft.meta = { ...draft.meta, counters: r.counters };
    const summary = `created survey ${r.survey.id} (${plural(r.survey.questions.length, 'question')})${session ? ` for ${session.id}` : ''}`;
    return { result: { survey: r.survey, session }, audit: { summary, refs: [r.survey.id, ...(session ? [session.id] : [])] } };
  });
  ctx.err(t('survey.nextClubSurveyOpen', { id: survey.id }));
  const linked = session ? ` ${t('results.surveyFor', { session: session.id, title: session.title })}` : '';
  return { kind: 'done', data: { ...survey, sessionId: survey.sessionId ?? null }, message: t('survey.createdDraft', { id: survey.id, title: survey.title, value: counted(survey.questions.length, 'question'), value2: survey.anonymous ? t('survey.anonymousSuffix') : '', linked }) };
}

/** The interactive builder: a title, then questions until "done". */
async function build(ctx: Context): Promise<unknown> {
  const p = ctx.prompter;
  const title = await p.input({ message: t('survey.surveyTitle'), required: true });
  const anonymous = await p.confirm({ message: t('survey.anonymous'), default: false });
  const questions: Partial<Question>[] = [];
  for (;;) {
    const type = await p.select<string>({
      message: t('survey.question', { value: questions.length + 1 }),
      choices: [...QUESTION_TYPES.map((type) => ({ name: enumLabel(type), value: type })), ...(questions.length ? [{ name: t('survey.builderDone'), value: 'done' }] : [])],
    });
    if (type === 'done') break;
    const text = await p.input({ message: t('survey.questionText'), required: true });
    const q: Partial<Question> = { id: `q${questions.length + 1}`, type: type as Question['type'], text };
    if (type === 'rating') {
      q.scale = Number(await p.input({ message: t('survey.scale'), default: '5', validate: (v) => (/^([2-9]|10)$/.test(v.trim()) ? true : t('survey.expect.scaleSize')) }));
      if (q.scale === 5) q.satisfaction = await p.confirm({ message: t('survey.countsTowardsSatisfaction'), default: true });
    }
    if (type === 'choice' || type === 'multi') {
      const options = await p.input({ message: t('survey.optionsSeparatedByCommas'), validate: (v) => (v.split(/[,，]/).filter((o) => o.trim()).length >= 2 ? true : 'at least two options') });
      q.options = options.split(/[,，]/).map((o) => o.trim()).filter(Boolean);
    }
    q.required = await p.confirm({ message: t('survey.required'), default: type !== 'text' });
    questions.push(q);
  }
  return { title, anonymous, questions };
}
