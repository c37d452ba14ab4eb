// The life of a survey: create (draft), open, answer, close; who has not answered; the suggestion box.
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import { multiLineText } from '../text.js';
import { allocateId } from '../ids.js';
import { describeMember, resolveMember } from '../members/reference.js';
import { toDateString } from '../time.js';
import type { Counters, Member } from '../types.js';
import type { SurveyDefinition } from './definition.js';
import type { Answer, Feedback, Survey, SurveyResponse } from './types.js';
import { t } from '../../i18n/index.js';

/** A new draft survey; `sessionId` links it to the session it asks about (that session's evaluation counts it). */
export function createSurvey(surveys: readonly Survey[], counters: Counters, def: SurveyDefinition, env: CoreEnv, sessionId?: string) {
  const { id, counters: next } = allocateId(counters, 'survey');
  const survey: Survey = {
    id,
    title: def.title,
    anonymous: def.anonymous,
    status: 'draft',
    questions: def.questions,
    openedAt: null,
    closedAt: null,
    activeAtOpen: null,
    createdAt: nowInstant(env),
    ...(sessionId === undefined ? {} : { sessionId }),
  };
  return { surveys: [...surveys, survey], counters: next, survey };
}

export function findSurvey(surveys: readonly Survey[], ref: string): Survey {
  const survey = surveys.find((s) => s.id === ref.trim().toLowerCase());
  if (!survey) throw new NotFoundError(t('survey.noSurvey', { ref: JSON.stringify(ref) }), t('survey.seeClubSurveyList'));
  return survey;
}

const replace = (surveys: readonly Survey[], next: Survey) => surveys.map((s) => (s.id === next.id ? next : s));

export function openSurvey(surveys: readonly Survey[], members: readonly Member[], ref: string, env: CoreEnv) {
  const survey = findSurvey(surveys, ref);
  if (survey.status !== 'draft') throw new RuleError(t('survey.isNotADraft', { id: survey.id, status: survey.status }));
  const next: Survey = { ...survey, status: 'open', openedAt: nowInstant(env), activeAtOpen: members.filter((m) => m.status === 'active').length };
  return { surveys: replace(surveys, next), survey: next };
}

export function closeSurvey(surveys: readonly Survey[], ref: string, env: CoreEnv) {
  const survey = findSurvey(surveys, ref);
  if (survey.status !== 'open') throw new RuleError(t('survey.isNotOpen', { id: survey.id, status: survey.status }));
  const next: Survey = { ...survey, status: 'closed', closedAt: nowInstant(env) };
  return { surveys: replace(surveys, next), survey: next };
}

export interface Respondent {
  member?: string | undefined;
  anonymous?: boolean | undefined;
}

/** Who answers: a member of a named survey, nobody of an anonymous one. */
export function respondent(survey: Survey, members: readonly Member[], who: Respondent): Member | null {
  if (who.member !== undefined && who.anonymous) throw new UsageError(t('survey.giveMemberOrAnonymous'));
  if (survey.anonymous) {
    if (who.member !== undefined) throw new UsageError(t('survey.isAnonymousAnswerWith', { id: survey.id }));
    return null;
  }
  if (who.anonymous) throw new RuleError(t('survey.isNotAnonymousAnswer', { id: survey.id }));
  if (who.member === undefined) throw new UsageError(t('survey.missingMemberMOr'));
  const member = resolveMember(members, who.member);
  if (member.status !== 'active') throw new RuleError(t('survey.isNotAnActive', { member: describeMember(member) }));
  return member;
}

/** Adds a response; a member's second response is refused unless `replace`, which replaces the first. */
export function addResponse(
  survey: Survey,
  responses: readonly SurveyResponse[],
  member: Member | null,
  answers: Record<string, Answer>,
  at: Date,
  opts: { replace: boolean },
  env: CoreEnv,
): { responses: SurveyResponse[]; response: SurveyResponse; replaced: boolean } {
  if (survey.status !== 'open') throw new RuleError(t('survey.isItTakesNo', { id: survey.id, status: survey.status }), survey.status === 'draft' ? `club survey open ${survey.id}` : undefined);
  const tz = env.settings.timezone;
  const previous = member ? responses.find((r) => r.surveyId === survey.id && r.memberId === member.id) : undefined;
  if (previous && !opts.replace) throw new RuleError(t('survey.hasAlreadyAnswered', { id: member!.id, name: member!.name, id2: survey.id }), t('survey.giveReplaceToReplace'));
  const n = previous?.n ?? responses.filter((r) => r.surveyId === survey.id).reduce((max, r) => Math.max(max, r.n), 0) + 1;
  const response: SurveyResponse = {
    surveyId: survey.id,
    n,
    memberId: member?.id ?? null,
    date: toDateString(at, tz),
    at: member ? nowInstantAt(at, env) : null,
    answers,
  };
  const next = previous ? responses.map((r) => (r === previous ? response : r)) : [...responses, response];
  return { responses: next, response, replaced: Boolean(previous) };
}

const nowInstantAt = (at: Date, env: CoreEnv) => nowInstant({ ...env, now: at });

export function pendingMembers(survey: Survey, members: readonly Member[], responses: readonly SurveyResponse[]): Member[] {
  if (survey.anonymous) throw new RuleError(t('survey.isAnonymousWhoAnswered', { id: survey.id }));
  const answered = new Set(responses.filter((r) => r.surveyId === survey.id).map((r) => r.memberId));
  return members.filter((m) => m.status === 'active' && !answered.has(m.id));
}

export function addFeedback(feedback: readonly Feedback[], counters: Counters, members: readonly Member[], text: string, who: Respondent, env: CoreEnv) {
  const body = multiLineText('TEXT', text);
  if (!body) throw new UsageError(t('survey.theFeedbackIsEmpty'));
  if ([...body].length > 5000) throw new UsageError(t('survey.theFeedbackIsLonger'));
  if (who.member !== undefined && who.anonymous) throw new UsageError(t('survey.giveMemberOrAnonymous'));
  const member = who.member !== undefined ? resolveMember(members, who.member) : null;
  const { id, counters: next } = allocateId(counters, 'feedback');
  const item: Feedback = { id, text: body, memberId: member?.id ?? null, date: today(env), at: member ? nowInstant(env) : null };
  return { feedback: [...feedback, item], counters: next, item, member };
}
