// Planning a member import: every row becomes an add, an update or a skip, or the whole import fails with the row's
// line number (all or nothing). Pure: the command parses the file and commits the returned state.
import { ClubError, RuleError, UsageError } from '../errors.js';
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { RowProblems, isBlankCell } from '../rows.js';
import { oneLineText } from '../text.js';
import { isDateString, parseImportedDate } from '../time.js';
import { MEMBER_STATUSES } from '../types.js';
import type { Member, MemberStatus, Role, StatusChange, Warning } from '../types.js';
import { normalizeFields, phoneKey } from './fields.js';
import type { MemberFields } from './fields.js';
import type { ColumnMapping, ImportField } from './import-map.js';
import type { MemberState } from './lifecycle.js';
import { newMember } from './lifecycle.js';
import { describeMember, foldReference, resolveMember } from './reference.js';
import { t } from '../../i18n/index.js';

export type OnDuplicate = 'skip' | 'update' | 'error';

export interface ImportRow {
  /** 1-based line in the file where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ImportAction {
  line: number;
  action: 'add' | 'update' | 'skip';
  member: Member;
  reason: string | null;
}

export interface ImportPlan {
  state: MemberState;
  actions: ImportAction[];
}

const STATUS_ALIASES: Record<string, MemberStatus> = {
  正式: 'active', 正式成员: 'active', 在群: 'active', 活跃: 'active', 在读: 'active', 成员: 'active',
  申请: 'applicant', 申请中: 'applicant', 待审核: 'applicant', 审核中: 'applicant',
  拒绝: 'rejected', 已拒绝: 'rejected', 未通过: 'rejected',
  退出: 'left', 已退出: 'left', 退群: 'left', 离开: 'left',
  移除: 'removed', 已移除: 'removed', 踢出: 'removed', 开除: 'removed',
};

const ROLE_ALIASES: Record<string, Role> = {
  成员: 'member', 会员: 'member', 普通成员: 'member', 管理员: 'admin', 管理: 'admin', 群主: 'owner', 创始人: 'owner', 负责人: 'owner',
  志愿者: 'volunteer', 义工: 'volunteer', 捐赠者: 'donor', 捐赠人: 'donor', 赞助人: 'donor',
};

/** A multi-choice answer as form sites export it (Wenjuanxing's ┋), or a list typed into one cell. */
const MULTI_CHOICE = /[┋|,，;；]/;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class RowError extends UsageError {}

function rowError(line: number, message: string, hint?: string): never {
  throw new RowError(t('member.line', { line, message }), hint);
}

function parseStatus(value: string, line: number): MemberStatus {
  const v = value.trim();
  const lower = v.toLowerCase();
  if ((MEMBER_STATUSES as readonly string[]).includes(lower)) return lower as MemberStatus;
  const alias = STATUS_ALIASES[v];
  if (alias) return alias;
  return rowError(line, `unknown status ${JSON.stringify(value)}`, `use ${MEMBER_STATUSES.join(', ')}`);
}

function parseRoleCell(value: string): string {
  return ROLE_ALIASES[value.trim()] ?? value;
}

function parseJson(value: string, field: string, line: number): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return rowError(line, `${field} is not valid JSON`);
  }
}

/** A text inside an imported cell: refused, naming the line, when it holds a control character. */
function cellText(line: number, field: string, value: string | null): void {
  if (value === null) return;
  try {
    oneLineText(field, value);
  } catch (err) {
    if (err instanceof ClubError) rowError(line, err.message, err.hint);
    throw err;
  }
}

const isNullableString = (v: unknown) => v === null || typeof v === 'string';

function parseHistory(value: string, line: number): StatusChange[] {
  const parsed = parseJson(value, 'history', line);
  const ok =
    Array.isArray(parsed) &&
    parsed.every(
      (h) =>
        h && typeof h === 'object' && Object.keys(h).sort().join() === 'at,by,date,reason,status' &&
        (MEMBER_STATUSES as readonly string[]).includes(h.status) && typeof h.date === 'string' && isDateString(h.date) &&
        typeof h.at === 'string' && INSTANT.test(h.at) && isNullableString(h.reason) && isNullableString(h.by),
    );
  if (!ok) rowError(line, 'history is not a list of {status, date, at, reason, by}');
  for (const h of parsed as StatusChange[]) {
    cellText(line, 'history reason', h.reason);
    cellText(line, 'history by', h.by);
  }
  return parsed as StatusChange[];
}

function parseWarnings(value: string, line: number): Warning[] {
  const parsed = parseJson(value, 'warnings', line);
  const ok =
    Array.isArray(parsed) &&
    parsed.every(
      (w) => w && typeof w === 'object' && Object.keys(w).sort().join() === 'at,by,reason' && typeof w.at === 'string' && INSTANT.test(w.at) && typeof w.reason === 'string' && isNullableString(w.by),
    );
  if (!ok) rowError(line, 'warnings is not a list of {at, reason, by}');
  for (const w of parsed as Warning[]) {
    cellText(line, 'warning reason', w.reason);
    cellText(line, 'warning by', w.by);
  }
  return parsed as Warning[];
}

