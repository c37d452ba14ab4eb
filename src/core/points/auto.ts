// Automatic points (SPEC §5): attendance (present/late), hosting a session marked done, best performer. After any
// change to a session, its automatic entries are reconciled with what the rules say now: a changed state is
// reversed with a new entry and the new state booked; an unchanged state is left alone, so repeating a command never
// awards twice and changing a setting never rewrites history.
import type { CoreEnv } from '../env.js';
import { nowInstant } from '../env.js';
import { allocateId } from '../ids.js';
import type { Attendance, Session } from '../sessions/types.js';
import type { Counters } from '../types.js';
import type { LedgerEntry } from './ledger.js';

type Component = 'attendance' | 'host' | 'best';

interface Desired {
  /** The state that earns points, e.g. `attendance:present`; null when nothing is due. */
  rule: string | null;
  amount: number;
}

const LABELS = {
  // Chinese text takes full-width brackets and colon, with no space around them: 出席（准时）, 撤销：出席.
  zh: { attendance: '出席', host: '主持', best: '最佳表现', present: '准时', late: '迟到', reversal: '撤销', open: '（', close: '）', colon: '：' },
  en: { attendance: 'attendance', host: 'hosting', best: 'best performer', present: 'present', late: 'late', reversal: 'reversed', open: ' (', close: ')', colon: ': ' },
};

function desiredFor(component: Component, memberId: string, session: Session, record: Attendance | undefined, env: CoreEnv): Desired {
  const s = env.settings;
  if (session.status === 'cancelled') return { rule: null, amount: 0 };
  switch (component) {
    case 'attendance':
      if (record?.status === 'present') return { rule: 'attendance:present', amount: s['points.attendance'] };
      if (record?.status === 'late') return { rule: 'attendance:late', amount: s['points.late'] };
      return { rule: null, amount: 0 };
    case 'host':
      return session.status === 'done' && session.hostId === memberId ? { rule: 'host', amount: s['points.host'] } : { rule: null, amount: 0 };
    case 'best':
      return session.best.includes(memberId) ? { rule: 'best', amount: s['points.bestPerformer'] } : { rule: null, amount: 0 };
  }
}

function reason(component: Component, rule: string, session: Session, env: CoreEnv): string {
  const l = LABELS[env.settings.lang];
  const state = rule.split(':')[1];
  const what = `${l[component]}${state && state !== 'reversal' ? `${l.open}${l[state as 'present' | 'late']}${l.close}` : ''}`;
  return `${state === 'reversal' ? `${l.reversal}${l.colon}` : ''}${what} ${session.id} ${session.title}`;
}

/** Reconciles the automatic entries of one session. Returns the new ledger, counters and the entries added. */
export function reconcileSessionPoints(
  ledger: readonly LedgerEntry[],
  counters: Counters,
  session: Session,
  attendance: readonly Attendance[],
  env: CoreEnv,
): { ledger: LedgerEntry[]; counters: Counters; added: LedgerEntry[] } {
  const records = new Map(attendance.filter((r) => r.sessionId === session.id).map((r) => [r.memberId, r]));
  const booked = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    if (e.kind !== 'auto' || e.ref !== session.id || !e.rule) continue;
    const key = `${e.memberId}|${e.rule.split(':')[0]}`;
    const list = booked.get(key);
    if (list) list.push(e);
    else booked.set(key, [e]);
  }
  const candidates = new Set<string>([...records.keys(), ...session.best, ...(session.hostId ? [session.hostId] : [])]);
  for (const key of booked.keys()) candidates.add(key.split('|')[0]!);

  let next = counters;
  const added: LedgerEntry[] = [];
  // Points for a session belong to the session's time, not to when the admin typed: check-ins entered the next
  // morning (or a correction weeks later) count in the session's week and month. (recordedAt keeps the commit time.)
  const now = nowInstant(env);
  const at = Date.parse(session.startsAt) < env.now.getTime() ? session.startsAt : now;
  const book = (memberId: string, delta: number, rule: string, component: Component) => {
    const { id, counters: c } = allocateId(next, 'ledger');
    next = c;
    added.push({ id, memberId, delta, kind: 'auto', reason: reason(component, rule, session, env), at, ref: session.id, rule });
  };
  for (const memberId of [...candidates].sort()) {
    for (const component of ['attendance', 'host', 'best'] as const) {
      const entries = booked.get(`${memberId}|${component}`) ?? [];
      const net = entries.reduce((sum, e) => sum + e.delta, 0);
      const current = net !== 0 ? ([...entries].reverse().find((e) => e.delta > 0)?.rule ?? null) : null;
      const want = desiredFor(component, memberId, session, records.get(memberId), env);
      const wanted = want.amount > 0 ? want.rule : null;
      if (current === wanted) continue;
      if (net !== 0) book(memberId, -net, `${component}:reversal`, component);
      if (wanted) book(memberId, want.amount, wanted, component);
    }
  }
  return { ledger: added.length ? [...ledger, ...added] : [...ledger], counters: next, added };
}
