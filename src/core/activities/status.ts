// Where an activity stands in its approval chain (SPEC §9, §14), for every command that must ask: `session done`
// and `register` refuse a session of an approval type that is not approved.
import { RuleError } from '../errors.js';
import { currentLang, t } from '../../i18n/index.js';
import { typeLabel } from '../reports/labels.js';
import { approvalTypes } from '../settings.js';
import type { Settings } from '../settings.js';
import type { Session } from '../sessions/types.js';
import type { Activity, ActivityStatus } from './types.js';

/** True when sessions of this session's type need an approved plan (`approval.types`). */
export function needsApproval(session: Pick<Session, 'type'>, settings: Pick<Settings, 'approval.types'>): boolean {
  return approvalTypes(settings).includes(session.type);
}

export function activityOf(activities: readonly Activity[], sessionId: string): Activity | undefined {
  return activities.find((a) => a.sessionId === sessionId);
}

/** The activity's status; `none` when the session has no plan (whether or not its type needs one). */
export function activityStatus(activities: readonly Activity[], sessionId: string): ActivityStatus {
  return activityOf(activities, sessionId)?.status ?? 'none';
}

/**
 * Refuses (exit 1, code `rule`) to mark `session` done or take registrations for it while its type needs approval
 * and its plan is not approved, naming the status and the next step.
 */
export function assertApproved(session: Session, activities: readonly Activity[], settings: Pick<Settings, 'approval.types'>, action: 'done' | 'register'): void {
  if (!needsApproval(session, settings)) return;
  const status = activityStatus(activities, session.id);
  if (status === 'approved') return;
  throw new RuleError(
    // The type and status as people read them, in the language of the message (JSON and the audit keep the values).
    t(action === 'done' ? 'activity.notApproved.done' : 'activity.notApproved.register', { session: session.id, type: typeLabel(session.type, currentLang()), status: t(`activity.status.${status}`) }),
    t('activity.notApproved.hint', { session: session.id }),
  );
}
