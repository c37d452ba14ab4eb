// `npm run bench:seed -- --size small|typical|large --store DIR`: a deterministic club of a given size, written
// through the project's own store code (init, then one journaled commit), for the benchmark.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultSettings } from '../core/settings.js';
import type { Collections } from '../core/collections.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import type { Attendance, Session } from '../core/sessions/types.js';
import type { Survey, SurveyResponse } from '../core/surveys/types.js';
import { addDaysToDate, toInstantString, zonedInstant } from '../core/time.js';
import type { Counters, Member, Task } from '../core/types.js';
import { FileStore } from '../store/file-store.js';
import { createStoreFs } from '../store/fs.js';
import { initStore } from '../store/init.js';
import { COLLECTION_NAMES } from '../store/schema.js';
import { seededRandom } from '../core/random.js';
import { emptyCounters } from '../core/ids.js';

export const SIZES = {
  small: { members: 30, sessions: 26, attendance: 0.8, ledgerTarget: 0, surveys: 1, responses: 20 },
  typical: { members: 300, sessions: 208, attendance: 0.48, ledgerTarget: 40_000, surveys: 8, responses: 150 },
  large: { members: 10_000, sessions: 1_000, attendance: 0.01, ledgerTarget: 100_000, surveys: 20, responses: 500 },
  /** Large with every count × 5: 50,000 members, 5,000 sessions, ~500,000 check-ins and 500,000 ledger entries. */
  xlarge: { members: 50_000, sessions: 5_000, attendance: 0.002, ledgerTarget: 500_000, surveys: 100, responses: 2_500 },
} as const;
export type Size = keyof typeof SIZES;

const TZ = 'Asia/Shanghai';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';

