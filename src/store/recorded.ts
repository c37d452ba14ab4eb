// recordedAt: every record holds the instant of the commit that added it (the run's clock, so `CLUB_NOW` when set).
// Commands build records without it; the store stamps the ones that lack it as it commits them, so no command can
// forget it and every record of one commit holds the same instant. A record a command replaces by a new object
// (an attendance record changed by a later check-in) is stamped again: it was recorded anew (check-in keeps the
// version it replaced under `earlier`, for reports as of a time before the change).
// Records that keep no time of their own on purpose (`at: null` beside a `date`: anonymous answers and suggestions)
// keep only the day here too, as the start of the day they were recorded: their recordedAt tells no more than their
// date does. A report `--as-of` a time on that day counts all of that day's anonymous records.
import { startOfDate, toDateString, toInstantString } from '../core/time.js';

/** Sets `recordedAt` on each record that has none, in place (the command's result shows it too). */
export function stampRecorded(records: readonly unknown[], now: Date, tz: string): void {
  let at: string | undefined;
  let day: string | undefined;
  for (const record of records) {
    const r = record as { recordedAt?: string; at?: unknown; date?: unknown };
    if (r.recordedAt !== undefined) continue;
    if (r.at === null && typeof r.date === 'string') r.recordedAt = day ??= toInstantString(startOfDate(toDateString(now, tz), tz), tz);
    else r.recordedAt = at ??= toInstantString(now, tz);
  }
}
