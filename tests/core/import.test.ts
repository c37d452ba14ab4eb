import { describe, expect, it } from 'vitest';
import { RuleError, UsageError } from '../../src/core/errors.js';
import type { CoreEnv } from '../../src/core/env.js';
import { mapColumns, normalizeHeader, parseMapOption } from '../../src/core/members/import-map.js';
import { planImport } from '../../src/core/members/import.js';
import type { ImportRow } from '../../src/core/members/import.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import { maskEmail, maskId, maskPhone } from '../../src/core/members/redact.js';
import { defaultSettings } from '../../src/core/settings.js';
import { parseImportedDate } from '../../src/core/time.js';
import { emptyCounters } from '../../src/core/ids.js';

const env: CoreEnv = {
  now: new Date('2026-03-10T04:00:00Z'),
  settings: defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' }),
  actor: 'admin',
};
const empty: MemberState = { members: [], tasks: [], counters: emptyCounters() };

function plan(headers: string[], rows: string[][], state = empty, onDuplicate: 'skip' | 'update' | 'error' = 'error') {
  const body: ImportRow[] = rows.map((cells, i) => ({ line: i + 2, cells }));
  return planImport(body, mapColumns(headers, new Map()), state, { onDuplicate }, env);
}

describe('headers', () => {
  it.each([
    ['姓名', 'name'],
    ['1、姓名', 'name'],
    ['Q1. Name', 'name'],
    ['1.姓名', 'name'],
    ['2、您的手机号：', 'phone'],
    ['3. 微信号（必填）', 'wechat'],
    ['QQ号', 'qq'],
    ['入群时间', 'joined'],
    ['joinedAt', 'joined'],
    ['referrerId', 'referrer'],
    ['E-mail', 'email'],
    ['\uFEFFname', 'name'],
    ['群昵称', 'nick'],
    ['兴趣', 'tags'],
  ])('%s -> %s', (header, field) => {
    const { columns } = mapColumns(['name', header].filter((h, i) => i === 1 || !['name'].includes(field)), new Map());
    expect([...columns.values()]).toContain(field);
    expect(normalizeHeader(header)).not.toMatch(/^\d/);
  });

  it('lists unmapped columns, honours --map and needs a name column', () => {
    expect(mapColumns(['序号', '姓名', '提交时间', '来源'], new Map()).unmapped).toEqual(['序号', '提交时间', '来源']);
    const mapped = mapColumns(['Full Legal Name', '序号'], parseMapOption(['Full Legal Name=name', '序号=ignore']));
    expect([...mapped.columns.entries()]).toEqual([[0, 'name']]);
    expect(mapped.unmapped).toEqual([]);
    expect(() => mapColumns(['昵称', '手机'], new Map())).toThrow(/no name column/);
    expect(() => mapColumns(['姓名', 'name'], new Map())).toThrow(/both map to name/);
    expect(() => parseMapOption(['x=nonsense'])).toThrow(UsageError);
  });
});

