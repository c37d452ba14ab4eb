import { describe, expect, it } from 'vitest';
import { AmbiguousError, NotFoundError, RuleError, UsageError } from '../../src/core/errors.js';
import type { CoreEnv } from '../../src/core/env.js';
import { normalizeFields, phoneKey } from '../../src/core/members/fields.js';
import {
  addMember,
  approveMember,
  editMember,
  purgeMember,
  rejectMember,
  removeMember,
  restoreMember,
  warnMember,
} from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { filterMembers, sortMembers } from '../../src/core/members/query.js';
import { foldReference, resolveMember } from '../../src/core/members/reference.js';
import { defaultSettings } from '../../src/core/settings.js';
import { emptyCounters } from '../../src/core/ids.js';

const env: CoreEnv = {
  now: new Date('2026-03-05T12:00:00Z'),
  settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }),
  actor: 'admin',
};
const empty: MemberState = { members: [], tasks: [], counters: emptyCounters() };

function club(): MemberState {
  let state = empty;
  const add = (name: string, fields: Record<string, string> = {}, joined = '2026-01-10') => {
    state = addMember(state, { fields: { name, ...fields }, joined, status: 'active' }, env).state;
  };
  add('杨洪勇', { nick: '荆州+杨洪勇', qq: '1023919001' });
  add('雅风', { nick: '成都+雅风', email: 'yafeng@example.org' });
  add('Alice Chen', { phone: '+86 138 0000 0001', wechat: 'alice_c' });
  add('张伟', { city: '北京' });
  add('张伟', { city: '上海' });
  return state;
}

describe('resolveMember', () => {
  const { members } = club();
  it.each([
    ['m2', 'm2'],
    ['M2', 'm2'],
    ['杨洪勇', 'm1'],
    ['荆州+杨洪勇', 'm1'],
    ['雅风', 'm2'],
    ['YAFENG@example.org', 'm2'],
    ['1023919001', 'm1'],
    ['alice chen', 'm3'],
    ['ALICE_C', 'm3'],
    ['13800000001', 'm3'],
    ['+8613800000001', 'm3'],
  ])('%s -> %s', (ref, id) => {
    expect(resolveMember(members, ref).id).toBe(id);
  });

  it('lists the candidates when a reference is ambiguous', () => {
    try {
      resolveMember(members, '张伟');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AmbiguousError);
      expect((err as AmbiguousError).candidates).toEqual(['m4 张伟', 'm5 张伟']);
    }
  });

  it.each(['王五', 'm99', '荆州', ''])('%j is not found', (ref) => {
    expect(() => resolveMember(members, ref)).toThrow(NotFoundError);
  });

  it.each([['ＹＡＦＥＮＧ＠ＥＸＡＭＰＬＥ．ＯＲＧ', 'm2'], ['\u3000杨洪勇\u3000', 'm1'], [' Alice Chen ', 'm3']])('%j (full-width, padded) -> %s', (ref, id) => {
    expect(resolveMember(members, ref).id).toBe(id);
  });

  // Plain text (ASCII and CJK ideographs) is folded without ICU: it must fold exactly as NFKC, trim and lower case do.
  it('folds plain text as NFKC, trimming and the lower case would, and the rest through them', () => {
    const slow = (text: string) => text.normalize('NFKC').trim().toLocaleLowerCase('en-US');
    const texts: string[] = [];
    for (let c = 0x20; c <= 0x7e; c++) texts.push(String.fromCharCode(c), `A${String.fromCharCode(c)}z`, ` ${String.fromCharCode(c)}Q `);
    for (let c = 0x4e00; c <= 0x9fff; c++) texts.push(` Wang${String.fromCharCode(c)} `);
    texts.push('ＡＢＣ', 'İstanbul', 'ﬁ', '㍿', 'ΣΑΣ', 'Straße', '丽', '李\u00b7明', '\u3000王芳\u3000');
    expect(texts.filter((text) => foldReference(text) !== slow(text))).toEqual([]);
    expect(texts.length).toBeGreaterThan(21_000);
  });
});

