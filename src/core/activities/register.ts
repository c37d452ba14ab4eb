// Signing up for an activity (SPEC §9, §14 "Activities"): places while the plan's capacity lasts, then a FIFO
// waitlist; a cancellation gives its place to the first waitlisted member who is still active. Every refusal names
// the rule and the member, and refuses the whole command: nothing is written for anyone.
// Arrival order is the order of `at`: each registration's `at` is the command's time under the store's lock, or 1 ms
// after the session's latest `at` when that is not later (a process that started first may commit second; CLUB_NOW
// fixes the clock). Several members in one command arrive in the order given, 1 ms apart. So `at` never ties and
// places and positions follow commit order on both stores.
import { t } from '../../i18n/index.js';
import { requireMemberAtStart } from '../attendance/rules.js';
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { RuleError } from '../errors.js';
import { localDateTime } from '../reports/labels.js';
import type { Session } from '../sessions/types.js';
import { toInstantString } from '../time.js';
import type { Member } from '../types.js';
import { registrationsOf } from './registrations.js';
import { activityOf, assertApproved } from './status.js';
import type { Activity, ActivityPlan, Registration } from './types.js';

export interface RegisterState {
  registrations: readonly Registration[];
  activities: readonly Activity[];
  members: readonly Member[];
  /** Points balances by member id (members without entries absent). */
  balances: ReadonlyMap<string, number>;
}

export interface SignUp {
  member: Member;
  note: string | null;
}

export interface RegisterInput {
  session: Session;
  /** In arrival order. */
  signUps: readonly SignUp[];
  source: Registration['source'];
  /** Who registered them (actorKey). */
  by: string | null;
  /** Registers members who were not members at the session's start. */
  force: boolean;
}

export interface RegisterResult {
  registrations: Registration[];
  /** The new registrations, in arrival order (status registered or waitlisted). */
  added: Registration[];
  /** Waitlisted members who got a place before the new ones arrived (the capacity was raised). */
  promoted: Registration[];
  /** Said on stderr: members registered with --force. */
  notes: string[];
}

export type Capacity = number | null;

export function planOf(activities: readonly Activity[], sessionId: string): ActivityPlan | null {
  return activityOf(activities, sessionId)?.plan ?? null;
}

/** The instant `ms` as the club writes instants, with its milliseconds when it has any (arrival order needs them). */
export function arrivalInstant(ms: number, tz: string): string {
  const text = toInstantString(new Date(ms), tz);
  const millis = ms % 1000;
  return millis === 0 ? text : text.replace(/^(.{19})/, `$1.${String(millis).padStart(3, '0')}`);
}

/** The first arrival time a new registration of this session may have: now, or 1 ms after its latest `at`. */
export function nextArrival(registrations: readonly Registration[], sessionId: string, now: Date): number {
  let latest = -Infinity;
  for (const r of registrations) if (r.sessionId === sessionId) latest = Math.max(latest, Date.parse(r.at));
  return Math.max(now.getTime(), latest + 1);
}

/** The session takes no registrations (or cancellations) once it is cancelled or done. */
export function assertOpenSession(session: Session, action: 'register' | 'cancel'): void {
  if (session.status === 'cancelled' || session.status === 'done') {
    throw new RuleError(t(action === 'register' ? 'register.sessionClosed' : 'register.cancelClosed', { session: session.id, status: t(`register.sessionStatus.${session.status}`) }));
  }
}

/**
 * Why `member` may not register under `plan` now, or null: not active, or an eligibility rule (the failed rule named
 * with the member's value). The member-at-start rule and an existing registration are checked apart.
 */
export function eligibilityProblem(member: Member, plan: ActivityPlan | null, balance: number, env: CoreEnv): string | null {
  const who = `${member.id} ${member.name}`;
  if (member.status !== 'active') return t('register.notActive', { member: who, status: member.status });
  const rules = plan?.eligibility;
  if (!rules) return null;
  if (rules.minPoints !== null && balance < rules.minPoints) return t('register.minPoints', { member: who, points: balance, min: rules.minPoints });
  if (rules.minDaysMember !== null) {
    const days = member.joinedAt === null ? 0 : daysFrom(member.joinedAt, today(env));
    if (days < rules.minDaysMember) return t('register.minDays', { member: who, days, min: rules.minDaysMember, joined: member.joinedAt ?? '-' });
  }
  if (rules.roles.length > 0 && !rules.roles.includes(member.role)) return t('register.roles', { member: who, role: member.role, roles: rules.roles.join(', ') });
  return null;
}

