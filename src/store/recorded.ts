// recordedAt: every record holds the instant of the commit that added it (the run's clock, so `CLUB_NOW` when set).
// Commands build records without it; the store stamps the ones that lack it as it commits them, so no command can
// forget it and every record of one commit holds the same instant. A record a command replaces by a new object
// (an attendance record changed by a later check-in) is stamped again: it was recorded anew.
import { toInstantString } from '../core/time.js';

/** Sets `recordedAt` on each record that has none, in place (the command's result shows it too). */
export function stampRecorded(records: readonly unknown[], now: Date, tz: string): void {
  let at: string | undefined;
  for (const record of records) {
    const r = record as { recordedAt?: string };
    if (r.recordedAt === undefined) r.recordedAt = at ??= toInstantString(now, tz);
  }
}
