// Text files from spreadsheets and form sites: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), and
// GBK/GB18030 (Excel and WPS on Chinese Windows). Detected from the bytes unless the admin says which.
import iconv from 'iconv-lite';
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';

export const ENCODINGS = ['utf8', 'gbk', 'gb18030', 'utf16le', 'utf16be'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Decoded {
  text: string;
  encoding: Encoding;
  bom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseEncoding(value: string | undefined): Encoding | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase().replace(/[-_]/g, '');
  const alias: Record<string, Encoding> = { utf8: 'utf8', gbk: 'gbk', gb2312: 'gbk', gb18030: 'gb18030', cp936: 'gbk', utf16: 'utf16le', utf16le: 'utf16le', utf16be: 'utf16be' };
  const enc = alias[v];
  if (!enc) throw new UsageError(t('store.invalidEncodingExpectedUtf', { value: JSON.stringify(value) }));
  return enc;
}

export function decodeText(bytes: Buffer, forced?: Encoding): Decoded {
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const hasUtf16le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const hasUtf16be = bytes[0] === 0xfe && bytes[1] === 0xff;
  const encoding: Encoding = forced ?? (hasUtf8Bom ? 'utf8' : hasUtf16le ? 'utf16le' : hasUtf16be ? 'utf16be' : isUtf8(bytes) ? 'utf8' : 'gb18030');
  const bom = hasUtf8Bom || hasUtf16le || hasUtf16be;
  let text: string;
  if (encoding === 'utf8') {
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new UsageError(t('store.theFileIsNot2'), t('store.ifItWasSaved'));
    }
  } else {
    // GB18030 is a superset of GBK and GB2312: decoding as GB18030 reads all three.
    text = iconv.decode(bytes, encoding === 'gbk' ? 'gb18030' : encoding);
  }
  return { text: text.replace(/^\uFEFF/, ''), encoding, bom };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
