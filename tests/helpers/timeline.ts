// A session timeline (Snapshot.calendar) as one object per session, to compare with the sessions it was made from.
import { statusAt } from '../../src/core/sessions/timeline.js';
import type { SessionTimeline } from '../../src/core/sessions/timeline.js';
import type { SessionStatus, SessionSummary } from '../../src/core/sessions/types.js';

export interface TimelineEntry {
  id: string;
  /** The start, ms since the epoch. */
  start: number;
  status: SessionStatus;
  audience?: string;
}

export function entriesOf(timeline: SessionTimeline): TimelineEntry[] {
  return Array.from({ length: timeline.numbers.length }, (_, i) => {
    const n = timeline.numbers[i]!;
    const audience = timeline.audiences.get(n);
    return { id: `s${n}`, start: timeline.starts[i]!, status: statusAt(timeline, i), ...(audience === undefined ? {} : { audience }) };
  });
}

/** What the timeline should say of a session. */
export const entryOf = (s: Pick<SessionSummary, 'id' | 'startsAt' | 'status' | 'audience'>): TimelineEntry => ({
  id: s.id,
  start: Date.parse(s.startsAt),
  status: s.status,
  ...(s.audience === undefined ? {} : { audience: s.audience }),
});
