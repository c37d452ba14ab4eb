import { findSession } from '../../core/sessions/sessions.js';
import { tallyTopics } from '../../core/sessions/votes.js';
import type { TopicTally } from '../../core/sessions/votes.js';
import { counted } from '../../core/words.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function topicList(ctx: Context, [sessionRef]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, sessions, topics, votes, members } = await store.read(['sessions', 'topics', 'votes', 'members']);
  const session = findSession(sessions, String(sessionRef));
  const tally = tallyTopics(session.id, topics, votes, meta.settings['topic.voteCap']);
  const name = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? id) : '');
  const cast = votes.filter((v) => v.sessionId === session.id && v.kind === 'topic').length;
  return list(
    tally,
    [
      { header: 'n', key: 'n', value: (t: TopicTally) => t.n },
      { header: 'topic', key: 'text', value: (t) => t.text, display: (t, s) => (session.topic === t.text && session.topicPollClosed ? s.green(t.text) : t.text) },
      { header: 'votes', key: 'votes', value: (t) => t.votes },
      { header: 'proposed by', key: 'proposedBy', value: (t) => t.proposedBy, display: (t) => name(t.proposedBy) },
    ],
    {
      empty: t('session.noTopicsProposedFor', { id: session.id, id2: session.id }),
      footer: t('session.castTheFirstCount', { value: counted(cast, 'vote'), value2: meta.settings['topic.voteCap'], value3: session.topicPollClosed ? t('session.pollClosed', { topic: session.topic }) : '' }),
    },
  );
}
