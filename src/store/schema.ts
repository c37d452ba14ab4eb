// Schemas of every file in the store. Everything read is validated strictly (unknown fields too): a store that fails
// is reported with the file, the path inside it and the problem, and is never written over.
import * as v from 'valibot';
import { MEMBER_STATUSES, ROLES, TASK_STATUSES } from '../core/types.js';
import type { AuditEntry, Member, Task } from '../core/types.js';
import type { LedgerEntry } from '../core/points/ledger.js';
import type { Reward } from '../core/points/points.js';
import { QUESTION_TYPES, SURVEY_STATUSES } from '../core/surveys/types.js';
import type { Feedback, Survey, SurveyResponse } from '../core/surveys/types.js';
import { LEDGER_KINDS } from '../core/points/ledger.js';
import type { Settings } from '../core/settings.js';
import { isDateString } from '../core/time.js';
import { ATTENDANCE_STATUSES, SESSION_STATUSES, SESSION_TYPES } from '../core/sessions/types.js';
import type { Attendance, Session, TopicProposal, Vote } from '../core/sessions/types.js';
import { ACTIVITY_STEPS, BUDGET_CATEGORIES, REGISTRATION_STATUSES, STORED_ACTIVITY_STATUSES } from '../core/activities/types.js';
import type { Activity, HoursEntry, Registration, StaffDuty } from '../core/activities/types.js';
import type { Book, ReadingCheckin, ReadingTask, Shelf } from '../core/reading/types.js';
import { DONOR_KINDS, EXPENSE_STATUSES } from '../core/money/types.js';
import type { Budget, Donation, Donor, Expense } from '../core/money/types.js';

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

/** A session's audience: everyone, those registered, a role or a tag (the session records and calendar.json). */
export const AUDIENCE = v.pipe(v.string(), v.regex(/^(all|registered|(role|tag):\S.*)$/, 'expected all, registered, role:R or tag:T'));

export const settingsSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  lang: v.picklist(['zh', 'en']),
  // The shape only: asking ICU whether a zone exists costs ~25 ms, so every read cannot. Zones are checked in
  // full where they are set (init, config set) and by club check; a bad hand-edited zone fails there.
  timezone: v.pipe(v.string(), v.regex(/^(UTC|GMT|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2})$/, 'expected an IANA time zone')),
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
  'approval.types': v.pipe(v.string(), v.regex(/^([a-z]+(,[a-z]+)*)?$/, 'expected session types, comma-separated')),
  'discipline.noShowLimit': count,
  'evaluation.surveyDays': count,
  'reading.days': count,
  'reading.bigBookDays': count,
  'reading.missesBeforeRemoval': count,
  'points.readingNote': count,
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'expected a currency code like CNY')),
}) satisfies v.GenericSchema<Settings>;

/** A collection's file: `members.json`, or a partition of one: `ledger.2026-03.json`, `attendance.s12.json`. */
export const STORE_FILE = /^[a-z][a-zA-Z]*(\.[a-z0-9-]+)?\.json$/;
/** A file store.json lists in `partitions`: attendance and the ledger's partitions, and the id blocks (partitions.ts). */
export const PARTITION_FILE = /^(?:(?:attendance|ledger)\.(?!index\.json$)[a-z0-9-]+|(?:members|sessions)\.(?:b\d+|other)|(?:roster|refs|presence|balances)\.b\d+)\.json$/;
/** The index of a split collection or member-blocked derived file (schemaVersion 10, indexes.ts): `attendance.index.json`. */
export const INDEX_FILE = /^(?:attendance|ledger|members|sessions|roster|refs|presence|balances)\.index\.json$/;

export const DIGEST = /^\d+:(?:crc32:[0-9a-f]{8}|[0-9a-f]{40})$/;
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const isSpan = (span: unknown): boolean => {
  if (typeof span !== 'object' || span === null || Array.isArray(span)) return false;
  const keys = Object.keys(span);
  const { from, to } = span as Record<string, unknown>;
  const end = (t: unknown) => t === null || (typeof t === 'string' && INSTANT.test(t));
  return keys.length === 2 && 'from' in span && 'to' in span && end(from) && end(to);
};

/**
 * An object of store files, each name matching `names` and each value passing `valid`: store.json's lists of digests
 * and partitions, checked in one loop (a large club lists thousands of files, and a schema per entry took tens of
 * milliseconds of every command at 50,000 members).
 */