describe('planImport', () => {
  const headers = ['姓名', '群昵称', '手机号', 'QQ', '入群时间', '兴趣', '推荐人', '状态', '角色'];

  it('adds rows with parsed dates, tags, aliases and referrers further down the file', () => {
    const { actions, state } = plan(headers, [
      ['雅风', '成都+雅风', '13900000002', '', '2026年3月6日', '读书，电影', '杨洪勇', '', '管理员'],
      ['杨洪勇', '荆州+杨洪勇', '+86 138 0000 0001', '1023919001', '2026/3/5', '读书;摄影', '', '正式', ''],
      ['王五', '', '', '', '', '', '', '已退出', ''],
    ]);
    expect(actions.map((a) => [a.line, a.action, a.member.id])).toEqual([[2, 'add', 'm1'], [3, 'add', 'm2'], [4, 'add', 'm3']]);
    expect(state.members[0]).toMatchObject({ name: '雅风', joinedAt: '2026-03-06', tags: ['读书', '电影'], referrerId: 'm2', role: 'admin', status: 'active' });
    expect(state.members[1]).toMatchObject({ phone: '+86 138 0000 0001', joinedAt: '2026-03-05' });
    expect(state.members[2]).toMatchObject({ status: 'left', joinedAt: '2026-03-10' });
    expect(state.members[2]!.history.map((h) => h.status)).toEqual(['active', 'left']);
    expect(state.counters.member).toBe(3);
  });

  it.each([
    [['李雷', '', '', '', '2026/2/30', '', '', '', ''], /line 2: invalid joined date "2026\/2\/30"/],
    [['李雷', '', 'call me', '', '', '', '', '', ''], /line 2: invalid phone/],
    [['李雷', '', '', '', '', '', '', 'sleeping', ''], /line 2: unknown status "sleeping"/],
    [['', '小李', '', '', '', '', '', '', ''], /line 2: the name is empty/],
    [['李雷', '', '', '', '', '', '没这个人', '', ''], /line 2: referrer "没这个人"/],
    [['李雷', '', '', '', '', '', '', '', '国王'], /line 2: invalid role/],
  ])('fails the whole import on a bad row, naming its line: %j', (row, message) => {
    expect(() => plan(headers, [row])).toThrow(message);
  });

  it('names every bad row at once, in line order, with the first one\'s exit code; a good row among them is not imported', () => {
    const rows = [
      ['李雷', '', 'call me', '', '', '', '', '', ''],
      ['韩梅梅', '', '', '', '', '', '', '', ''],
      ['王五', '', '', '', '', '', '没这个人', '', ''],
      ['', '小李', '', '', '', '', '', '', ''],
    ];
    let error: unknown;
    try {
      plan(headers, rows);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('3 rows cannot be imported, so none was:');
    expect(lines.slice(1).map((l) => /^ {2}line (\d+):/.exec(l)?.[1])).toEqual(['2', '4', '5']);
    expect(lines[2]).toMatch(/referrer "没这个人"/);
    // More than twenty: the rest are counted.
    const many = Array.from({ length: 25 }, (_, i) => [`成员${i}`, '', 'bad phone', '', '', '', '', '', '']);
    expect(() => plan(headers, many)).toThrow(/line 21: [^\n]*\n {2}… and 5 more$/);
  });

  it('knows a member of this club\'s own export by id and name when there are no contacts; an id alone is not enough', () => {
    const existing = addMember(empty, { fields: { name: '张三' }, joined: '2026-01-01', status: 'active' }, env).state;
    const idHeaders = ['id', 'name', 'city'];
    expect(() => plan(idHeaders, [['m1', '张三', '北京']], existing)).toThrow(/line 2: 张三 has the same id and name as m1/);
    expect(plan(idHeaders, [['m1', '张三', '']], existing, 'skip').actions.map((a) => [a.action, a.member.id])).toEqual([['skip', 'm1']]);
    const updated = plan(idHeaders, [['m1', '张三', '北京']], existing, 'update');
    expect(updated.actions.map((a) => [a.action, a.member.id])).toEqual([['update', 'm1']]);
    expect(updated.state.members).toHaveLength(1);
    expect(updated.state.members[0]).toMatchObject({ id: 'm1', name: '张三', city: '北京' });
    // Another club's m1 is somebody else: added with a new id.
    const other = plan(idHeaders, [['m1', '李雷', '']], existing, 'update');
    expect(other.actions.map((a) => [a.action, a.member.id, a.member.name])).toEqual([['add', 'm2', '李雷']]);
  });

  it('finds duplicates by phone, QQ, email and WeChat, in the store and within the file', () => {
    const existing = addMember(empty, { fields: { name: '杨洪勇', phone: '13800000001', qq: '1023919001' }, joined: '2026-01-01', status: 'active' }, env).state;
    const row = ['杨洪勇', '荆州+杨洪勇', '+86 13800000001', '', '', '', '', '', ''];
    expect(() => plan(headers, [row], existing)).toThrow(RuleError);
    expect(() => plan(headers, [row], existing)).toThrow(/line 2: 杨洪勇 has the same phone as m1/);
    const skipped = plan(headers, [row], existing, 'skip');
    expect(skipped.actions.map((a) => a.action)).toEqual(['skip']);
    expect(skipped.state.members).toEqual(existing.members);
    const updated = plan(headers, [row], existing, 'update');
    expect(updated.actions.map((a) => a.action)).toEqual(['update']);
    expect(updated.state.members[0]).toMatchObject({ id: 'm1', nick: '荆州+杨洪勇', phone: '+86 13800000001', qq: '1023919001' });
    expect(plan(headers, [row, row], empty, 'skip').actions.map((a) => a.action)).toEqual(['add', 'skip']);
    const again = plan(headers, [row], updated.state, 'update');
    expect(again.actions).toMatchObject([{ action: 'skip', reason: 'unchanged' }]);
  });

  it('keeps ids from the file when this store never handed them out', () => {
    const { state } = plan(['id', 'name', 'referrerId'], [['m7', 'A', ''], ['m3', 'B', 'm7'], ['', 'C', '']]);
    expect(state.members.map((m) => m.id)).toEqual(['m7', 'm3', 'm8']);
    expect(state.members[1]!.referrerId).toBe('m7');
    const taken = addMember(empty, { fields: { name: 'X' }, joined: '2026-01-01', status: 'active' }, env).state;
    expect(plan(['id', 'name'], [['m1', 'A']], taken).state.members.map((m) => m.id)).toEqual(['m1', 'm2']);
  });
});

describe('masks and imported dates', () => {
  it.each([
    ['13800000001', '138****0001'],
    ['+8613800000007', '+86 138****0007'],
    ['+86 139 0000 0002', '+86 139****0002'],
  ])('maskPhone(%s) = %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));
  it('masks email and ids', () => {
    expect(maskEmail('member@example.org')).toBe('m***@example.org');
    expect(maskId('1023919001')).toBe('10******01');
    expect(maskId('abc')).toBe('a***');
  });
  it.each([
    ['2026/3/5', '2026-03-05'],
    ['2026-03-05', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['2026/03/05 10:00:00', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['2026-03-05T23:30:00Z', '2026-03-06'],
  ])('parseImportedDate(%s) = %s', (text, date) => expect(parseImportedDate(text, 'Asia/Shanghai')?.date).toBe(date));
  it.each(['2026/2/30', '3/5/2026', '昨天', ''])('parseImportedDate(%j) is null', (text) => expect(parseImportedDate(text, 'Asia/Shanghai')).toBeNull());
});