/** Whole days from date `from` to date `to` (YYYY-MM-DD); negative when `to` is earlier. */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The registration deadline has passed: refused, naming it in the club's time. */
export function assertBeforeDeadline(session: Session, plan: ActivityPlan | null, env: CoreEnv): void {
  const deadline = plan?.registrationDeadline ?? null;
  if (deadline === null || env.now.getTime() <= Date.parse(deadline)) return;
  const when = localDateTime(deadline, env.settings.timezone, env.settings.lang);
  throw new RuleError(t('register.deadline', { session: session.id, deadline: when }), t('register.deadline.hint', { session: session.id }));
}

/** What `member` already has for the session that stops a new registration (registered or waitlisted), or null. */
export function existingProblem(registrations: readonly Registration[], session: Session, member: Member): string | null {
  const view = registrationsOf(registrations, session.id);
  const who = `${member.id} ${member.name}`;
  const place = view.registered.findIndex((r) => r.memberId === member.id);
  if (place >= 0) return t('register.alreadyRegistered', { member: who, session: session.id, place: place + 1 });
  const position = view.waitlisted.findIndex((r) => r.memberId === member.id);
  if (position >= 0) return t('register.alreadyWaitlisted', { member: who, session: session.id, position: position + 1 });
  return null;
}

/**
 * Every rule a sign-up must pass, for each member: the approval gate, the session open, the deadline, active,
 * eligible, a member at the session's start (unless force), not registered already. All problems are listed in one
 * refusal. Returns the notes of members let in by force.
 */
export function checkSignUps(state: RegisterState, input: Pick<RegisterInput, 'session' | 'signUps' | 'force'>, env: CoreEnv): string[] {
  const { session } = input;
  assertOpenSession(session, 'register');
  assertApproved(session, state.activities, env.settings, 'register');
  const plan = planOf(state.activities, session.id);
  assertBeforeDeadline(session, plan, env);
  const problems: string[] = [];
  /** Whether --force would let every refused member in (only the member-at-start rule yields to it). */
  let forceable = true;
  const notes: string[] = [];
  for (const { member } of input.signUps) {
    const problem = eligibilityProblem(member, plan, state.balances.get(member.id) ?? 0, env) ?? existingProblem(state.registrations, session, member);
    if (problem !== null) {
      problems.push(problem);
      forceable = false;
      continue;
    }
    try {
      const note = requireMemberAtStart(member, session, env.settings.timezone, input.force);
      if (note) notes.push(note);
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      problems.push(err.message);
    }
  }
  const hint = forceable ? t('checkin.forceHint') : undefined;
  if (problems.length === 1) throw new RuleError(problems[0]!, hint);
  if (problems.length > 1) throw new RuleError(t('register.problems', { count: problems.length, problems: problems.join('\n  ') }), hint);
  return notes;
}

/**
 * Registers the members in order: a place while fewer than the capacity hold one and nobody waits, else the end of
 * the waitlist. A cancelled registration is replaced (a new `at`: the end of the queue).
 */
export function registerMembers(state: RegisterState, input: RegisterInput, env: CoreEnv): RegisterResult {
  const { session } = input;
  const seen = new Set<string>();
  const signUps = input.signUps.filter(({ member }) => !seen.has(member.id) && seen.add(member.id));
  const notes = checkSignUps(state, { ...input, signUps }, env);
  const capacity = planOf(state.activities, session.id)?.capacity ?? null;
  const tz = env.settings.timezone;
  // First any places the waitlist should already have (a raised capacity): nobody jumps the queue.
  const filled = fillPlaces(state.registrations, state.members, session.id, capacity, env);
  let registrations = filled.registrations;
  let arrival = nextArrival(registrations, session.id, env.now);
  let taken = registrationsOf(registrations, session.id).registered.length;
  let waiting = registrationsOf(registrations, session.id).waitlisted.length;
  const added: Registration[] = [];
  for (const { member, note } of signUps) {
    const place = waiting === 0 && (capacity === null || taken < capacity);
    const record: Registration = {
      sessionId: session.id,
      memberId: member.id,
      status: place ? 'registered' : 'waitlisted',
      at: arrivalInstant(arrival, tz),
      note,
      source: input.source,
      by: input.by,
      promotedAt: null,
      cancelledAt: null,
    } as Registration;
    arrival += 1;
    if (place) taken += 1;
    else waiting += 1;
    registrations = [...registrations.filter((r) => !(r.sessionId === session.id && r.memberId === member.id)), record];
    added.push(record);
  }
  return { registrations, added, promoted: filled.promoted, notes };
}

