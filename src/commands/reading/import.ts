import { basename } from 'node:path';
import { fold, parseChatLog, parseSenderMaps } from '../../core/attendance/chatlog.js';
import { UsageError } from '../../core/errors.js';
import { compareIds } from '../../core/ids.js';
import { resolveMember } from '../../core/members/reference.js';
import { planReadingCheckins } from '../../core/reading/checkins.js';
import type { ReadingChatPlan } from '../../core/reading/checkins.js';
import { streakOf } from '../../core/reading/rules.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { decodeText, parseEncoding } from '../../io/encoding.js';
import { readInput } from '../../io/files.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

interface Row {
  memberId: string;
  name: string;
  added: number;
  streak: number;
}

export default async function readingImport(ctx: Context, [file]: unknown[], opts: { keyword: string; map?: string[]; encoding?: string; dryRun?: boolean }): Promise<Output> {
  const text = decodeText(await readInput(ctx, String(file), t('what.chatLog')), parseEncoding(opts.encoding)).text;
  const maps = parseSenderMaps(opts.map ?? []);
  if (!fold(opts.keyword)) throw new UsageError(t('reading.emptyKeyword'));
  const store = await ctx.openStore();
  const { plan, rows } = await store.update(['members', 'readingCheckins'], (draft) => {
    const tz = draft.meta.settings.timezone;
    const messages = parseChatLog(text, tz);
    if (messages.length === 0) throw new UsageError(t('reading.noMessages', { file: basename(String(file)) }), t('reading.noMessages.hint'));
    const overrides = new Map(maps.map(([nick, ref]) => [fold(nick), resolveMember(draft.members, ref)]));
    const plan = planReadingCheckins(messages, draft.members, draft.readingCheckins, { keyword: opts.keyword, overrides, tz });
    const checkins = opts.dryRun ? draft.readingCheckins : [...draft.readingCheckins, ...plan.added];
    const today = toDateString(ctx.now, tz);
    const ids = [...new Set(plan.added.map((c) => c.memberId))].sort(compareIds);
    const rows: Row[] = ids.map((id) => ({
      memberId: id,
      name: draft.members.find((m) => m.id === id)!.name,
      added: plan.added.filter((c) => c.memberId === id).length,
      streak: streakOf([...draft.readingCheckins, ...plan.added], id, today),
    }));
    if (opts.dryRun || plan.added.length === 0) return { result: { plan, rows }, audit: null };
    draft.readingCheckins = checkins;
    return { result: { plan, rows }, audit: { summary: `reading check-ins: ${plan.added.length} from a chat log`, refs: ids } };
  });
  report(ctx, plan);
  const message = t(opts.dryRun ? 'reading.importDry' : 'reading.imported', { count: plan.added.length, members: rows.length });
  return list(
    rows,
    [
      { header: 'id', key: 'memberId', value: (r: Row) => r.memberId },
      { header: t('reading.col.name'), key: 'name', value: (r) => r.name },
      { header: t('reading.col.added'), key: 'added', value: (r) => r.added },
      { header: t('reading.col.streak'), key: 'streak', value: (r) => r.streak },
    ],
    { empty: message, footer: message },
  );
}

function report(ctx: Context, plan: ReadingChatPlan): void {
  for (const u of plan.unmatched) ctx.warn(t('reading.unmatched', { line: u.line, sender: `${u.sender}${u.qq ? `(${u.qq})` : u.email ? `<${u.email}>` : ''}` }));
  for (const i of plan.inactive) ctx.warn(t('reading.inactiveSender', { line: i.line, member: `${i.member.id} ${i.member.name}`, date: i.date }));
  if (plan.repeats) ctx.err(`  ${t('reading.repeats', { count: plan.repeats })}\n`);
}