/** Index of contact keys -> member, for duplicate detection in O(1) per row. */
class ContactIndex {
  private readonly keys = new Map<string, Member>();

  add(m: Member): void {
    if (m.purged) return;
    for (const key of ContactIndex.keysOf(m)) this.keys.set(key, m);
  }

  remove(m: Member): void {
    for (const key of ContactIndex.keysOf(m)) if (this.keys.get(key)?.id === m.id) this.keys.delete(key);
  }

  /** Members sharing a contact with `fields`, with the first field that matched. */
  find(fields: MemberFields): Array<{ member: Member; field: string }> {
    const found = new Map<string, { member: Member; field: string }>();
    for (const [field, key] of ContactIndex.fieldKeys(fields)) {
      const m = this.keys.get(key);
      if (m && !found.has(m.id)) found.set(m.id, { member: m, field });
    }
    return [...found.values()];
  }

  static fieldKeys(f: MemberFields): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    if (f.email) out.push(['email', `e:${f.email.toLowerCase()}`]);
    if (f.phone) out.push(['phone', `p:${phoneKey(f.phone)}`]);
    if (f.qq) out.push(['qq', `q:${f.qq}`]);
    if (f.wechat) out.push(['wechat', `w:${f.wechat.toLowerCase()}`]);
    return out;
  }

  static keysOf(m: Member): string[] {
    return ContactIndex.fieldKeys(m).map(([, key]) => key);
  }
}

