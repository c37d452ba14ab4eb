// The database layout of a PostgreSQL store (SPEC §8, §14): one schema `club` per database, one table per collection
// with typed key columns a reporting tool can query (`psql`, Metabase, Excel through ODBC), and the whole record in
// `doc` (type json, which keeps the record's text as written, so a record reads back byte for byte). Members' contacts
// live only in their own columns, beside masked copies for the roles that may not see them (column privileges).
import { maskEmail, maskId, maskPhone } from '../../core/members/redact.js';
import { COLLECTION_KEYS } from '../schema.js';
import type { CollectionName } from '../schema.js';

export interface Column {
  name: string;
  /** The SQL type, as json_to_recordset and CREATE TABLE take it. */
  type: string;
  /** The column's value from a record. */
  of: (record: Record<string, unknown>) => unknown;
  /** The record's field the column copies (club check compares them); none for a computed column. */
  field?: string;
}

export interface TableSpec {
  collection: CollectionName;
  table: string;
  /** The columns of the record's key (COLLECTION_KEYS in columns). */
  key: readonly string[];
  columns: readonly Column[];
}

const col = (name: string, type: string, field: string): Column => ({ name, type, field, of: (r) => r[field] ?? null });

export const CONTACTS = ['email', 'phone', 'qq', 'wechat'] as const;
export type ContactField = (typeof CONTACTS)[number];

const MASKS: Record<ContactField, (value: string) => string> = { email: maskEmail, phone: maskPhone, qq: maskId, wechat: maskId };

const recorded = col('recorded_at', 'timestamptz', 'recordedAt');

