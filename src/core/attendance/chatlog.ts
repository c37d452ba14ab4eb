// Check-in from a QQ group chat export (SPEC §5):
//   2026-03-03 21:29:58 荆州+杨洪勇(1023919001)
//   签到
//   <blank line>
// Sender names are matched, never stored; one with a bidi mark or a control character (QQ allows them) is read as it
// is and printed escaped, rather than refusing the whole log.
// A header line is DATE TIME SENDER(QQ) or DATE TIME SENDER<email>, then message lines until a blank line.
import { UsageError } from '../errors.js';
import { zonedInstant } from '../time.js';
import type { Member } from '../types.js';
import type { Session } from '../sessions/types.js';
import { checkInStatus } from './rules.js';
import type { Settings } from '../settings.js';
import { t } from '../../i18n/index.js';

export interface ChatMessage {
  at: Date;
  sender: string;
  qq: string | null;
  email: string | null;
  text: string;
  line: number;
}

const HEADER = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (.*?)(?:\((\d{5,12})\)|<([^<>\s]+@[^<>\s]+)>)$/;

export function parseChatLog(text: string, tz: string): ChatMessage[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const messages: ChatMessage[] = [];
  let current: ChatMessage | null = null;
  lines.forEach((raw, i) => {
    // trimEnd, not /\s+$/: the pattern backtracks quadratically on a long run of spaces before the line's end.
    const line = raw.trimEnd();
    const m = HEADER.exec(line);
    if (m) {
      const at = zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), tz, Number(m[6]));
      if (at) {
        current = { at, sender: m[7]!.trim(), qq: m[8] ?? null, email: m[9]?.toLowerCase() ?? null, text: '', line: i + 1 };
        messages.push(current);
        return;
      }
    }
    if (line === '') {
      current = null;
      return;
    }
    if (current) current.text = current.text ? `${current.text}\n${line}` : line;
  });
  return messages;
}

export interface ChatSender {
  sender: string;
  qq: string | null;
  email: string | null;
}

export const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** `--map NICK=MEMBER` flags as [nick, member reference] pairs. */
export function parseSenderMaps(specs: readonly string[]): Array<readonly [string, string]> {
  return specs.map((spec) => {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(t('session.invalidMapExpectedNick', { spec: JSON.stringify(spec) }));
    return [spec.slice(0, eq).trim(), spec.slice(eq + 1).trim()] as const;
  });
}

/** A QQ export puts the sender's group title before the name: 【管理员】荆州+杨洪勇, 【活跃】雅风. */
export function withoutGroupTitle(sender: string): string {
  return sender.replace(/^(?:【[^【】]*】\s*)+/, '');
}

/**
 * The member a sender is: by QQ number, then email, then nickname (the display name without a group title such as
 * 【管理员】, or its part after `+`).
 * `overrides` (from --map NICK=M) wins, keyed by display name, QQ or email.
 */
export function matchSender(sender: ChatSender, members: readonly Member[], overrides: ReadonlyMap<string, Member>): Member | null {
  const name = withoutGroupTitle(sender.sender);
  for (const key of [sender.sender, name, sender.qq, sender.email]) {
    if (key && overrides.has(fold(key))) return overrides.get(fold(key))!;
  }
  const eligible = members.filter((m) => !m.purged);
  if (sender.qq) {
    const byQq = eligible.filter((m) => m.qq === sender.qq);
    if (byQq.length === 1) return byQq[0]!;
  }
  if (sender.email) {
    const byEmail = eligible.filter((m) => m.email?.toLowerCase() === sender.email);
    if (byEmail.length === 1) return byEmail[0]!;
  }
  const nick = fold(name);
  if (!nick) return null;
  const tail = nick.includes('+') ? nick.slice(nick.lastIndexOf('+') + 1) : null;
  const byNick = eligible.filter((m) => {
    const keys = [m.nick, m.name].filter((k): k is string => Boolean(k)).map(fold);
    const nickTail = m.nick?.includes('+') ? fold(m.nick.slice(m.nick.lastIndexOf('+') + 1)) : null;
    return keys.includes(nick) || (tail !== null && keys.includes(tail)) || (nickTail !== null && nickTail === nick);
  });
  if (byNick.length === 1) return byNick[0]!;
  // Several former members may share a name with one active member: prefer the active one.
  const active = byNick.filter((m) => m.status === 'active');
  return active.length === 1 ? active[0]! : null;
}

export interface ChatCheckin {
  member: Member;
  status: 'present' | 'late';
  at: Date;
  message: ChatMessage;
}

/** Why a message did not check anyone in. */
export type SkipReason = 'early' | 'late' | 'keyword' | 'unmatched';

export interface SkippedMessage {
  line: number;
  at: Date;
  sender: string;
  qq: string | null;
  email: string | null;
  reason: SkipReason;
}

export interface ChatPlan {
  checkins: ChatCheckin[];
  /** Senders in the window who match no member, each once. */
  unmatched: Array<{ sender: string; qq: string | null; email: string | null; line: number }>;
  /** Every message that checked nobody in, with the reason, in the log's order (later messages of a member already
   * counted are not here: they are `repeats`). */
  skipped: SkippedMessage[];
  /** Messages outside the window or without the keyword. */
  ignored: number;
  /** Later messages of members already counted. */
  repeats: number;
  /** The window: from `fromMinutes` before the start to the session's end. */
  window: { from: Date; to: Date };
}

/** By default a message counts from 15 minutes before the start (`--from-minutes N`) to the session's end. */
export const EARLY_MINUTES = 15;

export function planChatCheckins(
  messages: ChatMessage[],
  session: Session,
  members: readonly Member[],
  opts: { keyword?: string | undefined; overrides: ReadonlyMap<string, Member>; settings: Settings; fromMinutes?: number | undefined },
): ChatPlan {
  const from = new Date(session.startsAt).getTime() - (opts.fromMinutes ?? EARLY_MINUTES) * 60_000;
  const to = new Date(session.endsAt).getTime();
  const keyword = opts.keyword ? fold(opts.keyword) : null;
  const firstBy = new Map<string, ChatCheckin>();
  const unmatched = new Map<string, { sender: string; qq: string | null; email: string | null; line: number }>();
  const skipped: SkippedMessage[] = [];
  let repeats = 0;
  const skip = (message: ChatMessage, reason: SkipReason) =>
    skipped.push({ line: message.line, at: message.at, sender: message.sender, qq: message.qq, email: message.email, reason });
  for (const message of messages) {
    const t = message.at.getTime();
    const reason: SkipReason | null = t < from ? 'early' : t > to ? 'late' : keyword !== null && !fold(message.text).includes(keyword) ? 'keyword' : null;
    if (reason) {
      skip(message, reason);
      continue;
    }
    const member = matchSender(message, members, opts.overrides);
    if (!member) {
      const key = message.qq ?? message.email ?? message.sender;
      if (!unmatched.has(key)) unmatched.set(key, { sender: message.sender, qq: message.qq, email: message.email, line: message.line });
      skip(message, 'unmatched');
      continue;
    }
    if (firstBy.has(member.id)) {
      repeats += 1;
      continue;
    }
    firstBy.set(member.id, { member, status: checkInStatus(message.at, session, opts.settings), at: message.at, message });
  }
  const ignored = skipped.filter((m) => m.reason !== 'unmatched').length;
  return { checkins: [...firstBy.values()], unmatched: [...unmatched.values()], skipped, ignored, repeats, window: { from: new Date(from), to: new Date(to) } };
}
