import { actorKey } from '../../core/activities/actor.js';
import { AmbiguousError, NotFoundError, UsageError } from '../../core/errors.js';
import { formatAmount, parseAmount } from '../../core/money/amount.js';
import { parseCategory } from '../../core/money/budgets.js';
import { addExpense, expenseForPeople } from '../../core/money/expenses.js';
import type { ReceiptFile } from '../../core/money/receipts.js';
import type { ReceiptRef } from '../../core/money/types.js';
import { resolveMember } from '../../core/members/reference.js';
import { findSession } from '../../core/sessions/sessions.js';
import { oneLineText } from '../../core/text.js';
import { requireDateInput, toDateString, toInstantString } from '../../core/time.js';
import type { Member } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { readReceiptFile } from '../../io/receipt-file.js';
import { t } from '../../i18n/index.js';
import { stepMessage } from './shared.js';

interface AddOpts {
  amount: string;
  category: string;
  session?: string;
  payee: string;
  note: string;
  receipt?: string[];
  date?: string;
  force?: boolean;
}

/** The payee: the one member the text names, else the text itself (a shop, a person outside the club). */
function payeeOf(members: readonly Member[], text: string): { payeeId: string | null; payee: string | null } {
  try {
    return { payeeId: resolveMember(members, text).id, payee: null };
  } catch (err) {
    if (err instanceof AmbiguousError) throw err;
    if (!(err instanceof NotFoundError)) throw err;
    return { payeeId: null, payee: oneLineText('--payee', text, 100) };
  }
}

export default async function expenseAdd(ctx: Context, _args: unknown[], opts: AddOpts): Promise<Output> {
  const store = await ctx.openStore();
  const r = await store.update(['expenses', 'budgets', 'sessions', 'members'], (draft) => {
    // Checked under the lock: the messages are in the club's language, and the currency is the club's.
    const settings = draft.meta.settings;
    const amount = parseAmount(opts.amount, '--amount', settings.currency);
    const category = parseCategory(opts.category);
    const note = oneLineText('--note', opts.note, 500);
    if (!note) throw new UsageError(t('expense.noteRequired'));
    const clock = { now: ctx.now, tz: settings.timezone };
    const date = opts.date === undefined ? toDateString(ctx.now, settings.timezone) : requireDateInput(opts.date, '--date', clock).date;
    const sessionId = opts.session === undefined ? null : findSession(draft.sessions, opts.session).id;
    const receipts: ReceiptRef[] = [];
    const files: ReceiptFile[] = [];
    for (const path of opts.receipt ?? []) {
      const { ref, file } = readReceiptFile(ctx.cwd, path);
      if (!files.some((f) => f.sha256 === file.sha256)) files.push(file);
      receipts.push(ref);
    }
    const by = actorKey(draft.members, ctx.actor, ctx.login ?? null);
    const r = addExpense(draft.expenses, draft.budgets, draft.meta.counters, {
      amount,
      category,
      sessionId,
      ...payeeOf(draft.members, opts.payee),
      note,
      date,
      receipts,
      force: opts.force === true,
      by,
      at: toInstantString(ctx.now, settings.timezone),
    });
    draft.expenses = r.expenses;
    draft.meta = { ...draft.meta, counters: r.counters };
    const e = r.expense;
    // Ids, amounts, the category and the date only: the note and the payee's name are free text.
    const summary = `expense ${e.id} submitted: ${formatAmount(e.amount)} ${e.category}${e.sessionId ? ` at ${e.sessionId}` : ''} on ${e.date}${e.payeeId ? ` for ${e.payeeId}` : ''}${e.receipts.length ? `, ${e.receipts.length} receipt(s)` : ''}${e.overBudget ? ' over budget' : ''}`;
    return {
      result: { expense: e, members: draft.members, remaining: r.remaining },
      audit: { summary, refs: [e.id, ...(e.sessionId ? [e.sessionId] : []), ...(e.payeeId ? [e.payeeId] : [])] },
      ...(files.length ? { receipts: files } : {}),
    };
  });
  const e = r.expense;
  if (e.overBudget) ctx.warn(t('expense.forcedOver', { id: e.id, session: e.sessionId!, category: t(`activity.budget.${e.category}`), remaining: formatAmount(r.remaining) }));
  return { kind: 'done', data: expenseForPeople(e, r.members), message: `${t('expense.added', { id: e.id, amount: formatAmount(e.amount) })}\n${stepMessage(e).split('\n').slice(1).join('\n')}`.trimEnd() };
}
