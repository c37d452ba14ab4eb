// The plan as a form at a terminal: each field asked in turn, prefilled with the current plan when editing. What it
// returns is checked by validatePlan exactly as a file is.
import { BUDGET_CATEGORIES } from '../../core/activities/types.js';
import type { ActivityPlan } from '../../core/activities/types.js';
import { formatAmount, parseAmount } from '../../core/money/amount.js';
import { ROLES } from '../../core/types.js';
import type { Prompter } from '../../io/prompter.js';
import { enumLabel, t } from '../../i18n/index.js';
import { budgetLabel } from './shared.js';

const wholeOrEmpty = (min: number) => (value: string): true | string => (value.trim() === '' || (/^-?\d+$/.test(value.trim()) && Number(value) >= min) ? true : t('activity.form.whole', { min }));

const amountOk = (value: string): true | string => {
  try {
    parseAmount(value);
    return true;
  } catch (err) {
    return (err as Error).message;
  }
};

const orNull = (value: string): string | null => (value.trim() === '' ? null : value);
const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value));

export async function planForm(p: Prompter, current: ActivityPlan | null): Promise<Record<string, unknown>> {
  const ask = (key: string, value: string | number | null | undefined, required = false) =>
    p.input({ message: t(`activity.form.${key}` as Parameters<typeof t>[0]), default: value == null ? '' : String(value), ...(required ? { required: true } : {}) });
  const theme = await ask('theme', current?.theme, true);
  const form = orNull(await ask('form', current?.form));
  const content = orNull(await ask('content', current?.content));
  const participation = orNull(await ask('participation', current?.participation));
  const rewards = orNull(await ask('rewards', current?.rewards));
  const resources = orNull(await ask('resources', current?.resources));

  let risks: Array<{ risk: string; mitigation: string }> = current?.risks ?? [];
  if (risks.length === 0 || !(await p.confirm({ message: t('activity.form.keepRisks', { n: risks.length }), default: true }))) {
    risks = [];
    for (;;) {
      const risk = await p.input({ message: t('activity.form.risk', { n: risks.length + 1 }) });
      if (!risk.trim()) break;
      risks.push({ risk, mitigation: await p.input({ message: t('activity.form.mitigation'), required: true }) });
    }
  }
  const capacity = numberOrNull(await p.input({ message: t('activity.form.capacity'), default: current?.capacity == null ? '' : String(current.capacity), validate: wholeOrEmpty(1) }));
  const registrationDeadline = orNull(await ask('registrationDeadline', current?.registrationDeadline));
  const minPoints = numberOrNull(await p.input({ message: t('activity.form.minPoints'), default: current?.eligibility.minPoints == null ? '' : String(current.eligibility.minPoints), validate: wholeOrEmpty(-1_000_000) }));
  const minDaysMember = numberOrNull(await p.input({ message: t('activity.form.minDaysMember'), default: current?.eligibility.minDaysMember == null ? '' : String(current.eligibility.minDaysMember), validate: wholeOrEmpty(0) }));
  const roles = await p.checkbox<string>({ message: t('activity.form.roles'), choices: ROLES.map((r) => ({ name: enumLabel(r), value: r, checked: current?.eligibility.roles.includes(r) ?? false })) });

  let budget: Array<{ category: string; amount: string }> = (current?.budget ?? []).map((b) => ({ category: b.category, amount: formatAmount(b.amount) }));
  if (budget.length === 0 || !(await p.confirm({ message: t('activity.form.keepBudget', { lines: budget.map((b) => `${budgetLabel(b.category)} ${b.amount}`).join(', ') }), default: true }))) {
    budget = [];
    for (;;) {
      const left = BUDGET_CATEGORIES.filter((c) => !budget.some((b) => b.category === c));
      const category = await p.select<string>({ message: t('activity.form.budgetCategory'), choices: [{ name: t('activity.form.done'), value: '' }, ...left.map((c) => ({ name: budgetLabel(c), value: c }))] });
      if (!category) break;
      budget.push({ category, amount: await p.input({ message: t('activity.form.amount', { category: budgetLabel(category) }), validate: amountOk }) });
    }
  }
  return { theme, form, content, participation, rewards, resources, risks, capacity, registrationDeadline, eligibility: { minPoints, minDaysMember, roles }, budget };
}
