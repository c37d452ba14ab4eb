// Validating a survey definition (from a JSON or YAML file, or the interactive builder). Every problem names the
// question and the field.
import { UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { QUESTION_TYPES } from './types.js';
import type { Question } from './types.js';
import { t } from '../../i18n/index.js';

export interface SurveyDefinition {
  title: string;
  anonymous: boolean;
  questions: Question[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const KNOWN = new Set(['id', 'type', 'text', 'required', 'scale', 'satisfaction', 'options']);

export function validateDefinition(raw: unknown): SurveyDefinition {
  const fail = (where: string, problem: string): never => {
    throw new UsageError(t('survey.invalidSurvey', { where, problem }));
  };
  if (!isRecord(raw)) return fail('(top level)', 'expected an object with title, anonymous and questions');
  for (const key of Object.keys(raw)) if (!['title', 'anonymous', 'questions'].includes(key)) fail(key, 'unknown field');
  const title = typeof raw.title === 'string' ? oneLineText('survey title', raw.title) : '';
  if (!title) fail('title', 'expected a non-empty text');
  if (raw.anonymous !== undefined && typeof raw.anonymous !== 'boolean') fail('anonymous', 'expected true or false');
  if (!Array.isArray(raw.questions) || raw.questions.length === 0) fail('questions', 'expected a non-empty list');
  const ids = new Set<string>();
  const questions = (raw.questions as unknown[]).map((q, i): Question => {
    const where = `questions[${i}]${isRecord(q) && typeof q.id === 'string' ? ` (${q.id})` : ''}`;
    if (!isRecord(q)) return fail(where, 'expected an object');
    for (const key of Object.keys(q)) if (!KNOWN.has(key)) fail(`${where}.${key}`, 'unknown field');
    const id = typeof q.id === 'string' ? q.id.trim() : `q${i + 1}`;
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(id) || id === '__proto__' || id === 'constructor' || id === 'prototype') fail(`${where}.id`, `expected an id like q1, got ${JSON.stringify(q.id)}`);
    if (ids.has(id)) fail(`${where}.id`, `duplicate id ${JSON.stringify(id)}`);
    ids.add(id);
    if (!(QUESTION_TYPES as readonly unknown[]).includes(q.type)) fail(`${where}.type`, `expected ${QUESTION_TYPES.join('|')}, got ${JSON.stringify(q.type)}`);
    const type = q.type as Question['type'];
    const text = typeof q.text === 'string' ? oneLineText(`${where}.text`, q.text) : '';
    if (!text) fail(`${where}.text`, 'expected a non-empty text');
    if (q.required !== undefined && typeof q.required !== 'boolean') fail(`${where}.required`, 'expected true or false');
    const question: Question = { id, type, text, required: q.required === undefined ? true : (q.required as boolean) };
    if (type === 'rating') {
      const scale = q.scale ?? 5;
      if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 2 || scale > 10) fail(`${where}.scale`, 'expected a whole number from 2 to 10');
      question.scale = scale as number;
      if (q.satisfaction !== undefined && typeof q.satisfaction !== 'boolean') fail(`${where}.satisfaction`, 'expected true or false');
      question.satisfaction = q.satisfaction === true;
      if (question.satisfaction && scale !== 5) fail(`${where}.satisfaction`, 'satisfaction is measured on a 5-point scale');
    } else {
      if (q.scale !== undefined) fail(`${where}.scale`, `only rating questions have a scale`);
      if (q.satisfaction !== undefined) fail(`${where}.satisfaction`, `only rating questions count towards satisfaction`);
    }
    if (type === 'choice' || type === 'multi') {
      const options = q.options;
      if (!Array.isArray(options) || options.length < 2 || !options.every((o) => typeof o === 'string' && o.trim())) fail(`${where}.options`, 'expected a list of at least two texts');
      const trimmed = (options as string[]).map((o, n) => oneLineText(`${where}.options[${n}]`, o));
      if (new Set(trimmed).size !== trimmed.length) fail(`${where}.options`, 'options must differ');
      question.options = trimmed;
    } else if (q.options !== undefined) {
      fail(`${where}.options`, `only choice and multi questions have options`);
    }
    return question;
  });
  return { title, anonymous: raw.anonymous === true, questions };
}
