// What the member commands share: flags -> core input, running a lifecycle change in one store transaction, and
// how a member is shown.
import { percentOf } from '../../core/percent.js';
import type { MemberAttendance } from '../../core/attendance/rules.js';
import type { CoreEnv } from '../../core/env.js';
import type { MemberFieldsInput } from '../../core/members/fields.js';
import type { MemberChange, MemberState } from '../../core/members/lifecycle.js';
import { requireDateInput } from '../../core/time.js';
import type { Member, Task } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import { t, enumLabel } from '../../i18n/index.js';
import type { Column, Output } from '../../io/output.js';
import type { Style } from '../../io/style.js';
import type { Meta, Scope, Snapshot } from '../../store/types.js';

export interface FieldOpts {
  name?: string;
  nick?: string;
  email?: string;
  phone?: string;
  qq?: string;
  wechat?: string;
  city?: string;
  role?: string;
  tag?: string[];
  note?: string;
}

export function fieldsFromOpts(opts: FieldOpts): MemberFieldsInput {
  return {
    name: opts.name,
    nick: opts.nick,
    email: opts.email,
    phone: opts.phone,
    qq: opts.qq,
    wechat: opts.wechat,
    city: opts.city,
    role: opts.role,
    tags: opts.tag,
    note: opts.note,
  };
}

export function coreEnv(ctx: Context, meta: Meta): CoreEnv {
  return { now: ctx.now, settings: meta.settings, actor: ctx.actor };
}

export function parseJoined(ctx: Context, meta: Meta, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return requireDateInput(value, '--joined', { now: ctx.now, tz: meta.settings.timezone }).date;
}

/**
 * Runs lifecycle changes (one per reference) on one snapshot and commits them together: all or nothing.
 */
export async function changeMembers(
  ctx: Context,
  refs: string[],
  apply: (state: MemberState, ref: string, env: CoreEnv, meta: Meta) => MemberChange,
  summarize: (change: MemberChange) => string,
  /**
   * The members the changes look at (Scope.memberRefs, memberContacts): by default those `refs` name, which is all a
   * change of one member's status looks at.
   */
  members: Pick<Scope, 'memberRefs' | 'memberContacts'> = { memberRefs: refs },
): Promise<MemberChange[]> {
  const store = await ctx.openStore();
  return store.update(['members', 'tasks'], (draft: Snapshot<'members' | 'tasks'>) => {
    const env = coreEnv(ctx, draft.meta);
    let state: MemberState = { members: draft.members, tasks: draft.tasks, counters: draft.meta.counters };
    const changes: MemberChange[] = [];
    for (const ref of refs) {
      const change = apply(state, ref, env, draft.meta);
      state = change.state;
      changes.push(change);
    }
    const changed = changes.filter((c) => c.changed !== false);
    if (changed.length === 0) return { result: changes, audit: null };
    draft.members = state.members as Member[];
    draft.tasks = state.tasks as Task[];
    draft.meta = { ...draft.meta, counters: state.counters };
    return {
      result: changes,
      audit: { summary: changed.map(summarize).join('; '), refs: changed.flatMap((c) => [c.member.id, ...c.tasks.map((t) => t.id), ...(c.cancelledTasks ?? []).map((t) => t.id)]) },
    };
  }, members);
}

/** The JSON and confirmation of a write that changed one or more members. */
export function changedOutput(ctx: Context, changes: MemberChange[], verb: MemberVerb, name: (m: Member) => string = (m) => `${m.id} ${m.name}`): Output {
  for (const change of changes) {
    for (const note of change.notes) ctx.warn(note);
    for (const task of change.tasks) ctx.err(t('member.taskDue', { id: task.id, title: task.title, due: task.due }));
    for (const task of change.cancelledTasks ?? []) ctx.err(`${t('task.cancelledWithOwner', { id: task.id, title: task.title })}\n`);
  }
  const members = changes.map((c) => c.member);
  const message = members.map((m) => t(`member.changed.${verb}`, { member: name(m), status: enumLabel(m.status) })).join('\n✓ ');
  return { kind: 'done', data: members.length === 1 ? members[0] : members, message };
}

