// The onboarding task (SPEC §5, tasks): a member who becomes active gets "submit growth plan", due N days later.
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { addDaysToDate } from '../time.js';
import type { Member, Task } from '../types.js';

export const ONBOARDING_KIND = 'onboarding';

export function onboardingTask(id: string, member: Member, dueDays: number, env: CoreEnv): Task {
  // The owner says whose plan it is: a name in the title would outlive a purge of the member.
  const title = env.settings.lang === 'zh' ? '提交成长计划' : 'Submit growth plan';
  return {
    id,
    title,
    ownerId: member.id,
    due: addDaysToDate(member.joinedAt!, dueDays),
    status: 'open',
    doneAt: null,
    sessionId: null,
    kind: ONBOARDING_KIND,
    createdAt: nowInstant(env),
  };
}