export function planImport(
  rows: ImportRow[],
  mapping: ColumnMapping,
  state: MemberState,
  opts: { onDuplicate: OnDuplicate; /** The status of a row with no status cell: `applicant` makes a sign-up form applications. */ status?: 'active' | 'applicant' },
  env: CoreEnv,
  onProgress?: (done: number, total: number) => void,
): ImportPlan {
  const tz = env.settings.timezone;
  const members = [...state.members];
  const byId = new Map(members.map((m, i) => [m.id, i]));
  const index = new ContactIndex();
  for (const m of members) index.add(m);
  const startCounter = state.counters.member;
  let counter = startCounter;
  const sourceIds = new Map<string, string>(); // id in the file -> id in this store
  const pendingReferrers: Array<{ line: number; memberId: string; ref: string }> = [];
  const actions: ImportAction[] = [];
  const actionOf = new Map<string, ImportAction>();
  const record = (action: ImportAction) => {
    actions.push(action);
    actionOf.set(action.member.id, action);
  };

  const cellsOf = (row: ImportRow): Partial<Record<ImportField, string>> => {
    const out: Partial<Record<ImportField, string>> = {};
    for (const [col, field] of mapping.columns) {
      const value = row.cells[col];
      if (value !== undefined && !isBlankCell(value)) out[field] = value;
    }
    return out;
  };

  const problems = new RowProblems();
  rows.forEach((row, i) => {
    if (onProgress && (i % 500 === 0 || i === rows.length - 1)) onProgress(i + 1, rows.length);
    const c = cellsOf(row);
    if (Object.keys(c).length === 0) return; // a row of empty cells, as spreadsheets leave at the end
    problems.check(row.line, () => planRow(row.line, c));
  });

  function planRow(line: number, c: Partial<Record<ImportField, string>>): void {
    if (!c.name) rowError(line, 'the name is empty');
    let fields: MemberFields;
    try {
      fields = normalizeFields({
        name: c.name,
        nick: c.nick,
        email: c.email,
        phone: c.phone,
        qq: c.qq,
        wechat: c.wechat,
        city: c.city,
        role: c.role === undefined ? undefined : parseRoleCell(c.role),
        tags: c.tags === undefined ? undefined : c.tags.split(MULTI_CHOICE),
        note: c.note,
      });
    } catch (err) {
      if (err instanceof ClubError) rowError(line, err.message, err.hint);
      throw err;
    }
    const joined = c.joined === undefined ? undefined : parseImportedDate(c.joined, tz)?.date;
    if (c.joined !== undefined && !joined) rowError(line, `invalid joined date ${JSON.stringify(c.joined)}`, 'use 2026-03-05, 2026/3/5 or 2026年3月5日');
    if (joined && joined > today(env)) rowError(line, `joined date ${joined} is in the future`);

    const duplicates = index.find(fields);
    if (duplicates.length > 1) {
      rowError(line, `${fields.name} shares contacts with ${duplicates.map((d) => describeMember(d.member)).join(' and ')}`, 'fix the row; two members cannot have one phone, email, QQ or WeChat');
    }
    const duplicate = duplicates[0] ?? sameIdAndName(c.id, fields.name!);
    if (duplicate) {
      if (opts.onDuplicate === 'error') {
        throw new RuleError(
          t('member.lineHasTheSame', { line, name: fields.name, field: duplicate.field, member: describeMember(duplicate.member) }),
          t('member.nothingWasImportedRe'),
        );
      }
      if (c.id) sourceIds.set(c.id.trim(), duplicate.member.id);
      if (opts.onDuplicate === 'skip') {
        actions.push({ line, action: 'skip', member: duplicate.member, reason: `same ${duplicate.field} as ${duplicate.member.id}` });
        return;
      }
      const current = duplicate.member;
      const merged: Member = { ...current };
      for (const [key, value] of Object.entries(fields) as Array<[keyof MemberFields, unknown]>) {
        if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) (merged as unknown as Record<string, unknown>)[key] = value;
      }
      if (JSON.stringify(merged) === JSON.stringify(current)) {
        actions.push({ line, action: 'skip', member: current, reason: 'unchanged' });
        return;
      }
      index.remove(current);
      index.add(merged);
      members[byId.get(current.id)!] = merged;
      record({ line, action: 'update', member: merged, reason: `same ${duplicate.field} as ${current.id}` });
      if (c.referrer) pendingReferrers.push({ line, memberId: merged.id, ref: c.referrer });
      return;
    }

    const status = c.status === undefined ? (opts.status ?? 'active') : parseStatus(c.status, line);
    const history = c.history === undefined ? undefined : parseHistory(c.history, line);
    if (history && history.at(-1)?.status !== status) rowError(line, `status ${status} does not match the last entry of history`);
    const everActive = status === 'active' || status === 'left' || status === 'removed';
    const joinedAt = everActive ? (joined ?? today(env)) : null; // an applicant joins when approved
    const at = nowInstant(env);
    const synthesized: StatusChange[] = [];
    if (!history) {
      if (everActive) synthesized.push({ status: 'active', date: joinedAt!, at, reason: 'imported', by: env.actor });
      else synthesized.push({ status: 'applicant', date: today(env), at, reason: 'imported', by: env.actor });
      if (status !== 'active' && status !== 'applicant') synthesized.push({ status, date: today(env), at, reason: 'imported', by: env.actor });
    }

    // An id from the file (our own export) is kept when this store never handed it out: a round trip keeps ids.
    let id: string | undefined;
    const wanted = c.id?.trim();
    if (wanted !== undefined && !/^m[1-9]\d{0,8}$/.test(wanted)) rowError(line, `invalid id ${JSON.stringify(c.id)} (expected m1, m2, … up to m999999999)`);
    if (wanted && !byId.has(wanted) && Number(wanted.slice(1)) > startCounter) {
      id = wanted;
      counter = Math.max(counter, Number(wanted.slice(1)));
    } else {
      do counter += 1;
      while (byId.has(`m${counter}`));
      id = `m${counter}`;
    }
    if (wanted) sourceIds.set(wanted, id);
    if (c.createdAt !== undefined && !INSTANT.test(c.createdAt.trim())) rowError(line, `invalid createdAt ${JSON.stringify(c.createdAt)}`);
    const member = newMember(id, { ...fields, name: fields.name! }, {
      status,
      joinedAt,
      referrerId: null,
      warnings: c.warnings === undefined ? [] : parseWarnings(c.warnings, line),
      history: history ?? synthesized,
      createdAt: c.createdAt?.trim() || at,
      purged: c.purged?.trim().toLowerCase() === 'true',
    });

    byId.set(id, members.length);
    members.push(member);
    index.add(member);
    record({ line, action: 'add', member, reason: null });
    if (c.referrer) pendingReferrers.push({ line, memberId: id, ref: c.referrer });
  }

  // Referrers last: a row may name someone further down the file.
  for (const { line, memberId, ref } of pendingReferrers) problems.check(line, () => linkReferrer(line, memberId, ref));
  problems.throwIfAny();

  /**
   * A row of this club's own export names its member by id, contacts or not: a club that keeps only names re-imports
   * its edited export without doubling everyone. Another club's export reuses ids for other people, so the id counts
   * only with the same name.
   */
  function sameIdAndName(id: string | undefined, name: string): { member: Member; field: string } | undefined {
    const at = id === undefined ? undefined : byId.get(id.trim());
    const member = at === undefined ? undefined : members[at];
    return member && foldReference(member.name) === foldReference(name) ? { member, field: 'id and name' } : undefined;
  }

  function linkReferrer(line: number, memberId: string, ref: string): void {
    let referrerId = sourceIds.get(ref.trim());
    if (!referrerId) {
      try {
        referrerId = resolveMember(members, ref).id;
      } catch (err) {
        if (err instanceof ClubError) rowError(line, `referrer ${JSON.stringify(ref)}: ${err.message}`, 'fix the cell, or drop the column with --map "推荐人=ignore"');
        throw err;
      }
    }
    if (referrerId === memberId) rowError(line, 'a member cannot refer themselves');
    const at = byId.get(memberId)!;
    members[at] = { ...members[at]!, referrerId };
    const action = actionOf.get(memberId);
    if (action) action.member = members[at]!;
  }

  return { state: { ...state, members, counters: { ...state.counters, member: counter } }, actions };
}
