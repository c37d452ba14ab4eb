import { registerMembers } from '../../core/activities/register.js';
import { MAX_NOTE } from '../../core/activities/register-import.js';
import { resolveAll } from '../../core/attendance/checkin.js';
import { UsageError } from '../../core/errors.js';
import { oneLineText } from '../../core/text.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { registerTransaction, registrationJson, signUpAudit, tellSignUps } from './shared.js';

export default async function register(ctx: Context, [sessionRef, refs]: unknown[], opts: { note?: string; force?: boolean }): Promise<Output> {
  const references = (refs as string[] | undefined) ?? [];
  if (references.length === 0) throw new UsageError(t('register.missingMembers'), `club register ${String(sessionRef)} M...`);
  const note = opts.note === undefined ? null : oneLineText('--note', opts.note, MAX_NOTE) || null;
  const r = await registerTransaction(ctx, String(sessionRef), ({ state, session, env, by }) => {
    const members = resolveAll(state.members, references);
    const result = registerMembers(state, { session, signUps: members.map((member) => ({ member, note })), source: 'manual', by, force: Boolean(opts.force) }, env);
    return { registrations: result.registrations, result: { ...result, session, members: new Map(state.members.map((m) => [m.id, m])) }, audit: signUpAudit(session, result.added, result.promoted) };
  }, references);
  for (const note of r.notes) ctx.warn(note);
  tellSignUps(ctx, r.session, r.registrations, r.added, r.promoted, r.members);
  const name = (id: string) => r.members.get(id)?.name ?? id;
  const registered = r.added.filter((a) => a.status === 'registered').length;
  return {
    kind: 'done',
    data: r.added.map((a) => registrationJson(a, r.registrations, name(a.memberId))),
    message: t('register.done', { registered, waitlisted: r.added.length - registered, session: r.session.id, title: r.session.title }),
  };
}
