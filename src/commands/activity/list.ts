// `club activity list [--status S]`: every session that has a plan or whose type needs one, with where its plan
// stands, who submitted it and its last step.
import { roundActors } from '../../core/activities/approval.js';
import { activityOf, activityStatus, needsApproval } from '../../core/activities/status.js';
import { ACTIVITY_STATUSES } from '../../core/activities/types.js';
import type { ActivityStatus } from '../../core/activities/types.js';
import { sessionDate } from '../../core/attendance/rules.js';
import { UsageError } from '../../core/errors.js';
import { typeLabel } from '../../core/reports/labels.js';
import type { SessionType } from '../../core/sessions/types.js';
import { sortByInstant } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { statusLabel, stepLabel } from '../../core/activities/approval.js';
import { actorName } from './shared.js';

export interface ActivityRow {
  sessionId: string;
  status: ActivityStatus;
  type: string;
  date: string;
  startsAt: string;
  title: string;
  submittedBy: string | null;
  lastStep: string | null;
  lastStepBy: string | null;
  lastStepAt: string | null;
}

export default async function activityList(ctx: Context, _args: unknown[], opts: { status?: string }): Promise<Output> {
  if (opts.status !== undefined && !(ACTIVITY_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(t('activity.badStatus', { value: JSON.stringify(opts.status), expected: ACTIVITY_STATUSES.join('|') }));
  }
  const { meta, activities, sessions, members } = await (await ctx.openStore()).read(['activities', 'sessions', 'members']);
  const tz = meta.settings.timezone;
  const shown = sessions.filter((s) => activityOf(activities, s.id) !== undefined || (needsApproval(s, meta.settings) && s.status !== 'cancelled'));
  const rows: ActivityRow[] = sortByInstant(shown, (s) => s.startsAt)
    .map((s) => {
      const activity = activityOf(activities, s.id);
      const last = activity?.history.at(-1);
      return {
        sessionId: s.id,
        status: activityStatus(activities, s.id),
        type: s.type,
        date: sessionDate(s, tz),
        startsAt: s.startsAt,
        title: s.title,
        submittedBy: activity ? roundActors(activity.history).submittedBy : null,
        lastStep: last?.step ?? null,
        lastStepBy: last?.by ?? null,
        lastStepAt: last?.at ?? null,
      };
    })
    .filter((r) => opts.status === undefined || r.status === opts.status);
  const who = (key: string | null) => actorName(members, key);
  return list(
    rows,
    [
      { header: t('activity.col.session'), key: 'sessionId', value: (r: ActivityRow) => r.sessionId, display: (r, s) => s.dim(r.sessionId) },
      { header: t('activity.col.status'), key: 'status', value: (r) => r.status, display: (r, s) => (r.status === 'approved' ? s.green : r.status === 'rejected' || r.status === 'returned' ? s.red : r.status === 'none' ? s.dim : s.cyan)(statusLabel(r.status)) },
      { header: t('activity.col.type'), key: 'type', value: (r) => r.type, display: (r) => typeLabel(r.type as SessionType, meta.settings.lang) },
      { header: t('activity.col.date'), key: 'date', value: (r) => r.date },
      { header: t('activity.col.title'), key: 'title', value: (r) => r.title },
      { header: t('activity.col.submittedBy'), key: 'submittedBy', value: (r) => r.submittedBy, display: (r) => who(r.submittedBy) },
      { header: t('activity.col.lastStep'), key: 'lastStep', value: (r) => r.lastStep, display: (r) => (r.lastStep ? `${stepLabel(r.lastStep)} ${who(r.lastStepBy)} ${r.lastStepAt!.slice(0, 10)}` : '') },
    ],
    { empty: activities.length || rows.length ? t('activity.noneMatch') : t('activity.noneYet'), json: rows },
  );
}
