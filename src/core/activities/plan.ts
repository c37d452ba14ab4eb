// A session's plan as people write it (a YAML or JSON file, or the form at a terminal), checked into an ActivityPlan.
// The shape is a valibot schema, so an unknown or missing field is named by its path (`risks[1].mitigation:
// required`, 0-based as in the survey files); texts are then checked as every typed text is (one-line fields one
// line, no control characters), amounts through the exact-money parser, and the deadline read in the club's zone.
import * as v from 'valibot';
import { UsageError } from '../errors.js';
import { formatAmount, parseAmount } from '../money/amount.js';
import { multiLineText, oneLineText } from '../text.js';
import { addDaysToDate, parseDateInput, startOfDate, toInstantString } from '../time.js';
import type { Clock } from '../time.js';
import { ROLES } from '../types.js';
import type { Role } from '../types.js';
import { t } from '../../i18n/index.js';
import { BUDGET_CATEGORIES } from './types.js';
import type { ActivityPlan, BudgetCategory } from './types.js';

/** The fields of a plan, in the order files and the form give them. */
export const PLAN_FIELDS = ['theme', 'form', 'content', 'participation', 'rewards', 'resources', 'risks', 'capacity', 'registrationDeadline', 'eligibility', 'budget'] as const;

const ONE_LINE_MAX = 200;
const TEXT_MAX = 4000;

const text = v.nullish(v.string());
const wholeNumber = v.nullish(v.pipe(v.number(), v.integer()));
const amount = v.union([v.string(), v.number()]);

const fileSchema = v.strictObject({
  theme: v.string(),
  form: text,
  content: text,
  participation: text,
  rewards: text,
  resources: text,
  risks: v.nullish(v.array(v.strictObject({ risk: v.string(), mitigation: v.string() }))),
  capacity: wholeNumber,
  registrationDeadline: text,
  eligibility: v.nullish(v.strictObject({ minPoints: wholeNumber, minDaysMember: wholeNumber, roles: v.nullish(v.array(v.string())) })),
  budget: v.nullish(v.array(v.strictObject({ category: v.string(), amount }))),
});

type Path = Array<string | number>;

/** `risks[1].mitigation` from ['risks', 1, 'mitigation']. */
export function fieldPath(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : value !== null && typeof value === 'object' ? 'an object' : String(value));

/** What a valibot issue means for the person who wrote the file. */
function problem(issue: v.BaseIssue<unknown>): { field: string; message: string } {
  const path = (issue.path ?? []).map((p) => p.key as string | number);
  const field = fieldPath(path) || t('activity.file.topLevel');
  if (issue.type === 'strict_object' && issue.expected === 'never') return { field, message: t('activity.file.unknownField') };
  if (issue.type === 'strict_object' && issue.received === 'undefined') return { field, message: t('activity.file.required') };
  const expected =
    issue.type === 'string' ? t('activity.file.expectText') : issue.type === 'number' || issue.type === 'integer' ? t('activity.file.expectWhole') : issue.type === 'array' ? t('activity.file.expectList') : issue.type === 'strict_object' ? t('activity.file.expectObject') : issue.type === 'union' ? t('activity.file.expectAmount') : issue.expected ?? '?';
  return { field, message: t('activity.file.expected', { expected, got: show(issue.input) }) };
}

const fail = (field: string, message: string): never => {
  throw new UsageError(t('activity.file.invalid', { field, message }), t('activity.file.hint'));
};

/** A problem found by a check that throws its own UsageError (texts, amounts): prefixed with "invalid plan". */
function within<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(t('activity.file.invalidText', { message: err.message }), err.hint ?? t('activity.file.hint'));
    throw err;
  }
}

const line = (field: string, value: string | null | undefined): string | null => (value == null ? null : within(() => oneLineText(field, value, ONE_LINE_MAX)) || null);
const para = (field: string, value: string | null | undefined): string | null => (value == null ? null : within(() => multiLineText(field, value, TEXT_MAX)) || null);

