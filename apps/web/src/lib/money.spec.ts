import { describe, expect, it } from '@jest/globals';
import { formatOre, isPositiveOre, oreForInput, parseKroner, sumOre, toOre } from './money';

describe('formatOre (Danish kroner)', () => {
  it.each([
    [1250000000, '12.500.000,00 kr.'],
    [50000000, '500.000,00 kr.'],
    [123456, '1.234,56 kr.'],
    [100, '1,00 kr.'],
    [5, '0,05 kr.'],
    [0, '0,00 kr.'],
    [-12345, '-123,45 kr.'],
  ])('%p øre reads %p', (ore, text) => {
    expect(formatOre(ore)).toBe(text);
  });

  it('keeps every øre of amounts beyond 2^53 sent as strings or bigints', () => {
    expect(formatOre('123456789012345678')).toBe('1.234.567.890.123.456,78 kr.');
    expect(formatOre(123456789012345678n)).toBe('1.234.567.890.123.456,78 kr.');
  });

  it('shows a dash for a missing or broken amount instead of a wrong one', () => {
    expect(formatOre(undefined)).toBe('—');
    expect(formatOre(null)).toBe('—');
    expect(formatOre(12.5)).toBe('—');
    expect(formatOre('12,50')).toBe('—');
  });
});

describe('toOre, sumOre and isPositiveOre', () => {
  it('parses whole numbers only', () => {
    expect(toOre(' 42 ')).toBe(42n);
    expect(toOre(Number.MAX_SAFE_INTEGER + 1)).toBeNull();
  });

  it('sums exactly, counting a missing amount as zero', () => {
    expect(sumOre([1250000000, '1', undefined, 2n])).toBe(1250000003n);
    expect(sumOre([])).toBe(0n);
  });

  it('knows an allocation when it sees one', () => {
    expect(isPositiveOre(1)).toBe(true);
    expect(isPositiveOre('0')).toBe(false);
    expect(isPositiveOre(undefined)).toBe(false);
  });
});

describe('parseKroner (what a person types)', () => {
  it.each([
    ['1.234,56', 123456n],
    ['1234,56', 123456n],
    ['1234,5', 123450n],
    ['1234', 123400n],
    [' 2.000,00 kr. ', 200000n],
    ['0', 0n],
    ['1.000.000', 100000000n],
  ])('%p is %p øre', (text, ore) => {
    expect(parseKroner(text)).toBe(ore);
  });

  it.each(['', 'abc', '-5', '1,234', '12.34', '1.23,00', '1,2,3', '12,345'])('%p is no amount', (text) => {
    expect(parseKroner(text)).toBeNull();
  });

  it('reads back what oreForInput writes', () => {
    for (const ore of [0n, 5n, 250001n, 123456789n]) expect(parseKroner(oreForInput(ore))).toBe(ore);
    expect(oreForInput(250001)).toBe('2500,01');
  });
});
