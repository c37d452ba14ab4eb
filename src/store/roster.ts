// roster.json: every member's summary — name, status and its history, warnings, referrer — without the contacts,
// tags and notes, kept by the store in the same commit as members.json. Attendance and the reports need every
// member but only this; at 10,000 members it is two fifths of members.json to read. Derived data: `club check`
// rebuilds it from members.json and compares.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { MEMBER_STATUSES, summaryOf } from '../core/types.js';
import type { Member, MemberSummary } from '../core/types.js';
import { serializeEntries, textCrc } from './lines.js';
import { summaryChanges } from './summaries.js';
import { validateWith } from './validated-json-file.js';
import { t } from '../i18n/index.js';

export const ROSTER_FILE = 'roster.json';

const nullableText = v.nullable(v.string());
const summarySchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^m[1-9]\d*$/)),
  name: v.pipe(v.string(), v.minLength(1)),
  status: v.picklist(MEMBER_STATUSES),
  joinedAt: nullableText,
  referrerId: nullableText,
  warnings: v.array(v.strictObject({ at: v.string(), reason: v.string() })),
  history: v.array(v.strictObject({ status: v.picklist(MEMBER_STATUSES), date: v.string(), reason: nullableText, at: v.string() })),
});

export type Roster = ReadonlyMap<string, MemberSummary>;

export function parseRoster(data: unknown, file: string): Map<string, MemberSummary> {
  const entries = validateWith(v.record(v.pipe(v.string(), v.regex(/^m[1-9]\d*$/)), summarySchema), data, file);
  for (const [id, summary] of Object.entries(entries)) {
    if (summary.id !== id) throw new StoreError('store_invalid', t('store.idExpectedGot', { file, id, id2: JSON.stringify(id), id3: JSON.stringify(summary.id) }));
  }
  return new Map(Object.entries(entries) as Array<[string, MemberSummary]>);
}

/** Members in id order, one line each. */
export function serializeRoster(roster: Roster): string {
  return serializeEntries([...roster].map(([id, summary]) => [id, JSON.stringify(summary)]));
}

export function rosterOf(members: readonly unknown[]): Map<string, MemberSummary> {
  return new Map((members as readonly Member[]).map((m) => [m.id, summaryOf(m)]));
}

/** Members whose summary replacing `before` with `after` changes: their new summary, or null when they are gone. */
export const rosterChanges = (before: readonly unknown[], after: readonly unknown[]): Map<string, MemberSummary | null> => summaryChanges<Member, MemberSummary>(before, after, summaryOf);

/** club check: the file must say what members.json says. */
export function verifyRoster(roster: Roster, members: readonly unknown[], file: string): void {
  compareRoster(roster, rosterOf(members), file);
}

/** The file's summaries against those of members.json. */
export function compareRoster(roster: Roster, actual: ReadonlyMap<string, MemberSummary | number>, file: string): void {
  for (const id of new Set([...roster.keys(), ...actual.keys()])) {
    const said = roster.get(id);
    const is = actual.get(id);
    if (!said || is === undefined || (typeof is === 'number' ? textCrc(JSON.stringify(summaryOf(said))) !== is : JSON.stringify(summaryOf(said)) !== JSON.stringify(is))) {
      throw new StoreError('store_invalid', t('store.doesNotMatchMembers', { file, id }), t('store.restoreTheStoreFrom'));
    }
  }
}
