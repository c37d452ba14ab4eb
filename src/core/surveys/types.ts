// Surveys, their responses, and the suggestion box (SPEC §4, §5).
import type { Recorded } from '../types.js';

export const QUESTION_TYPES = ['rating', 'nps', 'choice', 'multi', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Question {
  id: string;
  type: QuestionType;
  text: string;
  required: boolean;
  /** rating: the top of the scale (1..scale). */
  scale?: number;
  /** rating: counts towards the satisfaction KPI. */
  satisfaction?: boolean;
  /** choice, multi. */
  options?: string[];
}

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export interface Survey extends Recorded {
  id: string;
  title: string;
  anonymous: boolean;
  status: SurveyStatus;
  questions: Question[];
  openedAt: string | null;
  closedAt: string | null;
  /** Members active when the survey opened: the denominator of the response rate. */
  activeAtOpen: number | null;
  createdAt: string;
  /** The session the survey asks about (`survey create --session S`): its evaluation counts the answers. */
  sessionId?: string | null;
}

export type Answer = number | string | string[];

export interface SurveyResponse extends Recorded {
  surveyId: string;
  /** 1, 2, 3… within the survey. */
  n: number;
  /** null for anonymous surveys: nothing links a response to a person. */
  memberId: string | null;
  /** The submission date (club zone); anonymous responses keep only this. */
  date: string;
  /** The submission instant; null for anonymous responses. */
  at: string | null;
  answers: Record<string, Answer>;
}

export interface Feedback extends Recorded {
  id: string;
  text: string;
  memberId: string | null;
  date: string;
  at: string | null;
}
