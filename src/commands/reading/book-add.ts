import { addBook } from '../../core/reading/books.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';
import { parsePages } from './shared.js';

export default async function bookAdd(ctx: Context, [title]: unknown[], opts: { author?: string; pages?: string; big?: boolean; tag?: string[] }): Promise<Output> {
  const pages = parsePages(opts.pages);
  const store = await ctx.openStore();
  const book = await store.update(['books'], (draft) => {
    const r = addBook(draft.books, draft.meta.counters, { title: String(title), author: opts.author, pages, big: opts.big, tags: opts.tag }, coreEnv(ctx, draft.meta));
    draft.books = r.books;
    draft.meta = { ...draft.meta, counters: r.counters };
    return { result: r.book, audit: { summary: `added book ${r.book.id}`, refs: [r.book.id] } };
  });
  return { kind: 'done', data: book, message: t('reading.bookAdded', { id: book.id, title: book.title }) };
}
