import { SHELF_SIZE, resolveBook, setShelf } from '../../core/reading/books.js';
import type { Book } from '../../core/reading/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';
import { bookColumns, bookJson } from './book-list.js';
import { weekOfFlag } from './shared.js';

export default async function bookShelf(ctx: Context, [refs]: unknown[], opts: { week?: string }): Promise<Output> {
  const given = (refs as string[] | undefined) ?? [];
  const store = await ctx.openStore();
  if (given.length === 0) {
    const { meta, books, shelves } = await store.read(['books', 'shelves']);
    const week = weekOfFlag(ctx, meta, opts.week).week;
    const shelf = shelves.find((s) => s.week === week);
    const rows = (shelf?.bookIds ?? []).map((id) => books.find((b) => b.id === id)).filter((b): b is Book => Boolean(b));
    return list(rows, bookColumns(), { empty: t('reading.noShelf', { week }), json: { week, books: rows.map(bookJson) } });
  }
  const { shelf, rows } = await store.update(['books', 'shelves'], (draft) => {
    const week = weekOfFlag(ctx, draft.meta, opts.week).week;
    const picked = given.map((ref) => resolveBook(draft.books, ref));
    const r = setShelf(draft.shelves, week, picked.map((b) => b.id), coreEnv(ctx, draft.meta));
    draft.shelves = r.shelves;
    return { result: { shelf: r.shelf, rows: r.shelf.bookIds.map((id) => picked.find((b) => b.id === id)!) }, audit: { summary: `shelf ${week}: ${r.shelf.bookIds.length} books`, refs: r.shelf.bookIds } };
  });
  if (rows.length !== SHELF_SIZE) ctx.warn(t('reading.shelfSize', { count: rows.length, size: SHELF_SIZE }));
  ctx.err(`${t('reading.shelfSet', { week: shelf.week, count: rows.length })}\n`);
  return list(rows, bookColumns(), { empty: '', json: { week: shelf.week, books: rows.map(bookJson) } });
}
