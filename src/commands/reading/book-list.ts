import type { Book } from '../../core/reading/types.js';
import { compareIds } from '../../core/ids.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export const bookColumns = () => [
  { header: 'id', key: 'id', value: (b: Book) => b.id },
  { header: t('reading.col.title'), key: 'title', value: (b: Book) => b.title },
  { header: t('reading.col.author'), key: 'author', value: (b: Book) => b.author },
  { header: t('reading.col.pages'), key: 'pages', value: (b: Book) => b.pages },
  { header: t('reading.col.big'), key: 'big', value: (b: Book) => b.big, display: (b: Book) => (b.big ? '✓' : '') },
  { header: t('reading.col.tags'), key: 'tags', value: (b: Book) => b.tags.join(','), display: (b: Book) => b.tags.join(', ') },
];

/** A book as its JSON shape (README "Reading plan"): id, title, author, pages, big, tags. */
export const bookJson = (b: Book) => ({ id: b.id, title: b.title, author: b.author, pages: b.pages, big: b.big, tags: b.tags });

export default async function bookList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const { books } = await store.read(['books']);
  const rows = [...books].sort((a, b) => compareIds(a.id, b.id));
  return list(rows, bookColumns(), { empty: t('reading.noBooks'), json: rows.map(bookJson) });
}
