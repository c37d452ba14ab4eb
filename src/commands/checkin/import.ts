import { basename } from 'node:path';
import { checkIn } from '../../core/attendance/checkin.js';
import { EARLY_MINUTES, fold, parseChatLog, parseSenderMaps, planChatCheckins } from '../../core/attendance/chatlog.js';
import type { ChatSender, SkipReason, SkippedMessage } from '../../core/attendance/chatlog.js';
import { activeOn, sessionDate } from '../../core/attendance/rules.js';
import { t } from '../../i18n/index.js';
import { UsageError } from '../../core/errors.js';
import { resolveMember } from '../../core/members/reference.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Member } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { decodeText, parseEncoding } from '../../io/encoding.js';
import { readInput } from '../../io/files.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { clockTime } from '../../core/reports/labels.js';
import { sessionTransaction } from '../session/shared.js';
import { checkinOutput } from './shared.js';

interface Opts {
  keyword?: string;
  fromMinutes?: string;
  map?: string[];
  dryRun?: boolean;
  encoding?: string;
  json?: boolean;
}

export default async function checkinImport(ctx: Context, [sessionRef, file]: unknown[], opts: Opts): Promise<Output> {
  const text = decodeText(await readInput(ctx, String(file), t('what.chatLog')), parseEncoding(opts.encoding)).text;
  const maps = parseSenderMaps(opts.map ?? []);
  const fromMinutes = parseFromMinutes(opts.fromMinutes);
  let unmatched: Array<{ sender: string; qq: string | null; email: string | null; line: number }> = [];
  let skipped: Skipped[] = [];
  let repeats = 0;
  let planned: Array<{ member: Member; status: string; at: string }> = [];
  const { result, points } = await sessionTransaction(ctx, ['members', 'attendance'], (draft, env) => {
    const tz = draft.meta.settings.timezone;
    const session = findSession(draft.sessions, String(sessionRef));
    const overrides = new Map(maps.map(([nick, ref]) => [fold(nick), resolveMember(draft.members, ref)]));
    const messages = parseChatLog(text, tz);
    if (messages.length === 0) throw new UsageError(t('session.hasNoChatMessages', { file: basename(String(file)) }), t('session.expectedLinesLikeFollowed'));
    const plan = planChatCheckins(messages, session, draft.members, { keyword: opts.keyword, overrides, settings: draft.meta.settings, fromMinutes });
    unmatched = plan.unmatched;
    repeats = plan.repeats;
    const date = sessionDate(session, tz);
    const clock = (d: Date) => clockTime(d.toISOString(), tz);
    const detail: Record<SkipReason, (m: SkippedMessage) => string> = {
      early: () => t('checkin.skipEarly', { from: clock(plan.window.from) }),
      late: () => t('checkin.skipLate', { to: clock(plan.window.to) }),
      keyword: () => t('checkin.skipKeyword', { keyword: opts.keyword ?? '' }),
      unmatched: (m) => t('checkin.skipUnmatched', { sender: m.sender }),
    };
    skipped = plan.skipped.map((m) => ({ line: m.line, at: clock(m.at), sender: senderLabel(m), reason: m.reason, message: detail[m.reason](m) }));
    // Members of the session are those active at its start (SPEC §14): any other sender is listed, not checked in.
    for (const c of plan.checkins.filter((c) => !activeOn(c.member, date))) {
      skipped.push({ line: c.message.line, at: clock(c.at), sender: senderLabel(c.message), reason: 'notMember', message: t('checkin.skipNotMember', { member: `${c.member.id} ${c.member.name}`, date }) });
    }
    skipped.sort((a, b) => a.line - b.line);
    // Someone already on the sheet (checked in by hand, or on leave) keeps that record.
    const existing = new Map(draft.attendance.filter((r) => r.sessionId === session.id && r.status !== 'absent').map((r) => [r.memberId, r.status]));
    const fresh = plan.checkins.filter((c) => !existing.has(c.member.id) && activeOn(c.member, date));
    planned = fresh.map((c) => ({ member: c.member, status: c.status, at: clockTime(c.at.toISOString(), tz) }));
    let attendance = draft.attendance;
    const changes: ReturnType<typeof checkIn>['changes'] = [];
    const notes: string[] = [];
    for (const c of fresh) {
      const r = checkIn({ members: draft.members, sessions: draft.sessions, attendance }, session.id, { members: [c.member], status: c.status, at: c.at, source: 'chat' }, env);
      attendance = r.attendance;
      changes.push(...r.changes);
    }
    const kept = plan.checkins.filter((c) => existing.has(c.member.id)).map((c) => c.member);
    const r = { session, attendance, changes, unchanged: kept, notes };
    if (opts.dryRun || changes.length === 0) return { result: r, audit: null, touched: [] };
    draft.attendance = attendance;
    return {
      result: r,
      audit: { summary: `checked in ${changes.length} to ${session.id} from a file`, refs: [session.id, ...changes.map((c) => c.member.id)] },
      touched: [session.id],
    };
  });
  if (skipped.length) {
    ctx.warn(t('checkin.skippedHeader', { count: skipped.length }));
    for (const m of skipped) ctx.err(`  ${t('checkin.skipLine', { line: m.line, at: m.at, sender: m.sender, reason: m.message })}\n`);
  }
  if (repeats) ctx.err(`  ${t('checkin.repeats', { count: repeats })}\n`);
  if (opts.dryRun) {
    const rows = planned;
    const message = t('session.wouldCheckInTo', { length: rows.length, id: result.session.id });
    if (opts.json) return { kind: 'done', data: { sessionId: result.session.id, dryRun: true, checkins: rows.map((r) => ({ memberId: r.member.id, name: r.member.name, status: r.status, at: r.at })), unmatched, skipped: skipped.map(({ message: _, ...m }) => m) }, message };
    return list(
      rows,
      [
        { header: 'id', key: 'memberId', value: (r: (typeof rows)[number]) => r.member.id },
        { header: 'name', key: 'name', value: (r) => r.member.name },
        { header: 'status', key: 'status', value: (r) => r.status },
        { header: 'first message', key: 'at', value: (r) => r.at },
      ],
      { empty: message, footer: message },
    );
  }
  return checkinOutput(ctx, result, points);
}

interface Skipped {
  line: number;
  at: string;
  sender: string;
  reason: SkipReason | 'notMember';
  message: string;
}

function senderLabel(m: ChatSender): string {
  return `${m.sender}${m.qq ? `(${m.qq})` : m.email ? `<${m.email}>` : ''}`;
}

function parseFromMinutes(value: string | undefined): number {
  if (value === undefined) return EARLY_MINUTES;
  if (!/^\d{1,4}$/.test(value.trim())) throw new UsageError(t('checkin.badFromMinutes', { value }));
  return Number(value.trim());
}
