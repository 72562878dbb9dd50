import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvTable } from './csv.js';

describe('parseCsv (RFC 4180 section 2)', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes', () => {
    const { records, issues } = parseCsv(
      'a,"b,c","say ""hi""","two\r\nlines"\r\nd,,"",e\r\n'
    );
    expect(issues).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"', 'two\r\nlines'] },
      { line: 3, fields: ['d', '', '', 'e'] },
    ]);
  });

  it('accepts LF line ends, a last record without one, a BOM, blank lines', () => {
    const { records } = parseCsv('\uFEFFx,y\n\n1,2\n3,4');
    expect(records).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 3, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('keeps a lone CR as data (only CRLF and LF end a record)', () => {
    expect(parseCsv('a\rb,c\n').records).toEqual([
      { line: 1, fields: ['a\rb', 'c'] },
    ]);
  });

  describe('when a field has a stray quote', () => {
    it('drops that record, names its line and reads on', () => {
      const { records, issues } = parseCsv('a,b"c\n"d"e,f\ng,h\n');
      expect(issues.map((i) => [i.code, i.line])).toEqual([
        ['CSV_QUOTE_STRAY', 1],
        ['CSV_QUOTE_STRAY', 2],
      ]);
      expect(records).toEqual([{ line: 3, fields: ['g', 'h'] }]);
    });
  });

  describe('when a quote is never closed', () => {
    it('reports the line the field starts on and stops', () => {
      const { records, issues } = parseCsv('a,b\nc,"d\ne\n');
      expect(issues.map((i) => [i.code, i.line])).toEqual([
        ['CSV_QUOTE_UNTERMINATED', 2],
      ]);
      expect(records).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    });
  });
});

describe('parseCsvTable', () => {
  it('keys each row by the header', () => {
    const { table } = parseCsvTable('"k","v"\n1,2\n', ['k']);
    expect(table.rows).toEqual([{ line: 2, values: { k: '1', v: '2' } }]);
  });

  it('reports every bad record in line order', () => {
    const { table, issues } = parseCsvTable('k,v\n1\n2,"x"y\n3,4\n', ['k']);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['CSV_FIELD_COUNT', 2],
      ['CSV_QUOTE_STRAY', 3],
    ]);
    expect(table.rows).toEqual([{ line: 4, values: { k: '3', v: '4' } }]);
  });

  describe('when the file is empty', () => {
    it('reports the missing header at line 1', () => {
      const { issues } = parseCsvTable('', ['k']);
      expect(issues.map((i) => [i.code, i.line])).toEqual([
        ['CSV_HEADER_MISSING_COLUMN', 1],
      ]);
    });
  });
});
