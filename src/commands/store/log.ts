import { RuleError, UsageError } from '../../core/errors.js';
import { purgedName } from '../../core/members/purge.js';
import { resolveMember } from '../../core/members/reference.js';
import { toInstantString } from '../../core/time.js';
import type { AuditEntry } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';

interface Opts {
  limit?: string;
  member?: string;
  head?: boolean;
}

export default async function log(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    if (!/^\d+$/.test(opts.limit) || Number(opts.limit) < 1) throw new UsageError(t('store.invalidLimitExpectedA', { limit: JSON.stringify(opts.limit) }));
    limit = Number(opts.limit);
  }
  const store = await ctx.openStore();
  if (opts.head) return head(await store.auditHead(), store.kind);
  let entries = await store.readAudit();
  // The log holds ids only; today's names are looked up for printing (a purged member shows as "(purged m12)").
  const { meta, roster } = await store.read([], { roster: true });
  const tz = meta.settings.timezone;
  if (opts.member !== undefined) {
    const { members } = await store.read(['members']);
    const member = resolveMember(members, opts.member);
    entries = entries.filter((e) => e.refs.includes(member.id));
  }
  if (limit !== undefined) entries = entries.slice(-limit);
  const rows = entries.map((e): AuditEntry => ({ ...e, at: toInstantString(new Date(e.at), tz) }));
  const nameOf = (id: string): string | undefined => roster?.get(id)?.name;
  const withNames = (text: string): string =>
    text.replace(/\bm[1-9]\d*\b/g, (id) => {
      const name = nameOf(id);
      return name === undefined ? id : name === purgedName(id) ? name : `${id} ${name}`;
    });
  const json = rows.map((e) => ({ ...e, names: Object.fromEntries(e.refs.flatMap((id) => (nameOf(id) === undefined ? [] : [[id, nameOf(id)!]]))) }));
  return list(
    rows,
    [
      { header: 'time', key: 'at', value: (e) => e.at, display: (e, s) => s.dim(e.at.slice(0, 16).replace('T', ' ')) },
      { header: 'by', key: 'actor', value: (e) => e.actor, display: (e) => (e.by === undefined ? e.actor : t('log.onBehalf', { actor: e.actor, by: withNames(e.by) })) },
      { header: 'change', key: 'summary', value: (e) => e.summary, display: (e) => withNames(e.summary) },
      { header: 'command', key: 'command', value: (e) => e.command, display: (e, s) => s.dim(`club ${e.command}`) },
    ],
    { empty: t('store.theLogIsEmpty'), json },
  );
}

/** `club log --head`: the latest audit row's hash, to keep elsewhere and give to `club check --head` later. */
function head(hash: string | null, kind: 'folder' | 'postgres'): Output {
  if (kind === 'folder') throw new RuleError(t('pgcontract.noChain'), t('pgcontract.noChain.hint'));
  if (hash === null) throw new RuleError(t('pgcontract.emptyLog'));
  return { kind: 'text', text: `${hash}\n`, data: { head: hash } };
}
