// Admission and the member lifecycle (SPEC §5): add, apply -> approve/reject, warn, remove, restore, edit, purge.
// Each function takes the current state and returns the next one; nothing is mutated.
import { RuleError, UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { allocateId } from '../ids.js';
import type { Counters, Member, MemberStatus, StatusChange, Task } from '../types.js';
import { onboardingTask } from '../tasks/onboarding.js';
import { cancelOpenTasksOf } from '../tasks/tasks.js';
import { findContactDuplicate, normalizeFields, normalizeTags } from './fields.js';
import type { MemberFields, MemberFieldsInput } from './fields.js';
import { describeMember, resolveMember } from './reference.js';
import { purgeTerms, scrubValue } from './purge.js';
import type { PurgeTerms } from './purge.js';
import { t, enumLabel, type MessageKey } from '../../i18n/index.js';

export interface MemberState {
  members: readonly Member[];
  tasks: readonly Task[];
  counters: Counters;
}

export interface MemberChange {
  state: MemberState;
  member: Member;
  /** Tasks created by the change (the onboarding task). */
  tasks: Task[];
  /** Open tasks of the member the change cancelled (they left, were removed, rejected or purged). */
  cancelledTasks?: Task[];
  /** Things the admin should know, for stderr. */
  notes: string[];
  /** False when the request asked for what was already so (edit with the same values): nothing to write. */
  changed?: boolean;
}

export interface AddInput {
  fields: MemberFieldsInput;
  /** `YYYY-MM-DD`; defaults to today for active members. */
  joined?: string | undefined;
  referrer?: string | undefined;
  status: 'active' | 'applicant';
}

/**
 * The members addMember looks at: the one its referrer names, and any who already has one of its contacts (email,
 * phone, QQ, WeChat). A store reads just those where it can find them without reading every member.
 */
export function membersToAdd(input: Pick<AddInput, 'fields' | 'referrer'>): { memberRefs: string[]; memberContacts: string[] } {
  const memberRefs = input.referrer === undefined ? [] : [input.referrer];
  let fields: MemberFields;
  try {
    fields = normalizeFields(input.fields);
  } catch {
    // addMember says what is wrong with them.
    return { memberRefs, memberContacts: [] };
  }
  return { memberRefs, memberContacts: [fields.email, fields.phone, fields.qq, fields.wechat].filter((c): c is string => typeof c === 'string' && c !== '') };
}

function replace(members: readonly Member[], next: Member): Member[] {
  return members.map((m) => (m.id === next.id ? next : m));
}

function change(status: MemberStatus, date: string, reason: string | null, env: CoreEnv): StatusChange {
  return { status, date, at: nowInstant(env), reason, by: env.actor };
}

function requireStatus(member: Member, allowed: MemberStatus[], action: string): void {
  if (!allowed.includes(member.status)) {
    throw new RuleError(t('member.cannotTheMemberIs', { action: t(`member.action.${action}` as MessageKey), id: member.id, name: member.name, status: enumLabel(member.status), value: allowed.map(enumLabel).join(t('words.or')) }));
  }
}

function requireReason(reason: string | undefined, flag = '--reason'): string {
  const text = reason === undefined ? '' : oneLineText(flag, reason, 500);
  if (!text) throw new UsageError(t('member.missing', { flag }), t('member.sayWhyForThe'));
  return text;
}

/** The change of a member who is gone for now (left, removed, rejected, purged): their open tasks are cancelled. */
function departed(state: MemberState, member: Member, env: CoreEnv): MemberChange {
  const { tasks, cancelled } = cancelOpenTasksOf(state.tasks, member.id, env);
  return { state: { ...state, members: replace(state.members, member), tasks }, member, tasks: [], cancelledTasks: cancelled, notes: [] };
}

function checkJoined(joined: string, env: CoreEnv): void {
  if (joined > today(env)) throw new UsageError(t('member.invalidJoinedIsIn', { joined }));
}

/** Onboarding applies to a member who becomes active today (SPEC §5, tasks). */
function withOnboarding(state: MemberState, member: Member, env: CoreEnv): { state: MemberState; tasks: Task[] } {
  if (member.joinedAt !== today(env)) return { state, tasks: [] };
  const days = env.settings['onboarding.planDueDays'];
  if (days <= 0) return { state, tasks: [] };
  const { id, counters } = allocateId(state.counters, 'task');
  const task = onboardingTask(id, member, days, env);
  return { state: { ...state, tasks: [...state.tasks, task], counters }, tasks: [task] };
}

/** A member record from normalised personal fields and the record's own bookkeeping. */
export function newMember(
  id: string,
  fields: MemberFields & { name: string },
  rest: Pick<Member, 'status' | 'joinedAt' | 'referrerId' | 'warnings' | 'history' | 'createdAt' | 'purged'>,
): Member {
  return {
    id,
    name: fields.name,
    nick: fields.nick ?? null,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    qq: fields.qq ?? null,
    wechat: fields.wechat ?? null,
    city: fields.city ?? null,
    role: fields.role ?? 'member',
    status: rest.status,
    tags: fields.tags ?? [],
    joinedAt: rest.joinedAt,
    referrerId: rest.referrerId,
    note: fields.note ?? null,
    warnings: rest.warnings,
    history: rest.history,
    createdAt: rest.createdAt,
    purged: rest.purged,
  };
}

export function addMember(state: MemberState, input: AddInput, env: CoreEnv): MemberChange {
  const fields = normalizeFields(input.fields);
  if (!fields.name) throw new UsageError(t('member.missingName'), t('member.clubMemberAddName'));
  const duplicate = findContactDuplicate(state.members, fields);
  if (duplicate) {
    throw new RuleError(
      t('member.alreadyHasThis', { member: describeMember(duplicate.member), field: t(`col.${duplicate.field}`), value: fields[duplicate.field] }),
      t('member.useClubMemberEdit'),
    );
  }
  let referrerId: string | null = null;
  if (input.referrer !== undefined) {
    const referrer = resolveMember(state.members, input.referrer);
    if (referrer.status !== 'active') throw new RuleError(t('member.theReferrerIsNot', { referrer: describeMember(referrer) }));
    referrerId = referrer.id;
  } else if (input.status === 'applicant') {
    throw new UsageError(t('member.missingReferrer'), t('member.anApplicationNeedsAn'));
  }
  if (input.joined) checkJoined(input.joined, env);
  const { id, counters } = allocateId(state.counters, 'member');
  const active = input.status === 'active';
  const date = active ? (input.joined ?? today(env)) : today(env);
  const member = newMember(id, { ...fields, name: fields.name }, {
    status: input.status,
    joinedAt: active ? date : null,
    referrerId,
    warnings: [],
    history: [change(input.status, date, null, env)],
    createdAt: nowInstant(env),
    purged: false,
  });

  const base: MemberState = { ...state, members: [...state.members, member], counters };
  const onboarding = active ? withOnboarding(base, member, env) : { state: base, tasks: [] };
  return { state: onboarding.state, member, tasks: onboarding.tasks, notes: [] };
}

export function approveMember(state: MemberState, ref: string, opts: { joined?: string | undefined }, env: CoreEnv): MemberChange {
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['applicant'], 'approve');
  if (opts.joined) checkJoined(opts.joined, env);
  const date = opts.joined ?? today(env);
  const member: Member = {
    ...current,
    status: 'active',
    joinedAt: date,
    history: [...current.history, change('active', date, 'approved', env)],
  };
  const onboarding = withOnboarding({ ...state, members: replace(state.members, member) }, member, env);
  return { state: onboarding.state, member, tasks: onboarding.tasks, notes: [] };
}

