import { compareIds } from '../../core/ids.js';
import { resolveMember } from '../../core/members/reference.js';
import { addDaysToDate, instantDate, toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { escapeMarkdown } from '../../io/markdown.js';
import { sanitizeNotes } from '../../io/notes-markdown.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { parseDateRange } from '../session/shared.js';
import { weekOfFlag } from './shared.js';

export interface NoteEntry {
  taskId: string;
  memberId: string;
  name: string;
  bookId: string;
  title: string;
  author: string | null;
  notesAt: string;
  onTime: boolean;
  notes: string;
}

/** The notes handed in from `from` to `to` (left out), by member, as a Markdown digest; default this week. */
export default async function readingNotes(ctx: Context, [memberRef]: unknown[], opts: { from?: string; to?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, members, books, readingTasks } = await store.read(['members', 'books', 'readingTasks']);
  const tz = meta.settings.timezone;
  const range = parseDateRange(ctx, meta, opts);
  const week = weekOfFlag(ctx, meta, undefined);
  const from = range.from ?? (range.to ? addDaysToDate(range.to, -7) : week.from);
  const to = range.to ?? (range.from ? addDaysToDate(toDateString(ctx.now, tz), 1) : week.to);
  const member = memberRef === undefined ? null : resolveMember(members, String(memberRef));
  const entries: NoteEntry[] = readingTasks
    .filter((k) => k.notes !== null && k.notesAt !== null && (!member || k.memberId === member.id))
    .filter((k) => {
      const day = instantDate(k.notesAt!, tz);
      return day >= from && day < to;
    })
    .sort((a, b) => compareIds(a.memberId, b.memberId) || Date.parse(a.notesAt!) - Date.parse(b.notesAt!))
    .map((k) => {
      const book = books.find((b) => b.id === k.bookId);
      return {
        taskId: k.id,
        memberId: k.memberId,
        name: members.find((m) => m.id === k.memberId)?.name ?? k.memberId,
        bookId: k.bookId,
        title: book?.title ?? k.bookId,
        author: book?.author ?? null,
        notesAt: k.notesAt!,
        onTime: instantDate(k.notesAt!, tz) <= k.due,
        notes: k.notes!,
      };
    });
  const last = addDaysToDate(to, -1);
  const lines = [`# ${escapeMarkdown(t('reading.digestTitle', { name: meta.settings.name, from, to: last }))}`, ''];
  if (entries.length === 0) lines.push(escapeMarkdown(t('reading.digestEmpty')), '');
  for (const e of entries) {
    const book = `《${e.title}》${e.author ? `（${e.author}）` : ''}`;
    lines.push(`## ${escapeMarkdown(`${e.name} · ${book}`)}`, '');
    lines.push(`*${escapeMarkdown(t('reading.digestHandedIn', { date: instantDate(e.notesAt, tz) }))}${e.onTime ? '' : ` · ${escapeMarkdown(t('reading.digestLate'))}`}*`, '');
    lines.push(sanitizeNotes(e.notes), '');
  }
  return { kind: 'text', text: `${lines.join('\n').trimEnd()}\n`, data: { from, to, notes: entries } };
}
