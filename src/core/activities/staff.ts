// Staff duties (SPEC §9): who does what at a session (host, MC, tech, photos…). One duty per session and member:
// adding again replaces it. A duty is a role description on one line; it stays when the member is purged.
import { sessionDate } from '../attendance/rules.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { compareIds } from '../ids.js';
import { resolveMember } from '../members/reference.js';
import { findSession } from '../sessions/sessions.js';
import type { Session } from '../sessions/types.js';
import { oneLineText } from '../text.js';
import type { Member } from '../types.js';
import { t } from '../../i18n/index.js';
import type { StaffDuty } from './types.js';

/** The longest duty kept, in characters. */
export const DUTY_MAX = 100;

/** A duty as given (`--duty`): one line, not empty. */
export function parseDuty(value: string): string {
  const duty = oneLineText('--duty', value, DUTY_MAX);
  if (!duty) throw new UsageError(t('hours.emptyDuty'));
  return duty;
}

/** The member a staff duty or an hours entry is for: any member but a purged one (their name is gone). */
export function memberForService(members: readonly Member[], ref: string): Member {
  const member = resolveMember(members, ref);
  if (member.purged) throw new RuleError(t('hours.purged', { id: member.id }));
  return member;
}

/** The session a staff duty or an hours entry is for: it must exist and not be cancelled. */
export function sessionForService(sessions: readonly Session[], ref: string): Session {
  const session = findSession(sessions, ref);
  if (session.status === 'cancelled') throw new RuleError(t('hours.cancelled', { id: session.id, title: session.title }));
  return session;
}

export interface StaffState {
  staff: readonly StaffDuty[];
  members: readonly Member[];
  sessions: readonly Session[];
}

/** Sets the duty of a member at a session, replacing the one they had there. */
export function addStaff(state: StaffState, input: { session: string; member: string; duty: string; by: string | null }, env: CoreEnv): { staff: StaffDuty[]; duty: StaffDuty; replaced: StaffDuty | null } {
  const session = sessionForService(state.sessions, input.session);
  const member = memberForService(state.members, input.member);
  const duty: StaffDuty = { sessionId: session.id, memberId: member.id, duty: parseDuty(input.duty), at: nowInstant(env), by: input.by };
  const replaced = state.staff.find((s) => s.sessionId === session.id && s.memberId === member.id) ?? null;
  const staff = replaced ? state.staff.map((s) => (s === replaced ? duty : s)) : [...state.staff, duty];
  return { staff, duty, replaced };
}

/** Takes a member's duty at a session away; NotFoundError when they have none there. */
export function removeStaff(state: StaffState, input: { session: string; member: string }): { staff: StaffDuty[]; removed: StaffDuty } {
  const session = findSession(state.sessions, input.session);
  const member = resolveMember(state.members, input.member);
  const removed = state.staff.find((s) => s.sessionId === session.id && s.memberId === member.id);
  if (!removed) throw new NotFoundError(t('staff.none', { session: session.id, member: member.id }), t('staff.noneHint', { session: session.id }));
  return { staff: state.staff.filter((s) => s !== removed), removed };
}

/** The duty of a member at a session, if they have one. */
export function dutyOf(staff: readonly StaffDuty[], sessionId: string, memberId: string): string | null {
  return staff.find((s) => s.sessionId === sessionId && s.memberId === memberId)?.duty ?? null;
}

export interface StaffRow {
  sessionId: string;
  date: string;
  title: string;
  memberId: string;
  name: string;
  duty: string;
  at: string;
}

/** Staff duties (of one session, or all), in session order then member number. */
export function staffRows(staff: readonly StaffDuty[], sessions: readonly Session[], members: readonly Member[], tz: string, sessionId?: string): StaffRow[] {
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const nameOf = new Map(members.map((m) => [m.id, m.name]));
  return staff
    .filter((s) => sessionId === undefined || s.sessionId === sessionId)
    .map((s) => {
      const session = sessionById.get(s.sessionId);
      return { sessionId: s.sessionId, date: session ? sessionDate(session, tz) : '', title: session?.title ?? '', memberId: s.memberId, name: nameOf.get(s.memberId) ?? s.memberId, duty: s.duty, at: s.at, startsAt: session?.startsAt ?? '' };
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || compareIds(a.sessionId, b.sessionId) || compareIds(a.memberId, b.memberId))
    .map(({ startsAt: _, ...row }) => row);
}