export function generate(size: Size, now: Date): Collections & { counters: Counters } {
  const spec = SIZES[size];
  const rand = seededRandom(42);
  const at = (date: string, hh = 21, mm = 30) => toInstantString(zonedInstant(...(date.split('-').map(Number) as [number, number, number]), hh, mm, TZ)!, TZ);
  const today = toInstantString(now, TZ).slice(0, 10);
  const firstDay = addDaysToDate(today, -Math.ceil((spec.sessions / 2) * 7) - 7);

  const members: Member[] = [];
  for (let i = 1; i <= spec.members; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i > 200 ? GIVEN[(i * 13) % GIVEN.length] : ''}${i > 2000 ? i : ''}`;
    const joined = addDaysToDate(firstDay, -Math.floor(rand() * 60));
    const left = i % 40 === 0;
    const history: Member['history'] = [{ status: 'active', date: joined, at: at(joined, 20, 0), reason: null, by: 'seed' }];
    if (left) history.push({ status: 'left', date: addDaysToDate(today, -30), at: at(addDaysToDate(today, -30), 20, 0), reason: '毕业', by: 'seed' });
    members.push({
      id: `m${i}`, name, nick: `城市${i % 50}+${name}`, email: i % 3 ? null : `member${i}@example.org`, phone: i % 2 ? `1380000${String(i).padStart(4, '0')}` : null,
      qq: String(100000 + i), wechat: null, city: `城市${i % 50}`, role: i === 1 ? 'owner' : 'member', status: left ? 'left' : 'active', tags: i % 4 ? ['读书'] : ['读书', '摄影'],
      joinedAt: joined, referrerId: i > 1 && i % 5 === 0 ? `m${i - 1}` : null, note: null, warnings: [], history, createdAt: at(joined, 20, 0), purged: false,
    });
  }

  const sessions: Session[] = [];
  for (let i = 1; i <= spec.sessions; i++) {
    const date = addDaysToDate(firstDay, Math.floor((i - 1) / 2) * 7 + ((i - 1) % 2 ? 3 : 1));
    const start = at(date);
    const past = start < toInstantString(now, TZ);
    sessions.push({
      id: `s${i}`, title: '读书会', type: 'reading', startsAt: start, endsAt: at(date, 23, 0), durationMinutes: 90, hostId: `m${(i % Math.min(20, spec.members)) + 1}`, topic: `第${i}期`,
      place: 'QQ群', status: past ? 'done' : 'scheduled', seriesId: 's1', cancelReason: null, cancelledAt: null, minutes: null, doneAt: past ? at(date, 23, 5) : null, best: past ? [`m${(i % spec.members) + 1}`] : [],
      topicPollClosed: false, bestPollClosed: past, topicChosenAt: null, bestChosenAt: null, createdAt: at(firstDay, 10, 0),
    });
  }

  const attendance: Attendance[] = [];
  const ledger: LedgerEntry[] = [];
  let p = 0;
  for (const s of sessions) {
    if (s.status !== 'done') continue;
    for (const m of members) {
      if (rand() >= spec.attendance) continue;
      const late = rand() < 0.1;
      const status = late ? 'late' : rand() < 0.05 ? 'excused' : 'present';
      attendance.push({ sessionId: s.id, memberId: m.id, status, at: s.startsAt, reason: status === 'excused' ? '出差' : null, forced: false, source: 'chat', by: 'seed' });
      if (status !== 'excused') ledger.push({ id: `p${++p}`, memberId: m.id, delta: late ? 1 : 2, kind: 'auto', reason: `出席 ${s.id}`, at: s.endsAt, ref: s.id, rule: late ? 'attendance:late' : 'attendance:present' });
    }
  }
  while (ledger.length < spec.ledgerTarget) {
    const m = members[Math.floor(rand() * members.length)]!;
    const s = sessions[Math.floor(rand() * sessions.length)]!;
    ledger.push({ id: `p${++p}`, memberId: m.id, delta: 1 + Math.floor(rand() * 5), kind: 'award', reason: '分享读书笔记', at: s.startsAt, ref: null, rule: null });
  }

  const surveys: Survey[] = [];
  const responses: SurveyResponse[] = [];
  for (let v = 1; v <= spec.surveys; v++) {
    const opened = addDaysToDate(today, -30 * v);
    surveys.push({
      id: `v${v}`, title: `第${v}次满意度调查`, anonymous: false, status: 'closed', openedAt: at(opened, 10, 0), closedAt: at(addDaysToDate(opened, 7), 10, 0), activeAtOpen: spec.members, createdAt: at(opened, 9, 0),
      questions: [
        { id: 'q1', type: 'rating', text: '整体满意度', required: true, scale: 5, satisfaction: true },
        { id: 'q2', type: 'nps', text: '推荐意愿', required: true },
        { id: 'q3', type: 'text', text: '建议', required: false },
      ],
    });
    for (let n = 1; n <= Math.min(spec.responses, spec.members); n++) {
      responses.push({ surveyId: `v${v}`, n, memberId: `m${n}`, date: addDaysToDate(opened, n % 7), at: at(addDaysToDate(opened, n % 7), 21, 0), answers: { q1: 1 + Math.floor(rand() * 5), q2: Math.floor(rand() * 11) } });
    }
  }

  const tasks: Task[] = members.slice(0, Math.min(200, members.length)).map((m, i) => ({
    id: `t${i + 1}`, title: `提交成长计划：${m.name}`, ownerId: m.id, due: addDaysToDate(m.joinedAt!, 3), status: i % 4 ? 'done' : 'open', doneAt: i % 4 ? at(addDaysToDate(m.joinedAt!, 2), 20, 0) : null, sessionId: null, kind: 'onboarding', createdAt: at(m.joinedAt!, 20, 0),
  }));

  return {
    members, tasks, ledger, sessions, attendance, topics: [], votes: [], rewards: [], surveys, responses, feedback: [], activities: [], registrations: [], staff: [], hours: [], books: [], shelves: [], readingTasks: [], readingCheckins: [],
    counters: { ...emptyCounters(), member: members.length, session: sessions.length, survey: surveys.length, task: tasks.length, ledger: p },
  };
}

/** Creates a store in `dir` and fills it with a `size` club, written through the store's own code. */
export async function seedStore(dir: string, size: Size, now: Date): Promise<{ counts: Awaited<ReturnType<FileStore['check']>> }> {
  // The parent only: init makes the store folder itself, 0700 (it never changes the mode of one it did not make).
  mkdirSync(dirname(dir), { recursive: true });
  const fs = createStoreFs();
  const settings = defaultSettings({ name: `bench-${size}`, lang: 'zh', timezone: TZ, weekStart: 'monday' });
  await initStore(dir, { fs, settings, now, actor: 'seed', command: 'bench:seed' });
  const data = generate(size, now);
  const store = new FileStore(dir, { fs, actor: 'seed', command: `bench:seed --size ${size}`, now });
  await store.update(COLLECTION_NAMES, (draft) => {
    const { counters, ...collections } = data;
    Object.assign(draft, collections);
    draft.meta = { ...draft.meta, counters };
    return { result: null, audit: { summary: `seeded a ${size} club` } };
  });
  return { counts: await store.check() };
}
