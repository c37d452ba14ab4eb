// Tasks (SPEC §5): owners, due dates, sessions; done; overdue = open and due before today.
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { allocateId } from '../ids.js';
import { resolveMember } from '../members/reference.js';
import type { Session } from '../sessions/types.js';
import type { Counters, Member, Task } from '../types.js';
import { t, enumLabel } from '../../i18n/index.js';

export function addTask(
  state: { tasks: readonly Task[]; members: readonly Member[]; sessions: readonly Session[]; counters: Counters },
  input: { title: string; owner?: string | undefined; due?: string | undefined; session?: string | undefined },
  env: CoreEnv,
) {
  const title = oneLineText('TITLE', input.title, 500);
  if (!title) throw new UsageError(t('task.invalidTaskTitle', { title: JSON.stringify(input.title) }));
  const owner = input.owner === undefined ? null : resolveMember(state.members, input.owner);
  if (owner && owner.status !== 'active') throw new RuleError(t('task.isNotAnActive', { id: owner.id, name: owner.name }));
  let sessionId: string | null = null;
  if (input.session !== undefined) {
    const session = state.sessions.find((s) => s.id === input.session!.trim().toLowerCase());
    if (!session) throw new NotFoundError(t('task.noSession', { session: JSON.stringify(input.session) }));
    sessionId = session.id;
  }
  const { id, counters } = allocateId(state.counters, 'task');
  const task: Task = { id, title, ownerId: owner?.id ?? null, due: input.due ?? null, status: 'open', doneAt: null, sessionId, kind: null, createdAt: nowInstant(env) };
  return { tasks: [...state.tasks, task], counters, task };
}

export function completeTask(tasks: readonly Task[], ref: string, env: CoreEnv) {
  const task = tasks.find((t) => t.id === ref.trim().toLowerCase());
  if (!task) throw new NotFoundError(t('task.noTask', { ref: JSON.stringify(ref) }), t('task.seeClubTaskList'));
  if (task.status === 'done') throw new RuleError(t('task.isAlreadyDone', { id: task.id, doneAt: task.doneAt }));
  if (task.status === 'cancelled') throw new RuleError(t('task.wasCancelled', { id: task.id, cancelledAt: task.cancelledAt }), t('task.addItAgainIf'));
  const next: Task = { ...task, status: 'done', doneAt: nowInstant(env) };
  return { tasks: tasks.map((t) => (t.id === task.id ? next : t)), task: next };
}

export function cancelTask(tasks: readonly Task[], ref: string, reason: string | undefined, env: CoreEnv) {
  const task = tasks.find((t) => t.id === ref.trim().toLowerCase());
  if (!task) throw new NotFoundError(t('task.noTask', { ref: JSON.stringify(ref) }), t('task.seeClubTaskList'));
  if (task.status !== 'open') throw new RuleError(t('task.isAlready', { id: task.id, status: enumLabel(task.status), value: task.status === 'done' ? task.doneAt : task.cancelledAt }));
  const why = reason === undefined ? undefined : oneLineText('--reason', reason, 500);
  if (reason !== undefined && !why) throw new UsageError(t('task.invalidReason', { reason: JSON.stringify(reason) }));
  const next: Task = { ...task, status: 'cancelled', cancelledAt: nowInstant(env), ...(why ? { cancelReason: why } : {}) };
  return { tasks: tasks.map((t) => (t.id === task.id ? next : t)), task: next };
}

/**
 * The open tasks of a member who leaves, is removed, rejected or purged are cancelled with the change: nobody is
 * left to do them, and they must not show as overdue.
 */
export function cancelOpenTasksOf(tasks: readonly Task[], memberId: string, env: CoreEnv): { tasks: readonly Task[]; cancelled: Task[] } {
  const cancelled: Task[] = [];
  const next = tasks.map((t) => {
    if (t.ownerId !== memberId || t.status !== 'open') return t;
    const done: Task = { ...t, status: 'cancelled', cancelledAt: nowInstant(env) };
    cancelled.push(done);
    return done;
  });
  return { tasks: cancelled.length ? next : tasks, cancelled };
}

/** Statuses whose open tasks are never overdue (a store written before their tasks were cancelled on departure). */
const GONE = new Set(['left', 'removed', 'rejected']);

/** Open and due before today; never a task of a member who has left, was removed or rejected (ownerStatus). */
export function isOverdue(task: Task, todayDate: string, ownerStatus?: string | null): boolean {
  if (ownerStatus && GONE.has(ownerStatus)) return false;
  return task.status === 'open' && task.due !== null && task.due < todayDate;
}

export function overdueTasks(tasks: readonly Task[], env: CoreEnv, members: ReadonlyArray<{ id: string; status: string }> = []): Task[] {
  const d = today(env);
  const status = new Map(members.map((m) => [m.id, m.status]));
  return tasks.filter((t) => isOverdue(t, d, t.ownerId ? status.get(t.ownerId) : null));
}