export function rejectMember(state: MemberState, ref: string, reason: string | undefined, env: CoreEnv): MemberChange {
  const why = requireReason(reason);
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['applicant'], 'reject');
  const member: Member = { ...current, status: 'rejected', history: [...current.history, change('rejected', today(env), why, env)] };
  return departed(state, member, env);
}

export function warnMember(state: MemberState, ref: string, reason: string | undefined, env: CoreEnv): MemberChange {
  const why = requireReason(reason);
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['active'], 'warn');
  const member: Member = { ...current, warnings: [...current.warnings, { at: nowInstant(env), reason: why, by: env.actor }] };
  const limit = env.settings['discipline.warningsBeforeRemoval'];
  const notes =
    limit > 0 && member.warnings.length >= limit
      ? [t('member.removalDue', { member: `${member.id} ${member.name}`, count: member.warnings.length, limit, id: member.id })]
      : [];
  return { state: { ...state, members: replace(state.members, member) }, member, tasks: [], notes };
}

export function removeMember(
  state: MemberState,
  ref: string,
  opts: { reason: string | undefined; status?: string | undefined },
  env: CoreEnv,
): MemberChange {
  const why = requireReason(opts.reason);
  const status = opts.status ?? 'left';
  if (status !== 'left' && status !== 'removed') throw new UsageError(t('member.invalidStatusExpectedLeft', { status: JSON.stringify(status) }));
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['active'], 'remove');
  const member: Member = { ...current, status, history: [...current.history, change(status, today(env), why, env)] };
  return departed(state, member, env);
}

