// Words and formats the reports share, in the report's language.
import type { SessionType } from '../sessions/types.js';
import { localParts } from '../time.js';
import type { MemberSummary } from '../types.js';

const TYPES: Record<SessionType, { zh: string; en: string }> = {
  discussion: { zh: '主题讨论', en: 'discussion' },
  reading: { zh: '读书', en: 'reading' },
  training: { zh: '培训', en: 'training' },
  social: { zh: '联谊', en: 'social' },
  competition: { zh: '比赛', en: 'competition' },
  exhibition: { zh: '展览', en: 'exhibition' },
  other: { zh: '其他', en: 'other' },
};

export const typeLabel = (type: SessionType, lang: 'zh' | 'en'): string => TYPES[type][lang];


const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3月3日 周二" or "Tue 3 Mar". */
export function localDate(iso: string, tz: string, lang: 'zh' | 'en'): string {
  const { m, d, wd } = localParts(iso, tz);
  return lang === 'zh' ? `${Number(m)}月${Number(d)}日 ${ZH_WEEKDAYS[wd]}` : `${EN_WEEKDAYS[wd]} ${Number(d)} ${EN_MONTHS[Number(m) - 1]}`;
}

/** "2026-03-03 周二 21:30" or "2026-03-03 Tue 21:30": a session's start in lists and sheets. */
export function localDateTime(iso: string, tz: string, lang: 'zh' | 'en'): string {
  const { y, m, d, hh, mm, wd } = localParts(iso, tz);
  return `${y}-${m}-${d} ${(lang === 'zh' ? ZH_WEEKDAYS : EN_WEEKDAYS)[wd] ?? ''} ${hh}:${mm}`;
}

export function clockTime(iso: string, tz: string): string {
  const { hh, mm } = localParts(iso, tz);
  return `${hh}:${mm}`;
}

/**
 * A member's name, or with --redact only its first character (杨＊＊, A＊＊＊): reports get pasted into public places.
 * The full-width ＊ needs no Markdown escape, so the raw text reads the same in a chat window.
 */
export function displayName(member: MemberSummary, redact: boolean): string {
  if (!redact) return member.name;
  const chars = [...member.name];
  return `${chars[0] ?? ''}${'＊'.repeat(Math.max(1, Math.min(chars.length - 1, 3)))}`;
}

const STATUSES: Record<string, { zh: string; en: string }> = {
  applicant: { zh: '申请中', en: 'applicant' },
  active: { zh: '正式成员', en: 'active' },
  rejected: { zh: '未通过', en: 'rejected' },
  left: { zh: '退出', en: 'left' },
  removed: { zh: '移除', en: 'removed' },
};

export const statusLabel = (status: string, lang: 'zh' | 'en'): string => STATUSES[status]?.[lang] ?? status;
