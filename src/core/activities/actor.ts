// Who acted, as the four-eyes rules compare people (SPEC §14): on a database store the login; on a folder store
// `--by` resolved to a member id when it names exactly one member, else its text. A folder store trusts `--by`.
import { resolveMember } from '../members/reference.js';
import type { Member } from '../types.js';

export function actorKey(members: readonly Member[], actor: string, login: string | null): string {
  if (login !== null) return login;
  try {
    return resolveMember(members, actor).id;
  } catch {
    return actor.trim();
  }
}
