// Volunteer hours (SPEC §9, §14): one entry per member and session (adding again replaces it and keeps its id),
// decimal hours above 0, at most 24, with at most two decimals. Sums are taken in hundredths (integers), so a total
// is never 0.30000000000000004; hours are shown from those hundredths.
import { sessionDate } from '../attendance/rules.js';
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { NotFoundError, UsageError } from '../errors.js';
import { allocateId, compareIds } from '../ids.js';
import type { Period } from '../reports/kpis.js';
import type { Session } from '../sessions/types.js';
import type { Counters, Member, MemberSummary } from '../types.js';
import { t } from '../../i18n/index.js';
import { dutyOf, memberForService, parseDuty, sessionForService } from './staff.js';
import type { HoursEntry, StaffDuty } from './types.js';

/** The most hours one entry (one member at one session) may hold, in hundredths. */
export const MAX_HUNDREDTHS = 24 * 100;

/** `--hours` as typed ("1.5", "2.25", "3") in hundredths; exit 2 naming the value for anything else. */
export function parseHours(value: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value.trim());
  const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
  if (!(hundredths > 0 && hundredths <= MAX_HUNDREDTHS)) throw new UsageError(t('hours.badHours', { value: JSON.stringify(value) }), t('hours.badHoursHint'));
  return hundredths;
}

/** A stored number of hours in hundredths (exact: stored hours have at most two decimals). */
export const hundredthsOf = (hours: number): number => Math.round(hours * 100);

/** Hundredths as hours: the number whose shortest form is the decimal (1225 → 12.25, 300 → 3). */
export const hoursOf = (hundredths: number): number => hundredths / 100;

/** Sums hours in hundredths. */
export const sumHundredths = (entries: ReadonlyArray<{ hours: number }>): number => entries.reduce((n, e) => n + hundredthsOf(e.hours), 0);

export interface HoursState {
  hours: readonly HoursEntry[];
  members: readonly Member[];
  sessions: readonly Session[];
  staff: readonly StaffDuty[];
  counters: Counters;
}

export interface AddHoursInput {
  member: string;
  session: string;
  /** In hundredths (parseHours). */
  hundredths: number;
  duty?: string | undefined;
  by: string | null;
}

/**
 * Records a member's hours at a session. The duty is the one given, else the member's staff duty there, else the
 * one the replaced entry had. An entry for the same member and session is replaced and keeps its id.
 */
export function addHours(state: HoursState, input: AddHoursInput, env: CoreEnv): { hours: HoursEntry[]; entry: HoursEntry; replaced: HoursEntry | null; counters: Counters } {
  if (!(Number.isInteger(input.hundredths) && input.hundredths > 0 && input.hundredths <= MAX_HUNDREDTHS)) throw new UsageError(t('hours.badHours', { value: String(input.hundredths / 100) }), t('hours.badHoursHint'));
  const session = sessionForService(state.sessions, input.session);
  const member = memberForService(state.members, input.member);
  const replaced = state.hours.find((h) => h.sessionId === session.id && h.memberId === member.id) ?? null;
  const duty = input.duty !== undefined ? parseDuty(input.duty) : (dutyOf(state.staff, session.id, member.id) ?? replaced?.duty ?? null);
  let counters = state.counters;
  let id = replaced?.id;
  if (id === undefined) ({ id, counters } = allocateId(state.counters, 'hours'));
  const entry: HoursEntry = { id, memberId: member.id, sessionId: session.id, hours: hoursOf(input.hundredths), duty, at: nowInstant(env), by: input.by };
  const hours = replaced ? state.hours.map((h) => (h === replaced ? entry : h)) : [...state.hours, entry];
  return { hours, entry, replaced, counters };
}

/** Removes entry `ref` (`h3`); NotFoundError when there is none. */
export function removeHours(hours: readonly HoursEntry[], ref: string): { hours: HoursEntry[]; removed: HoursEntry } {
  const id = ref.trim().toLowerCase();
  const removed = hours.find((h) => h.id === id);
  if (!removed) throw new NotFoundError(t('hours.noEntry', { ref: JSON.stringify(ref) }), t('hours.noEntryHint'));
  return { hours: hours.filter((h) => h !== removed), removed };
}

