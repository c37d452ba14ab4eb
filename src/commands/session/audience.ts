// Who each session expects, for the commands that count attendance: plans and registrations come with the read;
// members' roles and tags from the members read, or, for a command that read only the roster, read apart when (only
// when) some session's audience is a role or a tag.
import { audienceResolver, needsTraits, traitsOf } from '../../core/activities/audience.js';
import type { AudienceOf, MemberTraits } from '../../core/activities/audience.js';
import type { Activity, Registration } from '../../core/activities/types.js';
import type { SessionSummary } from '../../core/sessions/types.js';
import type { SessionTimeline } from '../../core/sessions/timeline.js';
import type { Store } from '../../store/types.js';

/** The collections an attendance count reads beside the sessions. */
export const AUDIENCE_COLLECTIONS = ['activities', 'registrations'] as const;

export async function sessionAudiences(
  store: Store,
  read: { sessions: readonly SessionSummary[] | SessionTimeline; activities: readonly Activity[]; registrations: readonly Registration[]; members?: ReadonlyArray<{ id: string } & MemberTraits> | undefined },
): Promise<AudienceOf> {
  const traits = read.members ? traitsOf(read.members) : needsTraits(read.sessions, read) ? traitsOf((await store.read(['members'])).members) : undefined;
  return audienceResolver({ activities: read.activities, registrations: read.registrations, traits });
}
