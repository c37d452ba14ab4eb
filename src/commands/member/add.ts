import { normalizeFields } from '../../core/members/fields.js';
import type { MemberFieldsInput } from '../../core/members/fields.js';
import { addMember, membersToAdd } from '../../core/members/lifecycle.js';
import { ROLES } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { requireInteractive } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { changeMembers, changedOutput, fieldsFromOpts, parseJoined } from './shared.js';
import type { FieldOpts } from './shared.js';
import { enumLabel, t } from '../../i18n/index.js';

interface Opts extends FieldOpts {
  joined?: string;
  referrer?: string;
}

export default async function add(ctx: Context, [name]: unknown[], opts: Opts): Promise<Output> {
  let fields = { ...opts, name: name as string | undefined };
  if (fields.name === undefined) {
    requireInteractive(ctx, 'NAME (club member add NAME)');
    fields = { ...fields, ...(await askFields(ctx)) };
  }
  const memberFields = fieldsFromOpts(fields);
  const changes = await changeMembers(
    ctx,
    [''],
    (state, _ref, env, meta) => addMember(state, { fields: memberFields, joined: parseJoined(ctx, meta, opts.joined), referrer: opts.referrer, status: 'active' }, env),
    (c) => `added ${c.member.id}`,
    membersToAdd({ fields: memberFields, referrer: opts.referrer }),
  );
  return changedOutput(ctx, changes, 'added');
}

/** The short form of `member add` at a terminal: name first, the rest optional. */
async function askFields(ctx: Context): Promise<FieldOpts> {
  const p = ctx.prompter;
  // Each answer is checked as it is typed, with the same rules as the flags, so a typo is fixed on the spot.
  const check = (field: keyof MemberFieldsInput) => (value: string) => {
    try {
      normalizeFields(field === 'tags' ? { tags: [value] } : { [field]: value });
      return true;
    } catch (err) {
      return (err as Error).message;
    }
  };
  const optional = async (message: string, field: keyof MemberFieldsInput) =>
    (await p.input({ message: t('member.optional', { message }), validate: check(field) })).trim() || undefined;
  const name = await p.input({ message: t('member.name'), required: true, validate: check('name') });
  const nick = await optional(t('member.form.nick'), 'nick');
  const qq = await optional('QQ', 'qq');
  const wechat = await optional(t('member.form.wechat'), 'wechat');
  const phone = await optional(t('member.form.phone'), 'phone');
  const email = await optional(t('member.form.email'), 'email');
  const city = await optional(t('member.form.city'), 'city');
  const role = await p.select<string>({ message: t('member.role'), choices: ROLES.map((r) => ({ name: enumLabel(r), value: r })), default: 'member' });
  const tags = await optional(t('member.form.tags'), 'tags');
  return { name, nick, qq, wechat, phone, email, city, role, tag: tags ? [tags] : undefined };
}
