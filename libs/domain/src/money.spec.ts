import fc from 'fast-check';
import { applyRate, assertOre, dkk, formatOre, isOre, sumOre, sumOreExact, toOre } from './money';

describe('money', () => {
  describe('dkk', () => {
    it('turns kroner into øre', () => {
      expect(dkk(12_500_000)).toBe(1_250_000_000);
      expect(dkk(0.5)).toBe(50);
      expect(dkk(0.29)).toBe(29);
      expect(dkk(11.6e6)).toBe(1_160_000_000);
    });

    it('refuses fractions of an øre', () => {
      expect(() => dkk(0.295)).toThrow(RangeError);
      expect(() => dkk(Number.NaN)).toThrow(RangeError);
    });
  });

  describe('assertOre', () => {
    it('accepts safe integers and refuses the rest', () => {
      expect(assertOre(0)).toBe(0);
      expect(assertOre(-125)).toBe(-125);
      expect(() => assertOre(1.5)).toThrow(/whole number of øre/);
      expect(() => assertOre(2 ** 53)).toThrow(RangeError);
      expect(isOre('12')).toBe(false);
    });
  });

  describe('formatOre', () => {
    it.each([
      [1_250_000_000, '12.500.000,00 kr.'],
      [50_000_000, '500.000,00 kr.'],
      [123_456, '1.234,56 kr.'],
      [99_999, '999,99 kr.'],
      [5, '0,05 kr.'],
      [0, '0,00 kr.'],
      [-123_456, '-1.234,56 kr.'],
    ])('formats %p øre as %p', (ore, text) => {
      expect(formatOre(ore)).toBe(text);
    });

    it('formats amounts beyond 2^53 given as bigint', () => {
      expect(formatOre(123_456_789_012_345_678_901n)).toBe('1.234.567.890.123.456.789,01 kr.');
    });
  });

  describe('arithmetic beyond 2^53', () => {
    it('sums exactly in BigInt and refuses a result that does not fit', () => {
      const big = Number.MAX_SAFE_INTEGER;
      expect(sumOreExact([big, big, 1])).toBe(2n * BigInt(big) + 1n);
      expect(() => sumOre([big, 1])).toThrow(RangeError);
      expect(sumOre([big - 1, 1])).toBe(big);
      expect(() => toOre(2n ** 60n)).toThrow(RangeError);
    });

    it('applies a rate rounding down to whole øre (docs/domain.md §7)', () => {
      expect(applyRate(1_001, 8_000)).toBe(800);
      expect(applyRate(1_250_000_000, 8_000)).toBe(1_000_000_000);
      expect(applyRate(Number.MAX_SAFE_INTEGER, 8_000)).toBe(Number((BigInt(Number.MAX_SAFE_INTEGER) * 8n) / 10n));
    });

    it('never gives more than the rate of the amount, nor a whole øre less', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.integer({ min: 0, max: 10_000 }),
          (ore, bp) => {
            const exact = BigInt(ore) * BigInt(bp);
            const refund = BigInt(applyRate(ore, bp)) * 10_000n;
            return refund <= exact && exact - refund < 10_000n;
          },
        ),
      );
    });
  });
});
