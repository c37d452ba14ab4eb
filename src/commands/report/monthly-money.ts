// The monthly report's money section, loaded only for a club that keeps money records: a club without them pays
// nothing for it (SPEC §10; the monthly report must not get slower for it).
import { sessionDate } from '../../core/attendance/rules.js';
import type { CoreEnv } from '../../core/env.js';
import { monthlyMoney } from '../../core/money/report.js';
import type { MonthlyMoney } from '../../core/money/report.js';
import type { Donation } from '../../core/money/types.js';
import type { ClubData } from '../../core/reports/kpis.js';
import { toInstantString } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { reportDonor } from '../money/shared.js';
import type { MoneyRecords } from './shared.js';

export function monthlyMoneySection(money: MoneyRecords, data: ClubData, month: { from: string; to: string }, env: CoreEnv, redact: boolean): MonthlyMoney | null {
  const tz = env.settings.timezone;
  const sessions = data.sessions
    .map((s) => ({ id: s.id, title: s.title, date: sessionDate(s, tz), startsAt: s.startsAt }))
    .filter((s) => s.date >= month.from && s.date < month.to)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const named = reportDonor(money.donors, data.members);
  // Redacted: donors by id (anonymous ones as such), as members are shown without names.
  const donorOf = redact ? (d: Donation) => (d.anonymous ? named(d) : { donorId: d.donorId, donor: d.donorId ?? t('donation.anonymous') }) : named;
  return monthlyMoney({ ...money, sessions, month, now: toInstantString(env.now, tz), currency: env.settings.currency, donorOf });
}
