// The English catalogue. Every user-visible string of a new feature is added here and in zh.ts in the same change
// (tests/core/i18n.test.ts checks that both hold the same keys and the same {placeholders}).
// Keys are `<area>.<what>`; values may hold {name} placeholders, filled by t().
export const en = {
  'lang.name': 'English',
  'checkin.joinedAfter': "{member} joined on {joined}, after {session} ({date}): only members active at its start take part",
  'checkin.notMemberOn': "{member} was not an active member on {date}, when {session} took place (status now: {status})",
  'checkin.forceHint': "give --force to record it anyway",
  'checkin.forced': "{message}; recorded anyway (--force)",
  'checkin.listUnmatched': "{file} line {line}: \"{text}\" matches no member",
  'checkin.listAmbiguous': "{file} line {line}: \"{text}\" matches {candidates}",
  'checkin.listProblems': "lines that could not be used ({count}):\n  {problems}",
  'checkin.listHint': "nothing was recorded; write an id (m12) or the exact name, nickname, QQ, WeChat, email or phone on those lines and run again",
  'checkin.pickerEmpty': "nobody was an active member of the club on {date}, when {session} took place",
  'checkin.atOption': "when they arrived (lateness follows it); without it an entry after the session has ended is present",
  'checkin.fromFileOption': "one member reference per line, or a WeChat 接龙 list (1. 杨洪勇 / 2、雅风); - reads stdin",
  'checkin.forceOption': "check in members who were not active at the session's start, and record excused absences over leave.perWeek",
  'checkin.leaveForceOption': "record it even over the weekly limit, or for someone not a member at the session's start",
  'checkin.voteForceOption': "accept a member who was not active at the session's start",
  'checkin.fromMinutesOption': "how many minutes before the start a message counts",
  'checkin.badFromMinutes': "invalid --from-minutes \"{value}\": expected a whole number of minutes, e.g. 30",
  'checkin.skippedHeader': "messages that checked nobody in ({count}):",
  'checkin.skipLine': "line {line} {at} {sender}: {reason}",
  'checkin.skipEarly': "too early (messages count from {from}; see --from-minutes)",
  'checkin.skipLate': "too late (after the end, {to})",
  'checkin.skipKeyword': "no keyword \"{keyword}\"",
  'checkin.skipUnmatched': "no member matches this sender; resolve with --map \"{sender}=MEMBER\"",
  'checkin.skipNotMember': "{member} was not an active member on {date}",
  'checkin.repeats': "later messages from members already counted: {count}",
} as const;

export type MessageKey = keyof typeof en;