/** Undoes a removal or rejection: back to the status before it. */
export function restoreMember(state: MemberState, ref: string, env: CoreEnv): MemberChange {
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['left', 'removed', 'rejected'], 'restore');
  if (current.purged) throw new RuleError(t('member.wasPurgedItsPersonal', { id: current.id }), t('member.addThePersonAgain'));
  const previous = [...current.history].reverse().find((h) => h.status === 'active' || h.status === 'applicant');
  const status: MemberStatus = previous?.status ?? (current.status === 'rejected' ? 'applicant' : 'active');
  const member: Member = { ...current, status, history: [...current.history, change(status, today(env), 'restored', env)] };
  return { state: { ...state, members: replace(state.members, member) }, member, tasks: [], notes: [] };
}

export interface EditInput {
  fields: MemberFieldsInput;
  addTags?: string[] | undefined;
  removeTags?: string[] | undefined;
  joined?: string | undefined;
  referrer?: string | null | undefined;
}

export function editMember(state: MemberState, ref: string, input: EditInput, env: CoreEnv): MemberChange {
  const current = resolveMember(state.members, ref);
  if (current.purged) throw new RuleError(t('member.wasPurgedAndCannot', { id: current.id }));
  const fields = normalizeFields(input.fields);
  const duplicate = findContactDuplicate(state.members, fields, current.id);
  if (duplicate) throw new RuleError(t('member.alreadyHasThis', { member: describeMember(duplicate.member), field: t(`col.${duplicate.field}`), value: fields[duplicate.field] }));
  let tags = fields.tags ?? current.tags;
  if (input.addTags?.length) tags = [...tags, ...normalizeTags(input.addTags).filter((t) => !tags.includes(t))];
  if (input.removeTags?.length) {
    const drop = normalizeTags(input.removeTags);
    tags = tags.filter((t) => !drop.includes(t));
  }
  let joinedAt = current.joinedAt;
  let history = current.history;
  if (input.joined !== undefined) {
    checkJoined(input.joined, env);
    if (current.joinedAt === null) throw new RuleError(t('member.hasNeverBeenActive', { id: current.id, name: current.name }));
    joinedAt = input.joined;
    // The first activation in the history moves with the corrected join date, so reports stay consistent.
    const first = history.findIndex((h) => h.status === 'active');
    if (first >= 0) history = history.map((h, i) => (i === first ? { ...h, date: input.joined! } : h));
  }
  let referrerId = current.referrerId;
  if (input.referrer !== undefined) {
    referrerId = input.referrer === null ? null : resolveMember(state.members, input.referrer).id;
    if (referrerId === current.id) throw new RuleError(t('member.aMemberCannotRefer'));
  }
  const member: Member = { ...current, ...fields, tags, joinedAt, history, referrerId };
  const changed = JSON.stringify(member) !== JSON.stringify(current);
  return { state: changed ? { ...state, members: replace(state.members, member) } : state, member, tasks: [], notes: changed ? [] : [t('common.nothingToChange')], changed };
}

/**
 * Erases the personal data of a former member from their record and cancels their open tasks; status, dates and
 * counts stay for the club's statistics. `terms` (purge.ts) then scrub every other record that mentions them.
 */
export function purgeMember(state: MemberState, ref: string, env: CoreEnv): MemberChange & { terms: PurgeTerms } {
  const current = resolveMember(state.members, ref);
  requireStatus(current, ['left', 'removed', 'rejected'], 'purge');
  const terms = purgeTerms(current, state.members);
  const member: Member = { ...scrubValue(current, terms), purged: true };
  return { ...departed(state, member, env), terms };
}
