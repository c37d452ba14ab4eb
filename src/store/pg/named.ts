// The members a reference may name (SPEC §3), found by the server: a condition on the members' columns that holds for
// every member whose referenceKeys hold one of the reference's lookupKeys (the member it names, or whose contact it
// repeats), and for a few more, which the command's own search then leaves out. A name at 5x the large club read
// 50,000 members to pick one; this sends the few it may mean.
import { lookupKeys, splitReferences } from '../../core/members/reference.js';
import { ident } from './tables.js';

/**
 * Text folded by the server as foldReference folds it: that is the case for text of printable ASCII and the CJK
 * Unified Ideographs (trimmed of spaces, A–Z lowered: lower() in the "C" collation, which touches nothing else, where
 * the database's own locale might, as Turkish does `I`). Any other text is folded by NFKC and ICU, which the server's
 * functions need not match: a member with such a name or contact is always sent.
 */
const PLAIN = `'^[\\x20-\\x7e\\u4e00-\\u9fff]*$'`;
const lower = (e: string) => `lower(${e} COLLATE "C")`;
const fold = (e: string) => `btrim(${lower(e)}, ' ')`;
/** The key of every row with text only NFKC folds (chr(1): no reference folds to it, and every lookup asks for it). */
const UNFOLDED = '\u0001';

/** The members' columns a role reads as their contacts: the masked ones for those who may not see them. */
const contact = (name: string, masked: boolean) => ident(masked ? `${name}_masked` : name);

/**
 * A member row's keys, as referenceKeys makes them of plain text, in one array: each field folded, the email and
 * WeChat id in lower case, the QQ number as it is, the phone's digits; and chr(1) when any of its text is not plain.
 * Only immutable functions (no concat_ws), so that the owner's array is also an index's expression (REFS_INDEX).
 */
function rowKeys(masked: boolean): string {
  const [email, qq, wechat, phone] = ['email', 'qq', 'wechat', 'phone'].map((c) => contact(c, masked)) as [string, string, string, string];
  const phoneKey = `regexp_replace(regexp_replace(${phone}, '[^0-9]', '', 'g'), '^(0086|86)(?=1[0-9]{10}$)', '')`;
  const text = ['name', 'nick', email, qq, wechat].map((e) => `coalesce(${e}, '')`).join(` || ' ' || `);
  const keys = [fold('name'), fold('nick'), fold(`regexp_replace(nick, '^.*\\+', '')`), fold(email), fold(qq), fold(wechat), lower(email), lower(wechat), qq, phoneKey];
  return `ARRAY[${keys.join(', ')}, CASE WHEN (${text}) ~ ${PLAIN} THEN NULL ELSE chr(1) END]`;
}

/**
 * The GIN index of the rows' keys, with which a name reads a few index entries instead of every member (made by
 * `club init`, and by `club store upgrade` on a club made before it). A viewer's condition is on the masked contacts,
 * which it does not cover: a viewer's lookup is a scan.
 */
export const REFS_INDEX = 'members_refs';
export const refsIndexDdl = (ifNotExists = false): string => `CREATE INDEX ${ifNotExists ? 'IF NOT EXISTS ' : ''}${REFS_INDEX} ON club.members USING gin ((${rowKeys(false)}))`;

/**
 * The condition, its parameter `$first` the keys (text[], namedLookup's). 131 ms of server time at 10,000 members as a
 * comparison per field and form; 36 as one array and one pattern; 0.04 through the index.
 */
export function namedCondition(first: number, masked: boolean): string {
  return `${rowKeys(masked)} && $${first}::text[]`;
}

/**
 * What a scope's references ask the server for: the ids of those by an id the club has given out (`counter`,
 * givenId), and the keys of the others (`m012`, or an `m99` in a club of 40, may be a nickname) and of contacts.
 */
export function namedLookup(refs: readonly string[], contacts: readonly string[], counter: number): { ids: string[]; keys: string[]; params: [string[]] } {
  const { ids, names } = splitReferences(refs, counter);
  const keys = [...new Set([...names, ...contacts].flatMap(lookupKeys))];
  return { ids, keys, params: [[...keys, UNFOLDED]] };
}
