// The evaluation of one activity (SPEC §9, §14): booked and attended kept apart, the fill and attendance rates, the
// satisfaction and NPS of the surveys linked to the session answered within `evaluation.surveyDays` of its end, the
// staff's hours, and the same figures for the last three held sessions of the same type to compare with.
import { periodMeasures } from '../surveys/results.js';
import type { Survey, SurveyResponse } from '../surveys/types.js';
import type { Attendance, Session, SessionStatus, SessionType } from '../sessions/types.js';
import { addDaysToDate, instantDate } from '../time.js';
import type { StatusChange } from '../types.js';
import { hasEnded, noShowsAt } from './noshow.js';
import { registrationsOf } from './registrations.js';
import { activityOf } from './status.js';
import type { Activity, HoursEntry, Registration } from './types.js';
import { formatAmount } from '../money/amount.js';
import { paidCost } from '../money/expenses.js';
import type { Expense } from '../money/types.js';

/** What an evaluation reads: the collections of the store, whole (attendance at least for the sessions compared). */
export interface EvaluationInput {
  sessions: readonly Session[];
  members: ReadonlyArray<{ id: string; history: ReadonlyArray<Pick<StatusChange, 'status' | 'date'>> }>;
  attendance: readonly Attendance[];
  registrations: readonly Registration[];
  hours: readonly HoursEntry[];
  surveys: readonly Survey[];
  responses: readonly SurveyResponse[];
  activities: readonly Activity[];
  /** The club's expenses: `cost` sums the session's paid ones (none read: no cost). */
  expenses?: readonly Expense[];
}

export interface EvaluationOptions {
  now: Date;
  tz: string;
  /** `evaluation.surveyDays`: answers dated on the session's last day up to this many days after it count. */
  surveyDays: number;
}

/** The figures of one session. Rates are unrounded fractions; null where there is nothing to divide by. */
export interface ActivityFigures {
  session: string;
  title: string;
  type: SessionType;
  /** The session's date in the club's zone. */
  date: string;
  status: SessionStatus;
  /** Registrations with status registered, as they stand now. */
  registered: number;
  waitlisted: number;
  /** Present or late attendance records (members who came without registering included: see walkIns). */
  attended: number;
  /**
   * Registered members who neither came nor were excused, leaving out those who left the club before the session;
   * null until the session has ended, and for a cancelled one.
   */
  noShows: number | null;
  /** The plan's places; null: no plan or no limit. */
  capacity: number | null;
  /** registered / capacity. */
  fillRate: number | null;
  /** attended / registered; null with no registrations, or until the session has ended. */
  attendanceRate: number | null;
  satisfaction: number | null;
  nps: number | null;
  /** Responses to the linked surveys dated within the window. */
  responses: number;
  /** Hours entries of the session, summed exactly (hundredths). */
  staffHours: number;
  /** The session's paid expenses, as "566.60" (SPEC §10). */
  cost: string;
  /** cost / attended, rounded half-up to the fen; null when nobody attended. */
  costPerAttendee: string | null;
  /** Attended without a registration. */
  walkIns: number;
  /** The surveys linked to the session (`survey create --session S`). */
  surveys: string[];
  /** The dates whose answers count: from the session's last day, `to` exclusive. */
  surveyWindow: { from: string; to: string };
}

/** Figures that are averaged over the earlier sessions of the type. */
export const AVERAGED = ['registered', 'waitlisted', 'attended', 'noShows', 'capacity', 'fillRate', 'attendanceRate', 'satisfaction', 'nps', 'responses', 'staffHours'] as const;
export type AveragedFigure = (typeof AVERAGED)[number];

export interface Evaluation extends ActivityFigures {
  /** The last three held (done) sessions of the same type that started before this one, newest first. */
  previousOfType: ActivityFigures[];
  /** Each figure's mean over previousOfType, of the sessions that have it (null when none has). */
  previousAverage: Record<AveragedFigure, number | null>;
}