/** What a member command did, for its confirmation (member.changed.<verb> in the catalogue). */
export type MemberVerb = 'added' | 'purged' | 'restored' | 'approved' | 'warned' | 'rejected' | 'applied' | 'updated' | 'marked' | 'removed';

export function statusText(status: Member['status'], style: Style): string {
  const paint: Record<Member['status'], (t: string) => string> = {
    active: style.green,
    applicant: style.yellow,
    rejected: style.dim,
    left: style.dim,
    removed: style.red,
  };
  return paint[status](enumLabel(status));
}

export const MEMBER_COLUMNS: Column<Member>[] = [
  { header: 'id', key: 'id', value: (m) => m.id, display: (m, s) => s.dim(m.id) },
  { header: 'name', key: 'name', value: (m) => m.name, display: (m, s) => s.bold(m.name) },
  { header: 'nick', key: 'nick', value: (m) => m.nick },
  { header: 'status', key: 'status', value: (m) => m.status, display: (m, s) => statusText(m.status, s) },
  { header: 'role', key: 'role', value: (m) => m.role },
  { header: 'joined', key: 'joinedAt', value: (m) => m.joinedAt },
  { header: 'city', key: 'city', value: (m) => m.city },
  { header: 'tags', key: 'tags', value: (m) => m.tags },
  { header: 'qq', key: 'qq', value: (m) => m.qq },
  { header: 'wechat', key: 'wechat', value: (m) => m.wechat },
  { header: 'email', key: 'email', value: (m) => m.email },
  { header: 'phone', key: 'phone', value: (m) => m.phone },
];

/** Columns shown in the terminal table (CSV and JSON carry every field). */
export const MEMBER_TABLE_KEYS = new Set(['id', 'name', 'nick', 'status', 'role', 'joinedAt', 'city', 'tags']);

export type AttendanceSummary = Omit<MemberAttendance, 'memberId' | 'name'>;

export function renderProfile(member: Member, extra: { points: number; attendance: AttendanceSummary; referrer: Member | undefined; openTasks: Array<Task & { overdue: boolean }> }, style: Style): string {
  const a = extra.attendance;
  const lines = [
    `${style.bold(member.name)} ${style.dim(member.id)}  ${statusText(member.status, style)}`,
    keyValues(
      [
        ['nick', member.nick],
        ['role', member.role],
        ['joined', member.joinedAt],
        ['referrer', extra.referrer ? `${extra.referrer.id} ${extra.referrer.name}` : null],
        ['city', member.city],
        ['tags', member.tags],
        ['qq', member.qq],
        ['wechat', member.wechat],
        ['email', member.email],
        ['phone', member.phone],
        ['note', member.note],
        ['points', extra.points],
        ['attendance', a.rate === null ? null : `${percentOf(a.attended, a.expected)}  ${a.attended}/${a.expected} ${t('member.show.attendanceDetail', { late: a.late, excused: a.excused, absent: a.absent })}`],
      ].filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)) as Array<[string, unknown]>,
      style,
    ),
  ];
  if (member.warnings.length) {
    lines.push('', style.bold(t('member.show.warnings', { n: member.warnings.length })));
    for (const w of member.warnings) lines.push(`  ${w.at.slice(0, 10)}  ${w.reason}${w.by ? style.dim(`  — ${w.by}`) : ''}`);
  }
  if (extra.openTasks.length) {
    lines.push('', style.bold(t('member.show.openTasks')));
    for (const task of extra.openTasks)
      lines.push(`  ${task.id}  ${task.title}${task.overdue ? `  ${style.red(t('member.show.overdue', { due: task.due }))}` : task.due ? style.dim(`  ${t('member.show.due', { due: task.due })}`) : ''}`);
  }
  lines.push('', style.bold(t('member.show.history')));
  for (const h of member.history) lines.push(`  ${h.date}  ${statusText(h.status, style)}${h.reason ? `  ${h.reason}` : ''}${h.by ? style.dim(`  — ${h.by}`) : ''}`);
  return lines.join('\n');
}
