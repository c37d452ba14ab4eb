import { UsageError } from '../../core/errors.js';
import { REPEATS, parseWeekdays } from '../../core/sessions/schedule.js';
import type { Repeat } from '../../core/sessions/schedule.js';
import { addSessions, parseDuration } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { localDateTime } from '../../core/reports/labels.js';
import { effectiveAudience, parseAudience } from '../../core/activities/audience.js';
import { parseDateFlag, parseStart, sessionTransaction } from './shared.js';
import { t } from '../../i18n/index.js';

interface Opts {
  at: string;
  type?: string;
  duration?: string;
  host?: string;
  topic?: string;
  place?: string;
  repeat?: string;
  on?: string;
  until?: string;
  count?: string;
  audience?: string;
}

export default async function sessionAdd(ctx: Context, [title]: unknown[], opts: Opts): Promise<Output> {
  if (opts.repeat !== undefined && !(REPEATS as readonly string[]).includes(opts.repeat)) {
    throw new UsageError(t('session.invalidRepeatExpected', { repeat: JSON.stringify(opts.repeat), value: REPEATS.join('|') }));
  }
  if (opts.repeat === undefined && (opts.on || opts.until || opts.count)) throw new UsageError(t('session.onUntilAndCount'));
  if (opts.count !== undefined && !/^\d+$/.test(opts.count)) throw new UsageError(t('session.invalidCountExpectedA', { count: JSON.stringify(opts.count) }));
  const duration = opts.duration === undefined ? undefined : parseDuration(opts.duration);
  const { result } = await sessionTransaction(ctx, ['members'], (draft, env) => {
    const start = parseStart(ctx, draft.meta, opts.at);
    // Checked once the store is read, so that the message is in the club's language; nothing is written on refusal.
    const audience = opts.audience === undefined ? undefined : parseAudience(opts.audience);
    const repeat = opts.repeat
      ? {
          repeat: opts.repeat as Repeat,
          on: opts.on === undefined ? undefined : parseWeekdays(opts.on),
          until: parseDateFlag(ctx, draft.meta, opts.until, '--until') ?? undefined,
          count: opts.count === undefined ? undefined : Number(opts.count),
        }
      : undefined;
    const r = addSessions(
      { sessions: draft.sessions, counters: draft.meta.counters },
      draft.members,
      { title: String(title), start, repeat, type: opts.type, durationMinutes: duration, host: opts.host, topic: opts.topic, place: opts.place, audience },
      env,
    );
    draft.sessions = [...r.state.sessions];
    draft.meta = { ...draft.meta, counters: r.state.counters };
    const ids = r.created.map((s) => s.id);
    const summary = ids.length === 1 ? `scheduled ${ids[0]}` : `scheduled ${ids.length} sessions ${ids[0]}–${ids.at(-1)}`;
    return { result: { created: r.created, settings: draft.meta.settings }, audit: { summary, refs: ids }, touched: [] };
  });
  // Session JSON always says who is expected: a new session has no plan or registrations yet.
  const created = result.created.map((s) => ({ ...s, audience: effectiveAudience(s, [], []) }));
  const { settings } = result;
  const when = (iso: string) => localDateTime(iso, settings.timezone, settings.lang);
  const message =
    created.length === 1
      ? t('session.scheduledOne', { id: created[0]!.id, title: created[0]!.title, when: when(created[0]!.startsAt) })
      : t('session.scheduledMany', { n: created.length, first: created[0]!.id, last: created.at(-1)!.id, when: created.map((s) => when(s.startsAt)).join(t('words.listSep')) });
  return { kind: 'done', data: created.length === 1 ? created[0] : created, message };
}