function fileList<T>(names: RegExp, valid: (value: unknown) => boolean, expected: string) {
  return v.custom<Record<string, T>>((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
    for (const name in input) if (!Object.hasOwn(input, name) || !names.test(name) || !valid((input as Record<string, unknown>)[name])) return false;
    return true;
  }, expected);
}

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
    hours: count,
    expense: count,
    donation: count,
    donor: count,
    book: count,
    reading: count,
  }),
  /** `size:crc32:checksum` of each file as the store last wrote it (see digestOf); SHA-1 before schemaVersion 4. */
  digests: v.optional(fileList<string>(STORE_FILE, (digest) => typeof digest === 'string' && DIGEST.test(digest), 'expected file names, each with its digest (size:crc32:checksum)')),
  /**
   * Every partition file of attendance and the ledger, with the span of its records' `at`, and every id block of
   * members, sessions and the member-keyed derived files, with a null span (see partitions.ts).
   */
  partitions: v.optional(fileList<{ from: string | null; to: string | null; filter?: string }>(PARTITION_FILE, isSpan, 'expected partition files, each with its span {"from", "to"}: instants or null')),
});
export type Meta = v.InferOutput<typeof metaSchema>;

/** The collections, each one file `<name>.json` holding an array of records (partitioned: see partitions.ts). */
export type CollectionName =
  | 'members'
  | 'tasks'
  | 'ledger'
  | 'sessions'
  | 'attendance'
  | 'topics'
  | 'votes'
  | 'rewards'
  | 'surveys'
  | 'responses'
  | 'feedback'
  | 'activities'
  | 'registrations'
  | 'staff'
  | 'hours'
  | 'books'
  | 'shelves'
  | 'readingTasks'
  | 'readingCheckins'
  | 'budgets'
  | 'expenses'
  | 'donors'
  | 'donations';
export const COLLECTION_NAMES: CollectionName[] = [
  'members',
  'tasks',
  'ledger',
  'sessions',
  'attendance',
  'topics',
  'votes',
  'rewards',
  'surveys',
  'responses',
  'feedback',
  'activities',
  'registrations',
  'staff',
  'hours',
  'books',
  'shelves',
  'readingTasks',
  'readingCheckins',
  'budgets',
  'expenses',
  'donors',
  'donations',
];

/**
 * The schema of a collection's records. Built on first use: a read of files whose digest says the store wrote them
 * validates no record, and building every schema cost about 4 ms of each command's start.
 */
export function collectionSchema(name: CollectionName): v.GenericSchema {
  return (recordSchemas ??= buildRecordSchemas())[name];
}

/** The schema of an audit.jsonl line (club log). */
export function auditEntrySchema(): v.GenericSchema<unknown, AuditEntry> {
  return (recordSchemas ??= buildRecordSchemas()).audit;
}

let recordSchemas: ReturnType<typeof buildRecordSchemas> | undefined;

