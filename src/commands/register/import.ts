import { basename } from 'node:path';
import { formColumns, formEntries, isJielong, jielongEntries, matchEntries } from '../../core/activities/register-import.js';
import type { ImportEntry, ImportKind } from '../../core/activities/register-import.js';
import { registerMembers } from '../../core/activities/register.js';
import { registrationsOf } from '../../core/activities/registrations.js';
import { RuleError, UsageError } from '../../core/errors.js';
import { findSession } from '../../core/sessions/sessions.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { readSpreadsheetOrText } from '../../io/spreadsheet.js';
import type { ParsedTable } from '../../io/spreadsheet.js';
import type { Registration } from '../../core/activities/types.js';
import { t } from '../../i18n/index.js';
import { localDateTime } from '../../core/reports/labels.js';
import { registerTransaction, registrationJson, signUpAudit, tellSignUps } from './shared.js';

interface Opts {
  skipUnmatched?: boolean;
  sheet?: string;
  encoding?: string;
}

/** The sign-ups a file holds: a 接龙 list, or a form export (CSV or xlsx). */
async function readEntries(ctx: Context, file: string, opts: Opts): Promise<{ kind: ImportKind; entries: ImportEntry[]; ignored: string[] }> {
  const read = await readSpreadsheetOrText(await readInput(ctx, file, t('what.file')), { encoding: opts.encoding, sheet: opts.sheet });
  if (read.kind === 'text' && isJielong(read.text)) return { kind: 'jielong', entries: jielongEntries(read.text), ignored: [] };
  if (read.kind === 'text' && !/[,\t;]/.test(read.text.split(/\r?\n/).find((l) => l.trim()) ?? '')) throw new UsageError(t('register.import.notAList'));
  const table: ParsedTable = read.kind === 'xlsx' ? read : await (await import('../../io/csv.js')).parseCsv(read.text);
  const cols = formColumns(table.headers);
  return { kind: 'form', entries: formEntries(table.rows, cols), ignored: cols.ignored };
}

export default async function registerImport(ctx: Context, [sessionRef, file]: unknown[], opts: Opts): Promise<Output> {
  // The session first: a wrong id is said before the file is read, and what is wrong with the file is said in the
  // club's language (known once the store has been read).
  findSession((await (await ctx.openStore()).read(['sessions'])).sessions, String(sessionRef));
  const { kind, entries, ignored } = await readEntries(ctx, String(file), opts);
  if (entries.length === 0) throw new UsageError(t('register.import.empty'));
  const name = String(file) === '-' ? 'stdin' : basename(String(file));
  const r = await registerTransaction(ctx, String(sessionRef), ({ state, session, env, by }) => {
    const match = matchEntries(state.members, entries, kind);
    if (match.problems.length && !opts.skipUnmatched) {
      const rows = match.problems.map((p) => p.message);
      throw new RuleError(rows.length === 1 ? rows[0]! : t('register.import.refused', { count: rows.length, rows: rows.join('\n  ') }), t('register.import.refused.hint'));
    }
    // Someone the file lists who is registered or waitlisted already keeps their place: a 接龙 imported again as it
    // grows signs up only the newcomers. One who cancelled is not signed up again by an old list.
    const view = registrationsOf(state.registrations, session.id);
    const current = new Map(state.registrations.filter((x) => x.sessionId === session.id).map((x) => [x.memberId, x]));
    const kept: string[] = [];
    const fresh = match.matched.filter((m) => {
      const existing = current.get(m.member.id);
      if (!existing) return true;
      const who = `${m.member.id} ${m.member.name}`;
      if (existing.status === 'cancelled') {
        kept.push(t('register.import.cancelledBefore', { line: m.line, member: who, at: localDateTime(existing.cancelledAt ?? existing.at, env.settings.timezone, env.settings.lang), session: session.id, id: m.member.id }));
      } else {
        const position = view.waitlisted.findIndex((x) => x.memberId === m.member.id) + 1;
        kept.push(t('register.import.kept', { line: m.line, member: who, status: existing.status === 'registered' ? t('register.status.registered') : t('register.status.waitlisted', { position }) }));
      }
      return false;
    });
    const members = new Map(state.members.map((m) => [m.id, m]));
    const base = { session, match, kept, members };
    if (fresh.length === 0) return { registrations: null, result: { ...base, added: [] as Registration[], promoted: [] as Registration[], notes: [] as string[], registrations: state.registrations as Registration[] }, audit: null };
    const result = registerMembers(state, { session, signUps: fresh.map((m) => ({ member: m.member, note: m.note })), source: kind === 'jielong' ? 'chat' : 'file', by, force: false }, env);
    return { registrations: result.registrations, result: { ...base, ...result }, audit: signUpAudit(session, result.added, result.promoted, 'imported registrations') };
  });
  ctx.err(`${t('register.import.read', { file: name, kind: t(kind === 'jielong' ? 'register.import.kind.jielong' : 'register.import.kind.form'), count: entries.length })}\n`);
  if (ignored.length) ctx.warn(t('register.import.ignoredColumns', { columns: ignored.join(', ') }));
  if (r.match.problems.length) {
    ctx.warn(t('register.import.skipped', { count: r.match.problems.length }));
    for (const p of r.match.problems) ctx.err(`  ${p.message}\n`);
  }
  for (const rep of r.match.repeats) ctx.err(`  ${t('register.import.repeated', { line: rep.line, first: rep.first, member: `${rep.member.id} ${rep.member.name}` })}\n`);
  for (const k of r.kept) ctx.err(`  ${k}\n`);
  tellSignUps(ctx, r.session, r.registrations, r.added, r.promoted, r.members);
  const nameOf = (id: string) => r.members.get(id)?.name ?? id;
  const registered = r.added.filter((a) => a.status === 'registered').length;
  const message = r.added.length === 0 ? t('register.import.nothing', { session: r.session.id }) : t('register.done', { registered, waitlisted: r.added.length - registered, session: r.session.id, title: r.session.title });
  return { kind: 'done', data: r.added.map((a) => registrationJson(a, r.registrations, nameOf(a.memberId))), message };
}
