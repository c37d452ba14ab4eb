// What `member purge` erases, wherever it is: the member's own record (name, contacts, tags, note, reasons), their own
// words elsewhere (leave and ledger reasons, feedback they wrote, free-text survey answers; their responses become
// anonymous), and every mention of their name, nickname or contact details in any other record — task titles, ledger
// reasons, leave reasons, feedback, votes, topics, notes of other members — of the live store and of the automatic
// backups.
// The member's id stays (it is no personal data once the record is purged), so counts and statistics stay whole.
import { phoneKey } from './fields.js';
import { referenceKeys } from './reference.js';
import type { Member } from '../types.js';

/** What a purge looks for and what it writes instead. */
export interface PurgeTerms {
  memberId: string;
  /** What replaces the name, and every mention of it: `(purged m12)`. */
  placeholder: string;
  /** The strings to erase, longest first; ASCII ones are matched regardless of case. */
  terms: string[];
  /** Other members' names and nicknames that contain a term: a mention of them is not a mention of this member. */
  protect: string[];
  /** The free-text questions of every survey, as `v1/q5`: the member's answers to them are erased. */
  textQuestions?: ReadonlySet<string> | undefined;
}

/** `terms` that also know which survey questions take free text (their answers are the member's own words). */
export function withTextQuestions(terms: PurgeTerms, surveys: ReadonlyArray<{ id: string; questions: ReadonlyArray<{ id: string; type: string }> }>): PurgeTerms {
  return { ...terms, textQuestions: new Set(surveys.flatMap((s) => s.questions.filter((q) => q.type === 'text').map((q) => `${s.id}/${q.id}`))) };
}

export const PURGED_REASON = '(purged)';

export function purgedName(id: string): string {
  return `(purged ${id})`;
}

/** The terms to erase for `member`; `others` are the rest of the members (their names are protected). */
export function purgeTerms(member: Pick<Member, 'id' | 'name' | 'nick' | 'email' | 'phone' | 'qq' | 'wechat'>, others: ReadonlyArray<Pick<Member, 'id' | 'name' | 'nick'>>): PurgeTerms {
  const raw = [member.name, member.nick, member.nick?.split('+').at(-1), member.email, member.phone, member.phone ? phoneKey(member.phone) : null, member.qq, member.wechat];
  const placeholder = purgedName(member.id);
  // A one-character name would erase that character from every text in the store.
  const terms = [...new Set(raw.map((t) => t?.trim() ?? '').filter((t) => [...t].length >= 2 && t !== placeholder))].sort((a, b) => b.length - a.length);
  const protect = others
    .filter((m) => m.id !== member.id)
    .flatMap((m) => [m.name, m.nick ?? ''])
    .filter((p) => p && terms.some((t) => p !== t && fold(p).includes(fold(t))));
  return { memberId: member.id, placeholder, terms, protect: [...new Set(protect)] };
}

const fold = (s: string): string => s.toLowerCase();

/** `text` with every mention of the member replaced by the placeholder. */
export function scrubText(text: string, terms: PurgeTerms): string {
  if (terms.terms.length === 0) return text;
  let lower = fold(text);
  if (!terms.terms.some((t) => lower.includes(fold(t)))) return text;
  let out = text;
  for (const term of terms.terms) {
    const needle = fold(term);
    const kept = protectedRanges(lower, terms.protect);
    let from = 0;
    let next = '';
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      if (kept.some(([a, b]) => i >= a && i + needle.length <= b)) continue;
      next += out.slice(from, i) + terms.placeholder;
      from = i + needle.length;
    }
    if (from === 0) continue;
    out = next + out.slice(from);
    lower = fold(out);
  }
  return out;
}

function protectedRanges(lower: string, protect: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const p of protect) {
    const needle = fold(p);
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) ranges.push([i, i + needle.length]);
  }
  return ranges;
}

/** Fields that hold ids, instants, dates or enumerations: never a mention of anyone. */
const STRUCTURAL = /^(id|.*Id|at|.*At|date|due|status|kind|type|role|source|ref|rule|format|sha256)$/;
const CONTACTS = ['nick', 'email', 'phone', 'qq', 'wechat', 'city', 'note'] as const;

/**
 * Any JSON value (a record, a collection, a whole backup) with the member purged: their own record (an object with
 * their `id` and a `name`) loses its personal fields, their own leave and registration reasons go, and every other
 * text has the mentions scrubbed. Returns the same value (===) when nothing changed.
 */
export function scrubValue<T>(value: T, terms: PurgeTerms): T {
  return (isRefsDocument(value) ? purgeRefs(value, terms) : scrub(value, terms, undefined)) as T;
}

