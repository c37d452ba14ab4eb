import type { VoteState } from '../../core/sessions/votes.js';
import type { Snapshot } from '../../store/types.js';

// In the topic and best commands `--by M` names the member who proposes or votes, and is so also the actor in the log.
export const VOTE_COLLECTIONS = ['members', 'topics', 'votes', 'attendance'] as const;

export function voteState(draft: Snapshot<'members' | 'sessions' | 'topics' | 'votes' | 'attendance'>): VoteState {
  return { members: draft.members, sessions: draft.sessions, topics: draft.topics, votes: draft.votes, attendance: draft.attendance };
}
