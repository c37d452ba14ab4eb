// iCalendar (RFC 5545) through ical-generator, with the club's VTIMEZONE from timezones-ical-library so calendar
// programs show DTSTART/DTEND in the club's zone. UIDs are stable: the session id and the store's creation time.
import type { Settings } from '../core/settings.js';
import type { Session } from '../core/sessions/types.js';

export async function sessionsToIcs(sessions: readonly Session[], opts: { settings: Settings; storeId: string; hostName: (id: string) => string | null }): Promise<string> {
  const { ICalCalendar, ICalEventStatus } = await import('ical-generator');
  const { tzlib_get_ical_block } = await import('timezones-ical-library');
  const { TZDate } = await import('@date-fns/tz');
  const tz = opts.settings.timezone;
  const zh = opts.settings.lang === 'zh';
  const cal = new ICalCalendar({ name: opts.settings.name, prodId: { company: 'clubadmin', product: 'club', language: zh ? 'ZH' : 'EN' } });
  // No calendar-wide zone: DTSTAMP must stay in UTC (RFC 5545 §3.8.7.2); each event carries TZID and the
  // generator adds the VTIMEZONE it needs.
  cal.timezone({ name: null, generator: (zone: string) => {
    const block = tzlib_get_ical_block(zone);
    return (Array.isArray(block) ? block[0] : block) ?? null;
  } });
  const domain = `${opts.storeId.replace(/[^0-9A-Za-z]/g, '')}.clubadmin`;
  for (const s of sessions) {
    const host = s.hostId ? opts.hostName(s.hostId) : null;
    const description = [
      s.topic ? `${zh ? '主题' : 'Topic'}: ${s.topic}` : null,
      host ? `${zh ? '主持' : 'Host'}: ${host}` : null,
      s.status === 'cancelled' && s.cancelReason ? `${zh ? '取消原因' : 'Cancelled'}: ${s.cancelReason}` : null,
    ]
      .filter(Boolean)
      .join('\n');
    cal.createEvent({
      id: `${s.id}@${domain}`,
      // A TZDate makes ical-generator write the local time of the club's zone beside TZID.
      start: new TZDate(new Date(s.startsAt).getTime(), tz),
      end: new TZDate(new Date(s.endsAt).getTime(), tz),
      timezone: tz,
      summary: s.title,
      description: description || null,
      location: s.place,
      status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A calendar that imported the file before applies an edit or a cancellation only when SEQUENCE rises.
      sequence: s.revision ?? 0,
      stamp: new Date(s.modifiedAt ?? s.createdAt),
      lastModified: new Date(s.modifiedAt ?? s.createdAt),
    });
  }
  return cal.toString();
}
