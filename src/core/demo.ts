// The demo club: three months of a reading group that meets on Tuesday and Thursday evenings in its QQ group,
// built with the same core functions the commands use, from a seeded random generator: the same `now` gives the
// same club, byte for byte.
import { checkIn, recordLeave } from './attendance/checkin.js';
import type { CoreEnv } from './env.js';
import { addMember, approveMember, removeMember, warnMember } from './members/lifecycle.js';
import type { MemberState } from './members/lifecycle.js';
import { reconcileSessionPoints } from './points/auto.js';
import type { LedgerEntry } from './points/ledger.js';
import { addReward, bookManual, redeem } from './points/points.js';
import type { Reward } from './points/points.js';
import { addSessions, markDone } from './sessions/sessions.js';
import type { Attendance, Session, TopicProposal, Vote } from './sessions/types.js';
import { closeTopicVote, proposeTopics, setBest, voteTopic } from './sessions/votes.js';
import type { Settings } from './settings.js';
import { validateDefinition } from './surveys/definition.js';
import { addFeedback, addResponse, closeSurvey, createSurvey, openSurvey } from './surveys/surveys.js';
import type { Feedback, Survey, SurveyResponse } from './surveys/types.js';
import { addTask, completeTask } from './tasks/tasks.js';
import { addDaysToDate, toDateString, zonedInstant } from './time.js';
import type { Collections } from './collections.js';
import type { Counters, Member, Task } from './types.js';
import { seededRandom } from './random.js';
import { emptyCounters } from './ids.js';

export type DemoClub = Collections & { counters: Counters };

const PEOPLE: Array<[string, string]> = [
  ['杨洪勇', '荆州'], ['王雅风', '成都'], ['李雷', '北京'], ['韩梅梅', '北京'], ['陈思远', '上海'], ['刘晓婷', '杭州'],
  ['张子豪', '广州'], ['赵敏', '武汉'], ['孙悦', '南京'], ['周明轩', '深圳'], ['吴佳怡', '西安'], ['郑凯', '长沙'],
  ['黄诗涵', '厦门'], ['林浩然', '福州'], ['何雨桐', '重庆'], ['高俊杰', '天津'], ['罗欣怡', '昆明'], ['梁宇航', '青岛'],
  ['宋雨萱', '苏州'], ['谢文博', '合肥'], ['唐晓雪', '郑州'], ['许志强', '济南'], ['邓婉清', '南昌'], ['冯天宇', '沈阳'],
  ['曹静怡', '大连'],
];

const BOOKS = ['《活着》', '《三体》', '《围城》', '《平凡的世界》', '《白鹿原》', '《红楼梦》', '《百年孤独》', '《人类简史》', '《乡土中国》', '《文化苦旅》', '《撒哈拉的故事》', '《朝花夕拾》', '《边城》', '《呐喊》', '《长安的荔枝》', '《额尔古纳河右岸》'];

