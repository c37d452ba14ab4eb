// Validation and normalisation of the personal fields a person types or imports. Every failure names the field.
import { UsageError } from '../errors.js';
import { ROLES } from '../types.js';
import { multiLineText, oneLineText } from '../text.js';
import { hasVisibleText } from '../words.js';
import type { Member, Role } from '../types.js';
import { t } from '../../i18n/index.js';

export interface MemberFieldsInput {
  name?: string | undefined;
  nick?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  qq?: string | null | undefined;
  wechat?: string | null | undefined;
  city?: string | null | undefined;
  role?: string | undefined;
  tags?: string[] | undefined;
  note?: string | null | undefined;
}

export type MemberFields = Partial<Pick<Member, 'name' | 'nick' | 'email' | 'phone' | 'qq' | 'wechat' | 'city' | 'role' | 'tags' | 'note'>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{3,22}[0-9]$/;
const QQ = /^[1-9][0-9]{4,11}$/;
const WECHAT = /^[^\s]{1,64}$/;

function bad(field: string, value: string, expected: string): never {
  throw new UsageError(t('member.invalidExpected', { field, value: JSON.stringify(value), expected }));
}

function cleanText(field: string, value: string, max: number, multiline = false): string {
  const text = multiline ? multiLineText(field, value) : oneLineText(field, value);
  if ([...text].length > max) bad(field, value, `at most ${max} characters`);
  return text;
}

/** Normalises the given fields; an empty string clears an optional field (null). */
export function normalizeFields(input: MemberFieldsInput): MemberFields {
  const out: MemberFields = {};
  const optional = (field: 'nick' | 'city' | 'note', max: number, multiline = false): void => {
    const value = input[field];
    if (value === undefined) return;
    out[field] = value === null ? null : cleanText(field, value, max, multiline) || null;
  };
  if (input.name !== undefined) {
    const name = cleanText('name', input.name, 100);
    if (!hasVisibleText(name)) bad('name', input.name, 'a name with visible characters');
    out.name = name;
  }
  optional('nick', 100);
  optional('city', 100);
  optional('note', 2000, true);
  const contact = (field: 'email' | 'phone' | 'qq' | 'wechat', re: RegExp, expected: string, lower = false): void => {
    const value = input[field];
    if (value === undefined) return;
    const text = value === null ? '' : oneLineText(field, value);
    if (!text) {
      out[field] = null;
      return;
    }
    if (!re.test(text)) bad(field, value as string, expected);
    out[field] = lower ? text.toLowerCase() : text;
  };
  contact('email', EMAIL, 'an address like name@example.org', true);
  contact('phone', PHONE, 'digits, optionally starting with + and containing spaces or dashes');
  contact('qq', QQ, 'a QQ number of 5 to 12 digits');
  contact('wechat', WECHAT, 'a WeChat id without spaces');
  if (input.role !== undefined) out.role = parseRole(input.role);
  if (input.tags !== undefined) out.tags = normalizeTags(input.tags);
  return out;
}

export function parseRole(value: string): Role {
  const role = value.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(role)) bad('role', value, ROLES.join('|'));
  return role as Role;
}

/** Tags are trimmed, de-duplicated and kept in the order given; "a,b", "a，b" and "a;b" split. */
export function normalizeTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    for (const part of raw.split(/[,，;；]/)) {
      const tag = cleanText('tag', part, 50);
      if (tag && !out.includes(tag)) out.push(tag);
    }
  }
  return out;
}

/** Digits only, without a +86/0086 country prefix: the phone number as people compare it. */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
}

/** The existing member who already has one of these contact details, if any. */
export function findContactDuplicate(
  members: readonly Member[],
  fields: Pick<MemberFields, 'email' | 'phone' | 'qq' | 'wechat'>,
  exceptId?: string,
): { member: Member; field: 'email' | 'phone' | 'qq' | 'wechat' } | null {
  for (const m of members) {
    if (m.id === exceptId || m.purged) continue;
    if (fields.email && m.email && m.email.toLowerCase() === fields.email.toLowerCase()) return { member: m, field: 'email' };
    if (fields.phone && m.phone && phoneKey(m.phone) === phoneKey(fields.phone)) return { member: m, field: 'phone' };
    if (fields.qq && m.qq && m.qq === fields.qq) return { member: m, field: 'qq' };
    if (fields.wechat && m.wechat && m.wechat.toLowerCase() === fields.wechat.toLowerCase()) return { member: m, field: 'wechat' };
  }
  return null;
}
