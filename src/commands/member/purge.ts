import { RuleError, UsageError } from '../../core/errors.js';
import { purgeMember } from '../../core/members/lifecycle.js';
import type { MemberChange } from '../../core/members/lifecycle.js';
import { changedCounts, scrubValue, withTextQuestions } from '../../core/members/purge.js';
import { resolveMember } from '../../core/members/reference.js';
import type { Member, Task } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { COLLECTION_NAMES } from '../../store/schema.js';
import type { CollectionName } from '../../store/types.js';
import { changedOutput, coreEnv } from './shared.js';

/**
 * Purges a former member everywhere: their record, every record that mentions them (all collections), and the
 * automatic backups under .club/backups/, in one locked change. The audit log holds ids only and is not touched.
 */
export default async function purge(ctx: Context, [ref]: unknown[], opts: { yes?: boolean }): Promise<Output> {
  const store = await ctx.openStore();
  if (!opts.yes) {
    if (!ctx.canPrompt) throw new UsageError(t('member.missingYesPurgingErases'), t('member.clubMemberPurgeYes', { ref: String(ref) }));
    const member = resolveMember((await store.read(['members'])).members, ref as string);
    const ok = await ctx.prompter.confirm({ message: t('purge.confirm', { id: member.id, name: member.name }), default: false });
    if (!ok) throw new RuleError(t('member.nothingPurged'));
  }
  let backups: { rewritten: string[]; unreadable: string[] } = { rewritten: [], unreadable: [] };
  const { change, counts } = await store.update(COLLECTION_NAMES, (draft) => {
    const env = coreEnv(ctx, draft.meta);
    const change = purgeMember({ members: draft.members, tasks: draft.tasks, counters: draft.meta.counters }, ref as string, env);
    const terms = withTextQuestions(change.terms, draft.surveys);
    const before: Record<string, readonly unknown[]> = {};
    const after: Record<string, readonly unknown[]> = {};
    const drafts = draft as unknown as Record<CollectionName, unknown[]>;
    for (const name of COLLECTION_NAMES) {
      const records = name === 'members' ? (change.state.members as Member[]) : name === 'tasks' ? (change.state.tasks as Task[]) : drafts[name];
      before[name] = drafts[name];
      after[name] = scrubValue(records, terms);
      if (after[name] !== drafts[name]) drafts[name] = after[name] as unknown[];
    }
    const counts = changedCounts(before, after);
    const result = { change, counts };
    if (Object.keys(counts).length === 0) return { result, audit: null };
    return {
      result,
      audit: { summary: `purged the personal data of ${change.member.id}`, refs: [change.member.id, ...(change.cancelledTasks ?? []).map((task) => task.id)] },
      backups: { rewrite: (doc) => scrubValue(doc, terms), done: (report) => (backups = report) },
    };
  });
  reportPurge(ctx, change, counts, backups);
  // The name is gone by now: say what happened to whom by id.
  return changedOutput(ctx, [change], 'purged', (m) => m.id);
}

function reportPurge(ctx: Context, change: MemberChange, counts: Record<string, number>, backups: { rewritten: string[]; unreadable: string[] }): void {
  const id = change.member.id;
  const changed = Object.entries(counts).map(([name, n]) => `${name} ${n}`);
  if (changed.length) ctx.err(`${t('purge.changed', { id, changes: changed.join(', ') })}\n`);
  if (backups.rewritten.length) ctx.err(`${t('purge.backupsRewritten', { id, count: backups.rewritten.length, files: backups.rewritten.join(', ') })}\n`);
  if (backups.unreadable.length) ctx.warn(t('purge.backupsUnreadable', { files: backups.unreadable.join(', ') }));
  ctx.warn(t('purge.outBackups', { id }));
}