export const TABLES: readonly TableSpec[] = [
  {
    collection: 'members',
    table: 'members',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      col('name', 'text', 'name'),
      col('nick', 'text', 'nick'),
      col('status', 'text', 'status'),
      col('role', 'text', 'role'),
      col('city', 'text', 'city'),
      col('joined_at', 'date', 'joinedAt'),
      col('referrer_id', 'text', 'referrerId'),
      col('purged', 'boolean', 'purged'),
      ...CONTACTS.map((c) => col(c, 'text', c)),
      ...CONTACTS.map((c): Column => ({ name: `${c}_masked`, type: 'text', of: (r) => (typeof r[c] === 'string' ? MASKS[c](r[c] as string) : null) })),
      recorded,
    ],
  },
  {
    collection: 'sessions',
    table: 'sessions',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      col('title', 'text', 'title'),
      col('type', 'text', 'type'),
      col('status', 'text', 'status'),
      col('starts_at', 'timestamptz', 'startsAt'),
      col('ends_at', 'timestamptz', 'endsAt'),
      col('host_id', 'text', 'hostId'),
      col('series_id', 'text', 'seriesId'),
      recorded,
    ],
  },
  {
    collection: 'attendance',
    table: 'attendance',
    key: ['session_id', 'member_id'],
    columns: [col('session_id', 'text', 'sessionId'), col('member_id', 'text', 'memberId'), col('status', 'text', 'status'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'ledger',
    table: 'ledger',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      col('member_id', 'text', 'memberId'),
      col('delta', 'integer', 'delta'),
      col('kind', 'text', 'kind'),
      col('at', 'timestamptz', 'at'),
      col('ref', 'text', 'ref'),
      recorded,
    ],
  },
  {
    collection: 'tasks',
    table: 'tasks',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('title', 'text', 'title'), col('owner_id', 'text', 'ownerId'), col('due', 'date', 'due'), col('status', 'text', 'status'), col('session_id', 'text', 'sessionId'), recorded],
  },
  {
    collection: 'topics',
    table: 'topics',
    key: ['session_id', 'n'],
    columns: [col('session_id', 'text', 'sessionId'), col('n', 'integer', 'n'), col('proposed_by', 'text', 'proposedBy'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'votes',
    table: 'votes',
    key: ['session_id', 'kind', 'voter_id'],
    columns: [col('session_id', 'text', 'sessionId'), col('kind', 'text', 'kind'), col('voter_id', 'text', 'voterId'), col('choice', 'text', 'choice'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'rewards',
    table: 'rewards',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('name', 'text', 'name'), col('cost', 'integer', 'cost'), col('stock', 'integer', 'stock'), recorded],
  },
  {
    collection: 'surveys',
    table: 'surveys',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('title', 'text', 'title'), col('status', 'text', 'status'), col('anonymous', 'boolean', 'anonymous'), recorded],
  },
  {
    collection: 'responses',
    table: 'responses',
    key: ['survey_id', 'n'],
    columns: [col('survey_id', 'text', 'surveyId'), col('n', 'integer', 'n'), col('member_id', 'text', 'memberId'), col('date', 'date', 'date'), recorded],
  },
  {
    collection: 'feedback',
    table: 'feedback',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('member_id', 'text', 'memberId'), col('date', 'date', 'date'), recorded],
  },
  {
    collection: 'activities',
    table: 'activities',
    key: ['session_id'],
    columns: [col('session_id', 'text', 'sessionId'), col('status', 'text', 'status'), recorded],
  },
  {
    collection: 'registrations',
    table: 'registrations',
    key: ['session_id', 'member_id'],
    columns: [col('session_id', 'text', 'sessionId'), col('member_id', 'text', 'memberId'), col('status', 'text', 'status'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'staff',
    table: 'staff',
    key: ['session_id', 'member_id'],
    columns: [col('session_id', 'text', 'sessionId'), col('member_id', 'text', 'memberId'), col('duty', 'text', 'duty'), recorded],
  },
  {
    collection: 'hours',
    table: 'hours',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('member_id', 'text', 'memberId'), col('session_id', 'text', 'sessionId'), col('hours', 'numeric(4,2)', 'hours'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'books',
    table: 'books',
    key: ['id'],
    columns: [col('id', 'text', 'id'), col('title', 'text', 'title'), col('author', 'text', 'author'), col('pages', 'integer', 'pages'), col('big', 'boolean', 'big'), recorded],
  },
  {
    collection: 'shelves',
    table: 'shelves',
    key: ['week'],
    columns: [col('week', 'text', 'week'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'readingTasks',
    table: 'reading_tasks',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      col('member_id', 'text', 'memberId'),
      col('book_id', 'text', 'bookId'),
      col('started_on', 'date', 'startedOn'),
      col('due', 'date', 'due'),
      col('done_at', 'timestamptz', 'doneAt'),
      recorded,
    ],
  },
  {
    collection: 'readingCheckins',
    table: 'reading_checkins',
    key: ['member_id', 'date'],
    columns: [col('member_id', 'text', 'memberId'), col('date', 'date', 'date'), col('at', 'timestamptz', 'at'), recorded],
  },
  {
    collection: 'budgets',
    table: 'budgets',
    key: ['session_id', 'category'],
    columns: [col('session_id', 'text', 'sessionId'), col('category', 'text', 'category'), col('amount', 'bigint', 'amount'), recorded],
  },
  {
    collection: 'expenses',
    table: 'expenses',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      col('amount', 'bigint', 'amount'),
      col('category', 'text', 'category'),
      col('session_id', 'text', 'sessionId'),
      col('payee_id', 'text', 'payeeId'),
      col('date', 'date', 'date'),
      col('status', 'text', 'status'),
      col('paid_on', 'date', 'paidOn'),
      col('over_budget', 'boolean', 'overBudget'),
      recorded,
    ],
  },
  {
    collection: 'donors',
    table: 'donors',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      // An anonymous donor's name and member are in name and member_id only, which roles below the treasurer's may not
      // read (ddl.ts): its doc holds its id for a name and no member, the *_public columns null (SPEC §14 "Money").
      { name: 'name', type: 'text', of: (r) => r.name ?? null },
      { name: 'name_public', type: 'text', of: (r) => (r.anonymous === true ? null : (r.name ?? null)) },
      col('kind', 'text', 'kind'),
      { name: 'member_id', type: 'text', of: (r) => r.memberId ?? null },
      { name: 'member_id_public', type: 'text', field: 'memberId', of: (r) => (r.anonymous === true ? null : (r.memberId ?? null)) },
      col('anonymous', 'boolean', 'anonymous'),
      recorded,
    ],
  },
  {
    collection: 'donations',
    table: 'donations',
    key: ['id'],
    columns: [
      col('id', 'text', 'id'),
      // The donor is in donor_id only, which roles below the treasurer's may not read (column privileges, ddl.ts):
      // an anonymous donation's doc and donor_id_public hold null for it (SPEC §14 "Money").
      { name: 'donor_id', type: 'text', of: (r) => r.donorId ?? null },
      { name: 'donor_id_public', type: 'text', field: 'donorId', of: (r) => (r.anonymous === true ? null : (r.donorId ?? null)) },
      col('amount', 'bigint', 'amount'),
      col('date', 'date', 'date'),
      col('anonymous', 'boolean', 'anonymous'),
      col('thanked_at', 'timestamptz', 'thankedAt'),
      recorded,
    ],
  },
];

export const tableOf = (name: CollectionName): TableSpec => TABLES.find((t) => t.collection === name)!;

/** Identifiers as SQL writes them: always quoted, quotes doubled. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The club's group roles and the tables' owner, named after the database so that two clubs never share one. */
export const ROLE_SUFFIXES = { owner: 'owner', admin: 'admin', treasurer: 'treasurer', clerk: 'clerk', viewer: 'viewer', data: 'data' } as const;
export const groupRole = (db: string, role: keyof typeof ROLE_SUFFIXES): string => `${db}_${ROLE_SUFFIXES[role]}`;

/**
 * The record as `doc` keeps it: contacts are in their own columns only (null in doc, so the keys keep their place),
 * and so are the donor of an anonymous donation and an anonymous donor's name (its id stands in) and member.
 */
export function docOf(spec: TableSpec, record: Record<string, unknown>): Record<string, unknown> {
  if (spec.collection === 'donations') return record.anonymous === true ? { ...record, donorId: null } : record;
  if (spec.collection === 'donors') return record.anonymous === true ? { ...record, name: record.id, memberId: null } : record;
  if (spec.collection !== 'members') return record;
  const doc = { ...record };
  for (const c of CONTACTS) if (c in doc) doc[c] = null;
  return doc;
}

/** Aliases of the key columns' text in a select list (keyTextColumns): clear of every table's own column names. */
const KEY_TEXT = (i: number): string => `club_key_${i}`;

/**
 * A select list of the row's key columns as text, as a record's fields print in its key (a date as 2026-03-05,
 * whatever the session's DateStyle): what keyOfRow reads back.
 */
export function keyTextColumns(spec: TableSpec): string {
  return spec.key
    .map((name, i) => {
      const column = spec.columns.find((c) => c.name === name)!;
      return `${column.type === 'date' ? `to_char(${ident(name)}, 'YYYY-MM-DD')` : `${ident(name)}::text`} AS ${ident(KEY_TEXT(i))}`;
    })
    .join(', ');
}

/** The key (COLLECTION_KEYS) a row's key columns make, from a row read with keyTextColumns. */
export function keyOfRow(spec: TableSpec, row: Record<string, unknown>): string {
  const fields = Object.fromEntries(spec.key.map((name, i) => [spec.columns.find((c) => c.name === name)!.field!, row[KEY_TEXT(i)]]));
  return COLLECTION_KEYS[spec.collection](fields as never);
}

/** The columns only the treasurer's roles may read, by table: what docOf keeps out of doc for the others. */
export const HIDDEN_COLUMNS: Partial<Record<CollectionName, readonly string[]>> = { donations: ['donor_id'], donors: ['name', 'member_id'] };

/** A record as read back from its doc and its hidden columns (HIDDEN_COLUMNS) by a role that may read them. */
export function restoreHidden(collection: CollectionName, record: Record<string, unknown>, row: Record<string, string | null>): void {
  if (collection === 'donations') record.donorId = row.donor_id ?? null;
  if (collection === 'donors') {
    record.name = row.name ?? record.name;
    record.memberId = row.member_id ?? null;
  }
}

/** The statement that writes `records` into their table (added in this order, or replacing the rows of their keys). */
export function upsertOf(spec: TableSpec, records: ReadonlyArray<Record<string, unknown>>): { text: string; params: unknown[] } {
  const cols = spec.columns.map((c) => c.name);
  const rows = records.map((record) => ({ ...Object.fromEntries(spec.columns.map((c) => [c.name, c.of(record)])), doc: docOf(spec, record) }));
  const updates = [...cols.filter((c) => !spec.key.includes(c)), 'doc'].map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ');
  return {
    text: `INSERT INTO club.${ident(spec.table)} (${[...cols, 'doc'].map(ident).join(', ')})
       SELECT ${[...cols, 'doc'].map(ident).join(', ')} FROM json_to_recordset($1::json) AS x(${spec.columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')}, doc json)
       ON CONFLICT (${spec.key.map(ident).join(', ')}) DO UPDATE SET ${updates}`,
    params: [JSON.stringify(rows)],
  };
}

/** The statement that adds `records` as new rows (a plain INSERT: it needs no UPDATE privilege, as a clerk's expense). */
export function insertOf(spec: TableSpec, records: ReadonlyArray<Record<string, unknown>>): { text: string; params: unknown[] } {
  const upsert = upsertOf(spec, records);
  return { text: upsert.text.replace(/\s*ON CONFLICT[\s\S]*$/, ''), params: upsert.params };
}

/** Writable collections by role: what a clerk writes, and what every admin writes (SPEC §14 "Who may run what"). */
export const CLERK_TABLES = ['attendance', 'ledger', 'votes', 'topics', 'responses', 'feedback', 'registrations', 'hours', 'reading_tasks', 'reading_checkins'] as const;
/** What the treasurer writes (money, SPEC §10) — and nothing else that holds the club's data. */
export const TREASURER_TABLES = ['budgets', 'expenses', 'donors', 'donations'] as const;
