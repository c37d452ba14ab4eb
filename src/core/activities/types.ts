// Activities (SPEC §9, §14 "Activities"): a session's plan and its approval, registrations with places and a
// waitlist, staff duties and volunteer hours. Every record carries recordedAt (its commit time), as in §14.
import type { Recorded } from '../types.js';

/** `none`: a session of an approval type with no plan yet (derived, never stored). */
export const ACTIVITY_STATUSES = ['none', 'draft', 'submitted', 'reviewed', 'approved', 'rejected', 'returned'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** What a stored activity record can hold (`none` is only derived). */
export const STORED_ACTIVITY_STATUSES = ['draft', 'submitted', 'reviewed', 'approved', 'rejected', 'returned'] as const;
export type StoredActivityStatus = (typeof STORED_ACTIVITY_STATUSES)[number];

/** One step of the approval history; `migrated`: a session that existed before activities, counted as approved. */
export const ACTIVITY_STEPS = ['plan', 'submit', 'review', 'return', 'approve', 'reject', 'migrated'] as const;
export type ActivityStep = (typeof ACTIVITY_STEPS)[number];

export const BUDGET_CATEGORIES = ['personnel', 'materials', 'tech', 'promotion', 'rewards', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export interface RiskItem {
  risk: string;
  mitigation: string;
}

export interface Eligibility {
  /** The member's points balance at registration, at least. */
  minPoints: number | null;
  /** Days since the member joined, at least. */
  minDaysMember: number | null;
  /** Member roles (SPEC §5 member roles, not access roles); empty: any. */
  roles: string[];
}

export interface BudgetLine {
  category: BudgetCategory;
  /** Integer fen/cents (SPEC §10): never floating point. JSON shows it as a string with two decimals. */
  amount: number;
}

export interface ActivityPlan {
  theme: string;
  form: string | null;
  content: string | null;
  participation: string | null;
  rewards: string | null;
  resources: string | null;
  risks: RiskItem[];
  /** Places; null: no limit. */
  capacity: number | null;
  /** An instant (a plain date in a plan file means the end of that day in the club's zone). */
  registrationDeadline: string | null;
  eligibility: Eligibility;
  budget: BudgetLine[];
}

export interface ActivityStepRecord {
  step: ActivityStep;
  /** The resolved actor: a member id when --by named a member, else the text (on a database, the login). */
  by: string | null;
  at: string;
  comment: string | null;
}

/** One per session that has a plan (or was migrated); keyed by sessionId. */
export interface Activity extends Recorded {
  sessionId: string;
  status: StoredActivityStatus;
  plan: ActivityPlan | null;
  history: ActivityStepRecord[];
}

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** One per session and member (registering again after a cancellation replaces it, with a new `at`). */
export interface Registration extends Recorded {
  sessionId: string;
  memberId: string;
  status: RegistrationStatus;
  /** Its commit time under the lock: places and waitlist positions follow it. */
  at: string;
  note: string | null;
  source: 'manual' | 'file' | 'chat';
  by: string | null;
  /** When a waitlisted registration got a place (a cancellation promoted it); null otherwise. */
  promotedAt: string | null;
  cancelledAt: string | null;
}

/** Who does what at a session; one per session and member (adding again replaces the duty). */
export interface StaffDuty extends Recorded {
  sessionId: string;
  memberId: string;
  duty: string;
  at: string;
  by: string | null;
}

/** Volunteer hours: one entry per member and session (adding again replaces it), at most 24. */
export interface HoursEntry extends Recorded {
  id: string;
  memberId: string;
  sessionId: string;
  /** Decimal hours, at most two decimals (0.25, 1.5); totals are summed in hundredths. */
  hours: number;
  duty: string | null;
  at: string;
  by: string | null;
}
