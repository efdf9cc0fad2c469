import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { oreForCsv, toDanishCsv } from './csv';

describe('CSV for Danish Excel', () => {
  it('starts with a UTF-8 BOM, separates with ";" and quotes what needs it', () => {
    const csv = toDanishCsv(['Kommune', 'Beløb'], [['Århus; midt', oreForCsv(1234567)], ['Ærø', oreForCsv(-5)], ['Tom', null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parse(csv.slice(1), { delimiter: ';' })).toEqual([
      ['Kommune', 'Beløb'],
      ['Århus; midt', '12345,67'],
      ['Ærø', '-0,05'],
      ['Tom', ''],
    ]);
  });

  it('writes øre as kroner with a decimal comma, big amounts exactly', () => {
    expect(oreForCsv('900719925474099312')).toBe('9007199254740993,12');
    expect(oreForCsv(0)).toBe('0,00');
    expect(oreForCsv(null)).toBe('');
  });
});
