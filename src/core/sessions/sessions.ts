// Scheduling and running sessions: add (one-off or recurring), edit, cancel, mark done.
import type { CoreEnv } from '../env.js';
import { hasVisibleText } from '../words.js';
import { nowInstant } from '../env.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import { multiLineText, oneLineText } from '../text.js';
import { allocateId } from '../ids.js';
import { resolveMember } from '../members/reference.js';
import { toInstantString } from '../time.js';
import type { Counters, Member } from '../types.js';
import { recurrenceStarts } from './schedule.js';
import type { Repeat } from './schedule.js';
import { SESSION_TYPES } from './types.js';
import type { Session, SessionType } from './types.js';
import { t } from '../../i18n/index.js';

export interface SessionState {
  sessions: readonly Session[];
  counters: Counters;
}

export interface SessionFields {
  title?: string | undefined;
  type?: string | undefined;
  durationMinutes?: number | undefined;
  host?: string | null | undefined;
  topic?: string | null | undefined;
  place?: string | null | undefined;
  /** Who is expected, as parseAudience normalised it (all, registered, role:R, tag:T). */
  audience?: string | undefined;
}

export const DEFAULT_DURATION = 90;

export function parseSessionType(value: string): SessionType {
  const type = value.trim().toLowerCase();
  if (!(SESSION_TYPES as readonly string[]).includes(type)) throw new UsageError(t('session.invalidTypeExpected', { value: JSON.stringify(value), value2: SESSION_TYPES.join('|') }));
  return type as SessionType;
}

export function parseDuration(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 24 * 60 * 7) {
    throw new UsageError(t('session.invalidDurationExpectedMinutes', { value: JSON.stringify(value) }));
  }
  return Number(value);
}

function text(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return oneLineText(field === 'title' ? 'TITLE' : `--${field}`, value, 500) || null;
}

function resolveHost(members: readonly Member[], ref: string | null | undefined): string | null | undefined {
  if (ref === undefined || ref === null) return ref;
  if (ref.trim() === '') return null;
  const host = resolveMember(members, ref);
  if (host.status !== 'active') throw new RuleError(t('session.theHostIsNot', { id: host.id, name: host.name }));
  return host.id;
}

export function endOf(start: Date, minutes: number, tz: string): string {
  return toInstantString(new Date(start.getTime() + minutes * 60_000), tz);
}

export interface AddSessionInput extends SessionFields {
  title: string;
  start: { date: string; hour: number; minute: number; instant: Date };
  repeat?: { repeat: Repeat; on?: number[] | undefined; until?: string | undefined; count?: number | undefined } | undefined;
}

/** A session title: checked text with something visible in it; `where` names it in the error, `empty` when blank. */
function requireTitle(value: string | undefined, where: string, empty: string): string {
  const title = text('title', value);
  if (!title) throw new UsageError(empty);
  if (!hasVisibleText(title)) throw new UsageError(t('session.invalidNothingVisible', { where, title: JSON.stringify(title) }));
  return title;
}

export function addSessions(state: SessionState, members: readonly Member[], input: AddSessionInput, env: CoreEnv): { state: SessionState; created: Session[] } {
  const tz = env.settings.timezone;
  const title = requireTitle(input.title, 'TITLE', 'missing TITLE');
  const type = input.type === undefined ? 'discussion' : parseSessionType(input.type);
  const duration = input.durationMinutes ?? DEFAULT_DURATION;
  const hostId = resolveHost(members, input.host) ?? null;
  const starts = input.repeat
    ? recurrenceStarts({ date: input.start.date, hour: input.start.hour, minute: input.start.minute, ...input.repeat, tz })
    : [input.start.instant];
  let counters = state.counters;
  const created: Session[] = [];
  for (const start of starts) {
    const next = allocateId(counters, 'session');
    counters = next.counters;
    created.push({
      id: next.id,
      title,
      type,
      startsAt: toInstantString(start, tz),
      endsAt: endOf(start, duration, tz),
      durationMinutes: duration,
      hostId,
      topic: text('topic', input.topic) ?? null,
      place: text('place', input.place) ?? null,
      status: 'scheduled',
      seriesId: input.repeat ? created[0]?.id ?? next.id : null,
      cancelReason: null,
      cancelledAt: null,
      minutes: null,
      doneAt: null,
      best: [],
      topicPollClosed: false,
      bestPollClosed: false,
      topicChosenAt: null,
      bestChosenAt: null,
      createdAt: nowInstant(env),
      ...(input.audience !== undefined ? { audience: input.audience } : {}),
    });
  }
  return { state: { sessions: [...state.sessions, ...created], counters }, created };
}

