// Checking answers against their questions. A bad answer is refused naming the question and the allowed values.
import { UsageError } from '../errors.js';
import { multiLineText } from '../text.js';
import type { Answer, Question } from './types.js';
import { t } from '../../i18n/index.js';

export const MULTI_SEPARATORS = /\s*[,，;；┋|]\s*/;

export function allowed(q: Question): string {
  switch (q.type) {
    case 'rating':
      return t('survey.expect.scale', { scale: q.scale });
    case 'nps':
      return t('survey.expect.nps');
    case 'choice':
      return `one of ${q.options!.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'multi':
      return `a list of ${q.options!.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'text':
      return 'a text';
  }
}

function refuse(q: Question, value: unknown, where: string): never {
  throw new UsageError(t('survey.isNotAllowedExpected', { where, id: q.id, text: q.text, value: JSON.stringify(value), q: allowed(q) }));
}

/**
 * One answer, from JSON (numbers, strings, arrays) or from a form export cell (text: "5", "5分", "A┋B"). Returns
 * null for "no answer".
 */
export function parseAnswer(q: Question, value: unknown, where = ''): Answer | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) return null;
  switch (q.type) {
    case 'rating':
    case 'nps': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(/^(\d+)\s*(分|points?)?$/.exec(value.trim())?.[1] ?? NaN) : NaN;
      const [lo, hi] = q.type === 'nps' ? [0, 10] : [1, q.scale!];
      if (!Number.isInteger(n) || n < lo || n > hi) refuse(q, value, where);
      return n;
    }
    case 'choice': {
      if (typeof value !== 'string') refuse(q, value, where);
      const option = q.options!.find((o) => o === (value as string).trim());
      if (!option) refuse(q, value, where);
      return option!;
    }
    case 'multi': {
      const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(MULTI_SEPARATORS).filter(Boolean) : refuse(q, value, where);
      const picked: string[] = [];
      for (const part of parts) {
        const option = typeof part === 'string' ? q.options!.find((o) => o === part.trim()) : undefined;
        if (!option) refuse(q, part, where);
        if (!picked.includes(option!)) picked.push(option!);
      }
      return picked;
    }
    case 'text': {
      if (typeof value !== 'string' && typeof value !== 'number') refuse(q, value, where);
      const text = multiLineText(q.id, String(value));
      if (text.length > 5000) refuse(q, `${text.slice(0, 20)}…`, where);
      return text;
    }
  }
}

/** A full set of answers: known question ids only, every required question answered. */
export function validateAnswers(questions: Question[], raw: unknown, where = ''): Record<string, Answer> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(t('survey.answersMustBeA', { where }));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers: Record<string, Answer> = Object.create(null) as Record<string, Answer>;
  for (const key of Object.keys(raw)) {
    const q = byId.get(key);
    if (!q) throw new UsageError(t('survey.noQuestionQuestions', { where, key: JSON.stringify(key), x: questions.map((x) => x.id).join(', ') }));
    const answer = parseAnswer(q, (raw as Record<string, unknown>)[key], where);
    if (answer !== null) answers[key] = answer;
  }
  for (const q of questions) {
    if (q.required && !(q.id in answers)) throw new UsageError(t('survey.isRequiredExpected', { where, id: q.id, text: q.text, q: allowed(q) }));
  }
  // A plain object again, in question order, for the store.
  return Object.fromEntries(questions.filter((q) => q.id in answers).map((q) => [q.id, answers[q.id]!]));
}
