import { cancelRegistration } from '../../core/activities/register.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { registerTransaction, registrationJson, signUpAudit, tellSignUps } from './shared.js';

export default async function registerCancel(ctx: Context, [sessionRef, ref]: unknown[], opts: { force?: boolean }): Promise<Output> {
  const r = await registerTransaction(ctx, String(sessionRef), ({ state, session, env }) => {
    const member = resolveMember(state.members, String(ref));
    const result = cancelRegistration(state, session, member, { force: Boolean(opts.force) }, env);
    return { registrations: result.registrations, result: { ...result, session, member, members: new Map(state.members.map((m) => [m.id, m])) }, audit: signUpAudit(session, [result.cancelled], result.promoted, 'cancelled a registration') };
  }, [String(ref)]);
  tellSignUps(ctx, r.session, r.registrations, [], r.promoted, r.members);
  const name = (id: string) => r.members.get(id)?.name ?? id;
  return {
    kind: 'done',
    data: { ...registrationJson(r.cancelled, r.registrations, r.member.name), promoted: r.promoted.map((p) => registrationJson(p, r.registrations, name(p.memberId))) },
    message: t('register.cancelledDone', { member: `${r.member.id} ${r.member.name}`, session: r.session.id, title: r.session.title }),
  };
}
