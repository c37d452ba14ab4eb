// Survey results (SPEC §5) and the satisfaction and NPS measures the reports use (SPEC §6).
import type { Answer, Question, Survey, SurveyResponse } from './types.js';

/** Share of answers >= 4 on a 5-point scale; null when there are none. */
export function satisfactionShare(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.filter((v) => v >= 4).length / values.length;
}

export interface NpsResult {
  count: number;
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
}

/** % promoters (9–10) − % detractors (0–6), from −100 to 100; null when there are no answers. */
export function netPromoterScore(values: readonly number[]): NpsResult {
  const promoters = values.filter((v) => v >= 9).length;
  const detractors = values.filter((v) => v <= 6).length;
  const count = values.length;
  return { count, nps: count ? ((promoters - detractors) * 100) / count : null, promoters, passives: count - promoters - detractors, detractors };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export type QuestionResult =
  | { id: string; type: 'rating'; text: string; count: number; mean: number | null; distribution: Record<string, number>; satisfaction: number | null }
  | ({ id: string; type: 'nps'; text: string } & NpsResult)
  | { id: string; type: 'choice' | 'multi'; text: string; count: number; counts: Record<string, number>; shares: Record<string, number | null> }
  | { id: string; type: 'text'; text: string; count: number; answers: string[] };

export function questionResult(q: Question, answers: Answer[]): QuestionResult {
  switch (q.type) {
    case 'rating': {
      const values = answers as number[];
      const distribution: Record<string, number> = {};
      for (let i = 1; i <= q.scale!; i++) distribution[String(i)] = values.filter((v) => v === i).length;
      const sat = q.scale === 5 ? satisfactionShare(values) : null;
      return { id: q.id, type: 'rating', text: q.text, count: values.length, mean: values.length ? round4(values.reduce((a, b) => a + b, 0) / values.length) : null, distribution, satisfaction: sat };
    }
    case 'nps':
      return { id: q.id, type: 'nps', text: q.text, ...netPromoterScore(answers as number[]) };
    case 'choice':
    case 'multi': {
      const counts: Record<string, number> = {};
      for (const o of q.options!) counts[o] = 0;
      for (const a of answers) for (const o of Array.isArray(a) ? a : [a as string]) counts[o] = (counts[o] ?? 0) + 1;
      const shares: Record<string, number | null> = {};
      for (const o of q.options!) shares[o] = answers.length ? counts[o]! / answers.length : null;
      return { id: q.id, type: q.type, text: q.text, count: answers.length, counts, shares };
    }
    case 'text':
      return { id: q.id, type: 'text', text: q.text, count: answers.length, answers: answers as string[] };
  }
}

export interface SurveyResults {
  id: string;
  title: string;
  status: Survey['status'];
  anonymous: boolean;
  responses: number;
  /** responses / members active when the survey opened. */
  responseRate: number | null;
  questions: QuestionResult[];
}

export function surveyResults(survey: Survey, responses: readonly SurveyResponse[]): SurveyResults {
  const mine = responses.filter((r) => r.surveyId === survey.id);
  return {
    id: survey.id,
    title: survey.title,
    status: survey.status,
    anonymous: survey.anonymous,
    responses: mine.length,
    responseRate: survey.activeAtOpen ? mine.length / survey.activeAtOpen : null,
    questions: survey.questions.map((q) => questionResult(q, mine.flatMap((r) => (q.id in r.answers ? [r.answers[q.id]!] : [])))),
  };
}

/** Answers in [from, to) to the 5-point satisfaction questions and the NPS questions of every survey (SPEC §6). */
export function periodMeasures(surveys: readonly Survey[], responses: readonly SurveyResponse[], range: { from: string; to: string }) {
  const sat: number[] = [];
  const nps: number[] = [];
  const byId = new Map(surveys.map((s) => [s.id, s]));
  for (const r of responses) {
    if (r.date < range.from || r.date >= range.to) continue;
    const survey = byId.get(r.surveyId);
    if (!survey) continue;
    for (const q of survey.questions) {
      const a = r.answers[q.id];
      if (typeof a !== 'number') continue;
      if (q.type === 'rating' && q.satisfaction && q.scale === 5) sat.push(a);
      if (q.type === 'nps') nps.push(a);
    }
  }
  return { satisfaction: satisfactionShare(sat), satisfactionCount: sat.length, nps: netPromoterScore(nps) };
}
