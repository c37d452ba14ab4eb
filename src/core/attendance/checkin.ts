// Recording attendance: check-ins (by hand, from a file, from a chat log) and leave. Checking in again changes the
// record; it never duplicates it.
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { AmbiguousError, NotFoundError, RuleError, UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { resolveMember } from '../members/reference.js';
import { findSession } from '../sessions/sessions.js';
import { ATTENDANCE_STATUSES } from '../sessions/types.js';
import type { Attendance, AttendanceStatus, Session } from '../sessions/types.js';
import { t } from '../../i18n/index.js';
import { toInstantString } from '../time.js';
import type { Member } from '../types.js';
import { checkInStatus, leavesInWeek, requireMemberAtStart, sessionDate } from './rules.js';

export interface AttendanceState {
  members: readonly Member[];
  sessions: readonly Session[];
  attendance: readonly Attendance[];
}

export interface AttendanceChange {
  member: Member;
  before: AttendanceStatus | null;
  after: AttendanceStatus;
  record: Attendance;
}

export interface CheckinResult {
  session: Session;
  attendance: Attendance[];
  changes: AttendanceChange[];
  unchanged: Member[];
  notes: string[];
}

export function parseAttendanceStatus(value: string): AttendanceStatus {
  const s = value.trim().toLowerCase();
  if (!(ATTENDANCE_STATUSES as readonly string[]).includes(s)) throw new UsageError(t('session.invalidStatusExpected2', { value: JSON.stringify(value), value2: ATTENDANCE_STATUSES.join('|') }));
  return s as AttendanceStatus;
}

/** Resolves every reference, reporting all that fail at once (a file of 40 names should not fail one by one). */
export function resolveAll(members: readonly Member[], refs: string[]): Member[] {
  const found: Member[] = [];
  const problems: string[] = [];
  for (const ref of refs) {
    try {
      const m = resolveMember(members, ref);
      if (!found.some((f) => f.id === m.id)) found.push(m);
    } catch (err) {
      if (err instanceof NotFoundError) problems.push(`${JSON.stringify(ref)} matches no member`);
      else if (err instanceof AmbiguousError) problems.push(`${JSON.stringify(ref)} matches ${err.candidates.join('; ')}`);
      else throw err;
    }
  }
  if (problems.length === 1) throw new RuleError(problems[0]!, t('member.useAnIdM'));
  if (problems.length > 1) throw new RuleError(t('session.referencesCouldNotBe', { length: problems.length, value: problems.join('\n  ') }), t('session.nothingWasRecordedFix'));
  return found;
}

/** The record replacing `existing`, which it keeps among its earlier versions once committed (it has a recordedAt). */
function withEarlier(record: Attendance, existing: Attendance): Attendance {
  const { sessionId: _s, memberId: _m, earlier = [], ...version } = existing;
  const kept = version.recordedAt === undefined ? earlier : [...earlier, version];
  return kept.length ? { ...record, earlier: kept } : record;
}

function upsert(attendance: Attendance[], index: Map<string, number>, record: Attendance): void {
  const key = `${record.sessionId}/${record.memberId}`;
  const at = index.get(key);
  if (at === undefined) {
    index.set(key, attendance.length);
    attendance.push(record);
  } else {
    attendance[at] = withEarlier(record, attendance[at]!);
  }
}

function requireOpen(session: Session): void {
  if (session.status === 'cancelled') throw new RuleError(t('session.wasCancelledNobodyCan', { id: session.id, title: session.title }));
}

function leaveLimit(member: Member, session: Session, state: AttendanceState, env: CoreEnv, force: boolean): { exceeded: boolean; note: string | null } {
  const limit = env.settings['leave.perWeek'];
  const others = leavesInWeek(member.id, session, state.sessions, state.attendance, env.settings);
  if (others.length < limit) return { exceeded: false, note: null };
  const named = others.map((o) => `${o.session.id} ${o.session.title} (${sessionDate(o.session, env.settings.timezone)})`).join(', ');
  const message = `${member.id} ${member.name} already has ${others.length} excused absence${others.length === 1 ? '' : 's'} this week: ${named}; leave.perWeek is ${limit}`;
  if (!force) throw new RuleError(message, 'give --force to record it anyway (it is marked as forced)');
  return { exceeded: true, note: `${message}: recorded anyway (--force)` };
}

export interface CheckinInput {
  members: Member[];
  status?: AttendanceStatus | undefined;
  /**
   * When they arrived, if known (--at, or the chat message's time): decides late vs present when no status is given,
   * and is the record's `at`. Unknown, the entry time (env.now) decides only while the session runs; an entry after
   * its end records who came, not when the admin typed, so it is `present` (SPEC §14).
   */
  at?: Date | undefined;
  source: Attendance['source'];
  /** Record over the weekly leave limit, and members who were not active at the session's start. */
  force?: boolean | undefined;
}

/** How early before its start a member may arrive at a session (an --at earlier than this is a typing mistake). */
export const EARLIEST_ARRIVAL_MINUTES = 60;

/** An arrival time (--at) lies between an hour before the session's start and its end: else exit 2 naming both. */
function requireArrivalInWindow(session: Session, at: Date, tz: string): void {
  const from = Date.parse(session.startsAt) - EARLIEST_ARRIVAL_MINUTES * 60_000;
  const to = Date.parse(session.endsAt);
  if (at.getTime() >= from && at.getTime() <= to) return;
  throw new UsageError(
    t('checkin.atOutside', { at: toInstantString(at, tz), session: session.id, from: toInstantString(new Date(from), tz), to: session.endsAt }),
    t('checkin.atOutside.hint'),
  );
}

/** The status a check-in gets when none is given (SPEC §14). */
export function arrivalStatus(session: Session, arrivedAt: Date | undefined, now: Date, settings: CoreEnv['settings']): 'present' | 'late' {
  if (arrivedAt) return checkInStatus(arrivedAt, session, settings);
  if (now.getTime() >= new Date(session.endsAt).getTime()) return 'present';
  return checkInStatus(now, session, settings);
}

export function checkIn(state: AttendanceState, sessionRef: string, input: CheckinInput, env: CoreEnv): CheckinResult {
  const tz = env.settings.timezone;
  const session = findSession(state.sessions, sessionRef);
  requireOpen(session);
  const attendance = [...state.attendance];
  const index = new Map(attendance.map((r, i) => [`${r.sessionId}/${r.memberId}`, i]));
  const changes: AttendanceChange[] = [];
  const unchanged: Member[] = [];
  const notes: string[] = [];
  if (input.at) requireArrivalInWindow(session, input.at, tz);
  const status = input.status ?? arrivalStatus(session, input.at, env.now, env.settings);
  const at = toInstantString(input.at ?? env.now, tz);
  for (const member of input.members) {
    const forcedIn = requireMemberAtStart(member, session, tz, Boolean(input.force));
    if (forcedIn) notes.push(forcedIn);
    const existing = attendance[index.get(`${session.id}/${member.id}`) ?? -1];
    // Entered after the end with no time and no status, a check-in says only that they came: a record of when
    // they came (late, or present) stays as it is.
    const onlyCame = !input.status && !input.at && status === 'present' && env.now.getTime() >= new Date(session.endsAt).getTime();
    if (existing?.status === status || (onlyCame && (existing?.status === 'late' || existing?.status === 'present'))) {
      unchanged.push(member);
      continue;
    }
    let forced = false;
    if (status === 'excused') {
      const limit = leaveLimit(member, session, { ...state, attendance }, env, Boolean(input.force));
      forced = limit.exceeded;
      if (limit.note) notes.push(limit.note);
    }
    const record: Attendance = {
      sessionId: session.id,
      memberId: member.id,
      status,
      at,
      reason: existing?.reason ?? null,
      forced,
      source: input.source,
      by: env.actor,
    };
    upsert(attendance, index, record);
    changes.push({ member, before: existing?.status ?? null, after: status, record });
  }
  return { session, attendance, changes, unchanged, notes };
}

export function recordLeave(
  state: AttendanceState,
  memberRef: string,
  sessionRef: string,
  input: { reason: string | undefined; force: boolean },
  env: CoreEnv,
): CheckinResult {
  const reason = input.reason === undefined ? '' : oneLineText('--reason', input.reason, 500);
  if (!reason) throw new UsageError(t('session.missingReason'), t('session.sayWhyEG'));
  const session = findSession(state.sessions, sessionRef);
  requireOpen(session);
  const member = resolveMember(state.members, memberRef);
  const forcedIn = requireMemberAtStart(member, session, env.settings.timezone, input.force);
  const attendance = [...state.attendance];
  const index = new Map(attendance.map((r, i) => [`${r.sessionId}/${r.memberId}`, i]));
  const existing = attendance[index.get(`${session.id}/${member.id}`) ?? -1];
  if (existing && (existing.status === 'present' || existing.status === 'late')) {
    throw new RuleError(t('session.alreadyCheckedInTo', { id: member.id, name: member.name, id2: session.id, status: existing.status }), t('session.toChangeItClub', { id: session.id, id2: member.id }));
  }
  const limit = leaveLimit(member, session, state, env, input.force);
  const record: Attendance = {
    sessionId: session.id,
    memberId: member.id,
    status: 'excused',
    at: nowInstant(env),
    reason,
    forced: limit.exceeded,
    source: 'leave',
    by: env.actor,
  };
  if (existing && existing.status === 'excused' && existing.reason === reason) {
    return { session, attendance, changes: [], unchanged: [member], notes: [] };
  }
  upsert(attendance, index, record);
  const notes = [forcedIn, limit.note].filter((n): n is string => n !== null);
  return { session, attendance, changes: [{ member, before: existing?.status ?? null, after: 'excused', record }], unchanged: [], notes };
}
