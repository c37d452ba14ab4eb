// Sessions (meetings and activities), attendance records and the votes held at a session (SPEC §4, §5).
import type { Recorded } from '../types.js';

export const SESSION_TYPES = ['discussion', 'reading', 'training', 'social', 'competition', 'exhibition', 'other'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_STATUSES = ['scheduled', 'done', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Session extends Recorded {
  id: string;
  title: string;
  type: SessionType;
  /** ISO 8601 with the club's offset at that instant. */
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  hostId: string | null;
  topic: string | null;
  place: string | null;
  status: SessionStatus;
  /** The first session of a recurring series; null for a one-off. */
  seriesId: string | null;
  cancelReason: string | null;
  /** When the cancellation was recorded; null while not cancelled (and for sessions cancelled before schemaVersion 5). */
  cancelledAt: string | null;
  /** The minutes kept with `session done --minutes FILE`. */
  minutes: string | null;
  doneAt: string | null;
  /** Best performer(s), set by `best close` or `best set`. */
  best: string[];
  topicPollClosed: boolean;
  bestPollClosed: boolean;
  /** When `topic close` chose the topic, and when `best close`/`best set` chose the best performers (null: not yet, or before schemaVersion 5). */
  topicChosenAt: string | null;
  bestChosenAt: string | null;
  createdAt: string;
  /** Raised by every change a calendar shows (time, title, place, topic, host, cancelling): the .ics SEQUENCE.
   * Absent: never changed (0). */
  revision?: number;
  /** When that last change was made: the .ics LAST-MODIFIED and DTSTAMP. Absent: `createdAt`. */
  modifiedAt?: string;
  /**
   * Who is expected (SPEC §14): `all`, `registered`, `role:R` or `tag:T`. Absent: the default, `registered` when the
   * session's plan has a capacity or it takes registrations, else `all` (see effectiveAudience).
   */
  audience?: string;
}

/** What attendance counting reads of a session: `snapshot.calendar` holds one for every session. */
export type SessionSummary = Pick<Session, 'id' | 'startsAt' | 'endsAt' | 'status' | 'audience'>;

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface Attendance extends Recorded {
  sessionId: string;
  memberId: string;
  status: AttendanceStatus;
  /** When they checked in (or when the record was made, for leave and absence). */
  at: string;
  /** Why, for leave. */
  reason: string | null;
  /** A leave recorded over the weekly limit with --force. */
  forced: boolean;
  source: 'manual' | 'file' | 'chat' | 'leave';
  by: string | null;
  /**
   * The versions this record replaced (a leave turned into a check-in, a status corrected), oldest first, each as it
   * was recorded: a report as of an earlier time reads the version recorded by then. Absent when none.
   */
  earlier?: AttendanceVersion[];
}

export type AttendanceVersion = Omit<Attendance, 'sessionId' | 'memberId' | 'earlier'>;

export interface TopicProposal extends Recorded {
  sessionId: string;
  /** 1, 2, 3… within the session: what `topic vote S N` names. */
  n: number;
  text: string;
  proposedBy: string | null;
  at: string;
}

export interface Vote extends Recorded {
  sessionId: string;
  kind: 'topic' | 'best';
  voterId: string;
  /** The topic number (as text) or the member id voted for. */
  choice: string;
  at: string;
}
