import { readCsv } from './csv';

describe('readCsv', () => {
  it('splits plain records at commas and numbers them by line, skipping blank lines', () => {
    expect(readCsv('a,b,c\n\n1,,3\n')).toEqual([
      { kind: 'fields', line: 1, fields: ['a', 'b', 'c'] },
      { kind: 'fields', line: 3, fields: ['1', '', '3'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks in quoted fields; a record is numbered by its first line', () => {
    const text = '"Montør, el","Say ""hi""",x\n"two\nlines",y\nlast,z';
    expect(readCsv(text)).toEqual([
      { kind: 'fields', line: 1, fields: ['Montør, el', 'Say "hi"', 'x'] },
      { kind: 'fields', line: 2, fields: ['two\nlines', 'y'] },
      { kind: 'fields', line: 4, fields: ['last', 'z'] },
    ]);
  });

  it('reads Windows line ends and a leading byte-order mark as Excel writes them', () => {
    expect(readCsv('\uFEFFa,"b"\r\nc,d\r\n')).toEqual([
      { kind: 'fields', line: 1, fields: ['a', 'b'] },
      { kind: 'fields', line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('keeps a comment line whole, commas and quotes included', () => {
    expect(readCsv('# source: STAR, "www"\na', { commentPrefix: '#' })).toEqual([
      { kind: 'comment', line: 1, text: '# source: STAR, "www"' },
      { kind: 'fields', line: 2, fields: ['a'] },
    ]);
  });

  it('reports malformed records by line and reads on at the next line', () => {
    expect(readCsv('a"b,c\n"x"y,z\nok,1\n"never closed,2\nmore')).toEqual([
      { kind: 'error', line: 1, message: 'a double quote inside a field that does not start with one' },
      { kind: 'error', line: 2, message: 'unexpected "y" after a quoted field' },
      { kind: 'fields', line: 3, fields: ['ok', '1'] },
      { kind: 'error', line: 4, message: 'a quoted field opened on line 4 is never closed' },
    ]);
  });
});