/** How many earlier sessions of the type an evaluation compares with. */
export const PREVIOUS_OF_TYPE = 3;

const hundredths = (hours: number) => Math.round(hours * 100);

export function figuresOf(session: Session, input: EvaluationInput, opts: EvaluationOptions): ActivityFigures {
  const { registered, waitlisted } = registrationsOf(input.registrations, session.id);
  const records = new Map(input.attendance.filter((a) => a.sessionId === session.id).map((a) => [a.memberId, a]));
  const came = (memberId: string) => {
    const status = records.get(memberId)?.status;
    return status === 'present' || status === 'late';
  };
  const attended = [...records.values()].filter((a) => came(a.memberId)).length;
  const registeredIds = new Set(registered.map((r) => r.memberId));
  const walkIns = [...records.values()].filter((a) => came(a.memberId) && !registeredIds.has(a.memberId)).length;
  const date = instantDate(session.startsAt, opts.tz);
  const ended = hasEnded(session, opts.now);
  // The same rule as the weekly report's and the at-risk list's (noshow.ts).
  const noShows = ended ? noShowsAt(session, input.members, input.attendance, input.registrations, opts.tz, opts.now).length : null;
  const capacity = activityOf(input.activities, session.id)?.plan?.capacity ?? null;

  const surveys = input.surveys.filter((s) => s.sessionId === session.id);
  const linked = new Set(surveys.map((s) => s.id));
  const from = instantDate(session.endsAt, opts.tz);
  const surveyWindow = { from, to: addDaysToDate(from, opts.surveyDays + 1) };
  const inWindow = input.responses.filter((r) => linked.has(r.surveyId) && r.date >= surveyWindow.from && r.date < surveyWindow.to);
  const measures = periodMeasures(surveys, inWindow, surveyWindow);
  const cost = paidCost(input.expenses ?? [], session.id);
  const staffHours = input.hours.filter((h) => h.sessionId === session.id).reduce((sum, h) => sum + hundredths(h.hours), 0) / 100;

  return {
    session: session.id,
    title: session.title,
    type: session.type,
    date,
    status: session.status,
    registered: registered.length,
    waitlisted: waitlisted.length,
    attended,
    noShows,
    capacity,
    fillRate: capacity ? registered.length / capacity : null,
    attendanceRate: ended && registered.length > 0 ? attended / registered.length : null,
    satisfaction: measures.satisfaction,
    nps: measures.nps.nps,
    responses: inWindow.length,
    staffHours,
    cost: formatAmount(cost),
    costPerAttendee: attended > 0 ? formatAmount(Math.floor((2 * cost + attended) / (2 * attended))) : null,
    walkIns,
    surveys: surveys.map((s) => s.id),
    surveyWindow,
  };
}

/** The held sessions of `session`'s type that started before it, newest first, at most PREVIOUS_OF_TYPE. */
export function previousOfType(sessions: readonly Session[], session: Session): Session[] {
  const start = Date.parse(session.startsAt);
  return sessions
    .filter((s) => s.id !== session.id && s.type === session.type && s.status === 'done' && Date.parse(s.startsAt) < start)
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || Number(b.id.slice(1)) - Number(a.id.slice(1)))
    .slice(0, PREVIOUS_OF_TYPE);
}

function averages(rows: readonly ActivityFigures[]): Record<AveragedFigure, number | null> {
  const out = {} as Record<AveragedFigure, number | null>;
  for (const key of AVERAGED) {
    const values = rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    out[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return out;
}

export function evaluateActivity(session: Session, input: EvaluationInput, opts: EvaluationOptions): Evaluation {
  const own = figuresOf(session, input, opts);
  const previous = previousOfType(input.sessions, session).map((s) => figuresOf(s, input, opts));
  const { walkIns, surveys, surveyWindow, ...head } = own;
  // The JSON of SPEC §9 first, in its order; what this adds after it.
  return { ...head, previousOfType: previous, walkIns, surveys, surveyWindow, previousAverage: averages(previous) };
}
