import { sessionDate } from '../../core/attendance/rules.js';
import { counted } from '../../core/words.js';
import { sessionsToIcs } from '../../io/ics.js';
import type { Context } from '../../io/context.js';
import { writeOutput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { parseDateRange } from '../session/shared.js';
import { t } from '../../i18n/index.js';

export default async function exportIcs(ctx: Context, _args: unknown[], opts: { from?: string; to?: string; out?: string }): Promise<Output | void> {
  const store = await ctx.openStore();
  const { meta, sessions, members } = await store.read(['sessions', 'members']);
  const tz = meta.settings.timezone;
  const { from, to } = parseDateRange(ctx, meta, opts);
  const chosen = sessions.filter((s) => {
    const d = sessionDate(s, tz);
    return (!from || d >= from) && (!to || d < to);
  });
  const ics = await sessionsToIcs(chosen, { settings: meta.settings, storeId: meta.createdAt, hostName: (id) => members.find((m) => m.id === id)?.name ?? null });
  if (!opts.out) {
    ctx.out(ics);
    return;
  }
  const file = await writeOutput(ctx, opts.out, ics);
  if (file !== '-') ctx.err(t('session.exportedTo', { value: counted(chosen.length, 'session'), file }));
}
