// What the register commands share: one transaction over the registrations with everything the rules read (the
// session, its plan, the members it concerns, their points balances), and how a change is told on stderr.
import { actorKey } from '../../core/activities/actor.js';
import type { RegisterState } from '../../core/activities/register.js';
import { registrationsOf } from '../../core/activities/registrations.js';
import type { Registration } from '../../core/activities/types.js';
import type { CoreEnv } from '../../core/env.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Session } from '../../core/sessions/types.js';
import type { Member } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { t } from '../../i18n/index.js';
import type { AuditInput, Scope } from '../../store/types.js';
import { coreEnv } from '../member/shared.js';

export interface RegisterDraft {
  state: RegisterState;
  session: Session;
  env: CoreEnv;
  /** Who acts, as the registrations record it. */
  by: string;
}

/**
 * Runs `fn` under the store's lock (arrival order is commit order) with the session and the state of its rules.
 * `fn` returns the new registrations (or null for no change), its result and the audit. `refs`: the members the
 * command names, when it has them.
 */
export async function registerTransaction<R>(
  ctx: Context,
  sessionRef: string,
  fn: (d: RegisterDraft) => { registrations: Registration[] | null; result: R; audit: AuditInput | null },
  refs?: readonly string[],
): Promise<R> {
  const store = await ctx.openStore();
  // The members the rules read: those named, the session's registrants (a freed place goes to the first waitlisted
  // one still active) and the actor (unless it is a database login): only those, a name looked up by the store among
  // what each member can be named by, not among every member.
  // Only the session's own block of sessions: a session is named by its id (findSession), the only one read.
  const sessionId = sessionRef.trim().toLowerCase();
  const scope: Scope = {
    balances: true,
    ...(/^s[1-9]\d*$/.test(sessionId) && { sessionIds: [sessionId] }),
    ...(refs && {
      memberRefs: ctx.login != null ? refs : [...refs, ctx.actor],
      memberIds: (read: { registrations?: readonly Registration[] }) => [...new Set((read.registrations ?? []).filter((r) => r.sessionId === sessionId).map((r) => r.memberId))],
    }),
  };
  return store.update(
    ['registrations', 'activities', 'sessions', 'members'],
    (draft) => {
      const env = coreEnv(ctx, draft.meta);
      const session = findSession(draft.sessions, sessionRef);
      const state: RegisterState = { registrations: draft.registrations, activities: draft.activities, members: draft.members, balances: draft.balances ?? new Map() };
      const out = fn({ state, session, env, by: actorKey(draft.members, ctx.actor, ctx.login ?? null) });
      if (out.registrations === null || out.audit === null) return { result: out.result, audit: null };
      draft.registrations = out.registrations;
      return { result: out.result, audit: out.audit };
    },
    scope,
  );
}

/** The audit summary of sign-ups: ids and statuses only. */
export function signUpAudit(session: Session, added: readonly Registration[], promoted: readonly Registration[], what = 'registered'): AuditInput {
  const parts = [...added.map((r) => `${r.memberId} ${r.status}`), ...promoted.map((r) => `${r.memberId} promoted`)];
  return { summary: `${what} for ${session.id}: ${parts.join(', ')}`, refs: [session.id, ...added.map((r) => r.memberId), ...promoted.map((r) => r.memberId)] };
}

/** Each new registration's place or waitlist position, and each promotion, on stderr. */
export function tellSignUps(ctx: Context, session: Session, registrations: readonly Registration[], added: readonly Registration[], promoted: readonly Registration[], members: ReadonlyMap<string, Member>): void {
  const view = registrationsOf(registrations, session.id);
  const who = (id: string) => `${id} ${members.get(id)?.name ?? id}`;
  for (const p of promoted) ctx.err(`${t('register.promoted', { member: who(p.memberId), session: session.id })}\n`);
  for (const r of added) {
    const place = view.registered.findIndex((x) => x.memberId === r.memberId) + 1;
    const position = view.waitlisted.findIndex((x) => x.memberId === r.memberId) + 1;
    ctx.err(`  ${place > 0 ? t('register.placed', { member: who(r.memberId), session: session.id, place }) : t('register.waitlistedAt', { member: who(r.memberId), session: session.id, position })}\n`);
  }
}

/** A registration as --json shows a change: the list row's fields. */
export function registrationJson(r: Registration, registrations: readonly Registration[], name: string) {
  const view = registrationsOf(registrations, r.sessionId);
  const position = view.waitlisted.findIndex((x) => x.memberId === r.memberId);
  return { sessionId: r.sessionId, memberId: r.memberId, name, status: r.status, position: position >= 0 ? position + 1 : null, at: r.at, note: r.note, promotedAt: r.promotedAt, cancelledAt: r.cancelledAt };
}