function buildRecordSchemas() {
  const statusChange = v.strictObject({
    status: v.picklist(MEMBER_STATUSES),
    date,
    at: instant,
    reason: nullableText,
    by: nullableText,
  });

  const memberSchema = v.strictObject({
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
    recordedAt: instant,
  }) satisfies v.GenericSchema<Member>;

  const taskSchema = v.strictObject({
    id: idOf('t'),
    title: v.pipe(v.string(), v.minLength(1)),
    ownerId: v.nullable(idOf('m')),
    due: v.nullable(date),
    status: v.picklist(TASK_STATUSES),
    doneAt: v.nullable(instant),
    sessionId: v.nullable(idOf('s')),
    kind: nullableText,
    createdAt: instant,
    // Optional, so tasks written before cancellation existed stay valid without a migration.
    cancelledAt: v.optional(instant),
    cancelReason: v.optional(text),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Task>;

  const ledgerSchema = v.strictObject({
    id: idOf('p'),
    memberId: idOf('m'),
    delta: v.pipe(v.number(), v.integer()),
    kind: v.picklist(LEDGER_KINDS),
    reason: text,
    at: instant,
    ref: nullableText,
    rule: nullableText,
    recordedAt: instant,
  }) satisfies v.GenericSchema<LedgerEntry>;

  const sessionSchema = v.strictObject({
    id: idOf('s'),
    title: v.pipe(v.string(), v.minLength(1)),
    type: v.picklist(SESSION_TYPES),
    startsAt: instant,
    endsAt: instant,
    durationMinutes: v.pipe(v.number(), v.integer(), v.minValue(1)),
    hostId: v.nullable(idOf('m')),
    topic: nullableText,
    place: nullableText,
    status: v.picklist(SESSION_STATUSES),
    seriesId: v.nullable(idOf('s')),
    cancelReason: nullableText,
    cancelledAt: v.nullable(instant),
    minutes: nullableText,
    doneAt: v.nullable(instant),
    best: v.array(idOf('m')),
    topicPollClosed: v.boolean(),
    bestPollClosed: v.boolean(),
    topicChosenAt: v.nullable(instant),
    bestChosenAt: v.nullable(instant),
    createdAt: instant,
    revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    modifiedAt: v.optional(instant),
    audience: v.optional(AUDIENCE),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Session>;

  // One version of an attendance record: the record itself, and each version it replaced (`earlier`).
  const attendanceVersion = {
    status: v.picklist(ATTENDANCE_STATUSES),
    at: instant,
    reason: nullableText,
    forced: v.boolean(),
    source: v.picklist(['manual', 'file', 'chat', 'leave']),
    by: nullableText,
    recordedAt: instant,
  };
  const attendanceSchema = v.strictObject({
    sessionId: idOf('s'),
    memberId: idOf('m'),
    ...attendanceVersion,
    earlier: v.optional(v.array(v.strictObject(attendanceVersion))),
  }) satisfies v.GenericSchema<Attendance>;

  const topicSchema = v.strictObject({
    sessionId: idOf('s'),
    n: v.pipe(v.number(), v.integer(), v.minValue(1)),
    text: v.pipe(v.string(), v.minLength(1)),
    proposedBy: v.nullable(idOf('m')),
    at: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<TopicProposal>;

  const voteSchema = v.strictObject({
    sessionId: idOf('s'),
    kind: v.picklist(['topic', 'best']),
    voterId: idOf('m'),
    choice: v.pipe(v.string(), v.minLength(1)),
    at: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Vote>;

  const rewardSchema = v.strictObject({
    id: idOf('r'),
    name: v.pipe(v.string(), v.minLength(1)),
    cost: v.pipe(v.number(), v.integer(), v.minValue(0)),
    stock: v.nullable(count),
    createdAt: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Reward>;

  const question = v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/)),
    type: v.picklist(QUESTION_TYPES),
    text: v.pipe(v.string(), v.minLength(1)),
    required: v.boolean(),
    scale: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(10))),
    satisfaction: v.optional(v.boolean()),
    options: v.optional(v.array(v.pipe(v.string(), v.minLength(1)))),
  });

  const surveySchema = v.strictObject({
    id: idOf('v'),
    title: v.pipe(v.string(), v.minLength(1)),
    anonymous: v.boolean(),
    status: v.picklist(SURVEY_STATUSES),
    questions: v.array(question),
    openedAt: v.nullable(instant),
    closedAt: v.nullable(instant),
    activeAtOpen: v.nullable(count),
    createdAt: instant,
    sessionId: v.optional(v.nullable(idOf('s'))),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Survey>;

  const responseSchema = v.strictObject({
    surveyId: idOf('v'),
    n: v.pipe(v.number(), v.integer(), v.minValue(1)),
    memberId: v.nullable(idOf('m')),
    date,
    at: v.nullable(instant),
    answers: v.record(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/)), v.union([v.number(), v.string(), v.array(v.string())])),
    recordedAt: instant,
  }) satisfies v.GenericSchema<SurveyResponse>;

  const feedbackSchema = v.strictObject({
    id: idOf('f'),
    text: v.pipe(v.string(), v.minLength(1)),
    memberId: v.nullable(idOf('m')),
    date,
    at: v.nullable(instant),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Feedback>;

  const oneLine = v.pipe(v.string(), v.minLength(1));
  const activitySchema = v.strictObject({
    sessionId: idOf('s'),
    status: v.picklist(STORED_ACTIVITY_STATUSES),
    plan: v.nullable(
      v.strictObject({
        theme: oneLine,
        form: nullableText,
        content: nullableText,
        participation: nullableText,
        rewards: nullableText,
        resources: nullableText,
        risks: v.array(v.strictObject({ risk: oneLine, mitigation: text })),
        capacity: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
        registrationDeadline: v.nullable(instant),
        eligibility: v.strictObject({
          minPoints: v.nullable(v.pipe(v.number(), v.integer())),
          minDaysMember: v.nullable(count),
          roles: v.array(v.picklist(ROLES)),
        }),
        budget: v.array(v.strictObject({ category: v.picklist(BUDGET_CATEGORIES), amount: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
      }),
    ),
    history: v.array(v.strictObject({ step: v.picklist(ACTIVITY_STEPS), by: nullableText, at: instant, comment: nullableText })),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Activity>;

  const registrationSchema = v.strictObject({
    sessionId: idOf('s'),
    memberId: idOf('m'),
    status: v.picklist(REGISTRATION_STATUSES),
    at: instant,
    note: nullableText,
    source: v.picklist(['manual', 'file', 'chat']),
    by: nullableText,
    promotedAt: v.nullable(instant),
    cancelledAt: v.nullable(instant),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Registration>;

  const staffSchema = v.strictObject({
    sessionId: idOf('s'),
    memberId: idOf('m'),
    duty: oneLine,
    at: instant,
    by: nullableText,
    recordedAt: instant,
  }) satisfies v.GenericSchema<StaffDuty>;

  const hoursSchema = v.strictObject({
    id: idOf('h'),
    memberId: idOf('m'),
    sessionId: idOf('s'),
    hours: v.pipe(
      v.number(),
      // n * 100 is not exact in binary (1.1 * 100 = 110.00000000000001): compare the rounded hundredths back instead.
      v.check((n) => n > 0 && n <= 24 && Math.round(n * 100) / 100 === n, 'expected hours above 0, at most 24, with at most two decimals'),
    ),
    duty: nullableText,
    at: instant,
    by: nullableText,
    recordedAt: instant,
  }) satisfies v.GenericSchema<HoursEntry>;

  const bookSchema = v.strictObject({
    id: idOf('b'),
    title: oneLine,
    author: nullableText,
    pages: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
    big: v.boolean(),
    tags: v.array(text),
    createdAt: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Book>;

  const shelfSchema = v.strictObject({
    week: v.pipe(v.string(), v.regex(/^\d{4}-W\d{2}$/, 'expected a week like 2026-W49')),
    bookIds: v.array(idOf('b')),
    at: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Shelf>;

  const readingTaskSchema = v.strictObject({
    id: idOf('k'),
    memberId: idOf('m'),
    bookId: idOf('b'),
    startedOn: date,
    due: date,
    doneAt: v.nullable(instant),
    notes: nullableText,
    notesAt: v.nullable(instant),
    createdAt: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<ReadingTask>;

  const readingCheckinSchema = v.strictObject({
    memberId: idOf('m'),
    date,
    at: instant,
    source: v.picklist(['chat', 'manual']),
    recordedAt: instant,
  }) satisfies v.GenericSchema<ReadingCheckin>;

  // Money (SPEC §10): integer fen, 0.01 to 1,000,000.00 for one amount.
  const fen = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000_000));
  const budgetSchema = v.strictObject({
    sessionId: idOf('s'),
    category: v.picklist(BUDGET_CATEGORIES),
    amount: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000_000)),
    note: nullableText,
    at: instant,
    by: nullableText,
    forced: v.boolean(),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Budget>;

  const expenseSchema = v.strictObject({
    id: idOf('e'),
    amount: fen,
    category: v.picklist(BUDGET_CATEGORIES),
    sessionId: v.nullable(idOf('s')),
    payeeId: v.nullable(idOf('m')),
    payee: nullableText,
    note: text,
    date,
    status: v.picklist(EXPENSE_STATUSES),
    submittedBy: nullableText,
    submittedAt: instant,
    approvedBy: nullableText,
    approvedAt: v.nullable(instant),
    rejectedBy: nullableText,
    rejectedAt: v.nullable(instant),
    reason: nullableText,
    paidBy: nullableText,
    paidOn: v.nullable(date),
    paidAt: v.nullable(instant),
    overBudget: v.boolean(),
    receipts: v.array(
      v.strictObject({
        sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex')),
        name: text,
        size: v.pipe(v.number(), v.integer(), v.minValue(0)),
      }),
    ),
    recordedAt: instant,
  }) satisfies v.GenericSchema<Expense>;

  const donorSchema = v.strictObject({
    id: idOf('o'),
    name: oneLine,
    kind: v.picklist(DONOR_KINDS),
    memberId: v.nullable(idOf('m')),
    anonymous: v.boolean(),
    createdAt: instant,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Donor>;

  const donationSchema = v.strictObject({
    id: idOf('d'),
    donorId: v.nullable(idOf('o')),
    amount: v.nullable(fen),
    inKind: nullableText,
    date,
    purpose: nullableText,
    anonymous: v.boolean(),
    thankedAt: v.nullable(instant),
    at: instant,
    by: nullableText,
    recordedAt: instant,
  }) satisfies v.GenericSchema<Donation>;

  const auditSchema = v.strictObject({
    at: instant,
    actor: text,
    command: text,
    summary: text,
    refs: v.array(text),
  }) satisfies v.GenericSchema<AuditEntry>;

  return {
    members: memberSchema,
    tasks: taskSchema,
    ledger: ledgerSchema,
    sessions: sessionSchema,
    attendance: attendanceSchema,
    topics: topicSchema,
    votes: voteSchema,
    rewards: rewardSchema,
    surveys: surveySchema,
    responses: responseSchema,
    feedback: feedbackSchema,
    activities: activitySchema,
    registrations: registrationSchema,
    staff: staffSchema,
    hours: hoursSchema,
    books: bookSchema,
    shelves: shelfSchema,
    readingTasks: readingTaskSchema,
    readingCheckins: readingCheckinSchema,
    budgets: budgetSchema,
    expenses: expenseSchema,
    donors: donorSchema,
    donations: donationSchema,
    audit: auditSchema,
  };
}

export type { Collections } from '../core/collections.js';

/** What makes a record unique in its collection: the id, or the natural key of records that have none. */
export const COLLECTION_KEYS: Record<CollectionName, (record: never) => string> = {
  members: (r: { id: string }) => r.id,
  tasks: (r: { id: string }) => r.id,
  ledger: (r: { id: string }) => r.id,
  sessions: (r: { id: string }) => r.id,
  attendance: (r: Attendance) => `${r.sessionId}/${r.memberId}`,
  topics: (r: TopicProposal) => `${r.sessionId}#${r.n}`,
  votes: (r: Vote) => `${r.sessionId}/${r.kind}/${r.voterId}`,
  rewards: (r: { id: string }) => r.id,
  surveys: (r: { id: string }) => r.id,
  responses: (r: SurveyResponse) => `${r.surveyId}#${r.n}`,
  feedback: (r: { id: string }) => r.id,
  activities: (r: Activity) => r.sessionId,
  registrations: (r: Registration) => `${r.sessionId}/${r.memberId}`,
  staff: (r: StaffDuty) => `${r.sessionId}/${r.memberId}`,
  hours: (r: { id: string }) => r.id,
  books: (r: { id: string }) => r.id,
  shelves: (r: Shelf) => r.week,
  readingTasks: (r: { id: string }) => r.id,
  readingCheckins: (r: ReadingCheckin) => `${r.memberId}/${r.date}`,
  budgets: (r: Budget) => `${r.sessionId}/${r.category}`,
  expenses: (r: { id: string }) => r.id,
  donors: (r: { id: string }) => r.id,
  donations: (r: { id: string }) => r.id,
};

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

/**
 * A copy of a record with a key a file (a meta's digests and partitions: 1,000 files at 5x the large club), with the
 * entries of `more` set on it. Copied key by key into an object V8 keeps as a dictionary: `{...record}` of 900 keys
 * took 5 ms, making an object of fixed shape that each key added later copies again.
 */
export function copyRecord<T>(record: Readonly<Record<string, T>> | undefined, more?: ReadonlyMap<string, T>): Record<string, T> {
  const copy: Record<string, T> = {};
  // No file is named `__proto__` (STORE_FILE), and set as a key it would be the copy's prototype instead.
  for (const key in record) if (key !== '__proto__') copy[key] = record[key]!;
  if (more) for (const [key, value] of more) if (key !== '__proto__') copy[key] = value;
  return copy;
}
