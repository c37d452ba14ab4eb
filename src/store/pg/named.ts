// The members a reference may name (SPEC §3), found by the server: a condition on the members' columns that holds for
// every member whose referenceKeys hold one of the reference's lookupKeys (the member it names, or whose contact it
// repeats), and for a few more, which the command's own search then leaves out. A name at 5x the large club read
// 50,000 members to pick one; this sends the few it may mean.
import { idOfReference, lookupKeys } from '../../core/members/reference.js';
import { ident } from './tables.js';

/**
 * Text folded by the server as foldReference folds it: that is the case for text of printable ASCII and the CJK
 * Unified Ideographs (trimmed of spaces, A–Z lowered: lower() in the "C" collation, which touches nothing else, where
 * the database's own locale might, as Turkish does `I`). Any other text is folded by NFKC and ICU, which the server's
 * functions need not match: a member with such a name or contact is always sent.
 */
const PLAIN = '^[\\x20-\\x7e\\u4e00-\\u9fff]*$';
const lower = (e: string) => `lower(${e} COLLATE "C")`;
const fold = (e: string) => `btrim(${lower(e)}, ' ')`;

/** The members' columns a role reads as their contacts: the masked ones for those who may not see them. */
const contact = (name: string, masked: boolean) => ident(masked ? `${name}_masked` : name);

/**
 * The condition, with its parameters numbered from `first`: `$first` the keys (text[]), `$first+1` the plain pattern.
 * A row's keys as referenceKeys makes them of plain text, in one array: each field folded, the email and WeChat id in
 * lower case, the QQ number as it is, the phone's digits. One pattern over the fields together sends the rest. (A
 * comparison per field and form cost four times as much: 131 ms of server time at 10,000 members, against 36.)
 */
export function namedCondition(first: number, masked: boolean): string {
  const keys = `$${first}::text[]`;
  const plain = `$${first + 1}::text`;
  const [email, qq, wechat, phone] = ['email', 'qq', 'wechat', 'phone'].map((c) => contact(c, masked)) as [string, string, string, string];
  const phoneKey = `regexp_replace(regexp_replace(${phone}, '[^0-9]', '', 'g'), '^(0086|86)(?=1[0-9]{10}$)', '')`;
  const rowKeys = [fold('name'), fold('nick'), fold(`regexp_replace(nick, '^.*\\+', '')`), fold(email), fold(qq), fold(wechat), lower(email), lower(wechat), qq, phoneKey];
  return `(concat_ws(' ', name, nick, ${email}, ${qq}, ${wechat}) !~ ${plain} OR ARRAY[${rowKeys.join(', ')}] && ${keys})`;
}

/**
 * What a scope's references ask the server for: the ids of those by id, and the keys of the others and of contacts.
 * A reference by id that is no member's id is a name (resolveMember): its keys are asked for too, only when there are
 * others to look up (a command naming members by id only reads just them, as before).
 */
export function namedLookup(refs: readonly string[], contacts: readonly string[]): { ids: string[]; keys: string[]; params: [string[], string] } {
  const ids: string[] = [];
  const named: string[] = [...contacts];
  for (const ref of refs) {
    const id = idOfReference(ref);
    if (id === null) named.push(ref);
    else ids.push(id);
  }
  if (named.length > 0) named.push(...refs.filter((ref) => idOfReference(ref) !== null));
  const keys = [...new Set(named.flatMap(lookupKeys))];
  return { ids, keys, params: [keys, PLAIN] };
}
