import { UsageError } from '../../core/errors.js';
import { redactContacts } from '../../core/members/redact.js';
import { MEMBER_STATUSES } from '../../core/types.js';
import type { Member } from '../../core/types.js';
import { counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { withOutput } from '../../io/files.js';
import { jsonLineTexts } from '../../io/json-lines.js';
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
  // Every member in id order, one a line, as the store keeps them: parsed and written a batch at a time, so that an
  // export of 50,000 members holds the file's bytes and one batch, never every member and the whole text.
  const lines = jsonLineTexts(await store.readLines('members'))!;
  const { csvLines } = await import('../../io/csv.js');
  const cell = (m: Member, field: (typeof EXPORT_FIELDS)[number]): unknown => {
    const value = m[field];
    if (field === 'warnings' || field === 'history') return JSON.stringify(value);
    if (field === 'purged') return value ? 'true' : 'false';
    return value;
  };
  let count = 0;
  const write = async (put: (text: string) => void) => {
    if (!opts.json) put(`${opts.bom ? '\uFEFF' : ''}${csvLines([], [...EXPORT_FIELDS])}`);
    for (const batch of lines) {
      let rows = batch.map((text) => JSON.parse(text) as Member);
      if (opts.status) rows = rows.filter((m) => m.status === opts.status);
      if (opts.redact) rows = rows.map(redactContacts);
      if (rows.length === 0) continue;
      // JSON as JSON.stringify(members, null, 2) lays it out, a member at a time.
      if (opts.json) put(`${count ? ',\n' : '[\n'}${rows.map((m) => `  ${JSON.stringify(m, null, 2).replace(/\n/g, '\n  ')}`).join(',\n')}`);
      else put(csvLines(rows.map((m) => EXPORT_FIELDS.map((f) => cell(m, f)))));
      count += rows.length;
    }
    if (opts.json) put(count ? '\n]\n' : '[]\n');
  };

  if (!opts.out) {
    await write((text) => ctx.out(text));
    return;
  }
  const file = await withOutput(ctx, opts.out, write);
  const message = t('member.exportedTo', { value: counted(count, 'member'), file, value2: opts.json ? 'JSON' : 'CSV', value3: opts.bom && !opts.json ? t('member.withBom') : '', value4: opts.redact ? t('member.contactsMasked') : '' });
  if (file !== '-') ctx.err(`✓ ${message}\n`);
}
