import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { guardCell, parseCsv, toCsv, unguardCell } from '../../src/io/csv.js';
import { decodeText } from '../../src/io/encoding.js';

describe('decodeText', () => {
  const text = '姓名,城市\n杨洪勇,荆州\n';
  it.each([
    ['UTF-8', Buffer.from(text), 'utf8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf8', true],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030', false],
    ['GB18030', iconv.encode(`${text}𠮷`, 'gb18030'), 'gb18030', false],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]), 'utf16le', true],
  ])('detects %s', (_label, bytes, encoding, bom) => {
    const decoded = decodeText(bytes);
    expect(decoded.text.startsWith(text)).toBe(true);
    expect([decoded.encoding, decoded.bom]).toEqual([encoding, bom]);
  });
  it('refuses bytes that are not UTF-8 when UTF-8 is forced', () => {
    expect(() => decodeText(iconv.encode(text, 'gbk'), 'utf8')).toThrow(/not valid UTF-8/);
  });
});

describe('CSV', () => {
  it.each(['=1+1', '+86', '-5', '@cmd', '\tx', '\rx'])('guards %j and reads it back', (value) => {
    expect(String(guardCell(value))).toBe(`'${value}`);
    expect(unguardCell(String(guardCell(value)))).toBe(value);
  });
  it('leaves ordinary text and numbers alone, and only strips its own guard', () => {
    expect(guardCell('杨洪勇')).toBe('杨洪勇');
    expect(guardCell(-5)).toBe(-5);
    expect(unguardCell("'quoted'")).toBe("'quoted'");
  });
  it('parses with line numbers, multi-line cells, tabs and semicolons', async () => {
    const parsed = await parseCsv('name,note\n\nA,"one\ntwo"\nB,x\n');
    expect(parsed.rows).toEqual([
      { line: 3, cells: ['A', 'one\ntwo'] },
      { line: 5, cells: ['B', 'x'] },
    ]);
    expect((await parseCsv('姓名\t城市\n杨洪勇\t荆州, 湖北\n')).rows[0]!.cells).toEqual(['杨洪勇', '荆州, 湖北']);
    expect((await parseCsv('name;city\nA;B\n')).delimiter).toBe(';');
  });
  it('writes CRLF rows and quotes newlines', () => {
    expect(toCsv(['a', 'b'], [['x\ny', '=1']])).toBe('a,b\r\n"x\ny",\'=1\r\n');
  });
});
