// `register import`: who signed up, from a form export (rows with a column naming the member: 姓名, 昵称, QQ, 手机…,
// and perhaps a 备注 column) or from a WeChat 接龙 list, whose numbered lines are the sign-ups in arrival order:
//   #接龙
//   周六读书会报名
//   1. 杨洪勇
//   2. 雅风 带一位朋友
//   3. 荆州+张三
// The lines before "1." are the list's header and are ignored; in a numbered line, the longest leading run of words
// that names a member is the name and the rest is the note. Pure: text and rows in, entries and problems out.
import { t } from '../../i18n/index.js';
import { candidates, NUMBERED } from '../attendance/lists.js';
import { AmbiguousError, NotFoundError, UsageError } from '../errors.js';
import { normalizeHeader } from '../members/import-map.js';
import { resolveMember } from '../members/reference.js';
import { isBlankCell, RowProblems } from '../rows.js';
import { MEMBER } from '../surveys/import.js';
import { oneLineAt } from '../text.js';
import type { Member } from '../types.js';

/** The longest name or note a line may hold: a line longer than this is no sign-up (an enormous line is refused). */
export const MAX_ENTRY = 200;
export const MAX_NOTE = 200;

export type ImportKind = 'jielong' | 'form';

/** One sign-up as the file gives it, before it is matched to a member. */
export interface ImportEntry {
  line: number;
  /** What identifies the person: the 接龙 line's text, or the member cells of a form row. */
  refs: string[];
  /** A form's note cell; a 接龙 line's note is what follows the name. */
  note: string | null;
}

const MEMBER_HEADERS = new Set([...MEMBER, 'nick', 'nickname', 'phone', 'mobile', 'wechat', 'qqnumber', '手机号码', '联系电话', '电话', '微信昵称', '群名片', '成员']);
const NOTE_HEADERS = new Set(['note', 'notes', 'remark', 'remarks', 'comment', 'comments', '备注', '留言', '说明', '附言']);

/** Header as compared: normalised, without a bracketed remark (“姓名（必填）”, “QQ号(选填)”). */
const headerKey = (header: string): string => normalizeHeader(header).replace(/[（(][^）)]*[）)]/g, '');

export interface FormColumns {
  member: number[];
  note: number | null;
  ignored: string[];
}

export function formColumns(headers: readonly string[]): FormColumns {
  const member: number[] = [];
  let note: number | null = null;
  const ignored: string[] = [];
  headers.forEach((header, i) => {
    const key = headerKey(header);
    if (MEMBER_HEADERS.has(key)) member.push(i);
    else if (NOTE_HEADERS.has(key) && note === null) note = i;
    else if (header.trim()) ignored.push(header.trim());
  });
  return { member, note, ignored };
}

/**
 * Whether a text file is a 接龙 list rather than CSV: it has numbered lines, and its first line is not a header that
 * names a member column.
 */
export function isJielong(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  if (!lines.some((l) => NUMBERED.test(l))) return false;
  const first = lines.find((l) => l.trim()) ?? '';
  return !/[,\t;]/.test(first) || formColumns(first.split(/[,\t;]/)).member.length === 0;
}

/** The numbered lines of a 接龙 list; every line that cannot be one (a control character, too long) is named. */
export function jielongEntries(text: string): ImportEntry[] {
  const problems = new RowProblems();
  const entries: ImportEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const m = NUMBERED.exec(raw);
    if (m?.[1] === undefined) return;
    const line = i + 1;
    const entry = problems.check(line, () => oneLineAt(line, t('register.import.lineField'), m[1]!.replace(/\t/g, ' '), MAX_ENTRY));
    if (entry) entries.push({ line, refs: [entry], note: null });
  });
  problems.throwIfAny();
  return entries;
}

