// Who came, from a file (`checkin --from-file`): one member reference per line (blank lines and # comments
// skipped), or a WeChat 接龙 list, whose numbered lines are the names and whose other lines (the #接龙 header, the
// title, an example line) are not:
//   #接龙
//   周二读书会 3月3日签到
//   1. 杨洪勇
//   2、雅风
//   3. 荆州+小明 已到
// A numbered entry may carry trailing words ("已到", "+1"): the longest leading run of words that names a member is
// the name. Every problem names its line. A tab counts as a space; any other control character in a line is refused.
import { t } from '../../i18n/index.js';
import { AmbiguousError, NotFoundError, RuleError } from '../errors.js';
import { resolveMember } from '../members/reference.js';
import { oneLineAt } from '../text.js';
import type { Member } from '../types.js';

export interface ListEntry {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

export interface CheckinList {
  kind: 'lines' | 'jielong';
  entries: ListEntry[];
}

/** `1.` `1、` `1)` `１．` at the start of a line: a 接龙 entry. */
export const NUMBERED = /^\s*[0-9０-９]+\s*[.、．)）:：]\s*(.*)$/;

export function parseCheckinList(text: string): CheckinList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.some((l) => NUMBERED.test(l))) {
    const entries: ListEntry[] = [];
    lines.forEach((raw, i) => {
      const m = NUMBERED.exec(raw);
      const name = m?.[1] === undefined ? '' : oneLineAt(i + 1, 'name', m[1].replace(/\t/g, ' '));
      if (name) entries.push({ line: i + 1, text: name });
    });
    return { kind: 'jielong', entries };
  }
  const entries: ListEntry[] = [];
  lines.forEach((raw, i) => {
    const name = oneLineAt(i + 1, 'name', raw.replace(/#.*$/, '').replace(/\t/g, ' '));
    if (name) entries.push({ line: i + 1, text: name });
  });
  return { kind: 'lines', entries };
}

/** The longest leading run of words first: "荆州+小明 已到" tries "荆州+小明 已到", then "荆州+小明". */
export function candidates(entry: string, kind: CheckinList['kind']): string[] {
  if (kind === 'lines') return [entry];
  const words = entry.split(/\s+/).filter(Boolean);
  return words.map((_, i) => words.slice(0, words.length - i).join(' '));
}

/**
 * The members a list names, each once, in the list's order. Every entry that names no member or several is reported
 * at once with its line number, and nothing is returned.
 */
export function resolveList(members: readonly Member[], list: CheckinList, file: string): Member[] {
  const found: Member[] = [];
  const problems: string[] = [];
  for (const entry of list.entries) {
    let member: Member | null = null;
    let ambiguous: AmbiguousError | null = null;
    for (const ref of candidates(entry.text, list.kind)) {
      try {
        member = resolveMember(members, ref);
        break;
      } catch (err) {
        if (err instanceof AmbiguousError) {
          ambiguous = err;
          break;
        }
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    if (member) {
      if (!found.some((f) => f.id === member.id)) found.push(member);
    } else if (ambiguous) {
      problems.push(t('checkin.listAmbiguous', { file, line: entry.line, text: entry.text, candidates: ambiguous.candidates.join('; ') }));
    } else {
      problems.push(t('checkin.listUnmatched', { file, line: entry.line, text: entry.text }));
    }
  }
  if (problems.length === 1) throw new RuleError(problems[0]!, t('checkin.listHint'));
  if (problems.length > 1) throw new RuleError(t('checkin.listProblems', { count: problems.length, problems: problems.join('\n  ') }), t('checkin.listHint'));
  return found;
}
