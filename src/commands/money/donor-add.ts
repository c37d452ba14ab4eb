import { addDonor } from '../../core/money/donations.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';

export default async function donorAdd(ctx: Context, [name]: unknown[], opts: { organisation?: boolean; member?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const donor = await store.update(['donors', 'members'], (draft) => {
    const r = addDonor({ donors: draft.donors, members: draft.members, counters: draft.meta.counters }, { name: String(name), organisation: opts.organisation, member: opts.member }, coreEnv(ctx, draft.meta));
    draft.donors = r.donors;
    draft.meta = { ...draft.meta, counters: r.counters };
    // Ids and the kind only: the name is personal.
    const refs = [r.donor.id, ...(r.donor.memberId ? [r.donor.memberId] : [])];
    const what = `${r.created ? 'added' : 'named the anonymous'} donor ${r.donor.id}`;
    return { result: { donor: r.donor, created: r.created }, audit: { summary: `${what} (${r.donor.kind}${r.donor.memberId ? `, member ${r.donor.memberId}` : ''})`, refs } };
  });
  return { kind: 'done', data: donor.donor, message: t(donor.created ? 'donor.added' : 'donor.named', { id: donor.donor.id, name: donor.donor.name, kind: t(`donor.kind.${donor.donor.kind}`) }) };
}
