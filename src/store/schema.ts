// Schemas of every file in the store. Everything read is validated strictly (unknown fields too): a store that fails
// is reported with the file, the path inside it and the problem, and is never written over.
import * as v from 'valibot';
import { MEMBER_STATUSES, ROLES, TASK_STATUSES } from '../core/types.js';
import type { AuditEntry, Member, Task } from '../core/types.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import { LEDGER_KINDS } from '../core/points/ledger.js';
import { isValidTimeZone } from '../core/settings.js';
import type { Settings } from '../core/settings.js';
import { isDateString } from '../core/time.js';

const text = v.string();
const nullableText = v.nullable(v.string());
const date = v.pipe(v.string(), v.check(isDateString, 'expected a date YYYY-MM-DD'));
const instant = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 instant with offset'),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const idOf = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}[1-9]\\d*$`), `expected an id like ${prefix}1`));

export const settingsSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  lang: v.picklist(['zh', 'en']),
  timezone: v.pipe(v.string(), v.check(isValidTimeZone, 'expected an IANA time zone')),
  weekStart: v.picklist(['monday', 'sunday']),
  'attendance.lateAfterMinutes': count,
  'leave.perWeek': count,
  'discipline.absenceLimit': count,
  'discipline.warningsBeforeRemoval': count,
  'onboarding.planDueDays': count,
  'points.attendance': count,
  'points.late': count,
  'points.host': count,
  'points.bestPerformer': count,
  'best.monthlyPrizeThreshold': count,
  'topic.voteCap': count,
  'targets.growthRate': fraction,
  'targets.retentionRate': fraction,
  'targets.participationRate': fraction,
  'targets.satisfaction': fraction,
}) satisfies v.GenericSchema<Settings>;

export const metaSchema = v.strictObject({
  format: v.literal('clubadmin'),
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  createdAt: instant,
  settings: settingsSchema,
  counters: v.strictObject({
    member: count,
    session: count,
    survey: count,
    reward: count,
    task: count,
    feedback: count,
    ledger: count,
  }),
});
export type Meta = v.InferOutput<typeof metaSchema>;

const statusChange = v.strictObject({
  status: v.picklist(MEMBER_STATUSES),
  date,
  at: instant,
  reason: nullableText,
  by: nullableText,
});

export const memberSchema = v.strictObject({
  id: idOf('m'),
  name: v.pipe(v.string(), v.minLength(1)),
  nick: nullableText,
  email: nullableText,
  phone: nullableText,
  qq: nullableText,
  wechat: nullableText,
  city: nullableText,
  role: v.picklist(ROLES),
  status: v.picklist(MEMBER_STATUSES),
  tags: v.array(text),
  joinedAt: v.nullable(date),
  referrerId: v.nullable(idOf('m')),
  note: nullableText,
  warnings: v.array(v.strictObject({ at: instant, reason: text, by: nullableText })),
  history: v.array(statusChange),
  createdAt: instant,
  purged: v.boolean(),
}) satisfies v.GenericSchema<Member>;

export const taskSchema = v.strictObject({
  id: idOf('t'),
  title: v.pipe(v.string(), v.minLength(1)),
  ownerId: v.nullable(idOf('m')),
  due: v.nullable(date),
  status: v.picklist(TASK_STATUSES),
  doneAt: v.nullable(instant),
  sessionId: v.nullable(idOf('s')),
  kind: nullableText,
  createdAt: instant,
}) satisfies v.GenericSchema<Task>;

export const ledgerSchema = v.strictObject({
  id: idOf('p'),
  memberId: idOf('m'),
  delta: v.pipe(v.number(), v.integer()),
  kind: v.picklist(LEDGER_KINDS),
  reason: text,
  at: instant,
  ref: nullableText,
}) satisfies v.GenericSchema<LedgerEntry>;

export const auditSchema = v.strictObject({
  at: instant,
  actor: text,
  command: text,
  summary: text,
  refs: v.array(text),
}) satisfies v.GenericSchema<AuditEntry>;

/** The collections, each one file `<name>.json` holding an array of records. */
export const COLLECTION_SCHEMAS = {
  members: memberSchema,
  tasks: taskSchema,
  ledger: ledgerSchema,
} as const;
export type CollectionName = keyof typeof COLLECTION_SCHEMAS;
export const COLLECTION_NAMES = Object.keys(COLLECTION_SCHEMAS) as CollectionName[];

export interface Collections {
  members: Member[];
  tasks: Task[];
  ledger: LedgerEntry[];
}

/** `[3].email` from a valibot issue path. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out.replace(/^\./, '') || '(top level)';
}

export function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.path?.length) return `unknown field ${JSON.stringify(String(issue.path[issue.path.length - 1]?.key))}`;
  const received = issue.received;
  return `${issue.message}${received && !issue.message.includes(received) ? ` (got ${received})` : ''}`;
}
