// Who is expected at a session (SPEC §14 "Activities"): its audience. `all` (every member active at its start, the
// rule of section 6), `registered` (those holding a place), `role:R` or `tag:T`. A session without a stored audience
// takes `registered` when its plan has a capacity or it has registrations, else `all`: a competition with 8 places
// in a club of 100 expects 8. Only the audience can be absent, and only it counts in participation and the at-risk
// rules. Whoever is in it must still have been a member at the session's start.
import { t } from '../../i18n/index.js';
import { activeOn, sessionDate } from '../attendance/rules.js';
import { UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { ROLES } from '../types.js';
import type { MemberSummary } from '../types.js';
import type { SessionSummary } from '../sessions/types.js';
import { isTimeline } from '../sessions/timeline.js';
import type { SessionTimeline } from '../sessions/timeline.js';
import type { Activity, Registration } from './types.js';

export const AUDIENCE_FORMS = 'all|registered|role:R|tag:T';

/** `--audience VALUE` checked and normalised (`Role:Admin` → `role:admin`); exit 2 naming the allowed forms. */
export function parseAudience(value: string): string {
  const text = value.trim();
  const lower = text.toLowerCase();
  if (lower === 'all' || lower === 'registered') return lower;
  const m = /^(role|tag)\s*[:：]\s*(.*)$/i.exec(text);
  if (m) {
    const kind = m[1]!.toLowerCase();
    const rest = m[2]!.trim();
    if (kind === 'role') {
      const role = rest.toLowerCase();
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(t('audience.badRole', { value: JSON.stringify(value), roles: ROLES.join('|') }), t('audience.hint'));
      return `role:${role}`;
    }
    const tag = oneLineText('--audience', rest, 100);
    if (tag) return `tag:${tag}`;
  }
  throw new UsageError(t('audience.invalid', { value: JSON.stringify(value), forms: AUDIENCE_FORMS }), t('audience.hint'));
}

/** The session's audience: the stored one, else `registered` when its plan has a capacity or it has registrations. */
export function effectiveAudience(session: Pick<SessionSummary, 'id' | 'audience'>, activities: readonly Activity[], registrations: readonly Registration[]): string {
  if (session.audience) return session.audience;
  const plan = activities.find((a) => a.sessionId === session.id)?.plan;
  if (plan && plan.capacity !== null) return 'registered';
  return registrations.some((r) => r.sessionId === session.id) ? 'registered' : 'all';
}

/** What a role or tag audience needs of a member: their role and tags as they are now (edited fields). */
export interface MemberTraits {
  role: string;
  tags: readonly string[];
}

export interface AudienceData {
  activities?: readonly Activity[] | undefined;
  registrations?: readonly Registration[] | undefined;
  /** Every member's role and tags, by id: needed only when some session's audience is a role or a tag. */
  traits?: ReadonlyMap<string, MemberTraits> | undefined;
}

/**
 * Who is in a session's audience: null when it is everyone (`all`), else the ids of the members in it. Membership
 * at the session's start is checked apart (activeOn), as for `all`.
 */
export type AudienceOf = ((session: Pick<SessionSummary, 'id' | 'audience'>) => ReadonlySet<string> | null) & {
  /**
   * When known, the only sessions without a stored audience that may have one other than everyone (their activity
   * has a capacity, or they have registrations): a count over thousands of sessions asks about these alone.
   */
  special?: ReadonlySet<string>;
};

/** Everyone, for data without activities or registrations: the rule of section 6. */
export const EVERYONE: AudienceOf = Object.assign(() => null, { special: new Set<string>() });

/** Whether some session's audience is a role or a tag, so that members' traits must be read. */
export function needsTraits(sessions: ReadonlyArray<Pick<SessionSummary, 'id' | 'audience'>> | SessionTimeline, data: AudienceData): boolean {
  // Only a stored audience is a role or a tag (effectiveAudience): a timeline's are its few stored ones.
  if (isTimeline(sessions)) return [...sessions.audiences.values()].some((a) => /^(role|tag):/.test(a));
  return sessions.some((s) => /^(role|tag):/.test(effectiveAudience(s, data.activities ?? [], data.registrations ?? [])));
}

/** The traits of full member records (role and tags), by id. */
export function traitsOf(members: ReadonlyArray<{ id: string } & MemberTraits>): Map<string, MemberTraits> {
  return new Map(members.map((m) => [m.id, { role: m.role, tags: m.tags }]));
}

// One resolver per data: a report asks for the audience of the same sessions many times.
const resolvers = new WeakMap<object, { data: AudienceData; resolve: AudienceOf }>();

/** The audience of each session of `data`, worked out once per session. */
export function audienceResolver(data: AudienceData): AudienceOf {
  if (!data.registrations && !data.activities && !data.traits) return EVERYONE;
  const key = data.registrations ?? data.activities ?? data.traits!;
  const cached = resolvers.get(key);
  if (cached && cached.data.activities === data.activities && cached.data.registrations === data.registrations && cached.data.traits === data.traits) return cached.resolve;
  const activities = data.activities ?? [];
  const registrations = data.registrations ?? [];
  const placed = new Map<string, Set<string>>();
  const anyRegistration = new Set<string>();
  for (const r of registrations) {
    anyRegistration.add(r.sessionId);
    if (r.status !== 'registered') continue;
    let ids = placed.get(r.sessionId);
    if (!ids) placed.set(r.sessionId, (ids = new Set()));
    ids.add(r.memberId);
  }
  const withCapacity = new Set(activities.filter((a) => a.plan && a.plan.capacity !== null).map((a) => a.sessionId));
  const bySession = new Map<string, ReadonlySet<string> | null>();
  const resolve: AudienceOf = (session) => {
    // Everyone: most sessions, asked about once each when a profile counts every session the club held.
    const stored = session.audience;
    if (stored === 'all' || (stored === undefined && !withCapacity.has(session.id) && !anyRegistration.has(session.id))) return null;
    // By id and stored audience: the same data holds one version of a session, but callers may pass an edited copy.
    const slot = `${session.id} ${session.audience ?? ''}`;
    if (bySession.has(slot)) return bySession.get(slot)!;
    const audience = session.audience ?? (withCapacity.has(session.id) || anyRegistration.has(session.id) ? 'registered' : 'all');
    let ids: ReadonlySet<string> | null;
    if (audience === 'all') ids = null;
    else if (audience === 'registered') ids = placed.get(session.id) ?? new Set();
    else {
      if (!data.traits) throw new Error(`internal: the audience of ${session.id} (${audience}) needs the members' roles and tags`);
      const [kind, value] = [audience.slice(0, audience.indexOf(':')), audience.slice(audience.indexOf(':') + 1)];
      ids = new Set([...data.traits].filter(([, m]) => (kind === 'role' ? m.role === value : m.tags.includes(value))).map(([id]) => id));
    }
    bySession.set(slot, ids);
    return ids;
  };
  resolve.special = new Set([...withCapacity, ...anyRegistration]);
  resolvers.set(key, { data: { activities: data.activities, registrations: data.registrations, traits: data.traits }, resolve });
  return resolve;
}

/** The members expected at `session`: in its audience and active at its start (before any leave is taken off). */
export function expectedMembers<M extends MemberSummary>(session: SessionSummary, members: readonly M[], data: AudienceData, tz: string): M[] {
  const ids = audienceResolver(data)(session);
  const date = sessionDate(session, tz);
  return members.filter((m) => (ids === null || ids.has(m.id)) && activeOn(m, date));
}
