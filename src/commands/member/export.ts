import { UsageError } from '../../core/errors.js';
import { compareIds } from '../../core/ids.js';
import { redactContacts } from '../../core/members/redact.js';
import { MEMBER_STATUSES } from '../../core/types.js';
import type { Member } from '../../core/types.js';
import { counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { writeOutput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

interface Opts {
  csv?: boolean;
  json?: boolean;
  out?: string;
  bom?: boolean;
  redact?: boolean;
  status?: string;
}

/** Every member field, in this order; `club member import` reads the same names back. */
export const EXPORT_FIELDS = [
  'id', 'name', 'nick', 'email', 'phone', 'qq', 'wechat', 'city', 'role', 'status', 'tags',
  'joinedAt', 'referrerId', 'note', 'warnings', 'history', 'createdAt', 'purged',
] as const satisfies ReadonlyArray<keyof Member>;

export default async function memberExport(ctx: Context, _args: unknown[], opts: Opts): Promise<Output | void> {
  if (opts.json && opts.csv) throw new UsageError(t('member.jsonAndCsvCannot'));
  if (opts.status !== undefined && !(MEMBER_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(t('member.invalidStatusExpected', { status: JSON.stringify(opts.status), value: MEMBER_STATUSES.join('|') }));
  }
  const store = await ctx.openStore();
  const { members } = await store.read(['members']);
  let rows = [...members].sort((a, b) => compareIds(a.id, b.id));
  if (opts.status) rows = rows.filter((m) => m.status === opts.status);
  if (opts.redact) rows = rows.map(redactContacts);

  let content: string;
  if (opts.json) {
    content = `${JSON.stringify(rows, null, 2)}\n`;
  } else {
    const { toCsv } = await import('../../io/csv.js');
    const cell = (m: Member, field: (typeof EXPORT_FIELDS)[number]): unknown => {
      const value = m[field];
      if (field === 'warnings' || field === 'history') return JSON.stringify(value);
      if (field === 'purged') return value ? 'true' : 'false';
      return value;
    };
    content = toCsv([...EXPORT_FIELDS], rows.map((m) => EXPORT_FIELDS.map((f) => cell(m, f))), { bom: opts.bom });
  }

  if (!opts.out) {
    ctx.out(content);
    return;
  }
  const file = await writeOutput(ctx, opts.out, content);
  const message = t('member.exportedTo', { value: counted(rows.length, 'member'), file, value2: opts.json ? 'JSON' : 'CSV', value3: opts.bom && !opts.json ? t('member.withBom') : '', value4: opts.redact ? t('member.contactsMasked') : '' });
  if (file !== '-') ctx.err(`✓ ${message}\n`);
}
