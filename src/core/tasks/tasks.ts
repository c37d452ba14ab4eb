// Tasks (SPEC §5): owners, due dates, sessions; done; overdue = open and due before today.
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { NotFoundError, RuleError, UsageError } from '../errors.js';
import { allocateId } from '../ids.js';
import { resolveMember } from '../members/reference.js';
import type { Session } from '../sessions/types.js';
import type { Counters, Member, Task } from '../types.js';

export function addTask(
  state: { tasks: readonly Task[]; members: readonly Member[]; sessions: readonly Session[]; counters: Counters },
  input: { title: string; owner?: string | undefined; due?: string | undefined; session?: string | undefined },
  env: CoreEnv,
) {
  const title = input.title.normalize('NFC').trim();
  if (!title || /[\u0000-\u001f\u007f]/.test(title)) throw new UsageError(`invalid task title ${JSON.stringify(input.title)}`);
  const owner = input.owner === undefined ? null : resolveMember(state.members, input.owner);
  if (owner && owner.status !== 'active') throw new RuleError(`${owner.id} ${owner.name} is not an active member`);
  let sessionId: string | null = null;
  if (input.session !== undefined) {
    const session = state.sessions.find((s) => s.id === input.session!.trim().toLowerCase());
    if (!session) throw new NotFoundError(`no session ${JSON.stringify(input.session)}`);
    sessionId = session.id;
  }
  const { id, counters } = allocateId(state.counters, 'task');
  const task: Task = { id, title, ownerId: owner?.id ?? null, due: input.due ?? null, status: 'open', doneAt: null, sessionId, kind: null, createdAt: nowInstant(env) };
  return { tasks: [...state.tasks, task], counters, task };
}

export function completeTask(tasks: readonly Task[], ref: string, env: CoreEnv) {
  const task = tasks.find((t) => t.id === ref.trim().toLowerCase());
  if (!task) throw new NotFoundError(`no task ${JSON.stringify(ref)}`, 'see club task list');
  if (task.status === 'done') throw new RuleError(`${task.id} is already done (${task.doneAt})`);
  const next: Task = { ...task, status: 'done', doneAt: nowInstant(env) };
  return { tasks: tasks.map((t) => (t.id === task.id ? next : t)), task: next };
}

export function isOverdue(task: Task, todayDate: string): boolean {
  return task.status === 'open' && task.due !== null && task.due < todayDate;
}

export function overdueTasks(tasks: readonly Task[], env: CoreEnv): Task[] {
  const d = today(env);
  return tasks.filter((t) => isOverdue(t, d));
}
