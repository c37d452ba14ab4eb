// The results announcement of an activity (SPEC §9): the data a `results.<lang>` template renders into the Markdown a
// club posts after it — when and where, who took part, the best performers (a competition's winners), the points
// given for it, thanks to the staff, and the figures. Names and free text go to the template as they are: the
// template escapes every value for Markdown.
import { t } from '../../i18n/index.js';
import type { LedgerEntry } from '../points/ledger.js';
import { clockTime, localDateTime, typeLabel } from '../reports/labels.js';
import type { Lang } from '../settings.js';
import type { Session } from '../sessions/types.js';
import { instantDate } from '../time.js';
import type { EvaluationInput, EvaluationOptions } from './evaluate.js';
import { figuresOf } from './evaluate.js';
import { activityOf } from './status.js';
import type { StaffDuty } from './types.js';

export interface ResultsInput extends EvaluationInput {
  members: ReadonlyArray<EvaluationInput['members'][number] & { name: string; nick: string | null }>;
  ledger: readonly LedgerEntry[];
  staff: readonly StaffDuty[];
}

interface Person {
  memberId: string;
  name: string;
  nick: string | null;
}

/** What `results.<lang>.md.hbs` receives (and `activity results --json` prints). */
export interface ResultsData {
  lang: Lang;
  club: string;
  session: {
    id: string;
    title: string;
    type: Session['type'];
    typeLabel: string;
    date: string;
    /** "2026-04-12 周日 14:00–17:00". */
    when: string;
    place: string | null;
    topic: string | null;
    /** The plan's theme, when the session has a plan. */
    theme: string | null;
    status: Session['status'];
  };
  /** A competition names winners; other types best performers. */
  competition: boolean;
  /** Present or late, in member order. */
  participants: Array<Person & { status: 'present' | 'late' }>;
  best: Person[];
  /** Points booked for the session (ledger entries whose ref is it), net per member and kind, largest first. */
  rewards: Array<Person & { points: number; items: Array<{ kind: string; label: string; points: number }> }>;
  /** Rewards redeemed on the session's day (club zone). */
  redemptions: Array<Person & { reward: string; points: number }>;
  /** Staff duties and volunteer hours of the session, in member order. */
  staff: Array<Person & { duty: string | null; hours: number | null }>;
  staffHours: number;
  figures: { registered: number; waitlisted: number; attended: number; capacity: number | null };
}

const memberOrder = (a: { memberId: string }, b: { memberId: string }) => Number(a.memberId.slice(1)) - Number(b.memberId.slice(1));

/** The kind a ledger entry counts under: the automatic rule's component (attendance, host, best), else its kind. */
const rewardKind = (e: LedgerEntry): string => (e.kind === 'auto' && e.rule ? e.rule.split(':')[0]! : e.kind);

const REWARD_LABELS = {
  attendance: 'results.reward.attendance',
  host: 'results.reward.host',
  best: 'results.reward.best',
  award: 'results.reward.award',
  deduct: 'results.reward.deduct',
  redeem: 'results.reward.redeem',
} as const;

export function resultsData(session: Session, input: ResultsInput, opts: EvaluationOptions & { lang: Lang; club: string }): ResultsData {
  const { tz, lang } = opts;
  const byId = new Map(input.members.map((m) => [m.id, m]));
  const person = (memberId: string): Person => {
    const m = byId.get(memberId);
    return { memberId, name: m?.name ?? memberId, nick: m?.nick ?? null };
  };
  const figures = figuresOf(session, input, opts);
  const participants = input.attendance
    .filter((a) => a.sessionId === session.id && (a.status === 'present' || a.status === 'late'))
    .map((a) => ({ ...person(a.memberId), status: a.status as 'present' | 'late' }))
    .sort(memberOrder);

  const net = new Map<string, Map<string, number>>();
  for (const e of input.ledger) {
    if (e.ref !== session.id) continue;
    const kinds = net.get(e.memberId) ?? new Map<string, number>();
    kinds.set(rewardKind(e), (kinds.get(rewardKind(e)) ?? 0) + e.delta);
    net.set(e.memberId, kinds);
  }
  const rewards = [...net]
    .map(([memberId, kinds]) => {
      const items = [...kinds].filter(([, points]) => points !== 0).map(([kind, points]) => ({ kind, label: labelOf(kind, lang), points }));
      return { ...person(memberId), points: items.reduce((sum, i) => sum + i.points, 0), items };
    })
    .filter((r) => r.items.length > 0)
    .sort((a, b) => b.points - a.points || memberOrder(a, b));

  const day = instantDate(session.startsAt, tz);
  const redemptions = input.ledger
    .filter((e) => e.kind === 'redeem' && instantDate(e.at, tz) === day)
    .map((e) => ({ ...person(e.memberId), reward: e.reason, points: -e.delta }));

  const staff = new Map<string, ResultsData['staff'][number]>();
  for (const d of input.staff) if (d.sessionId === session.id) staff.set(d.memberId, { ...person(d.memberId), duty: d.duty, hours: null });
  for (const h of input.hours) {
    if (h.sessionId !== session.id) continue;
    const known = staff.get(h.memberId);
    staff.set(h.memberId, { ...(known ?? person(h.memberId)), duty: known?.duty ?? h.duty, hours: h.hours });
  }

  return {
    lang,
    club: opts.club,
    session: {
      id: session.id,
      title: session.title,
      type: session.type,
      typeLabel: typeLabel(session.type, lang),
      date: figures.date,
      when: `${localDateTime(session.startsAt, tz, lang)}–${clockTime(session.endsAt, tz)}`,
      place: session.place,
      topic: session.topic,
      theme: activityOf(input.activities, session.id)?.plan?.theme ?? null,
      status: session.status,
    },
    competition: session.type === 'competition',
    participants,
    best: session.best.map(person),
    rewards,
    redemptions,
    staff: [...staff.values()].sort(memberOrder),
    staffHours: figures.staffHours,
    figures: { registered: figures.registered, waitlisted: figures.waitlisted, attended: figures.attended, capacity: figures.capacity },
  };
}

function labelOf(kind: string, lang: Lang): string {
  const key = REWARD_LABELS[kind as keyof typeof REWARD_LABELS];
  return key ? t(key, {}, lang) : kind;
}