/**
 * The plan in `raw` (a parsed file or the form's answers), or a usage error (exit 2) naming the field. A date for
 * `registrationDeadline` is the end of that day in the club's zone; a time without an offset is the club's time.
 */
export function validatePlan(raw: unknown, clock: Clock): ActivityPlan {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(t('activity.file.topLevel'), t('activity.file.expectPlan'));
  const parsed = v.safeParse(fileSchema, raw);
  if (!parsed.success) {
    const first = problem(parsed.issues[0]);
    return fail(first.field, first.message);
  }
  const p = parsed.output;
  const theme = line('theme', p.theme);
  if (!theme) fail('theme', t('activity.file.required'));
  const risks = (p.risks ?? []).map((r, i) => {
    const risk = line(`risks[${i}].risk`, r.risk);
    const mitigation = para(`risks[${i}].mitigation`, r.mitigation);
    if (!risk) fail(`risks[${i}].risk`, t('activity.file.required'));
    if (!mitigation) fail(`risks[${i}].mitigation`, t('activity.file.required'));
    return { risk: risk!, mitigation: mitigation! };
  });
  if (p.capacity != null && p.capacity < 1) fail('capacity', t('activity.file.expected', { expected: t('activity.file.expectPositive'), got: String(p.capacity) }));
  const e = p.eligibility ?? {};
  if (e.minDaysMember != null && e.minDaysMember < 0) fail('eligibility.minDaysMember', t('activity.file.expected', { expected: t('activity.file.expectNonNegative'), got: String(e.minDaysMember) }));
  const roles = (e.roles ?? []).map((role, i) => {
    const r = role.trim().toLowerCase();
    if (!(ROLES as readonly string[]).includes(r)) fail(`eligibility.roles[${i}]`, t('activity.file.expected', { expected: ROLES.join('|'), got: show(role) }));
    return r as Role;
  });
  const seen = new Set<string>();
  const budget = (p.budget ?? []).map((b, i) => {
    const category = b.category.trim().toLowerCase();
    if (!(BUDGET_CATEGORIES as readonly string[]).includes(category)) fail(`budget[${i}].category`, t('activity.file.expected', { expected: BUDGET_CATEGORIES.join('|'), got: show(b.category) }));
    if (seen.has(category)) fail(`budget[${i}].category`, t('activity.file.duplicateCategory', { category }));
    seen.add(category);
    return { category: category as BudgetCategory, amount: within(() => parseAmount(b.amount, `budget[${i}].amount`)) };
  });
  return {
    theme: theme!,
    form: line('form', p.form),
    content: para('content', p.content),
    participation: para('participation', p.participation),
    rewards: para('rewards', p.rewards),
    resources: para('resources', p.resources),
    risks,
    capacity: p.capacity ?? null,
    registrationDeadline: p.registrationDeadline == null || !p.registrationDeadline.trim() ? null : deadline(p.registrationDeadline, clock),
    eligibility: { minPoints: e.minPoints ?? null, minDaysMember: e.minDaysMember ?? null, roles: [...new Set(roles)] },
    budget,
  };
}

/** A date means the end of that day (the last second) in the club's zone; a date and time, that instant. */
function deadline(value: string, clock: Clock): string {
  const parsed = parseDateInput(value, clock);
  if (!parsed) return fail('registrationDeadline', t('activity.file.expected', { expected: t('activity.file.expectDeadline'), got: show(value) }));
  const instant = parsed.hasTime ? parsed.instant : new Date(startOfDate(addDaysToDate(parsed.date, 1), clock.tz).getTime() - 1000);
  return toInstantString(instant, clock.tz);
}

/** The plan as a file holds it (amounts as "128.50" strings): what `activity show --json` prints, and the form's defaults. */
export function planForPeople(plan: ActivityPlan): Omit<ActivityPlan, 'budget'> & { budget: Array<{ category: BudgetCategory; amount: string }> } {
  return { ...plan, budget: plan.budget.map((b) => ({ category: b.category, amount: formatAmount(b.amount) })) };
}
