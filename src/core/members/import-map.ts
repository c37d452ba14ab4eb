// Which member field a column of a roster or form export holds. Headers match by name, English or Chinese, after
// form-builder numbering (`1、姓名`, `Q1. Name`, `1.姓名`) and polite wrappers (`您的姓名：`) are taken off.
import { UsageError } from '../errors.js';
import { t } from '../../i18n/index.js';

export const IMPORT_FIELDS = [
  'id',
  'name',
  'nick',
  'email',
  'phone',
  'qq',
  'wechat',
  'city',
  'role',
  'status',
  'tags',
  'joined',
  'referrer',
  'note',
  'warnings',
  'history',
  'createdAt',
  'purged',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** `ignore` in --map drops a column without a warning. */
export type MappedField = ImportField | 'ignore';

const ALIASES: Record<ImportField, string[]> = {
  id: ['id', '编号', '会员编号', '成员编号'],
  name: ['name', 'fullname', 'realname', '姓名', '名字', '真实姓名', '成员', '成员姓名'],
  nick: ['nick', 'nickname', '昵称', '群昵称', '群名片', '网名'],
  email: ['email', 'e-mail', 'mail', 'emailaddress', '邮箱', '电子邮箱', '电子邮件', '邮件'],
  phone: ['phone', 'mobile', 'tel', 'telephone', 'phonenumber', 'mobilephone', '手机', '手机号', '手机号码', '电话', '联系电话', '联系方式'],
  qq: ['qq', 'qq号', 'qq号码', 'qq账号'],
  wechat: ['wechat', 'weixin', 'wechatid', '微信', '微信号', '微信账号'],
  city: ['city', '城市', '所在城市', '所在地', '地区', '所在地区'],
  role: ['role', '角色', '身份'],
  status: ['status', '状态', '成员状态'],
  tags: ['tags', 'tag', 'interests', '标签', '兴趣', '兴趣爱好', '爱好'],
  joined: ['joined', 'joinedat', 'joindate', 'datejoined', '加入时间', '入群时间', '加入日期', '入群日期', '入会时间', '入会日期'],
  referrer: ['referrer', 'referrerid', 'referredby', '推荐人', '介绍人'],
  note: ['note', 'notes', 'remark', 'remarks', 'comment', '备注', '说明'],
  warnings: ['warnings'],
  history: ['history'],
  createdAt: ['createdat'],
  purged: ['purged'],
};

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(alias, field);

/** The comparable form of a header: numbering, wrappers, punctuation, spaces and case removed. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .trim()
    .replace(/^(?:q\s*)?\d+\s*(?:[、.:)\]]|\s)\s*/i, '')
    .replace(/^\(\s*\d+\s*\)\s*/, '')
    .replace(/[(（][^)）]*(必填|选填|required|optional)[^)）]*[)）]/gi, '')
    .replace(/^(您的|你的|请填写|请输入|请填写您的|请输入您的)/, '')
    .replace(/[*:?？。.]+$/, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

export function fieldForHeader(header: string): ImportField | undefined {
  return LOOKUP.get(normalizeHeader(header));
}

export function parseMapOption(specs: string[] | undefined): Map<string, MappedField> {
  const out = new Map<string, MappedField>();
  for (const spec of specs ?? []) {
    const eq = spec.lastIndexOf('=');
    const header = eq > 0 ? spec.slice(0, eq).trim() : '';
    const field = eq > 0 ? spec.slice(eq + 1).trim() : '';
    const known = field === 'ignore' ? 'ignore' : (IMPORT_FIELDS as readonly string[]).includes(field) ? (field as ImportField) : LOOKUP.get(normalizeHeader(field));
    if (!header || !known) {
      throw new UsageError(t('member.invalidMap', { spec: JSON.stringify(spec) }), t('member.useHeaderFieldWith', { value: IMPORT_FIELDS.join(', ') }));
    }
    out.set(normalizeHeader(header), known);
  }
  return out;
}

export interface ColumnMapping {
  /** Column index -> field. */
  columns: Map<number, ImportField>;
  unmapped: string[];
}

export function mapColumns(headers: string[], overrides: Map<string, MappedField>): ColumnMapping {
  const columns = new Map<number, ImportField>();
  const unmapped: string[] = [];
  const taken = new Map<ImportField, string>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    const field = overrides.get(key) ?? LOOKUP.get(key);
    if (field === 'ignore') return;
    if (!field) {
      if (header.trim()) unmapped.push(header.trim());
      return;
    }
    const previous = taken.get(field);
    if (previous !== undefined) {
      throw new UsageError(t('member.columnsAndBothMap', { previous: JSON.stringify(previous), header: JSON.stringify(header), field }), t('member.dropOneWithMap', { header }));
    }
    taken.set(field, header);
    columns.set(index, field);
  });
  if (!taken.has('name')) {
    throw new UsageError(t('member.noNameColumnAmong', { h: headers.map((h) => JSON.stringify(h)).join(', ') }), t('member.nameItOrName'));
  }
  return { columns, unmapped };
}