describe('member lifecycle', () => {
  it('adds an active member joined today with an onboarding task due planDueDays later', () => {
    const change = addMember(empty, { fields: { name: ' 王小明 ', qq: '123456789' }, status: 'active' }, env);
    expect(change.member).toMatchObject({ id: 'm1', name: '王小明', status: 'active', joinedAt: '2026-03-05', role: 'member' });
    expect(change.tasks).toHaveLength(1);
    expect(change.tasks[0]).toMatchObject({ id: 't1', ownerId: 'm1', due: '2026-03-08', status: 'open', kind: 'onboarding' });
    expect(change.state.counters).toMatchObject({ member: 1, task: 1 });
  });

  it('gives no onboarding task to a member who joined earlier, or when planDueDays is 0', () => {
    expect(addMember(empty, { fields: { name: 'A' }, joined: '2026-01-01', status: 'active' }, env).tasks).toEqual([]);
    const off = { ...env, settings: { ...env.settings, 'onboarding.planDueDays': 0 } };
    expect(addMember(empty, { fields: { name: 'A' }, status: 'active' }, off).tasks).toEqual([]);
  });

  it('refuses a contact detail that another member already has', () => {
    const state = club();
    expect(() => addMember(state, { fields: { name: 'X', qq: '1023919001' }, status: 'active' }, env)).toThrow(RuleError);
    expect(() => addMember(state, { fields: { name: 'X', phone: '138-0000-0001' }, status: 'active' }, env)).toThrow(/phone/);
  });

  it('needs an active referrer for an application, then approves it', () => {
    const state = club();
    expect(() => addMember(state, { fields: { name: '李雷' }, status: 'applicant' }, env)).toThrow(UsageError);
    const applied = addMember(state, { fields: { name: '李雷' }, referrer: '杨洪勇', status: 'applicant' }, env);
    expect(applied.member).toMatchObject({ status: 'applicant', joinedAt: null, referrerId: 'm1' });
    const approved = approveMember(applied.state, '李雷', {}, env);
    expect(approved.member).toMatchObject({ status: 'active', joinedAt: '2026-03-05' });
    expect(approved.member.history.map((h) => h.status)).toEqual(['applicant', 'active']);
    expect(approved.tasks).toHaveLength(1);
    expect(() => approveMember(approved.state, '李雷', {}, env)).toThrow(/is active, not applicant/);
  });

  it('rejects applications with a reason', () => {
    const applied = addMember(club(), { fields: { name: '李雷' }, referrer: 'm1', status: 'applicant' }, env);
    expect(() => rejectMember(applied.state, '李雷', '  ', env)).toThrow(UsageError);
    const rejected = rejectMember(applied.state, '李雷', '未完成试读', env);
    expect(rejected.member.status).toBe('rejected');
    expect(rejected.member.history.at(-1)).toMatchObject({ status: 'rejected', reason: '未完成试读', by: 'admin', date: '2026-03-05' });
    expect(restoreMember(rejected.state, '李雷', env).member.status).toBe('applicant');
  });

  it('cancels the open tasks of a rejected applicant and of a purged member, and no others', () => {
    const applied = addMember(club(), { fields: { name: '李雷' }, referrer: 'm1', status: 'applicant' }, env);
    const id = applied.member.id;
    const task = (n: string, ownerId: string, status: 'open' | 'done' = 'open') => ({ id: n, title: n, ownerId, due: '2026-03-01', status, doneAt: status === 'done' ? '2026-03-01T10:00:00+08:00' : null, sessionId: null, kind: null, createdAt: '2026-02-01T10:00:00+08:00' });
    const state = { ...applied.state, tasks: [task('t7', id), task('t8', id, 'done'), task('t9', 'm1')] };
    const rejected = rejectMember(state, id, '未完成试读', env);
    expect(rejected.state.tasks.map((t) => `${t.id} ${t.status}`)).toEqual(['t7 cancelled', 't8 done', 't9 open']);
    expect(rejected.cancelledTasks?.map((t) => t.id)).toEqual(['t7']);
    expect(rejected.state.tasks[0]!.cancelledAt).toBe('2026-03-05T20:00:00+08:00');
  });

  it('warns, and says removal is due at discipline.warningsBeforeRemoval', () => {
    const once = warnMember(club(), '雅风', '缺席', env);
    expect(once.notes).toEqual([]);
    const twice = warnMember(once.state, '雅风', '又缺席', env);
    expect(twice.member.warnings.map((w) => w.reason)).toEqual(['缺席', '又缺席']);
    expect(twice.notes[0]).toMatch(/removal is due/);
  });

  it('removes with history kept, and restores to active', () => {
    const removed = removeMember(club(), 'm2', { reason: '毕业', status: 'removed' }, env);
    expect(removed.member.status).toBe('removed');
    expect(() => removeMember(removed.state, 'm2', { reason: 'again' }, env)).toThrow(RuleError);
    expect(() => removeMember(club(), 'm2', { reason: 'x', status: 'gone' }, env)).toThrow(UsageError);
    const restored = restoreMember(removed.state, 'm2', env);
    expect(restored.member.status).toBe('active');
    expect(restored.member.joinedAt).toBe('2026-01-10');
    expect(restored.member.history.map((h) => h.status)).toEqual(['active', 'removed', 'active']);
  });

  it('purges only former members and erases every personal field', () => {
    expect(() => purgeMember(club(), 'm3', env)).toThrow(RuleError);
    const left = removeMember(club(), 'm3', { reason: '退群' }, env);
    const purged = purgeMember(left.state, 'm3', env).member;
    expect(purged).toMatchObject({ name: '(purged m3)', phone: null, wechat: null, email: null, qq: null, nick: null, city: null, note: null, tags: [], purged: true });
    expect(purged.history.map((h) => h.reason)).toEqual([null, '(purged)']);
    expect(purged.joinedAt).toBe('2026-01-10');
  });

  it('edits fields and tags, and moves the first activation with a corrected join date', () => {
    const edited = editMember(club(), 'm4', { fields: { city: '天津' }, addTags: ['读书', '摄影'], joined: '2026-01-02' }, env).member;
    expect(edited).toMatchObject({ city: '天津', tags: ['读书', '摄影'], joinedAt: '2026-01-02' });
    expect(edited.history[0]!.date).toBe('2026-01-02');
    const untagged = editMember(club(), 'm4', { fields: {}, removeTags: ['x'] }, env);
    expect(untagged.notes).toEqual(['nothing to change']);
  });

  it('refuses a join date in the future', () => {
    expect(() => addMember(empty, { fields: { name: 'A' }, joined: '2026-03-06', status: 'active' }, env)).toThrow(/future/);
  });
});

