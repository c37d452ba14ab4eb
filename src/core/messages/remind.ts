// `club remind …`: who should act, for a message that names them (@nickname) in the group chat. Each function takes
// the data and `now` and returns the reminder's data (what --json prints); the wording is the remind template's.
// Only members active now are reminded: one who left is not asked to come back to a session or finish a task.
import { audienceResolver } from '../activities/audience.js';
import type { AudienceData } from '../activities/audience.js';
import { assertApproved, activityOf } from '../activities/status.js';
import { assertBeforeDeadline, assertOpenSession, eligibilityProblem } from '../activities/register.js';
import type { RegisterState } from '../activities/register.js';
import { activeOn, attendanceSheet, came, isHeld, sessionDate } from '../attendance/rules.js';
import type { CoreEnv } from '../env.js';
import { today } from '../env.js';
import { RuleError } from '../errors.js';
import { isOverdue as readingOverdue, doneBy, MISS_WINDOW_DAYS } from '../reading/rules.js';
import type { Book, ReadingTask } from '../reading/types.js';
import type { Attendance, Session } from '../sessions/types.js';
import type { Survey, SurveyResponse } from '../surveys/types.js';
import { addDaysToDate } from '../time.js';
import type { Member, Task } from '../types.js';
import { t } from '../../i18n/index.js';
import { byMemberId, personOf } from './people.js';
import type { Person } from './people.js';

/** Tasks and reading tasks due within this many days (today included) are reminded with the overdue ones. */
export const DUE_SOON_DAYS = 3;

export interface SessionRef {
  id: string;
  title: string;
  startsAt: string;
}

export type Reminder =
  | { kind: 'absent'; sessionId: string; session: SessionRef; members: Person[] }
  | { kind: 'survey'; surveyId: string; survey: { id: string; title: string; sessionId: string | null }; members: Person[] }
  | { kind: 'tasks'; members: Person[]; tasks: TaskReminder[] }
  | { kind: 'reading'; members: Person[]; tasks: ReadingReminder[] }
  | {
      kind: 'registration';
      sessionId: string;
      session: SessionRef & { placesLeft: number | null; waitlisted: number; deadline: string | null };
      members: Person[];
    };

export interface TaskReminder {
  id: string;
  title: string;
  due: string;
  overdue: boolean;
  owner: Person | null;
}

export interface ReadingReminder {
  id: string;
  memberId: string;
  bookId: string;
  book: string;
  due: string;
  overdue: boolean;
  member: Person;
}

const sessionRef = (s: Session): SessionRef => ({ id: s.id, title: s.title, startsAt: s.startsAt });
const activeNow = (m: Pick<Member, 'status'>) => m.status === 'active';

/** The latest session that was held (started, not cancelled), or null when none was. */
export function lastHeldSession(sessions: readonly Session[], now: Date): Session | null {
  let last: Session | null = null;
  for (const s of sessions) if (isHeld(s, now) && (!last || Date.parse(s.startsAt) > Date.parse(last.startsAt))) last = s;
  return last;
}

/** Members of the session's audience, active at its start and now, who neither came nor took leave. */
export function remindAbsent(session: Session, members: readonly Member[], attendance: readonly Attendance[], audience: AudienceData, env: CoreEnv): Reminder {
  if (session.status === 'cancelled') throw new RuleError(t('remind.sessionCancelled', { session: session.id }));
  if (!isHeld(session, env.now)) throw new RuleError(t('remind.notHeld', { session: session.id }), t('remind.notHeld.hint'));
  const byId = new Map(members.map((m) => [m.id, m]));
  const absent = attendanceSheet(session, members, attendance, env.now, env.settings.timezone, audienceResolver(audience))
    .filter((r) => r.expected && r.status === 'absent')
    .map((r) => byId.get(r.memberId)!)
    .filter(activeNow);
  return { kind: 'absent', sessionId: session.id, session: sessionRef(session), members: absent.sort(byMemberId).map(personOf) };
}

/**
 * Members expected to answer who have not: for a survey about a session, the active members who came to it; else
 * every active member. An anonymous survey records no one, and a survey that is not open cannot be answered.
 */
export function remindSurvey(survey: Survey, members: readonly Member[], responses: readonly SurveyResponse[], attendance: readonly Attendance[] | null): Reminder {
  if (survey.anonymous) throw new RuleError(t('remind.surveyAnonymous', { survey: survey.id }));
  if (survey.status !== 'open') throw new RuleError(t('remind.surveyNotOpen', { survey: survey.id, status: survey.status }), t('remind.surveyNotOpen.hint', { survey: survey.id }));
  const answered = new Set(responses.filter((r) => r.surveyId === survey.id).map((r) => r.memberId));
  const sessionId = survey.sessionId ?? null;
  const attended = sessionId === null || attendance === null ? null : new Set(attendance.filter((a) => a.sessionId === sessionId && came(a.status)).map((a) => a.memberId));
  const pending = members.filter((m) => activeNow(m) && !answered.has(m.id) && (attended === null || attended.has(m.id)));
  return { kind: 'survey', surveyId: survey.id, survey: { id: survey.id, title: survey.title, sessionId }, members: pending.sort(byMemberId).map(personOf) };
}

