// Money is a whole number of øre (docs/municipal-api.md: "Money is an integer number of øre").
//
// Ore is a plain number rather than a branded one: amounts cross JSON (API bodies, event data in jsonb) all the time,
// and a brand would need a cast at every crossing. The guard is `assertOre` at the edges of arithmetic, and zod
// (`OreSchema`) where data comes in. Sums and products, which can pass 2^53, are done in BigInt.

import { z } from 'zod';

/** An amount in øre (1 kr. = 100 øre): a safe integer. */
export type Ore = number;

export const OreSchema = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer number of øre');

export const isOre = (value: unknown): value is Ore => Number.isSafeInteger(value);

/** Returns the value if it is a whole number of øre; throws RangeError otherwise (a programming error, not a
 * business outcome: deciders reject bad amounts with INVALID_AMOUNT before they get here). */
export const assertOre = (value: number, what = 'amount'): Ore => {
  if (!isOre(value)) throw new RangeError(`${what} must be a whole number of øre (a safe integer), got ${value}`);
  return value;
};

/** A bigint back to Ore, throwing if it no longer fits in a safe integer. */
export const toOre = (value: bigint, what = 'amount'): Ore => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} øre is beyond the safe integer range`);
  }
  return Number(value);
};

/** Kroner to øre, for writing amounts the way people say them: dkk(12_500_000) is 12.5 mio. kr.
 * At most two decimals: `ore / 100 === kroner` holds exactly when kroner is the double nearest some k/100. */
export const dkk = (kroner: number): Ore => {
  const ore = Math.round(kroner * 100);
  if (!isOre(ore) || ore / 100 !== kroner) throw new RangeError(`${kroner} kr. is not a whole number of øre`);
  return ore;
};

/** The exact sum, in BigInt so that no partial sum loses precision. */
export const sumOreExact = (amounts: Iterable<Ore>): bigint => {
  let total = 0n;
  for (const amount of amounts) total += BigInt(assertOre(amount));
  return total;
};

export const sumOre = (amounts: Iterable<Ore>): Ore => toOre(sumOreExact(amounts), 'sum');

/** 100 % in basis points; rates are whole basis points (8000 = 80 %). */
export const BASIS_POINTS = 10_000;

/** `ore × basisPoints / 10 000`, rounded down to whole øre (docs/domain.md §7: "80 % of eligible expenses, rounded down
 * to whole øre on the claim total"). */
export const applyRate = (ore: Ore, basisPoints: number): Ore => {
  if (assertOre(ore) < 0) throw new RangeError(`a rate applies to a non-negative amount, got ${ore}`);
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new RangeError(`a rate is a non-negative whole number of basis points, got ${basisPoints}`);
  }
  return toOre((BigInt(ore) * BigInt(basisPoints)) / BigInt(BASIS_POINTS));
};

/** Danish notation: thousands separated by '.', decimal comma, "kr." after: 1250000000 → "12.500.000,00 kr.".
 * Written out by hand rather than with Intl so it is the same in every runtime (the Temporal sandbox included). */
export const formatOre = (ore: Ore | bigint): string => {
  const value = typeof ore === 'bigint' ? ore : BigInt(assertOre(ore));
  const magnitude = value < 0n ? -value : value;
  const kroner = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const ore2 = (magnitude % 100n).toString().padStart(2, '0');
  return `${value < 0n ? '-' : ''}${kroner},${ore2} kr.`;
};