/**
 * Gives free places to the waitlist, first come first served: while fewer than `capacity` hold a place, the first
 * waitlisted member who is still active gets one (status registered, promotedAt now). Members no longer active stay
 * on the waitlist and are passed over. No capacity: everyone waiting gets a place.
 */
export function fillPlaces(registrations: readonly Registration[], members: readonly Member[], sessionId: string, capacity: Capacity, env: CoreEnv): { registrations: Registration[]; promoted: Registration[] } {
  const view = registrationsOf(registrations, sessionId);
  const active = new Set(members.filter((m) => m.status === 'active').map((m) => m.id));
  let free = capacity === null ? Infinity : capacity - view.registered.length;
  const promoted: Registration[] = [];
  for (const r of view.waitlisted) {
    if (free <= 0) break;
    if (!active.has(r.memberId)) continue;
    // A new object: the store stamps it as recorded now.
    const { recordedAt: _, ...rest } = r;
    promoted.push({ ...rest, status: 'registered', promotedAt: nowInstant(env) } as Registration);
    free -= 1;
  }
  if (promoted.length === 0) return { registrations: [...registrations], promoted };
  const byMember = new Map(promoted.map((p) => [p.memberId, p]));
  return { registrations: registrations.map((r) => (r.sessionId === sessionId ? (byMember.get(r.memberId) ?? r) : r)), promoted };
}

export interface CancelResult {
  registrations: Registration[];
  cancelled: Registration;
  /** The waitlisted members who got the freed place. */
  promoted: Registration[];
}

/**
 * Cancels the member's registration or waitlist entry; a freed place goes to the first waitlisted (fillPlaces).
 * Refused once the session has started (a registered member who did not come is a no-show), unless `force`.
 */
export function cancelRegistration(state: RegisterState, session: Session, member: Member, opts: { force: boolean }, env: CoreEnv): CancelResult {
  assertOpenSession(session, 'cancel');
  const who = `${member.id} ${member.name}`;
  const current = state.registrations.find((r) => r.sessionId === session.id && r.memberId === member.id);
  if (!current) throw new RuleError(t('register.notRegistered', { member: who, session: session.id }), t('register.notRegistered.hint', { session: session.id }));
  if (current.status === 'cancelled') throw new RuleError(t('register.alreadyCancelled', { member: who, session: session.id, at: current.cancelledAt ?? current.at }));
  if (!opts.force && env.now.getTime() >= Date.parse(session.startsAt)) {
    throw new RuleError(t('register.cancelStarted', { member: who, session: session.id }), t('register.cancelStarted.hint'));
  }
  const { recordedAt: _, ...rest } = current;
  const cancelled = { ...rest, status: 'cancelled', cancelledAt: nowInstant(env) } as Registration;
  const registrations = state.registrations.map((r) => (r === current ? cancelled : r));
  const capacity = planOf(state.activities, session.id)?.capacity ?? null;
  const filled = current.status === 'registered' ? fillPlaces(registrations, state.members, session.id, capacity, env) : { registrations, promoted: [] };
  return { registrations: filled.registrations, cancelled, promoted: filled.promoted };
}

export interface RegistrationRow {
  sessionId: string;
  memberId: string;
  name: string;
  status: Registration['status'];
  /** The waitlist position (1…); null unless waitlisted. */
  position: number | null;
  /** The place's number among the registered (1…), for the table; null unless registered. */
  place: number | null;
  at: string;
  note: string | null;
  promotedAt: string | null;
  cancelledAt: string | null;
}

/** `register list`: the registered in order, then the waitlist by position, then the cancelled. */
export function registrationRows(registrations: readonly Registration[], sessionId: string, nameOf: (memberId: string) => string): RegistrationRow[] {
  const view = registrationsOf(registrations, sessionId);
  const row = (r: Registration, place: number | null, position: number | null): RegistrationRow => ({
    sessionId: r.sessionId,
    memberId: r.memberId,
    name: nameOf(r.memberId),
    status: r.status,
    position,
    place,
    at: r.at,
    note: r.note,
    promotedAt: r.promotedAt,
    cancelledAt: r.cancelledAt,
  });
  return [...view.registered.map((r, i) => row(r, i + 1, null)), ...view.waitlisted.map((r, i) => row(r, null, i + 1)), ...view.cancelled.map((r) => row(r, null, null))];
}
