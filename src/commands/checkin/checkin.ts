import { activeOn, sessionDate } from '../../core/attendance/rules.js';
import { checkIn, parseAttendanceStatus, resolveAll } from '../../core/attendance/checkin.js';
import { parseCheckinList, resolveList } from '../../core/attendance/lists.js';
import type { CheckinList } from '../../core/attendance/lists.js';
import { t } from '../../i18n/index.js';
import type { CheckinResult } from '../../core/attendance/checkin.js';
import { compareNames } from '../../core/collation.js';
import { UsageError } from '../../core/errors.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Session } from '../../core/sessions/types.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { checkinOutput } from './shared.js';
import { parseStart, sessionTransaction } from '../session/shared.js';

interface Opts {
  status?: string;
  at?: string;
  fromFile?: string;
  force?: boolean;
}

export default async function checkin(ctx: Context, [sessionRef, refs]: unknown[], opts: Opts): Promise<Output> {
  const status = opts.status === undefined ? undefined : parseAttendanceStatus(opts.status);
  const references = [...((refs as string[] | undefined) ?? [])];
  let list: CheckinList | null = null;
  if (opts.fromFile !== undefined) {
    // Loaded only for a file: the encodings (iconv-lite) load Node's streams.
    const { decodeText } = await import('../../io/encoding.js');
    list = parseCheckinList(decodeText(await readInput(ctx, opts.fromFile, t('what.memberFile'))).text);
  }
  const fileName = opts.fromFile === '-' ? 'stdin' : (opts.fromFile ?? '');
  let pickedIds: string[] | null = null;
  if (references.length === 0 && !list?.entries.length) {
    if (opts.fromFile !== undefined) throw new UsageError(t('session.namesNoMember', { fromFile: opts.fromFile }));
    if (!ctx.canPrompt) throw new UsageError(t('session.missingMembersToCheck'), t('session.clubCheckinMOr', { sessionRef: String(sessionRef) }));
    const pick = await pickMembers(ctx, String(sessionRef));
    // The list left as it was (those already here ticked, nobody added): nothing to record, and nothing wrong.
    if (pick.picked.length === 0 && pick.here > 0) return { kind: 'done', data: [], message: t('checkin.noneAdded', { id: pick.session.id, title: pick.session.title, count: pick.here }) };
    if (pick.picked.length === 0) throw new UsageError(t('session.nobodyWasChecked'));
    pickedIds = pick.picked;
  }
  // Only an excused absence has a weekly limit to check: any other status reads the session's own records alone.
  const { result, points } = await sessionTransaction(ctx, ['members', 'attendance'], (draft, env) => {
    const at = opts.at === undefined ? undefined : parseStart(ctx, draft.meta, opts.at).instant;
    const members = pickedIds ? pickedIds.map((id) => draft.members.find((m) => m.id === id)!) : resolveAll(draft.members, references);
    if (list) for (const m of resolveList(draft.members, list, fileName)) if (!members.some((x) => x.id === m.id)) members.push(m);
    const r: CheckinResult = checkIn(
      { members: draft.members, sessions: draft.sessions, attendance: draft.attendance },
      String(sessionRef),
      { members, status, at, source: opts.fromFile !== undefined ? 'file' : 'manual', force: opts.force },
      env,
    );
    if (r.changes.length === 0) return { result: r, audit: null, touched: [] };
    draft.attendance = r.attendance;
    const summary = `checked in ${r.changes.length} to ${r.session.id}: ${r.changes.map((c) => `${c.member.id} ${c.after}`).join(', ')}`;
    return { result: r, audit: { summary, refs: [r.session.id, ...r.changes.map((c) => c.member.id)] }, touched: [r.session.id] };
  }, [String(sessionRef)], pickedIds ?? (list ? undefined : references), status === 'excused');
  return checkinOutput(ctx, result, points);
}

/** The searchable checklist: the members of the session (active at its start), those already present ticked. */
async function pickMembers(ctx: Context, sessionRef: string): Promise<{ picked: string[]; here: number; session: Session }> {
  const store = await ctx.openStore();
  const { meta, members, sessions, attendance } = await store.read(['members', 'sessions', 'attendance']);
  const session = findSession(sessions, sessionRef);
  const date = sessionDate(session, meta.settings.timezone);
  const byName = compareNames(meta.settings.lang);
  const here = new Set(attendance.filter((r) => r.sessionId === session.id && (r.status === 'present' || r.status === 'late')).map((r) => r.memberId));
  const choices = members
    .filter((m) => activeOn(m, date))
    .sort((a, b) => byName(a.name, b.name))
    .map((m) => ({ name: m.name, value: m.id, keywords: [m.nick, m.qq, m.id].filter(Boolean).join(' '), checked: here.has(m.id) }));
  if (choices.length === 0) throw new UsageError(t('checkin.pickerEmpty', { session: session.id, date }));
  const picked = await ctx.prompter.searchCheckbox<string>({ message: t('session.checkInTo', { id: session.id, title: session.title }), choices });
  return { picked: picked.filter((id) => !here.has(id)), here: here.size, session };
}
