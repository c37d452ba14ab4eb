// Domain records as they are stored and as `--json` prints them (SPEC §4). Dates are `YYYY-MM-DD` strings in the
// club's time zone; instants are ISO 8601 strings with an offset.

export const MEMBER_STATUSES = ['applicant', 'active', 'rejected', 'left', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const ROLES = ['member', 'admin', 'owner', 'volunteer', 'donor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Every stored record carries the instant it was committed (`CLUB_NOW` when set): the store stamps it on each record
 * a command adds (see stampRecorded in src/store/recorded.ts), and reports `--as-of T` keep only what was recorded by
 * T. Optional in the types because commands build records before the store stamps them.
 */
export interface Recorded {
  recordedAt?: string;
}

export interface StatusChange {
  status: MemberStatus;
  /** The date the status took effect (club time zone). */
  date: string;
  /** The instant it was recorded. */
  at: string;
  reason: string | null;
  by: string | null;
}

export interface Warning {
  at: string;
  reason: string;
  by: string | null;
}

export interface Member extends Recorded {
  id: string;
  name: string;
  nick: string | null;
  email: string | null;
  phone: string | null;
  qq: string | null;
  wechat: string | null;
  city: string | null;
  role: Role;
  status: MemberStatus;
  tags: string[];
  /** The date the member became active; null while never active. */
  joinedAt: string | null;
  referrerId: string | null;
  note: string | null;
  warnings: Warning[];
  history: StatusChange[];
  createdAt: string;
  purged: boolean;
}

/**
 * What attendance and the reports need of a member: name, status and its history, warnings; not the contacts, tags
 * or notes. A Member is one; the store also keeps these for every member in roster.json, two fifths of members.json.
 */
export interface MemberSummary {
  id: string;
  name: string;
  status: MemberStatus;
  joinedAt: string | null;
  referrerId: string | null;
  warnings: Array<Pick<Warning, 'at' | 'reason'>>;
  /** `at` is when each change was recorded: a report as of an earlier time leaves out the later ones. */
  history: Array<Pick<StatusChange, 'status' | 'date' | 'reason' | 'at'>>;
}

/** A member's summary, fields in the order roster.json writes them. */
export function summaryOf(m: MemberSummary): MemberSummary {
  return {
    id: m.id,
    name: m.name,
    status: m.status,
    joinedAt: m.joinedAt,
    referrerId: m.referrerId,
    warnings: m.warnings.map((w) => ({ at: w.at, reason: w.reason })),
    history: m.history.map((h) => ({ status: h.status, date: h.date, reason: h.reason, at: h.at })),
  };
}

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task extends Recorded {
  id: string;
  title: string;
  ownerId: string | null;
  due: string | null;
  status: TaskStatus;
  doneAt: string | null;
  sessionId: string | null;
  /** What created the task: `onboarding` for the growth-plan task, null when added by hand. */
  kind: string | null;
  createdAt: string;
  /** When it was cancelled (by hand, or because its owner left, was removed, rejected or purged); absent otherwise. */
  cancelledAt?: string;
  /** Why, when cancelled by hand with --reason. */
  cancelReason?: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  command: string;
  summary: string;
  /** Ids of the records the change touched, for `club log --member`. */
  refs: string[];
  /** On a database store: on whose behalf the login made the change (`--by`), a member's id when it names one. */
  by?: string;
}

/** The id prefixes of SPEC §2. */
export const ID_PREFIXES = {
  member: 'm',
  session: 's',
  survey: 'v',
  reward: 'r',
  task: 't',
  feedback: 'f',
  ledger: 'p',
  hours: 'h',
  expense: 'e',
  donation: 'd',
  donor: 'o',
  book: 'b',
  reading: 'k',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;
export type Counters = Record<IdKind, number>;