export function buildDemoClub(now: Date, settings: Settings): DemoClub {
  const tz = settings.timezone;
  const rand = seededRandom(20260303);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const today = toDateString(now, tz);
  const at = (date: string, hh: number, mm: number) => zonedInstant(...(date.split('-').map(Number) as [number, number, number]), hh, mm, tz)!;
  const envAt = (when: Date): CoreEnv => ({ now: when, settings, actor: 'demo' });

  // 13 weeks back to the Monday of that week, so the series starts on a Tuesday.
  const start = addDaysToDate(today, -91);
  const startDay = new Date(`${start}T00:00:00Z`).getUTCDay();
  const firstTuesday = addDaysToDate(start, (2 - startDay + 7) % 7);

  let counters: Counters = emptyCounters();
  let ms: MemberState = { members: [], tasks: [], counters };
  const diligence = new Map<string, number>();
  PEOPLE.forEach(([name, city], i) => {
    // 20 founding members; the rest join during the three months.
    const joined = i < 20 ? addDaysToDate(start, -30 - i * 3) : addDaysToDate(start, 14 + (i - 20) * 16);
    const when = envAt(at(joined, 20, 0));
    ms = addMember(ms, { fields: { name, nick: `${city}+${name.slice(-2)}`, qq: String(1023919001 + i * 7919), city, tags: [pick(['读书', '摄影', '写作', '电影', '徒步'])], role: i === 0 ? 'owner' : i < 3 ? 'admin' : 'member' }, joined, status: 'active' }, when).state;
    diligence.set(ms.members[i]!.id, i === 7 || i === 13 ? 0.35 : 0.62 + rand() * 0.33);
  });
  // One application waiting, one approved last month.
  ms = addMember(ms, { fields: { name: '夏雨晴', nick: '成都+雨晴', qq: '2023919001' }, referrer: '杨洪勇', status: 'applicant' }, envAt(at(addDaysToDate(today, -3), 21, 0))).state;
  ms = addMember(ms, { fields: { name: '白云飞', nick: '北京+云飞', qq: '2023919002' }, referrer: '王雅风', status: 'applicant' }, envAt(at(addDaysToDate(today, -40), 21, 0))).state;
  ms = approveMember(ms, '白云飞', { joined: addDaysToDate(today, -38) }, envAt(at(addDaysToDate(today, -38), 21, 0))).state;
  diligence.set(ms.members.at(-1)!.id, 0.8);
  counters = ms.counters;

  const founding = ms.members;
  const seriesStart = at(firstTuesday, 21, 30);
  const added = addSessions(
    { sessions: [], counters },
    founding,
    { title: '周二周四读书会', start: { date: firstTuesday, hour: 21, minute: 30, instant: seriesStart }, repeat: { repeat: 'weekly', on: [2, 4], until: addDaysToDate(today, 14) }, type: 'reading', place: 'QQ群', durationMinutes: 90 },
    envAt(at(addDaysToDate(start, -1), 20, 0)),
  );
  counters = added.state.counters;
  // Hosts rotate among the admins and a few regulars; every session reads a book.
  let sessions: Session[] = added.state.sessions.map((s, i) => ({ ...s, hostId: founding[i % 6]!.id, topic: BOOKS[i % BOOKS.length]! }));
  let attendance: Attendance[] = [];
  let ledger: LedgerEntry[] = [];
  let topics: TopicProposal[] = [];
  let votes: Vote[] = [];

  // A departure and a warning along the way.
  const leaver = founding[13]!;
  const leaveDate = addDaysToDate(today, -20);
  const warned = founding[7]!;

  for (const session of added.created) {
    const startAt = new Date(session.startsAt);
    if (startAt.getTime() > now.getTime()) break;
    const date = toDateString(startAt, tz);
    if (date >= leaveDate && ms.members.some((m) => m.id === leaver.id && m.status === 'active')) {
      ms = removeMember(ms, leaver.id, { reason: '工作太忙，暂时退出' }, envAt(at(leaveDate, 12, 0))).state;
    }
    const present: Member[] = [];
    const late: Member[] = [];
    for (const m of ms.members) {
      if (m.status !== 'active' || !m.joinedAt || m.joinedAt > date) continue;
      const r = rand();
      const p = diligence.get(m.id) ?? 0.7;
      if (r < p * 0.85) present.push(m);
      else if (r < p) late.push(m);
      else if (r < p + 0.08) {
        try {
          attendance = recordLeave({ members: ms.members, sessions, attendance }, m.id, session.id, { reason: pick(['出差', '加班', '考试', '身体不适', '家里有事']), force: false }, envAt(new Date(startAt.getTime() - 3 * 3600_000))).attendance;
        } catch {
          // Over the weekly leave limit: they simply do not come.
        }
      }
    }
    const state = () => ({ members: ms.members, sessions, attendance });
    if (present.length) attendance = checkIn(state(), session.id, { members: present, at: new Date(startAt.getTime() - 2 * 60_000), source: 'chat' }, envAt(startAt)).attendance;
    if (late.length) attendance = checkIn(state(), session.id, { members: late, at: new Date(startAt.getTime() + 25 * 60_000), source: 'chat' }, envAt(startAt)).attendance;
    const end = new Date(startAt.getTime() + 100 * 60_000);
    if (end.getTime() <= now.getTime()) {
      sessions = markDone(sessions, session.id, null, envAt(end)).sessions;
      const attendees = [...present, ...late];
      if (attendees.length) sessions = setBest({ members: ms.members, sessions, topics, votes, attendance }, session.id, [pick(attendees).id], envAt(end)).sessions;
    }
    const current = sessions.find((s) => s.id === session.id)!;
    const r = reconcileSessionPoints(ledger, counters, current, attendance, envAt(end));
    ledger = r.ledger;
    counters = r.counters;
  }
  ms = warnMember(ms, warned.id, '连续三次无故缺席', envAt(at(addDaysToDate(today, -10), 22, 0))).state;

  // The next session's topic is chosen by vote.
  const next = sessions.find((s) => new Date(s.startsAt).getTime() > now.getTime());
  if (next) {
    const voteState = () => ({ members: ms.members, sessions, topics, votes, attendance });
    const proposedAt = envAt(new Date(now.getTime() - 36 * 3600_000));
    topics = proposeTopics(voteState(), next.id, ['《额尔古纳河右岸》', '《长安的荔枝》', '《呐喊》'], founding[1]!.id, proposedAt).topics;
    sessions = sessions.map((s) => (s.id === next.id ? { ...s, topic: null } : s));
    for (const [i, m] of ms.members.filter((x) => x.status === 'active').slice(0, 14).entries()) {
      votes = voteTopic(voteState(), next.id, String((i % 5 === 0 ? 1 : i % 3) || 2), m.id, envAt(new Date(now.getTime() - (30 - i) * 3600_000))).votes;
    }
    sessions = closeTopicVote(voteState(), next.id, envAt(new Date(now.getTime() - 3600_000))).sessions;
  }

  // Points by hand, a reward and a redemption.
  const book = (who: string, n: number, why: string, daysAgo: number, kind: 'award' | 'deduct' = 'award') => {
    const r = bookManual({ members: ms.members, ledger, counters }, who, n, kind, why, envAt(at(addDaysToDate(today, -daysAgo), 22, 30)));
    ledger = r.ledger;
    counters = r.counters;
  };
  book(founding[1]!.id, 5, '整理并分享读书笔记', 40);
  book(founding[4]!.id, 5, '组织线下读书会', 25);
  book(founding[2]!.id, 3, '推荐新成员', 12);
  book(warned.id, 2, '无故缺席', 10, 'deduct');
  book(founding[5]!.id, 5, '整理并分享读书笔记', 4);
  let rewards: Reward[] = [];
  const reward = addReward([], counters, { name: '购书卡', cost: 30, stock: 5 }, envAt(at(addDaysToDate(today, -60), 10, 0)));
  rewards = reward.rewards;
  counters = reward.counters;
  const certificate = addReward(rewards, counters, { name: '优秀读者证书', cost: 20, stock: null }, envAt(at(addDaysToDate(today, -60), 10, 1)));
  rewards = certificate.rewards;
  counters = certificate.counters;
  const redeemed = redeem({ members: ms.members, ledger, counters, rewards }, founding[0]!.id, '购书卡', envAt(at(addDaysToDate(today, -6), 12, 0)));
  ledger = redeemed.ledger;
  rewards = redeemed.rewards;
  counters = redeemed.counters;

  // The monthly satisfaction survey, opened ten days ago and closed yesterday.
  const def = validateDefinition({
    title: '成员满意度调查',
    anonymous: false,
    questions: [
      { id: 'q1', type: 'rating', text: '对最近活动的整体满意度', scale: 5, satisfaction: true },
      { id: 'q2', type: 'nps', text: '你有多大可能向朋友推荐本群？' },
      { id: 'q3', type: 'choice', text: '最喜欢的活动形式', options: ['主题讨论', '读书分享', '线下聚会'] },
      { id: 'q4', type: 'multi', text: '希望增加的内容', options: ['讲座', '比赛', '展览'] },
      { id: 'q5', type: 'text', text: '其他建议', required: false },
    ],
  });
  const created = createSurvey([], counters, def, envAt(at(addDaysToDate(today, -12), 10, 0)));
  counters = created.counters;
  let surveys = openSurvey(created.surveys, ms.members, created.survey.id, envAt(at(addDaysToDate(today, -10), 10, 0))).surveys;
  let responses: SurveyResponse[] = [];
  const suggestions = ['希望多组织线下活动', '可以请作者来做讲座', '书单可以提前一个月公布', ''];
  for (const [i, m] of ms.members.filter((x) => x.status === 'active').slice(0, 17).entries()) {
    const when = at(addDaysToDate(today, -9 + (i % 8)), 21, 10 + i);
    const answers: Record<string, number | string | string[]> = {
      q1: [5, 4, 4, 5, 3, 4, 5, 2, 4, 5][i % 10]!,
      q2: [9, 10, 8, 9, 6, 10, 7, 9, 10, 5][i % 10]!,
      q3: ['读书分享', '主题讨论', '线下聚会'][i % 3]!,
      q4: i % 2 ? ['讲座'] : ['讲座', '展览'],
    };
    if (suggestions[i % 4]) answers.q5 = suggestions[i % 4]!;
    responses = addResponse(surveys.find((s) => s.id === created.survey.id)!, responses, m, answers, when, { replace: false }, envAt(when)).responses;
  }
  surveys = closeSurvey(surveys, created.survey.id, envAt(at(addDaysToDate(today, -1), 9, 0))).surveys;

  // Tasks: the onboarding plans, plus a few of the club's own.
  // Member changes after the first phase (departure, warning) do not allocate ids: `counters` is the one source.
  // Most members handed in their growth plan a day or two after joining; the newest one has not yet.
  const newest = [...ms.tasks].sort((a, b) => (b.due ?? '').localeCompare(a.due ?? ''))[0];
  let tasks = ms.tasks.map((t): Task => {
    if (t.id === newest?.id || t.due === null) return t;
    const doneOn = addDaysToDate(t.due, -1 - Math.floor(rand() * 2));
    return { ...t, status: 'done', doneAt: `${doneOn}T21:00:00+08:00` };
  });
  const task = (title: string, owner: string, due: number, doneDaysAgo: number | null) => {
    const r = addTask({ tasks, members: ms.members, sessions, counters }, { title, owner, due: addDaysToDate(today, due) }, envAt(at(addDaysToDate(today, -20), 10, 0)));
    tasks = r.tasks;
    counters = r.counters;
    if (doneDaysAgo !== null) tasks = completeTask(tasks, r.task.id, envAt(at(addDaysToDate(today, -doneDaysAgo), 20, 0))).tasks;
  };
  task('整理上月读书笔记合集', founding[1]!.id, -8, 9);
  task('制作下季度书单', founding[0]!.id, -2, null);
  task('联系线下场地', founding[4]!.id, 5, null);
  task('更新群公告', founding[2]!.id, -1, 1);

  let feedback: Feedback[] = [];
  for (const [text, who, daysAgo] of [
    ['希望周末也能有一次活动', null, 15],
    ['建议每次活动结束后发一份纪要', founding[5]!.id, 8],
    ['线下活动可以选在市中心', null, 3],
  ] as const) {
    const r = addFeedback(feedback, counters, ms.members, text, who ? { member: who } : { anonymous: true }, envAt(at(addDaysToDate(today, -daysAgo), 22, 0)));
    feedback = r.feedback;
    counters = r.counters;
  }

  return {
    members: [...ms.members],
    tasks,
    ledger,
    sessions,
    attendance,
    topics,
    votes,
    rewards,
    surveys,
    responses,
    feedback,
    activities: [],
    registrations: [],
    staff: [],
    hours: [],
    books: [],
    shelves: [],
    readingTasks: [],
    readingCheckins: [],
    budgets: [],
    expenses: [],
    donors: [],
    donations: [],
    counters,
  };
}
