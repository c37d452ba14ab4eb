import { staffRows } from '../../core/activities/staff.js';
import type { StaffRow } from '../../core/activities/staff.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function staffList(ctx: Context, [session]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, staff, sessions, members } = await store.read(['staff', 'sessions', 'members']);
  const sessionId = session === undefined ? undefined : findSession(sessions, String(session)).id;
  const rows = staffRows(staff, sessions, members, meta.settings.timezone, sessionId);
  return list(
    rows,
    [
      { header: t('staff.col.session'), key: 'sessionId', value: (r: StaffRow) => r.sessionId },
      { header: t('staff.col.date'), key: 'date', value: (r) => r.date },
      { header: t('staff.col.title'), key: 'title', value: (r) => r.title },
      { header: t('staff.col.member'), key: 'memberId', value: (r) => r.memberId },
      { header: t('staff.col.name'), key: 'name', value: (r) => r.name },
      { header: t('staff.col.duty'), key: 'duty', value: (r) => r.duty },
    ],
    { empty: sessionId ? t('staff.emptySession', { session: sessionId }) : t('staff.empty') },
  );
}
