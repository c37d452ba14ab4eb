import { editMember, membersToAdd } from '../../core/members/lifecycle.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput, fieldsFromOpts, parseJoined } from './shared.js';
import type { FieldOpts } from './shared.js';

interface Opts extends FieldOpts {
  addTag?: string[];
  removeTag?: string[];
  joined?: string;
  referrer?: string;
}

export default async function edit(ctx: Context, [ref]: unknown[], opts: Opts): Promise<Output> {
  // The member, the referrer named, and any member who already has one of the new contacts.
  const looked = membersToAdd({ fields: fieldsFromOpts(opts), referrer: opts.referrer?.trim() ? opts.referrer : undefined });
  const changes = await changeMembers(
    ctx,
    [ref as string],
    (state, r, env, meta) =>
      editMember(
        state,
        r,
        {
          fields: fieldsFromOpts(opts),
          addTags: opts.addTag,
          removeTags: opts.removeTag,
          joined: parseJoined(ctx, meta, opts.joined),
          referrer: opts.referrer === undefined ? undefined : opts.referrer.trim() === '' ? null : opts.referrer,
        },
        env,
      ),
    (c) => `edited ${c.member.id}`,
    { memberRefs: [ref as string, ...looked.memberRefs], memberContacts: looked.memberContacts },
  );
  return changedOutput(ctx, changes, 'updated');
}