/** The rows of a form export that name someone. */
export function formEntries(rows: ReadonlyArray<{ line: number; cells: string[] }>, cols: FormColumns): ImportEntry[] {
  if (cols.member.length === 0) throw new UsageError(t('register.import.notAList'));
  const problems = new RowProblems();
  const entries: ImportEntry[] = [];
  for (const row of rows) {
    const entry = problems.check(row.line, () => {
      const refs = cols.member.map((i) => row.cells[i]).filter((c): c is string => !isBlankCell(c)).map((c) => oneLineAt(row.line, t('register.import.lineField'), c, MAX_ENTRY));
      const cell = cols.note === null ? undefined : row.cells[cols.note];
      const note = isBlankCell(cell) ? null : oneLineAt(row.line, t('register.col.note'), cell!, MAX_NOTE) || null;
      return refs.length ? { line: row.line, refs, note } : null;
    });
    if (entry) entries.push(entry);
  }
  problems.throwIfAny();
  return entries;
}

export interface MatchedEntry {
  line: number;
  member: Member;
  note: string | null;
}

export interface ImportMatch {
  /** In the file's order, each member once. */
  matched: MatchedEntry[];
  /** Rows that name no member, or several: with their message. */
  problems: Array<{ line: number; message: string }>;
  /** Later rows of a member already matched: left out. */
  repeats: Array<{ line: number; first: number; member: Member }>;
}

/** Matches each entry to one member (ids, names, nicknames, QQ, phone… as references match them). */
export function matchEntries(members: readonly Member[], entries: readonly ImportEntry[], kind: ImportKind): ImportMatch {
  const matched: MatchedEntry[] = [];
  const problems: ImportMatch['problems'] = [];
  const repeats: ImportMatch['repeats'] = [];
  const firstLine = new Map<string, number>();
  for (const entry of entries) {
    const r = kind === 'jielong' ? matchLine(members, entry.refs[0]!) : matchCells(members, entry.refs);
    const text = entry.refs.join(' / ');
    if (r.kind === 'none') problems.push({ line: entry.line, message: t('register.import.unmatched', { line: entry.line, text }) });
    else if (r.kind === 'many') problems.push({ line: entry.line, message: t('register.import.ambiguous', { line: entry.line, text, candidates: r.candidates.join('; ') }) });
    else {
      const first = firstLine.get(r.member.id);
      if (first !== undefined) repeats.push({ line: entry.line, first, member: r.member });
      else {
        firstLine.set(r.member.id, entry.line);
        matched.push({ line: entry.line, member: r.member, note: kind === 'jielong' ? r.rest : entry.note });
      }
    }
  }
  return { matched, problems, repeats };
}

type Match = { kind: 'one'; member: Member; rest: string | null } | { kind: 'none' } | { kind: 'many'; candidates: string[] };

function tryResolve(members: readonly Member[], ref: string): Match {
  try {
    return { kind: 'one', member: resolveMember(members, ref), rest: null };
  } catch (err) {
    if (err instanceof AmbiguousError) return { kind: 'many', candidates: err.candidates };
    if (err instanceof NotFoundError) return { kind: 'none' };
    throw err;
  }
}

/** A 接龙 line: the longest leading run of words that names a member; what follows is the note. */
function matchLine(members: readonly Member[], text: string): Match {
  const words = text.split(/\s+/).filter(Boolean);
  for (const ref of candidates(text, 'jielong')) {
    const r = tryResolve(members, ref);
    if (r.kind === 'none') continue;
    if (r.kind === 'many') return r;
    const rest = words.slice(ref.split(/\s+/).length).join(' ');
    return { ...r, rest: rest ? [...rest].slice(0, MAX_NOTE).join('') : null };
  }
  return { kind: 'none' };
}

/** A form row: every member cell that names someone must name the same one. */
function matchCells(members: readonly Member[], cells: readonly string[]): Match {
  const found = new Map<string, Member>();
  let ambiguous: string[] | null = null;
  for (const cell of cells) {
    const r = tryResolve(members, cell);
    if (r.kind === 'one') found.set(r.member.id, r.member);
    else if (r.kind === 'many') ambiguous ??= r.candidates;
  }
  if (found.size === 1) return { kind: 'one', member: [...found.values()][0]!, rest: null };
  if (found.size > 1) return { kind: 'many', candidates: [...found.values()].map((m) => `${m.id} ${m.name}`) };
  return ambiguous ? { kind: 'many', candidates: ambiguous } : { kind: 'none' };
}