export function findSession(sessions: readonly Session[], ref: string): Session {
  const id = ref.trim().toLowerCase();
  const session = sessions.find((s) => s.id === id);
  if (!session) throw new NotFoundError(t('session.noSession', { ref: JSON.stringify(ref) }), t('session.seeClubSessionList'));
  return session;
}

function replace(sessions: readonly Session[], next: Session): Session[] {
  return sessions.map((s) => (s.id === next.id ? next : s));
}

export interface EditInput extends SessionFields {
  start?: Date | undefined;
}

export function editSession(sessions: readonly Session[], members: readonly Member[], ref: string, input: EditInput, env: CoreEnv): { sessions: Session[]; session: Session; changed: boolean } {
  const tz = env.settings.timezone;
  const current = findSession(sessions, ref);
  if (current.status === 'cancelled') throw new RuleError(t('session.isCancelledAddA', { id: current.id }));
  const next: Session = { ...current };
  if (input.title !== undefined) {
    next.title = requireTitle(input.title, '--title', 'invalid --title: empty');
  }
  if (input.type !== undefined) next.type = parseSessionType(input.type);
  if (input.topic !== undefined) next.topic = text('topic', input.topic) ?? null;
  if (input.place !== undefined) next.place = text('place', input.place) ?? null;
  if (input.host !== undefined) next.hostId = resolveHost(members, input.host) ?? null;
  if (input.durationMinutes !== undefined) next.durationMinutes = input.durationMinutes;
  if (input.audience !== undefined) next.audience = input.audience;
  const start = input.start ?? new Date(current.startsAt);
  next.startsAt = toInstantString(start, tz);
  next.endsAt = endOf(start, next.durationMinutes, tz);
  const changed = JSON.stringify(next) !== JSON.stringify(current);
  const session = changed ? revised(current, next, env) : next;
  return { sessions: changed ? replace(sessions, session) : [...sessions], session, changed };
}

/**
 * What a calendar shows of a session (its .ics event): start, end, title, place, the description's topic and host,
 * and whether it is cancelled (with the reason). Marking it done, its type, minutes and votes are not shown.
 */
function calendarView(s: Session): string {
  return JSON.stringify([s.title, s.startsAt, s.endsAt, s.place, s.topic, s.hostId, s.status === 'cancelled', s.cancelReason]);
}

/** `next` with its revision raised and `modifiedAt` now when a calendar would show the change (SPEC §5 export ics). */
export function revised(current: Session, next: Session, env: Pick<CoreEnv, 'now' | 'settings'>): Session {
  if (calendarView(current) === calendarView(next)) return next;
  return { ...next, revision: (current.revision ?? 0) + 1, modifiedAt: toInstantString(env.now, env.settings.timezone) };
}

export function cancelSession(sessions: readonly Session[], ref: string, reason: string | undefined, env: CoreEnv): { sessions: Session[]; session: Session } {
  const current = findSession(sessions, ref);
  if (current.status === 'cancelled') throw new RuleError(t('session.isAlreadyCancelled', { id: current.id }));
  if (current.status === 'done') throw new RuleError(t('session.wasHeldAndMarked', { id: current.id }));
  const next: Session = revised(current, { ...current, status: 'cancelled', cancelReason: text('reason', reason) ?? null, cancelledAt: nowInstant(env) }, env);
  return { sessions: replace(sessions, next), session: next };
}

export function markDone(sessions: readonly Session[], ref: string, minutes: string | null, env: CoreEnv): { sessions: Session[]; session: Session } {
  const current = findSession(sessions, ref);
  if (current.status === 'cancelled') throw new RuleError(t('session.wasCancelledItCannot', { id: current.id }));
  if (new Date(current.startsAt).getTime() > env.now.getTime()) throw new RuleError(t('session.hasNotStartedYet', { id: current.id, startsAt: current.startsAt }));
  const next: Session = { ...current, status: 'done', doneAt: current.doneAt ?? nowInstant(env), minutes: (minutes === null ? null : multiLineText('--minutes', minutes) || null) ?? current.minutes };
  return { sessions: replace(sessions, next), session: next };
}
