// Votes at a session (SPEC §5): the topic for next time, and the best performer. Each member votes once per session
// and poll; only the first `topic.voteCap` topic votes count; closing decides (ties: the topic proposed first, and
// every best performer with the most votes).
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { RuleError, UsageError } from '../errors.js';
import { oneLineText } from '../text.js';
import { describeMember, resolveMember } from '../members/reference.js';
import { sortByInstant } from '../time.js';
import type { Member } from '../types.js';
import { requireMemberAtStart } from '../attendance/rules.js';
import { findSession, revised } from './sessions.js';
import type { Attendance, Session, TopicProposal, Vote } from './types.js';
import { t } from '../../i18n/index.js';

export interface VoteState {
  members: readonly Member[];
  sessions: readonly Session[];
  topics: readonly TopicProposal[];
  votes: readonly Vote[];
  attendance: readonly Attendance[];
}

function activeVoter(members: readonly Member[], ref: string | undefined, role: string): Member {
  if (!ref) throw new UsageError(t(role === 'proposes' ? 'session.missingByProposer' : 'session.missingByVoter'));
  const m = resolveMember(members, ref);
  if (m.status !== 'active') throw new RuleError(t('session.isNotAnActive', { m: describeMember(m) }));
  return m;
}

/** Votes and the best performer are for members of the session: active at its start, unless forced (SPEC §14). */
export interface MembershipCheck {
  force?: boolean | undefined;
  /** What was recorded anyway with --force, for the command to print. */
  notes?: string[];
}

function memberOfSession(member: Member, session: Session, tz: string, check: MembershipCheck): void {
  const note = requireMemberAtStart(member, session, tz, Boolean(check.force));
  if (note) check.notes?.push(note);
}

function replaceSession(sessions: readonly Session[], next: Session): Session[] {
  return sessions.map((s) => (s.id === next.id ? next : s));
}

export function proposeTopics(state: VoteState, sessionRef: string, texts: string[], byRef: string | undefined, env: CoreEnv): { topics: TopicProposal[]; added: TopicProposal[] } {
  const session = findSession(state.sessions, sessionRef);
  if (session.topicPollClosed) throw new RuleError(t('session.theTopicVoteOf', { id: session.id }));
  if (session.status === 'cancelled') throw new RuleError(t('session.wasCancelled', { id: session.id }));
  const by = activeVoter(state.members, byRef, 'proposes');
  const existing = state.topics.filter((t) => t.sessionId === session.id);
  let n = existing.reduce((max, t) => Math.max(max, t.n), 0);
  const added: TopicProposal[] = [];
  for (const raw of texts) {
    const text = oneLineText('TOPIC', raw, 500);
    if (!text) throw new UsageError(t('session.invalidTopic', { raw: JSON.stringify(raw) }));
    if ([...existing, ...added].some((t) => t.text === text)) throw new RuleError(t('session.isAlreadyProposedFor', { text: JSON.stringify(text), id: session.id }));
    n += 1;
    added.push({ sessionId: session.id, n, text, proposedBy: by.id, at: nowInstant(env) });
  }
  return { topics: [...state.topics, ...added], added };
}

export interface TopicTally {
  n: number;
  text: string;
  proposedBy: string | null;
  votes: number;
}

/** Counted votes per topic, in order of proposal; votes past the cap (by time) do not count. */
export function tallyTopics(sessionId: string, topics: readonly TopicProposal[], votes: readonly Vote[], cap: number): TopicTally[] {
  const proposals = topics.filter((t) => t.sessionId === sessionId).sort((a, b) => a.n - b.n);
  const counted = sortByInstant(
    votes.filter((v) => v.sessionId === sessionId && v.kind === 'topic'),
    (v) => v.at,
  ).slice(0, cap);
  return proposals.map((t) => ({ n: t.n, text: t.text, proposedBy: t.proposedBy, votes: counted.filter((v) => v.choice === String(t.n)).length }));
}

export function voteTopic(state: VoteState, sessionRef: string, choice: string, byRef: string | undefined, env: CoreEnv, check: MembershipCheck = {}): { votes: Vote[]; vote: Vote; counted: boolean; topic: TopicProposal } {
  const session = findSession(state.sessions, sessionRef);
  if (session.topicPollClosed) throw new RuleError(t('session.theTopicVoteOf', { id: session.id }));
  const voter = activeVoter(state.members, byRef, 'votes');
  memberOfSession(voter, session, env.settings.timezone, check);
  if (!/^\d+$/.test(choice.trim())) throw new UsageError(t('session.invalidTopicNumber', { choice: JSON.stringify(choice) }), t('session.seeClubTopicList', { id: session.id }));
  const topic = state.topics.find((t) => t.sessionId === session.id && t.n === Number(choice));
  if (!topic) throw new RuleError(t('session.hasNoTopic', { id: session.id, choice }), t('session.seeClubTopicList', { id: session.id }));
  const previous = state.votes.find((v) => v.sessionId === session.id && v.kind === 'topic' && v.voterId === voter.id);
  if (previous) throw new RuleError(t('session.alreadyVotedForTopic', { id: voter.id, name: voter.name, choice: previous.choice, id2: session.id }));
  const vote: Vote = { sessionId: session.id, kind: 'topic', voterId: voter.id, choice: String(topic.n), at: nowInstant(env) };
  const already = state.votes.filter((v) => v.sessionId === session.id && v.kind === 'topic').length;
  return { votes: [...state.votes, vote], vote, counted: already < env.settings['topic.voteCap'], topic };
}

