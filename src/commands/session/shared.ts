// What the session, check-in and vote commands share: parsing times, one transaction that also reconciles the
// automatic points of every session it touched, and how a session is shown.
import type { CoreEnv } from '../../core/env.js';
import { UsageError } from '../../core/errors.js';
import { reconcileSessionPoints } from '../../core/points/auto.js';
import type { LedgerEntry } from '../../core/points/ledger.js';
import { sessionDate, sessionsInRange, weekOf } from '../../core/attendance/rules.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Session } from '../../core/sessions/types.js';
import { localDateTime } from '../../core/reports/labels.js';
import { addDaysToDate, localParts, requireDateInput } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { enumLabel, t } from '../../i18n/index.js';
import type { Column } from '../../io/output.js';
import type { AuditInput, CollectionName, Meta, Snapshot } from '../../store/types.js';
import { coreEnv } from '../member/shared.js';

export function clockOf(ctx: Context, meta: Meta) {
  return { now: ctx.now, tz: meta.settings.timezone };
}

export function parseDateFlag(ctx: Context, meta: Meta, value: string | undefined, flag: string): string | null {
  return value === undefined ? null : requireDateInput(value, flag, clockOf(ctx, meta)).date;
}

/** --from (the first day included) and --to (the first day left out), each optional; --to not after --from exits 2. */
export function parseDateRange(ctx: Context, meta: Meta, opts: { from?: string | undefined; to?: string | undefined }): { from: string | null; to: string | null } {
  const from = parseDateFlag(ctx, meta, opts.from, '--from');
  const to = parseDateFlag(ctx, meta, opts.to, '--to');
  if (from !== null && to !== null && to <= from) throw new UsageError(t('history.toNotAfterFrom', { from, to }), t('history.toNotAfterFromHint'));
  return { from, to };
}

/** A start time: a date and a time of day (a session without a time is almost always a typo). */
export function parseStart(ctx: Context, meta: Meta, value: string, flag = '--at') {
  const parsed = requireDateInput(value, flag, clockOf(ctx, meta));
  if (!parsed.hasTime) throw new UsageError(t('session.needsATime', { flag, value: JSON.stringify(value) }), t('session.eGAt'));
  const { hh, mm } = localParts(parsed.instant, meta.settings.timezone);
  return { date: parsed.date, hour: Number(hh), minute: Number(mm), instant: parsed.instant };
}

export interface SessionOutcome<R> {
  result: R;
  audit: AuditInput | null;
  /** Sessions whose automatic points may have changed. */
  touched: string[];
}

type WithLedger = 'sessions' | 'ledger';

/** A session's id, as findSession matches it. */
const SESSION_ID = /^s[1-9]\d*$/;

/**
 * One transaction over `names` (+ sessions and ledger), then the automatic points of every touched session are
 * reconciled in the same commit, so attendance and its points can never disagree.
 */
