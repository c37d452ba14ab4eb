// What a store keeps to find the members a reference may name (referenceKeys, lookupKeys; store/refs.ts): resolving a
// reference among the members whose keys meet its lookup keys must give what resolving it among every member gives,
// and so must the duplicate-contact check. Names and contacts drawn from text that folds in every way references fold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContactDuplicate } from '../../src/core/members/fields.js';
import { idOfReference, lookupKeys, referenceKeys, resolveMember } from '../../src/core/members/reference.js';
import type { Member } from '../../src/core/types.js';
import { membersWithKeys, refsOf, serializeRefs } from '../../src/store/refs.js';
import { purgeTerms, scrubValue } from '../../src/core/members/purge.js';

/** Pieces that fold: case, full-width forms, ideographic spaces, compatibility characters, quotes and brackets. */
const piece = fc.constantFrom('杨', '洪勇', 'Alice', 'ALICE', 'alice', 'Ａｌｉｃｅ', ' ', '\u3000', '+', '荆州', 'ｍ1', 'm1', '"', '\\', ',', '[', ']', 'ß', 'İ', 'ﬁ', '①', '１３８', '138', '0000', '-', '86', '+86 ', '@x.org', 'É', 'é');
const text = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
const optional = fc.option(text, { nil: null });
/** A phone as normalizeFields takes one: digits, perhaps after +, with spaces or dashes. */
const phoneArb = fc.option(fc.array(fc.constantFrom('138', '0000', '0001', ' ', '-', '86', '0086', '1'), { minLength: 1, maxLength: 5 }).map((parts) => `${parts.join('')}1`), { nil: null });

const memberArb = (i: number) =>
  fc.record({ name: text, nick: optional, email: optional, phone: phoneArb, qq: optional, wechat: optional }).map(
    (f): Member =>
      ({
        id: `m${i + 1}`,
        name: f.name,
        nick: f.nick,
        email: f.email,
        phone: f.phone,
        qq: f.qq,
        wechat: f.wechat,
        status: 'active',
        purged: false,
      }) as unknown as Member,
  );
const clubArb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i))));

/** What resolving gives: the member's id, or the error's kind and how many it names. */
function outcome(members: readonly Member[], ref: string): string {
  try {
    return resolveMember(members, ref).id;
  } catch (err) {
    return `${(err as Error).constructor.name} ${((err as { candidates?: unknown[] }).candidates ?? []).length}`;
  }
}

/**
 * The members a folder store reads for `refs` (FileStore.membersNeeded): one named by an id the club gave out (here: a
 * member's) is read by its id; the others
 * are those whose keys meet their lookup keys, searched in the refs bytes. `contacts` are searched whatever their shape.
 */
function candidates(members: readonly Member[], refs: readonly string[], contacts: readonly string[] = []): Member[] {
  const given = (ref: string) => members.some((m) => m.id === idOfReference(ref));
  const named = [...refs.filter((ref) => !given(ref)), ...contacts];
  const needles = [...new Set(named.flatMap(lookupKeys))].map((key) => Buffer.from(JSON.stringify(key)));
  const ids = new Set([...membersWithKeys(Buffer.from(serializeRefs(refsOf(members))), needles), ...refs.map(idOfReference)]);
  return members.filter((m) => ids.has(m.id));
}

describe('reference keys', () => {
  it('resolving among the members the keys find gives what resolving among every member gives', () => {
    fc.assert(
      fc.property(clubArb, fc.nat(20), text, fc.constantFrom('', ' ', '  '), (club, pick, other, pad) => {
        const m = club[pick % club.length]!;
        // A reference made from one of a member's fields, or any text.
        const fields = [m.name, m.nick, m.email, m.phone, m.qq, m.wechat, m.nick?.slice(m.nick.lastIndexOf('+') + 1), other].filter((f): f is string => typeof f === 'string');
        const ref = `${pad}${fields[pick % fields.length]}${pad}`;
        expect(outcome(candidates(club, [ref]), ref)).toBe(outcome(club, ref));
      }),
      { numRuns: 1500 },
    );
  });

  it('the duplicate-contact check finds the same member among the members the contacts find', () => {
    fc.assert(
      fc.property(clubArb, fc.nat(20), optional, phoneArb, optional, optional, (club, pick, email, phone, qq, wechat) => {
        const m = club[pick % club.length]!;
        // Half the time, a contact of a member's.
        const fields = pick % 2 === 0 ? { email: m.email, phone: m.phone, qq: m.qq, wechat: m.wechat } : { email, phone, qq, wechat };
        const contacts = Object.values(fields).filter((c): c is string => typeof c === 'string' && c !== '');
        expect(findContactDuplicate(candidates(club, [], contacts), fields)?.member.id).toBe(findContactDuplicate(club, fields)?.member.id);
      }),
      { numRuns: 1500 },
    );
  });

  it('purge rewrites a refs block copied into a backup folder, and nothing else keyed like a member id', () => {
    const m3 = { id: 'm3', name: '杨洪勇', nick: '荆州+杨洪勇', email: 'yhy@example.org', phone: '13800138000', qq: '1023919', wechat: null } as unknown as Member;
    const m9 = { id: 'm9', name: '雅风', nick: null, email: null, phone: null, qq: null, wechat: null } as unknown as Member;
    const terms = purgeTerms(m3, [m9]);
    const block = { m3: referenceKeys(m3), m9: ['雅风', '杨洪勇的朋友'] };
    const after = scrubValue(block, terms) as Record<string, string[]>;
    expect(after.m3).toEqual([terms.placeholder]);
    expect(after.m9).toEqual(['雅风', `${terms.placeholder}的朋友`]);
    expect(JSON.stringify(after)).not.toMatch(/13800138000|yhy@example\.org|1023919/);
    // A survey question named like the member's id keeps another member's answer.
    const response = { surveyId: 'v1', memberId: 'm9', answers: { m3: ['Option A', 'Option B'] } };
    expect(scrubValue([response], terms)).toEqual([response]);
  });

  it('keeps a member by each field, folded, and finds a key only as a whole key of the list', () => {
    const m = { id: 'm7', name: ' Alice  ', nick: '荆州+杨洪勇', email: 'A@X.org', phone: '+86 138-0000-0001', qq: '10239', wechat: 'Wx_1' } as unknown as Member;
    expect(referenceKeys(m)).toEqual(['alice', '荆州+杨洪勇', 'a@x.org', '10239', 'wx_1', '杨洪勇', '13800000001']);
    const bytes = Buffer.from(serializeRefs(new Map([['m7', ['a","b']], ['m8', ['b']], ['m9', ['x,b', 'a']]])));
    const find = (key: string) => membersWithKeys(bytes, [Buffer.from(JSON.stringify(key))]);
    expect(find('b')).toEqual(['m8']);
    expect(find('a')).toEqual(['m9']);
    expect(find('a","b')).toEqual(['m7']);
    expect(find('m7')).toEqual([]);
  });
});