function scrub(value: unknown, terms: PurgeTerms, key: string | undefined): unknown {
  // A backup's receipt files (base64 under their SHA-256) are bytes, not text: a name found in them by chance is none.
  if (key === 'receipts' && value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  if (typeof value === 'string') return key !== undefined && STRUCTURAL.test(key) ? value : scrubText(value, terms);
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((item) => {
      const out = scrub(item, terms, undefined);
      if (out !== item) changed = true;
      return out;
    });
    return changed ? next : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let record = value as Record<string, unknown>;
  if (record.id === terms.memberId && typeof record.name === 'string') record = purgeOwnRecord(record, terms);
  else if (record.memberId === terms.memberId) record = purgeOwnWords(record, terms);
  // An expense paid back to the member (SPEC §14): unlinked from the person; the amount and its receipts stay.
  if (record.payeeId === terms.memberId && 'payee' in record) record = { ...record, payeeId: null, payee: purgedName(terms.memberId) };
  let changed = record !== value;
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const out = scrub(v, terms, k);
    if (out !== v) changed = true;
    next[k] = out;
  }
  return changed ? next : value;
}

const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * A refs block as a whole document (store/refs.ts: member id -> what they can be named by, folded), as a byte copy of
 * the store's files in a backup folder holds it; backups made by `club backup` hold none. Recognised by its shape as
 * a whole file only: inside a record, an object keyed like a member id (a survey question may be named `m3`) is not one.
 */
function isRefsDocument(value: unknown): value is Record<string, string[]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => /^m[1-9]\d*$/.test(k) && isTextList(v));
}

/**
 * The refs block with the member's entry as it holds it for their purged record (their name's placeholder): their
 * names and contacts there are folded, which scrubText would miss. The other members' keys are scrubbed as text.
 */
function purgeRefs(block: Record<string, string[]>, terms: PurgeTerms): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  let changed = false;
  for (const [id, keys] of Object.entries(block)) {
    const after = id === terms.memberId ? referenceKeys({ name: terms.placeholder, nick: null, email: null, phone: null, qq: null, wechat: null } as Member) : (scrub(keys, terms, undefined) as string[]);
    if (JSON.stringify(after) !== JSON.stringify(keys)) changed = true;
    next[id] = after;
  }
  return changed ? next : block;
}

/** The member's own record, in whichever file holds it (members, roster, a backup of either, any schema version). */
function purgeOwnRecord(record: Record<string, unknown>, terms: PurgeTerms): Record<string, unknown> {
  const next: Record<string, unknown> = { ...record, name: terms.placeholder };
  for (const field of CONTACTS) if (field in next) next[field] = null;
  if (Array.isArray(next.tags)) next.tags = [];
  if ('purged' in next) next.purged = true;
  for (const list of ['warnings', 'history'] as const) {
    if (Array.isArray(next[list])) next[list] = (next[list] as unknown[]).map((entry) => withoutReasons(entry as Record<string, unknown>));
  }
  return JSON.stringify(next) === JSON.stringify(record) ? record : next;
}

/**
 * A record of the member's own (found by its shape, in the live store and in backups of any version): a leave or
 * check-in and a ledger entry lose their reason, feedback its text, a reading task its notes, and a survey response becomes anonymous (no
 * member, no instant) and loses its free-text answers; its ratings and choices stay, so results do not move.
 */
function purgeOwnWords(record: Record<string, unknown>, terms: PurgeTerms): Record<string, unknown> {
  if (typeof record.sessionId === 'string' || typeof record.delta === 'number') return withoutReasons(record);
  if (typeof record.surveyId === 'string' && record.answers !== null && typeof record.answers === 'object') {
    const answers: Record<string, unknown> = {};
    for (const [q, answer] of Object.entries(record.answers as Record<string, unknown>)) {
      answers[q] = terms.textQuestions?.has(`${record.surveyId}/${q}`) && typeof answer === 'string' ? PURGED_REASON : answer;
    }
    return { ...record, memberId: null, at: null, answers };
  }
  if (typeof record.text === 'string' && typeof record.date === 'string') return record.text === PURGED_REASON ? record : { ...record, text: PURGED_REASON };
  // A reading task's notes are the member's own words; that they were handed in (and when) stays, as the points do.
  if (typeof record.bookId === 'string' && typeof record.notes === 'string') return record.notes === PURGED_REASON ? record : { ...record, notes: PURGED_REASON };
  return record;
}

/** A record about the member (a status change, a warning, a leave, a registration) without the free-text why. */
function withoutReasons(record: Record<string, unknown>): Record<string, unknown> {
  if (record === null || typeof record !== 'object') return record;
  let next = record;
  for (const field of ['reason', 'note', 'comment']) {
    if (typeof record[field] === 'string' && record[field] !== PURGED_REASON) next = { ...next, [field]: PURGED_REASON };
  }
  return next;
}

/** How many records of each collection a purge changed, for the message on stderr. */
export function changedCounts(before: Record<string, readonly unknown[]>, after: Record<string, readonly unknown[]>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, records] of Object.entries(after)) {
    const old = before[name] ?? [];
    const n = records.filter((r, i) => r !== old[i]).length;
    if (n > 0) counts[name] = n;
  }
  return counts;
}