/** One hours entry as `hours list` and the certificate show it. */
export interface HoursRow {
  id: string;
  memberId: string;
  name: string;
  sessionId: string;
  /** The session's date in the club's zone. */
  date: string;
  title: string;
  hours: number;
  duty: string | null;
  at: string;
}

export interface HoursFilter {
  memberId?: string | undefined;
  /** First date included. */
  from?: string | null | undefined;
  /** First date left out. */
  to?: string | null | undefined;
}

/** The entries of a member and period (by the session's date), in session order then member number. */
export function hoursRows(hours: readonly HoursEntry[], sessions: readonly Session[], members: readonly Pick<MemberSummary, 'id' | 'name'>[], tz: string, filter: HoursFilter = {}): HoursRow[] {
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const nameOf = new Map(members.map((m) => [m.id, m.name]));
  const rows: Array<HoursRow & { startsAt: number }> = [];
  for (const h of hours) {
    if (filter.memberId !== undefined && h.memberId !== filter.memberId) continue;
    const session = sessionById.get(h.sessionId);
    const date = session ? sessionDate(session, tz) : '';
    if (filter.from && date < filter.from) continue;
    if (filter.to && date >= filter.to) continue;
    rows.push({ id: h.id, memberId: h.memberId, name: nameOf.get(h.memberId) ?? h.memberId, sessionId: h.sessionId, date, title: session?.title ?? '', hours: h.hours, duty: h.duty, at: h.at, startsAt: session ? Date.parse(session.startsAt) : 0 });
  }
  rows.sort((a, b) => a.startsAt - b.startsAt || compareIds(a.sessionId, b.sessionId) || compareIds(a.memberId, b.memberId));
  return rows.map(({ startsAt: _, ...row }) => row);
}

/** The date 12 months before `date` (29 February goes to the 28th). */
export function twelveMonthsBefore(date: string): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  return `${Number(y) - 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

export interface VolunteerFigures {
  /** Total hours of entries at sessions in the period. */
  volunteerHours: number;
  /** Members with hours in the period. */
  volunteersInPeriod: number;
  /** The 12 months before the period: [from, to). */
  before: Period;
  /** Members with hours in the 12 months before the period. */
  volunteers: number;
  /** Of those, the ones who also have hours in the period. */
  retained: number;
  /** retained / volunteers; null when there were no volunteers. */
  volunteerRetention: number | null;
}

/**
 * Volunteer figures of any period (a month, a quarter, a year), SPEC §9: volunteers are the members with hours in
 * the 12 months before the period; retained are those who also have hours in the period. Entries count by their
 * session's date in the club's zone.
 */
export function volunteerFigures(hours: readonly HoursEntry[], sessions: readonly Session[], period: Period, tz: string): VolunteerFigures {
  const before = { from: twelveMonthsBefore(period.from), to: period.from };
  // Without hours there is nothing to date (a monthly report asks twice, of every session of the club).
  const dateOf = new Map(hours.length === 0 ? [] : sessions.map((s) => [s.id, sessionDate(s, tz)]));
  const earlier = new Set<string>();
  const now = new Set<string>();
  let hundredths = 0;
  for (const h of hours) {
    const date = dateOf.get(h.sessionId);
    if (date === undefined) continue;
    if (date >= period.from && date < period.to) {
      now.add(h.memberId);
      hundredths += hundredthsOf(h.hours);
    } else if (date >= before.from && date < before.to) earlier.add(h.memberId);
  }
  const retained = [...earlier].filter((id) => now.has(id)).length;
  return {
    volunteerHours: hoursOf(hundredths),
    volunteersInPeriod: now.size,
    before,
    volunteers: earlier.size,
    retained,
    volunteerRetention: earlier.size === 0 ? null : retained / earlier.size,
  };
}

