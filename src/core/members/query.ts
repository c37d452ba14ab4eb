// Listing and showing members: filters, search, sort, and the profile of `member show`.
import { UsageError } from '../errors.js';
import { compareNames } from '../collation.js';
import { compareIds } from '../ids.js';
import { MEMBER_STATUSES, ROLES } from '../types.js';
import type { Member } from '../types.js';
import { t } from '../../i18n/index.js';

export interface ListQuery {
  status?: string | undefined;
  role?: string | undefined;
  tag?: string | undefined;
  search?: string | undefined;
  sort?: string | undefined;
}

export const SORT_KEYS = ['name', 'joined', 'points', 'attendance', 'id'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortData {
  points?: ReadonlyMap<string, number>;
  attendance?: ReadonlyMap<string, number>;
  /** Locale for name order: zh sorts by pinyin. */
  lang: 'zh' | 'en';
}

export function validateQuery(query: ListQuery): void {
  if (query.status !== undefined && !(MEMBER_STATUSES as readonly string[]).includes(query.status)) {
    throw new UsageError(t('member.invalidStatusExpected', { status: JSON.stringify(query.status), value: MEMBER_STATUSES.join('|') }));
  }
  if (query.role !== undefined && !(ROLES as readonly string[]).includes(query.role)) {
    throw new UsageError(t('member.invalidRoleExpected', { role: JSON.stringify(query.role), value: ROLES.join('|') }));
  }
  if (query.sort !== undefined && !(SORT_KEYS as readonly string[]).includes(query.sort)) {
    throw new UsageError(t('member.invalidSortExpected', { sort: JSON.stringify(query.sort), value: SORT_KEYS.join('|') }));
  }
}

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en-US');

function searchable(m: Member): string {
  return fold([m.id, m.name, m.nick, m.email, m.phone, m.qq, m.wechat, m.city, m.note, ...m.tags].filter(Boolean).join('\u0000'));
}

export function filterMembers(members: readonly Member[], query: ListQuery): Member[] {
  validateQuery(query);
  const needle = query.search ? fold(query.search.trim()) : '';
  const tag = query.tag ? fold(query.tag.trim()) : '';
  return members.filter(
    (m) =>
      (query.status === undefined || m.status === query.status) &&
      (query.role === undefined || m.role === query.role) &&
      (!tag || m.tags.some((t) => fold(t) === tag)) &&
      (!needle || searchable(m).includes(needle)),
  );
}

export function sortMembers(members: Member[], sort: SortKey | undefined, data: SortData): Member[] {
  const names = compareNames(data.lang, { base: true });
  const byName = (a: Member, b: Member) => names(a.name, b.name) || compareIds(a.id, b.id);
  const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const key = sort ?? 'id';
  const numeric = (map: ReadonlyMap<string, number> | undefined) => (a: Member, b: Member) =>
    (map?.get(b.id) ?? 0) - (map?.get(a.id) ?? 0) || byName(a, b);
  const compare: Record<SortKey, (a: Member, b: Member) => number> = {
    id: (a, b) => compareIds(a.id, b.id),
    name: byName,
    joined: (a, b) => plain(a.joinedAt ?? '9999', b.joinedAt ?? '9999') || compareIds(a.id, b.id),
    points: numeric(data.points),
    attendance: numeric(data.attendance),
  };
  return [...members].sort(compare[key]);
}
