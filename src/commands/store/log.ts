import { UsageError } from '../../core/errors.js';
import { resolveMember } from '../../core/members/reference.js';
import { toInstantString } from '../../core/time.js';
import type { AuditEntry } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';

interface Opts {
  limit?: string;
  member?: string;
}

export default async function log(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    if (!/^\d+$/.test(opts.limit) || Number(opts.limit) < 1) throw new UsageError(`invalid --limit: ${JSON.stringify(opts.limit)} (expected a whole number >= 1)`);
    limit = Number(opts.limit);
  }
  const store = await ctx.openStore();
  let entries = await store.readAudit();
  const tz = (await store.read([])).meta.settings.timezone;
  if (opts.member !== undefined) {
    const { members } = await store.read(['members']);
    const member = resolveMember(members, opts.member);
    entries = entries.filter((e) => e.refs.includes(member.id));
  }
  if (limit !== undefined) entries = entries.slice(-limit);
  const rows = entries.map((e): AuditEntry => ({ ...e, at: toInstantString(new Date(e.at), tz) }));
  return list(
    rows,
    [
      { header: 'time', key: 'at', value: (e) => e.at, display: (e, s) => s.dim(e.at.slice(0, 16).replace('T', ' ')) },
      { header: 'by', key: 'actor', value: (e) => e.actor },
      { header: 'change', key: 'summary', value: (e) => e.summary },
      { header: 'command', key: 'command', value: (e) => e.command, display: (e, s) => s.dim(`club ${e.command}`) },
    ],
    { empty: 'the log is empty' },
  );
}