/** Open tasks overdue or due within DUE_SOON_DAYS days, overdue first, then by due date; each with its owner. */
export function remindTasks(tasks: readonly Task[], members: readonly Member[], env: CoreEnv): Reminder {
  const day = today(env);
  const soon = addDaysToDate(day, DUE_SOON_DAYS);
  const byId = new Map(members.map((m) => [m.id, m]));
  const rows: TaskReminder[] = [];
  for (const task of tasks) {
    if (task.status !== 'open' || task.due === null || task.due > soon) continue;
    const owner = task.ownerId === null ? null : (byId.get(task.ownerId) ?? null);
    // A task whose owner has gone is cancelled (or, in an older store, no longer anyone's to do).
    if (owner && !activeNow(owner)) continue;
    rows.push({ id: task.id, title: task.title, due: task.due, overdue: task.due < day, owner: owner ? personOf(owner) : null });
  }
  rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || Number(a.id.slice(1)) - Number(b.id.slice(1)));
  return { kind: 'tasks', members: uniquePeople(rows.map((r) => r.owner)), tasks: rows };
}

/**
 * Reading tasks of active members not done yet: overdue (due in the last MISS_WINDOW_DAYS days, as misses count) or
 * due within DUE_SOON_DAYS days.
 */
export function remindReading(readingTasks: readonly ReadingTask[], books: readonly Book[], members: readonly Member[], env: CoreEnv): Reminder {
  const tz = env.settings.timezone;
  const day = today(env);
  const soon = addDaysToDate(day, DUE_SOON_DAYS);
  const since = addDaysToDate(day, -MISS_WINDOW_DAYS);
  const byId = new Map(members.map((m) => [m.id, m]));
  const titles = new Map(books.map((b) => [b.id, b.title]));
  const rows: ReadingReminder[] = [];
  for (const task of readingTasks) {
    const member = byId.get(task.memberId);
    if (!member || !activeNow(member) || doneBy(task, env.now) || task.due > soon || task.due < since) continue;
    rows.push({ id: task.id, memberId: task.memberId, bookId: task.bookId, book: titles.get(task.bookId) ?? task.bookId, due: task.due, overdue: readingOverdue(task, env.now, tz), member: personOf(member) });
  }
  rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || Number(a.id.slice(1)) - Number(b.id.slice(1)));
  return { kind: 'reading', members: uniquePeople(rows.map((r) => r.member)), tasks: rows };
}

/**
 * Active members who may register for the session (eligible under its plan, members at its start, in its audience
 * when that is a role or a tag) and are neither registered nor waitlisted. Refused, like `register`, for a session
 * that takes no more sign-ups: not approved, done, cancelled, started, or past its deadline.
 */
export function remindRegistration(session: Session, state: RegisterState, audience: AudienceData, env: CoreEnv): Reminder {
  assertOpenSession(session, 'register');
  if (Date.parse(session.startsAt) <= env.now.getTime()) throw new RuleError(t('remind.started', { session: session.id }));
  assertApproved(session, state.activities, env.settings, 'register');
  const plan = activityOf(state.activities, session.id)?.plan ?? null;
  assertBeforeDeadline(session, plan, env);
  const date = sessionDate(session, env.settings.timezone);
  const signedUp = new Set(state.registrations.filter((r) => r.sessionId === session.id && r.status !== 'cancelled').map((r) => r.memberId));
  // A role or tag audience narrows who is asked; `all` and `registered` ask everyone who may sign up.
  const stored = session.audience ?? 'all';
  const only = /^(role|tag):/.test(stored) ? audienceResolver(audience)(session) : null;
  const members = state.members.filter(
    (m) => !signedUp.has(m.id) && (only === null || only.has(m.id)) && activeOn(m, date) && eligibilityProblem(m, plan, state.balances.get(m.id) ?? 0, env) === null,
  );
  const view = state.registrations.filter((r) => r.sessionId === session.id);
  const registered = view.filter((r) => r.status === 'registered').length;
  const capacity = plan?.capacity ?? null;
  return {
    kind: 'registration',
    sessionId: session.id,
    session: {
      ...sessionRef(session),
      placesLeft: capacity === null ? null : Math.max(0, capacity - registered),
      waitlisted: view.filter((r) => r.status === 'waitlisted').length,
      deadline: plan?.registrationDeadline ?? null,
    },
    members: [...members].sort(byMemberId).map(personOf),
  };
}

function uniquePeople(people: ReadonlyArray<Person | null>): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (p && !seen.has(p.id)) seen.set(p.id, p);
  return [...seen.values()].sort(byMemberId);
}
