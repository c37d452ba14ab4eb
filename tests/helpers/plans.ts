// Plans for tests of the commands that read them (register, …) while `activity plan` is built elsewhere: an activity
// record written through the Store interface, on a folder store or a database alike.
import type { Activity, ActivityPlan } from '../../src/core/activities/types.js';
import { createStoreFs } from '../../src/store/fs.js';
import { openStore } from '../../src/store/open.js';

export function testPlan(over: Partial<ActivityPlan> = {}): ActivityPlan {
  return {
    theme: '读书竞赛',
    form: null,
    content: null,
    participation: null,
    rewards: null,
    resources: null,
    risks: [],
    capacity: null,
    registrationDeadline: null,
    eligibility: { minPoints: null, minDaysMember: null, roles: [] },
    budget: [],
    ...over,
  };
}

/** Gives session `sessionId` of the store at `cwd` (or CLUB_STORE in `env`) the plan, with the status. */
export async function setPlan(cwd: string, env: Record<string, string>, sessionId: string, plan: ActivityPlan, status: Activity['status'] = 'approved'): Promise<void> {
  const store = await openStore({ flag: undefined, env, cwd, fs: createStoreFs(), actor: 'tester', command: 'test plan', now: new Date(), warn: () => {} });
  try {
    await store.identity();
    await store.update(['activities'], (draft) => {
      const activity: Activity = { sessionId, status, plan, history: [] };
      draft.activities = [...draft.activities.filter((a) => a.sessionId !== sessionId), activity];
      return { result: null, audit: { summary: `test plan for ${sessionId}`, refs: [sessionId] } };
    });
  } finally {
    await store.close();
  }
}
