// One record of each collection of section 9 (activities, registrations, staff, hours), written through the Store as
// a command would write them: for the Store contract and copies/backups on both stores, before the commands exist.
// CJK and awkward text (quotes, emoji, a newline in a plan's content) so that "byte for byte" means something.
import type { Activity, HoursEntry, Registration, StaffDuty } from '../../src/core/activities/types.js';
import { allocateId } from '../../src/core/ids.js';
import type { Store } from '../../src/store/types.js';

type Unrecorded<T> = Omit<T, 'recordedAt'>;

export const SAMPLE_ACTIVITY: Unrecorded<Activity> = {
  sessionId: 's1',
  status: 'approved',
  plan: {
    theme: '读书分享："红楼梦" 🎉',
    form: '线下 + 线上',
    content: '第一部分：人物\n第二部分：诗词',
    participation: '报名参加',
    rewards: '最佳分享者得书签',
    resources: '会议室、投影仪',
    risks: [{ risk: '人数过多', mitigation: '限 8 人，其余候补' }],
    capacity: 8,
    registrationDeadline: '2026-02-28T20:00:00+08:00',
    eligibility: { minPoints: 5, minDaysMember: 7, roles: ['member', 'volunteer'] },
    budget: [
      { category: 'materials', amount: 56660 },
      { category: 'rewards', amount: 2000 },
    ],
  },
  history: [
    { step: 'plan', by: 'm1', at: '2026-02-20T10:00:00+08:00', comment: null },
    { step: 'submit', by: 'm1', at: '2026-02-20T10:05:00+08:00', comment: '请审核' },
    { step: 'review', by: 'm2', at: '2026-02-21T09:00:00+08:00', comment: '同意' },
    { step: 'approve', by: 'admin', at: '2026-02-21T12:00:00+08:00', comment: null },
  ],
};

export const SAMPLE_REGISTRATIONS: Array<Unrecorded<Registration>> = [
  { sessionId: 's1', memberId: 'm1', status: 'registered', at: '2026-02-22T08:00:00+08:00', note: '带一本书 "红楼梦"', source: 'manual', by: null, promotedAt: null, cancelledAt: null },
  { sessionId: 's1', memberId: 'm2', status: 'waitlisted', at: '2026-02-22T08:01:00+08:00', note: null, source: 'chat', by: 'm1', promotedAt: null, cancelledAt: null },
];

export const SAMPLE_STAFF: Unrecorded<StaffDuty> = { sessionId: 's1', memberId: 'm2', duty: '摄影 📷', at: '2026-02-23T10:00:00+08:00', by: null };

export const SAMPLE_HOURS: Omit<Unrecorded<HoursEntry>, 'id'> = { memberId: 'm2', sessionId: 's1', hours: 1.25, duty: '摄影', at: '2026-03-01T21:00:00+08:00', by: null };

/** Writes the samples in one change (the hours entry takes the next `h` id) and returns them as read back. */
export async function writeActivityRecords(store: Store): Promise<{ activities: Activity[]; registrations: Registration[]; staff: StaffDuty[]; hours: HoursEntry[] }> {
  await store.update(['activities', 'registrations', 'staff', 'hours'], (draft) => {
    const { id, counters } = allocateId(draft.meta.counters, 'hours');
    draft.meta = { ...draft.meta, counters };
    // Copies: the store stamps recordedAt on the records it is given, and the samples serve every test.
    draft.activities = [...draft.activities, structuredClone(SAMPLE_ACTIVITY) as Activity];
    draft.registrations = [...draft.registrations, ...(structuredClone(SAMPLE_REGISTRATIONS) as Registration[])];
    draft.staff = [...draft.staff, structuredClone(SAMPLE_STAFF) as StaffDuty];
    draft.hours = [...draft.hours, { id, ...SAMPLE_HOURS } as HoursEntry];
    return { result: null, audit: { summary: `activity records for s1 and ${id}`, refs: ['s1', id] } };
  });
  return store.read(['activities', 'registrations', 'staff', 'hours']);
}
