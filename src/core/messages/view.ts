// What the notice and remind templates print: the data of notice.ts and remind.ts with its times and dates worded in
// the club's language and zone, and each person's @mention. The JSON (--json) stays the data; only the templates
// see these words, so an admin's own template can use either.
import type { Lang } from '../settings.js';
import { clockTime, localDate } from '../reports/labels.js';
import { instantDate } from '../time.js';
import type { Notice, NoticeRegistration, NoticeSession } from './notice.js';
import { mentionOf } from './people.js';
import type { Person } from './people.js';
import type { Reminder } from './remind.js';

export interface Wording {
  lang: Lang;
  tz: string;
}

const withMention = (p: Person) => ({ ...p, mention: mentionOf(p) });

/** "3月7日 周六 14:00–16:00"; a session ending on another day names both days. */
export function sessionTime(startsAt: string, endsAt: string, w: Wording): string {
  const start = `${localDate(startsAt, w.tz, w.lang)} ${clockTime(startsAt, w.tz)}`;
  if (instantDate(startsAt, w.tz) === instantDate(endsAt, w.tz)) return `${start}–${clockTime(endsAt, w.tz)}`;
  return `${start} – ${localDate(endsAt, w.tz, w.lang)} ${clockTime(endsAt, w.tz)}`;
}

/** An instant as "3月6日 周五 22:00". */
export function instantText(iso: string, w: Wording): string {
  return `${localDate(iso, w.tz, w.lang)} ${clockTime(iso, w.tz)}`;
}

/** A date (YYYY-MM-DD) as "3月6日 周五". */
export function dateText(date: string, w: Wording): string {
  return localDate(`${date}T12:00:00Z`, 'UTC', w.lang);
}

function registrationView(r: NoticeRegistration, w: Wording) {
  return {
    ...r,
    [r.state]: true,
    deadlineText: r.deadline === null ? null : instantText(r.deadline, w),
    // `capacity` may be 0, which a template's #if reads as none.
    limited: r.capacity !== null,
  };
}

function noticeSessionView(s: NoticeSession, w: Wording) {
  return {
    ...s,
    when: sessionTime(s.startsAt, s.endsAt, w),
    host: s.host ? withMention(s.host) : null,
    registration: s.registration ? registrationView(s.registration, w) : null,
  };
}

export function noticeView(notice: Notice, w: Wording) {
  return {
    ...notice,
    lang: w.lang,
    sessions: notice.sessions.map((s) => noticeSessionView(s, w)),
    leave: { ...notice.leave, allowed: notice.leave.perWeek > 0 },
  };
}

export function remindView(reminder: Reminder, club: string, w: Wording) {
  const base = { club, lang: w.lang, kind: reminder.kind, count: reminder.members.length, members: reminder.members.map(withMention) };
  switch (reminder.kind) {
    case 'absent':
      return { ...base, absent: { ...reminder.session, when: instantText(reminder.session.startsAt, w) } };
    case 'survey':
      return { ...base, survey: reminder.survey };
    case 'tasks': {
      const rows = reminder.tasks.map((task) => ({ ...task, dueText: dateText(task.due, w), owner: task.owner ? withMention(task.owner) : null }));
      return { ...base, tasks: { overdue: rows.filter((r) => r.overdue), soon: rows.filter((r) => !r.overdue) } };
    }
    case 'reading': {
      const rows = reminder.tasks.map((task) => ({ ...task, dueText: dateText(task.due, w), member: withMention(task.member) }));
      return { ...base, reading: { overdue: rows.filter((r) => r.overdue), soon: rows.filter((r) => !r.overdue) } };
    }
    case 'registration':
      return {
        ...base,
        registration: {
          ...reminder.session,
          when: instantText(reminder.session.startsAt, w),
          deadlineText: reminder.session.deadline === null ? null : instantText(reminder.session.deadline, w),
          limited: reminder.session.placesLeft !== null,
          full: reminder.session.placesLeft === 0,
        },
      };
  }
}
