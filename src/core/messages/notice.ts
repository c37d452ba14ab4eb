// `club notice next`: the coming sessions of the next N days as the group chat's announcement needs them: when,
// topic, host, place, registration (places left, waitlist, deadline) for sessions that take sign-ups, and the leave
// rule. Data only; src/core/messages/view.ts words it and the notice template lays it out.
import { effectiveAudience } from '../activities/audience.js';
import { registrationsOf } from '../activities/registrations.js';
import { activityStatus, needsApproval } from '../activities/status.js';
import type { Activity, Registration } from '../activities/types.js';
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import type { Session } from '../sessions/types.js';
import { toInstantString } from '../time.js';
import type { Member } from '../types.js';
import { personOf } from './people.js';
import type { Person } from './people.js';

/** `open`: places left; `full`: only the waitlist; `closed`: the deadline has passed; `pending`: not approved yet. */
export type RegistrationState = 'open' | 'full' | 'closed' | 'pending';

export interface NoticeRegistration {
  state: RegistrationState;
  /** Places; null: no limit. */
  capacity: number | null;
  registered: number;
  waitlisted: number;
  /** capacity − registered (never below 0); null without a capacity. */
  placesLeft: number | null;
  /** The registration deadline (an instant), or null. */
  deadline: string | null;
}

export interface NoticeSession {
  id: string;
  title: string;
  type: Session['type'];
  startsAt: string;
  endsAt: string;
  topic: string | null;
  place: string | null;
  host: Person | null;
  audience: string;
  /** Null for a session that takes no registrations. */
  registration: NoticeRegistration | null;
}

export interface Notice {
  kind: 'notice';
  club: string;
  /** The announcement covers sessions starting in [from, to): now and N days later. */
  from: string;
  to: string;
  days: number;
  sessions: NoticeSession[];
  /** The leave rule: excused absences allowed a week, and unexcused absences in 30 days that put a member at risk. */
  leave: { perWeek: number; absenceLimit: number };
}

export interface NoticeData {
  sessions: readonly Session[];
  members: ReadonlyArray<Pick<Member, 'id' | 'name' | 'nick'>>;
  activities: readonly Activity[];
  registrations: readonly Registration[];
}

const DAY_MS = 86_400_000;

export function buildNotice(data: NoticeData, env: CoreEnv, days: number): Notice {
  const from = env.now.getTime();
  const to = from + days * DAY_MS;
  const people = new Map(data.members.map((m) => [m.id, m]));
  const sessions = data.sessions
    .filter((s) => s.status === 'scheduled' && Date.parse(s.startsAt) >= from && Date.parse(s.startsAt) < to)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map((s): NoticeSession => {
      const host = s.hostId === null ? undefined : people.get(s.hostId);
      return {
        id: s.id,
        title: s.title,
        type: s.type,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        topic: s.topic,
        place: s.place,
        host: host ? personOf(host) : null,
        audience: effectiveAudience(s, data.activities, data.registrations),
        registration: registrationOf(s, data, env),
      };
    });
  return {
    kind: 'notice',
    club: env.settings.name,
    from: nowInstant(env),
    to: toInstantString(new Date(to), env.settings.timezone),
    days,
    sessions,
    leave: { perWeek: env.settings['leave.perWeek'], absenceLimit: env.settings['discipline.absenceLimit'] },
  };
}

/**
 * A session takes registrations when its plan has a capacity or a deadline, its audience is the registered, or it
 * has registrations already.
 */
export function takesRegistrations(session: Session, activities: readonly Activity[], registrations: readonly Registration[]): boolean {
  const plan = activities.find((a) => a.sessionId === session.id)?.plan;
  if (plan && (plan.capacity !== null || plan.registrationDeadline !== null)) return true;
  return effectiveAudience(session, activities, registrations) === 'registered';
}

function registrationOf(session: Session, data: NoticeData, env: CoreEnv): NoticeRegistration | null {
  if (!takesRegistrations(session, data.activities, data.registrations)) return null;
  const plan = data.activities.find((a) => a.sessionId === session.id)?.plan ?? null;
  const view = registrationsOf(data.registrations, session.id);
  const capacity = plan?.capacity ?? null;
  const deadline = plan?.registrationDeadline ?? null;
  const registered = view.registered.length;
  const placesLeft = capacity === null ? null : Math.max(0, capacity - registered);
  const state: RegistrationState =
    needsApproval(session, env.settings) && activityStatus(data.activities, session.id) !== 'approved'
      ? 'pending'
      : deadline !== null && env.now.getTime() > Date.parse(deadline)
        ? 'closed'
        : placesLeft === 0
          ? 'full'
          : 'open';
  return { state, capacity, registered, waitlisted: view.waitlisted.length, placesLeft, deadline };
}