export function closeTopicVote(state: VoteState, sessionRef: string, env: CoreEnv): { sessions: Session[]; session: Session; winner: TopicTally; tally: TopicTally[] } {
  const session = findSession(state.sessions, sessionRef);
  if (session.topicPollClosed) throw new RuleError(t('session.theTopicVoteOf2', { id: session.id, topic: session.topic }));
  const tally = tallyTopics(session.id, state.topics, state.votes, env.settings['topic.voteCap']);
  if (tally.length === 0) throw new RuleError(t('session.nobodyProposedATopic', { id: session.id }), t('session.clubTopicProposeTopic', { id: session.id }));
  const most = Math.max(...tally.map((t) => t.votes));
  if (most === 0) throw new RuleError(t('session.nobodyHasVotedOn', { id: session.id }), t('session.clubTopicVoteN', { id: session.id }));
  const winner = tally.find((t) => t.votes === most)!; // ties go to the one proposed first
  const next: Session = revised(session, { ...session, topic: winner.text, topicPollClosed: true, topicChosenAt: nowInstant(env) }, env);
  return { sessions: replaceSession(state.sessions, next), session: next, winner, tally };
}

function attended(state: VoteState, sessionId: string, memberId: string): boolean {
  const record = state.attendance.find((r) => r.sessionId === sessionId && r.memberId === memberId);
  return record?.status === 'present' || record?.status === 'late';
}

export function voteBest(state: VoteState, sessionRef: string, candidateRef: string, byRef: string | undefined, env: CoreEnv, check: MembershipCheck = {}): { votes: Vote[]; vote: Vote; candidate: Member } {
  const session = findSession(state.sessions, sessionRef);
  if (session.bestPollClosed) throw new RuleError(t('session.theBestPerformerVote', { id: session.id }));
  if (session.status === 'cancelled') throw new RuleError(t('session.wasCancelled', { id: session.id }));
  const voter = activeVoter(state.members, byRef, 'votes');
  memberOfSession(voter, session, env.settings.timezone, check);
  const candidate = resolveMember(state.members, candidateRef);
  if (candidate.id === voter.id) throw new RuleError(t('session.membersCannotVoteFor'));
  memberOfSession(candidate, session, env.settings.timezone, check);
  if (!attended(state, session.id, candidate.id)) throw new RuleError(t('session.didNotAttend', { candidate: describeMember(candidate), id: session.id }), t('session.onlyMembersWhoChecked'));
  const previous = state.votes.find((v) => v.sessionId === session.id && v.kind === 'best' && v.voterId === voter.id);
  if (previous) throw new RuleError(t('session.alreadyVotedForAt', { id: voter.id, name: voter.name, choice: previous.choice, id2: session.id }));
  const vote: Vote = { sessionId: session.id, kind: 'best', voterId: voter.id, choice: candidate.id, at: nowInstant(env) };
  return { votes: [...state.votes, vote], vote, candidate };
}

export function tallyBest(sessionId: string, votes: readonly Vote[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of votes) if (v.sessionId === sessionId && v.kind === 'best') counts.set(v.choice, (counts.get(v.choice) ?? 0) + 1);
  return counts;
}

export function closeBestVote(state: VoteState, sessionRef: string, env: CoreEnv): { sessions: Session[]; session: Session; tally: Map<string, number> } {
  const session = findSession(state.sessions, sessionRef);
  if (session.bestPollClosed) throw new RuleError(t('session.theBestPerformerVote2', { id: session.id }));
  const tally = tallyBest(session.id, state.votes);
  if (tally.size === 0) throw new RuleError(t('session.nobodyHasVotedFor', { id: session.id }), t('session.clubBestVoteM', { id: session.id, id2: session.id }));
  const most = Math.max(...tally.values());
  const best = [...tally.entries()].filter(([, n]) => n === most).map(([id]) => id).sort();
  const next: Session = { ...session, best, bestPollClosed: true, bestChosenAt: nowInstant(env) };
  return { sessions: replaceSession(state.sessions, next), session: next, tally };
}

export function setBest(state: VoteState, sessionRef: string, refs: string[], env: CoreEnv, check: MembershipCheck = {}): { sessions: Session[]; session: Session; members: Member[] } {
  const session = findSession(state.sessions, sessionRef);
  if (session.status === 'cancelled') throw new RuleError(t('session.wasCancelled', { id: session.id }));
  const members = refs.map((r) => resolveMember(state.members, r));
  for (const m of members) memberOfSession(m, session, env.settings.timezone, check);
  for (const m of members) if (!attended(state, session.id, m.id)) throw new RuleError(t('session.didNotAttend2', { m: describeMember(m), id: session.id }));
  const best = [...new Set(members.map((m) => m.id))];
  const next: Session = { ...session, best, bestPollClosed: true, bestChosenAt: nowInstant(env) };
  return { sessions: replaceSession(state.sessions, next), session: next, members };
}