export async function sessionTransaction<K extends CollectionName, R>(
  ctx: Context,
  names: readonly K[],
  fn: (draft: Snapshot<K | WithLedger>, env: CoreEnv) => SessionOutcome<R>,
  /** The sessions the command works on, when it knows them: only their part of attendance and the ledger is read. */
  sessionRefs?: readonly string[],
  /** The member references it resolves, when it has them: only the members they may name are read. */
  memberRefs?: readonly string[],
  /** Whether it may record an excused absence, whose leave limit needs the rest of the sessions' weeks. */
  leaves = true,
): Promise<{ result: R; points: LedgerEntry[] }> {
  const store = await ctx.openStore();
  const all = [...new Set<K | WithLedger>([...names, 'sessions', 'ledger'])];
  let inScope: Set<string> | null = null;
  const members = memberRefs && { memberRefs };
  // Sessions named by id, with no leave limit to check: only their blocks of sessions are read. Any other reference
  // (and an excused absence, whose limit needs the rest of the week's sessions) reads every session.
  const ids = sessionRefs && !leaves && sessionRefs.every((ref) => SESSION_ID.test(ref.trim().toLowerCase())) ? sessionRefs.map((ref) => ref.trim().toLowerCase()) : null;
  if (ids) inScope = new Set(ids);
  const scope = ids
    ? { sessionIds: ids, attendance: { sessions: ids }, ledger: { sessions: ids }, ...members }
    : sessionRefs
    ? (snapshot: { meta: Meta; sessions: readonly Session[] }) => {
        const targets = sessionRefs.map((ref) => findSession(snapshot.sessions, ref));
        inScope = new Set(targets.map((t) => t.id));
        // The leave limit counts the member's other leaves in the same week.
        return { attendance: { sessions: leaves ? sameWeek(snapshot.sessions, targets, snapshot.meta) : [...inScope] }, ledger: { sessions: [...inScope] }, ...members };
      }
    : { ...members };
  return store.update(all, (draft) => {
    const env = coreEnv(ctx, draft.meta);
    const outcome = fn(draft, env);
    if (!outcome.audit) return { result: { result: outcome.result, points: [] }, audit: null };
    const points: LedgerEntry[] = [];
    const attendance = 'attendance' in draft ? (draft as unknown as Snapshot<'attendance'>).attendance : [];
    for (const id of new Set(outcome.touched)) {
      // Reconciling a session whose points were not read would book them twice.
      if (inScope && !(inScope as Set<string>).has(id)) throw new Error(t('session.internalWasChangedBut', { id }));
      const session = draft.sessions.find((s) => s.id === id);
      if (!session) continue;
      const r = reconcileSessionPoints(draft.ledger, draft.meta.counters, session, attendance, env);
      if (r.added.length === 0) continue;
      draft.ledger = r.ledger;
      draft.meta = { ...draft.meta, counters: r.counters };
      points.push(...r.added);
    }
    const refs = [...(outcome.audit.refs ?? []), ...points.map((p) => p.id)];
    return { result: { result: outcome.result, points }, audit: { ...outcome.audit, refs } };
  }, scope);
}

/** The ids of the sessions in the same weeks as `targets`, the targets included. */
function sameWeek(sessions: readonly Session[], targets: readonly Session[], meta: Meta): string[] {
  const { timezone: tz, weekStart } = meta.settings;
  const weeks = targets.map((t) => weekOf(sessionDate(t, tz), weekStart));
  // weekOf gives the last day inclusive; sessionsInRange takes it exclusive.
  const inWeeks = new Set(weeks.flatMap((w) => sessionsInRange(sessions, { from: w.from, to: addDaysToDate(w.to, 1) }, tz)));
  return sessions.filter((s) => inWeeks.has(s)).map((s) => s.id);
}

export function reportPoints(ctx: Context, points: LedgerEntry[]): void {
  for (const p of points) ctx.err(`  ${p.delta > 0 ? '+' : ''}${p.delta} ${p.memberId}  ${p.reason}\n`);
}

export function sessionColumns(tz: string, lang: 'zh' | 'en', hostName: (id: string | null) => string | null): Column<Session & { attended?: number | null; expected?: number | null }>[] {
  return [
    { header: 'id', key: 'id', value: (s) => s.id, display: (s, st) => st.dim(s.id) },
    { header: 'when', key: 'startsAt', value: (s) => s.startsAt, display: (s) => localDateTime(s.startsAt, tz, lang) },
    { header: 'title', key: 'title', value: (s) => s.title, display: (s, st) => st.bold(s.title) },
    { header: 'type', key: 'type', value: (s) => s.type },
    { header: 'host', key: 'hostId', value: (s) => s.hostId, display: (s) => hostName(s.hostId) ?? '' },
    { header: 'topic', key: 'topic', value: (s) => s.topic },
    { header: 'status', key: 'status', value: (s) => s.status, display: (s, st) => (s.status === 'done' ? st.green : s.status === 'cancelled' ? st.red : st.cyan)(enumLabel(s.status)) },
    { header: 'attended', key: 'attended', value: (s) => s.attended ?? null, display: (s) => (s.expected ? `${s.attended}/${s.expected}` : '') },
    { header: 'expected', key: 'expected', value: (s) => s.expected ?? null, display: () => '' },
    { header: 'audience', key: 'audience', value: (s) => s.audience ?? 'all' },
  ];
}
