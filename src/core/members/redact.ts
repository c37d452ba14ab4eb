// Masking of contact details for exports and reports (SPEC §5): `138****0001`, `m***@example.org`.

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  const local = digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
  const prefix = phone.trim().startsWith('+') && local !== digits ? `+${digits.slice(0, digits.length - local.length)} ` : '';
  return `${prefix}${local.slice(0, 3)}${'*'.repeat(Math.max(local.length - 7, 4))}${local.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** QQ numbers and WeChat ids: first two and last two characters kept. */
export function maskId(id: string): string {
  const chars = [...id];
  if (chars.length <= 4) return `${chars[0] ?? ''}***`;
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

export function redactContacts<T extends { email: string | null; phone: string | null; qq: string | null; wechat: string | null }>(m: T): T {
  return {
    ...m,
    email: m.email && maskEmail(m.email),
    phone: m.phone && maskPhone(m.phone),
    qq: m.qq && maskId(m.qq),
    wechat: m.wechat && maskId(m.wechat),
  };
}
