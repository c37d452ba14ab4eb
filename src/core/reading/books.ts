// Books and the weekly shelf: a book is referenced by its id (b1) or its exact title.
import { AmbiguousError, NotFoundError, RuleError, UsageError } from '../errors.js';
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { allocateId } from '../ids.js';
import { oneLineText } from '../text.js';
import type { Counters } from '../types.js';
import { t } from '../../i18n/index.js';
import type { Book, Shelf } from './types.js';

export interface BookInput {
  title: string;
  author?: string | undefined;
  pages?: number | undefined;
  big?: boolean | undefined;
  tags?: string[] | undefined;
}

export function addBook(books: readonly Book[], counters: Counters, input: BookInput, env: CoreEnv): { books: Book[]; counters: Counters; book: Book } {
  const title = oneLineText('title', input.title);
  if (!title) throw new UsageError(t('reading.emptyTitle'));
  if (books.some((b) => b.title === title)) throw new RuleError(t('reading.bookExists', { title }), t('reading.bookExists.hint'));
  const { id, counters: next } = allocateId(counters, 'book');
  const author = input.author === undefined ? null : oneLineText('--author', input.author) || null;
  const tags = [...new Set((input.tags ?? []).map((tag) => oneLineText('--tag', tag)).filter(Boolean))];
  const book: Book = { id, title, author, pages: input.pages ?? null, big: Boolean(input.big), tags, createdAt: nowInstant(env) };
  return { books: [...books, book], counters: next, book };
}

/** A book by id (`b1`) or exact title. */
export function resolveBook(books: readonly Book[], ref: string): Book {
  const text = ref.trim();
  const byId = /^b\d+$/i.test(text) ? books.find((b) => b.id === text.toLowerCase()) : undefined;
  if (byId) return byId;
  const byTitle = books.filter((b) => b.title === text);
  if (byTitle.length === 1) return byTitle[0]!;
  if (byTitle.length > 1) throw new AmbiguousError(t('reading.bookAmbiguous', { ref: text }), byTitle.map((b) => `${b.id} ${b.title}`));
  throw new NotFoundError(t('reading.noBook', { ref: text }), t('reading.noBook.hint'));
}

/** Sets the week's shelf to `bookIds` (replacing it). */
export function setShelf(shelves: readonly Shelf[], week: string, bookIds: string[], env: CoreEnv): { shelves: Shelf[]; shelf: Shelf } {
  const unique = [...new Set(bookIds)];
  const shelf: Shelf = { week, bookIds: unique, at: nowInstant(env) };
  return { shelves: [...shelves.filter((s) => s.week !== week), shelf], shelf };
}

/** How many books a week's shelf holds when the admins share it (README: "five books to choose from"). */
export const SHELF_SIZE = 5;
