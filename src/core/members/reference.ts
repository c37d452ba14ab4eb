// Member references (SPEC §3): an id, or an exact case-insensitive name, nickname, QQ number, WeChat id, email or
// phone. A nickname like `荆州+杨洪勇` also matches by the part after `+`. Ambiguity lists the candidates.
import { AmbiguousError, NotFoundError } from '../errors.js';
import type { Member } from '../types.js';
import { phoneKey } from './fields.js';
import { t } from '../../i18n/index.js';

/**
 * Text that NFKC leaves as it is and whose only case is ASCII's: printable ASCII and the CJK Unified Ideographs, which
 * have no decomposition. Most names and contacts are such text; folding it needs no call into ICU.
 */
const PLAIN = /^[\x20-\x7e\u4e00-\u9fff]*$/;

/**
 * A reference, name or contact as references compare them: NFKC, trimmed, case folded. Plain text (above) is folded
 * by trimming and lowering A–Z, which is what NFKC and the locale's lower case do to it: a reference by name looks at
 * six fields of every member, and at 50,000 members the calls into ICU took most of a second.
 */
export const foldReference = (text: string): string =>
  PLAIN.test(text) ? (/[A-Z]/.test(text) ? text.toLowerCase() : text).trim() : text.normalize('NFKC').trim().toLocaleLowerCase('en-US');

/**
 * Whether `member` is the one `ref` names, given `key`, the reference folded (once, for a search through every member):
 * their name, nickname (or its part after `+`), email, QQ or WeChat, or a phone number of five digits or more.
 */
function matchesFolded(member: Member, key: string, ref: string): boolean {
  if (!key) return false;
  const is = (value: string | null) => value !== null && value !== '' && foldReference(value) === key;
  if (is(member.name) || is(member.nick) || is(member.email) || is(member.qq) || is(member.wechat)) return true;
  if (member.nick !== null && member.nick.includes('+') && is(member.nick.slice(member.nick.lastIndexOf('+') + 1))) return true;
  return member.phone !== null && /\d{5}/.test(ref) && phoneKey(member.phone) === phoneKey(ref);
}

/**
 * What a member can be found by, folded as references are (matchesFolded): their name, nickname and its part after
 * `+`, email, QQ and WeChat, and their phone's digits; and their contacts as findContactDuplicate compares them (an
 * email or WeChat id in lower case, a QQ number as it is), where that differs. A store keeps these to find the members
 * a reference may name without reading every member: every member `ref` names, or whose contact `ref` repeats, has one
 * of them among lookupKeys(ref).
 */
export function referenceKeys(member: Member): string[] {
  const keys = new Set<string>();
  const add = (value: string | null) => {
    if (value === null || value === '') return;
    const key = foldReference(value);
    if (key) keys.add(key);
  };
  add(member.name);
  add(member.nick);
  add(member.email);
  add(member.qq);
  add(member.wechat);
  if (member.nick !== null && member.nick.includes('+')) add(member.nick.slice(member.nick.lastIndexOf('+') + 1));
  for (const contact of [member.email?.toLowerCase(), member.wechat?.toLowerCase(), member.qq, member.phone === null ? '' : phoneKey(member.phone)]) {
    if (contact) keys.add(contact);
  }
  return [...keys];
}

/** The keys (referenceKeys) one of which every member that `ref` names, or whose contact it repeats, has. */
export function lookupKeys(ref: string): string[] {
  const keys = new Set([foldReference(ref), ref.toLowerCase(), ref, phoneKey(ref)]);
  keys.delete('');
  return [...keys];
}

export function describeMember(member: Member): string {
  const extra = [member.nick, member.status !== 'active' ? member.status : null, member.qq ? `QQ ${member.qq}` : null, member.email]
    .filter(Boolean)
    .join(', ');
  return `${member.id} ${member.name}${extra ? ` (${extra})` : ''}`;
}

/** The id `ref` names when it has an id's shape (`m12`, `M12`): the member a store can read by itself. */
export function idOfReference(ref: string): string | null {
  const trimmed = ref.trim();
  return /^m\d+$/i.test(trimmed) ? trimmed.toLowerCase() : null;
}

/**
 * The id `ref` names when the club has given it out (`counter`: members are never deleted): a member's id, which
 * resolveMember takes before any name. Any other reference is resolved as a name, `m012` and an `m99` in a club of 40
 * included (either may be someone's nickname).
 */
export function givenId(ref: string, counter: number): string | null {
  const id = idOfReference(ref);
  return id !== null && /^m[1-9]\d*$/.test(id) && Number(id.slice(1)) <= counter ? id : null;
}

/** References as a store reads them: the ids the club has given out (givenId), and the others, to look up as names. */
export function splitReferences(refs: readonly string[], counter: number): { ids: string[]; names: string[] } {
  const ids: string[] = [];
  const names: string[] = [];
  for (const ref of refs) {
    const id = givenId(ref, counter);
    if (id === null) names.push(ref);
    else ids.push(id);
  }
  return { ids, names };
}

/** Finds the one member `ref` names; NotFoundError or AmbiguousError otherwise. */
export function resolveMember(members: readonly Member[], ref: string): Member {
  const trimmed = ref.trim();
  const id = idOfReference(trimmed);
  if (id) {
    const byId = members.find((m) => m.id === id);
    if (byId) return byId;
  }
  const key = foldReference(trimmed);
  const matches = members.filter((m) => matchesFolded(m, key, trimmed));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new NotFoundError(t('member.noMemberMatches', { ref: JSON.stringify(ref) }), t('member.useAnIdM'));
  }
  // One active member among former ones is still ambiguous: a script must not silently pick.
  throw new AmbiguousError(t('member.matchesMembersUseAn', { ref: JSON.stringify(ref), length: matches.length }), matches.map(describeMember));
}
