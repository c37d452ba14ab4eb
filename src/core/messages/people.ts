// Who a chat message names: a member as the JSON of `notice` and `remind` shows them, and as the group chat knows
// them (@nickname: the nickname the member goes by in the group, else the name).
import type { Member } from '../types.js';

export interface Person {
  id: string;
  name: string;
  nick: string | null;
}

export function personOf(member: Pick<Member, 'id' | 'name' | 'nick'>): Person {
  return { id: member.id, name: member.name, nick: member.nick };
}

/** `@nick`, or `@name` for a member without a nickname. The renderer makes it one line. */
export function mentionOf(person: Person): string {
  const nick = person.nick?.trim();
  return `@${nick ? nick : person.name}`;
}

/** Members in the order of their ids (m2 before m10). */
export function byMemberId<T extends { id: string }>(a: T, b: T): number {
  return Number(a.id.slice(1)) - Number(b.id.slice(1)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
