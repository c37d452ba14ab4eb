// Daily 打卡 from a QQ group chat export (the reader of `checkin import`): each matched member's first message with
// the keyword on a day (club zone) is that day's check-in. Only the member, the day and the time are kept.
import { activeOn } from '../attendance/rules.js';
import type { ChatMessage } from '../attendance/chatlog.js';
import { fold, matchSender } from '../attendance/chatlog.js';
import { instantDate, toInstantString } from '../time.js';
import type { Member } from '../types.js';
import type { ReadingCheckin } from './types.js';

export interface ReadingChatPlan {
  /** New check-ins, one per member and day not yet recorded. */
  added: ReadingCheckin[];
  /** Check-ins the store already had (or a second message the same day). */
  repeats: number;
  /** Senders with the keyword who match no member, each once. */
  unmatched: Array<{ sender: string; qq: string | null; email: string | null; line: number }>;
  /** Matched members who were not active that day. */
  inactive: Array<{ member: Member; date: string; line: number }>;
}

export function planReadingCheckins(
  messages: readonly ChatMessage[],
  members: readonly Member[],
  existing: readonly ReadingCheckin[],
  opts: { keyword: string; overrides: ReadonlyMap<string, Member>; tz: string },
): ReadingChatPlan {
  const keyword = fold(opts.keyword);
  const seen = new Set(existing.map((c) => `${c.memberId}/${c.date}`));
  const plan: ReadingChatPlan = { added: [], repeats: 0, unmatched: [], inactive: [] };
  const unmatchedKeys = new Set<string>();
  for (const message of messages) {
    if (!fold(message.text).includes(keyword)) continue;
    const member = matchSender(message, members, opts.overrides);
    if (!member) {
      const key = message.qq ?? message.email ?? message.sender;
      if (!unmatchedKeys.has(key)) plan.unmatched.push({ sender: message.sender, qq: message.qq, email: message.email, line: message.line });
      unmatchedKeys.add(key);
      continue;
    }
    const date = instantDate(message.at.toISOString(), opts.tz);
    if (!activeOn(member, date)) {
      plan.inactive.push({ member, date, line: message.line });
      continue;
    }
    const key = `${member.id}/${date}`;
    if (seen.has(key)) {
      plan.repeats += 1;
      continue;
    }
    seen.add(key);
    plan.added.push({ memberId: member.id, date, at: toInstantString(message.at, opts.tz), source: 'chat' });
  }
  return plan;
}
