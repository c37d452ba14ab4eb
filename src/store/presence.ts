// presence.json: each member's attendance statuses by session ({"m2": "s1p s5l s9e"}), kept by the store in the
// same commit as the attendance files. A member's profile needs their whole attendance history; this file gives it
// without reading every check-in of the club. Derived data: `club check` rebuilds it from attendance and compares.
import * as v from 'valibot';
import { StoreError } from '../core/errors.js';
import { compareIds } from '../core/ids.js';
import type { AttendanceMark } from '../core/attendance/rules.js';
import type { Attendance, AttendanceStatus } from '../core/sessions/types.js';
import { serializeEntries, textCrc } from './lines.js';
import type { PresenceView } from './types.js';
import { validateWith } from './validated-json-file.js';
import { t } from '../i18n/index.js';

export const PRESENCE_FILE = 'presence.json';

const CODE: Record<AttendanceStatus, string> = { present: 'p', late: 'l', excused: 'e', absent: 'a' };
const STATUS: Record<string, AttendanceStatus> = { p: 'present', l: 'late', e: 'excused', a: 'absent' };

const presenceSchema = v.record(v.pipe(v.string(), v.regex(/^m\d+$/)), v.pipe(v.string(), v.regex(/^s\d+[plea](?: s\d+[plea])*$/)));

/** Member id -> their statuses, still encoded: only the members asked about are decoded. */
export type Presence = Map<string, string>;

export function parsePresence(data: unknown, file: string): Presence {
  return new Map(Object.entries(validateWith(presenceSchema, data, file)));
}

/** A member's marks, all of them. */
export function decodeMarks(presence: Presence, memberId: string): AttendanceMark[] {
  const text = presence.get(memberId);
  if (!text) return [];
  return tokens(text).map(([sessionId, status]) => ({ sessionId, memberId, status }));
}

/** What the Store interface gives commands: the statuses, not their encoding. */
export function presenceView(presence: Presence): PresenceView {
  return { marksOf: (memberId) => decodeMarks(presence, memberId), marksAt: (memberIds, sessionIds) => marksAt(presence, memberIds, sessionIds) };
}

/** The session and status of each token of a member's text ("s1p s5l"). */
function tokens(text: string): Array<[string, AttendanceStatus]> {
  return text.split(' ').map((token) => [token.slice(0, -1), STATUS[token.at(-1)!]!]);
}

/**
 * The marks of these members at these sessions only. One regular expression of the session ids scans each member's
 * text (a range is usually a few of the hundreds of sessions a text holds): ten times faster than decoding it all.
 */
export function marksAt(presence: Presence, memberIds: readonly string[], sessionIds: readonly string[]): AttendanceMark[] {
  if (sessionIds.length === 0) return [];
  // Session ids are s + digits (the schema says so), so they need no escaping.
  const token = new RegExp(`(?:^| )(${sessionIds.join('|')})([plea])(?= |$)`, 'g');
  const marks: AttendanceMark[] = [];
  for (const memberId of memberIds) {
    const text = presence.get(memberId);
    if (!text) continue;
    // exec, not matchAll: no iterator and no copy of the expression per member (there are 10,000 in a large club).
    token.lastIndex = 0;
    for (let m = token.exec(text); m !== null; m = token.exec(text)) marks.push({ sessionId: m[1]!, memberId, status: STATUS[m[2]!]! });
  }
  return marks;
}

function encode(marks: ReadonlyMap<string, AttendanceStatus>): string {
  return [...marks].sort((a, b) => compareIds(a[0], b[0])).map(([s, status]) => `${s}${CODE[status]}`).join(' ');
}

export function serializePresence(presence: Presence): string {
  return serializeEntries([...presence].filter(([, text]) => text !== '').map(([id, text]) => [id, JSON.stringify(text)]));
}

export function presenceOf(records: readonly unknown[]): Presence {
  const byMember = new Map<string, Map<string, AttendanceStatus>>();
  for (const r of records as readonly Attendance[]) {
    let marks = byMember.get(r.memberId);
    if (!marks) byMember.set(r.memberId, (marks = new Map()));
    marks.set(r.sessionId, r.status);
  }
  return new Map([...byMember].map(([id, marks]) => [id, encode(marks)]));
}

/** Member -> session -> new status (null: the record is gone), for replacing `before` with `after`. */
export function presenceChanges(before: readonly unknown[], after: readonly unknown[]): Map<string, Map<string, AttendanceStatus | null>> {
  const key = (r: Attendance) => `${r.sessionId}/${r.memberId}`;
  const old = new Map((before as readonly Attendance[]).map((r) => [key(r), r]));
  const changes = new Map<string, Map<string, AttendanceStatus | null>>();
  const note = (memberId: string, sessionId: string, status: AttendanceStatus | null) => {
    let m = changes.get(memberId);
    if (!m) changes.set(memberId, (m = new Map()));
    m.set(sessionId, status);
  };
  for (const r of after as readonly Attendance[]) {
    const was = old.get(key(r));
    old.delete(key(r));
    if (was?.status !== r.status) note(r.memberId, r.sessionId, r.status);
  }
  for (const r of old.values()) note(r.memberId, r.sessionId, null);
  return changes;
}

/** A member's text after the changes of one member's statuses; null when none is left (the file has no entry then). */
export function applyMarks(text: string | undefined, changes: ReadonlyMap<string, AttendanceStatus | null>): string | null {
  const marks = new Map(text ? tokens(text) : []);
  for (const [sessionId, status] of changes) {
    if (status === null) marks.delete(sessionId);
    else marks.set(sessionId, status);
  }
  return marks.size === 0 ? null : encode(marks);
}

/** club check: the file must say what the attendance records say. */
export function verifyPresence(presence: Presence, attendance: readonly unknown[], file: string): void {
  comparePresence(presence, presenceOf(attendance), file);
}

/** The file's statuses against those the attendance records give (each text or its CRC-32: gatherPresence). */
export function comparePresence(presence: Presence, actual: ReadonlyMap<string, string | number>, file: string): void {
  for (const id of new Set([...presence.keys(), ...actual.keys()])) {
    const said = presence.get(id) ?? '';
    const is = actual.get(id);
    if (typeof is === 'number' ? said === '' || textCrc(said) !== is : said !== (is ?? '')) {
      throw new StoreError('store_invalid', t('store.doesNotMatchThe', { file, id }), t('store.restoreTheStoreFrom'));
    }
  }
}

/**
 * What club check keeps of each member's statuses across the attendance files (Derived.gather): the CRC-32 of their
 * text, carried on file by file. A file's statuses follow those of the files before it in the text, with a space
 * between: the files come in the order of their blocks of sessions (filesOf), the check refuses a record in any other
 * file than its session's, and a text is in session order (encode).
 */
export function gatherPresence(into: Map<string, unknown>, part: Presence): void {
  for (const [id, text] of part) {
    const before = into.get(id) as number | undefined;
    into.set(id, before === undefined ? textCrc(text) : textCrc(` ${text}`, before));
  }
}

/** Statuses of one part of attendance added to those of the parts before it: presenceOf of all the records. */
export function mergePresence(into: Presence, part: Presence): void {
  for (const [id, text] of part) {
    const before = into.get(id);
    into.set(id, before ? encode(new Map([...tokens(before), ...tokens(text)])) : text);
  }
}