describe('field validation', () => {
  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ qq: '12a45' }, 'qq'],
    [{ qq: '0123456' }, 'qq'],
    [{ phone: 'call me' }, 'phone'],
    [{ role: 'king' }, 'role'],
    [{ name: '  ' }, 'name'],
    [{ name: 'a\u0007b' }, 'name'],
  ])('%j is refused naming %s', (fields, field) => {
    expect(() => normalizeFields(fields)).toThrow(new RegExp(`invalid ${field}`));
  });

  it('normalises', () => {
    expect(normalizeFields({ email: ' A@Example.ORG ', tags: ['读书，摄影', '读书'], nick: '' })).toEqual({ email: 'a@example.org', tags: ['读书', '摄影'], nick: null });
    expect(phoneKey('+86 138-0000-0001')).toBe('13800000001');
  });
});

describe('list queries', () => {
  it('filters and sorts by pinyin', () => {
    const { members } = club();
    expect(sortMembers(filterMembers(members, {}), 'name', { lang: 'zh' }).map((m) => m.name)).toEqual(['雅风', '杨洪勇', '张伟', '张伟', 'Alice Chen']);
    expect(filterMembers(members, { search: '荆州' }).map((m) => m.id)).toEqual(['m1']);
    expect(() => filterMembers(members, { status: 'gone' })).toThrow(UsageError);
  });
});
