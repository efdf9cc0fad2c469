import fc from 'fast-check';
import { allocate, type AllocationRequest } from './allocation';

const proRata = { kind: 'pro-rata-largest-remainder' } as const;

const codes = fc.uniqueArray(fc.integer({ min: 101, max: 999 }).map(String), { minLength: 0, maxLength: 98 });
// Up to 2^46 øre a request keeps the total of 98 requests below 2^53, while pool × request goes far past it.
const requestsArb = codes.chain((municipalityCodes) =>
  fc.tuple(...municipalityCodes.map(() => fc.integer({ min: 1, max: 2 ** 46 }))).map((amounts) =>
    municipalityCodes.map((municipalityCode, i): AllocationRequest => ({ municipalityCode, requestedOre: amounts[i]! })),
  ),
);
const requestsAndShuffledArb = requestsArb.chain((requests) =>
  fc.tuple(
    fc.constant(requests),
    fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }),
  ),
);
const poolArb = fc.integer({ min: 0, max: 2 ** 52 });
const totalOf = (requests: readonly AllocationRequest[]) => requests.reduce((sum, r) => sum + BigInt(r.requestedOre), 0n);
const sumAllocated = (result: ReturnType<typeof allocate>) =>
  result.allocations.reduce((sum, a) => sum + BigInt(a.allocatedOre), 0n);

describe('allocate (docs/domain.md §3)', () => {
  describe('given the total sought fits in the pool', () => {
    it('gives each what it sought and lets the rest lapse', () => {
      expect(
        allocate(1_250_000_000, [
          { municipalityCode: '751', requestedOre: 300_000_000 },
          { municipalityCode: '101', requestedOre: 500_000_000 },
        ], proRata),
      ).toEqual({
        poolOre: 1_250_000_000,
        totalRequestedOre: 800_000_000,
        lapsedOre: 450_000_000,
        allocations: [
          { municipalityCode: '101', requestedOre: 500_000_000, allocatedOre: 500_000_000 },
          { municipalityCode: '751', requestedOre: 300_000_000, allocatedOre: 300_000_000 },
        ],
      });
    });

    it('lets the whole pool lapse when nobody asked', () => {
      expect(allocate(1_250_000_000, [], proRata)).toEqual({
        poolOre: 1_250_000_000,
        totalRequestedOre: 0,
        lapsedOre: 1_250_000_000,
        allocations: [],
      });
    });
  });

  describe('given the total sought exceeds the pool', () => {
    it('shares pro rata, exactly, in whole øre', () => {
      const result = allocate(1_250_000_000, [
        { municipalityCode: '101', requestedOre: 1_000_000_000 },
        { municipalityCode: '751', requestedOre: 1_500_000_000 },
      ], proRata);
      expect(result.allocations.map((a) => a.allocatedOre)).toEqual([500_000_000, 750_000_000]);
      expect(result.lapsedOre).toBe(0);
    });

    it('gives the øre left over to the largest remainders', () => {
      // 100 × 1/3 each: 33 each, one øre left, equal remainders and requests, so the lowest code gets it.
      const equalRequests = ['461', '101', '751'].map((municipalityCode) => ({ municipalityCode, requestedOre: 50 }));
      const thirds = allocate(100, equalRequests, proRata);
      expect(thirds.allocations).toEqual([
        { municipalityCode: '101', requestedOre: 50, allocatedOre: 34 },
        { municipalityCode: '461', requestedOre: 50, allocatedOre: 33 },
        { municipalityCode: '751', requestedOre: 50, allocatedOre: 33 },
      ]);
      // 10 øre over 7 + 5 + 3 = 15: quotas 4.67, 3.33, 2: floors 4, 3, 2 and the one øre left to the largest remainder.
      const uneven = allocate(10, [
        { municipalityCode: '101', requestedOre: 7 },
        { municipalityCode: '147', requestedOre: 5 },
        { municipalityCode: '151', requestedOre: 3 },
      ], proRata);
      expect(uneven.allocations.map((a) => a.allocatedOre)).toEqual([5, 3, 2]);
    });

    it('breaks equal remainders by the larger request, then the lower code', () => {
      // 5 øre over 1 + 4 + 5 = 10: quotas 0.5, 2, 2.5; the one øre left goes to 2.5 (larger request), not to 101.
      const byRequest = allocate(5, [
        { municipalityCode: '101', requestedOre: 1 },
        { municipalityCode: '147', requestedOre: 4 },
        { municipalityCode: '151', requestedOre: 5 },
      ], proRata);
      expect(byRequest.allocations.map((a) => a.allocatedOre)).toEqual([0, 2, 3]);
      // 7 øre over 3 + 3 + 6 = 12: quotas 1.75, 1.75, 3.5; two øre left go to the equal 0.75 remainders.
      const byCode = allocate(7, [
        { municipalityCode: '151', requestedOre: 3 },
        { municipalityCode: '101', requestedOre: 3 },
        { municipalityCode: '147', requestedOre: 6 },
      ], proRata);
      expect(byCode.allocations.map((a) => a.allocatedOre)).toEqual([2, 3, 2]);
    });

    it('computes beyond 2^53 without losing an øre', () => {
      // pool × request is about 2^105 here; in floating point the shares would be off by whole kroner.
      const requests = [
        { municipalityCode: '101', requestedOre: 2 ** 52 - 1 },
        { municipalityCode: '147', requestedOre: 2 ** 52 - 3 },
      ];
      const result = allocate(2 ** 53 - 7, requests, proRata);
      expect(result.totalRequestedOre).toBe(2 ** 53 - 4);
      expect(result.allocations.map((a) => a.allocatedOre)).toEqual([2 ** 52 - 3, 2 ** 52 - 4]);
      expect(sumAllocated(result)).toBe(BigInt(2 ** 53 - 7));
    });
  });

  it('refuses impossible input', () => {
    expect(() => allocate(100, [{ municipalityCode: '101', requestedOre: 0 }], proRata)).toThrow(RangeError);
    expect(() => allocate(100, [{ municipalityCode: '101', requestedOre: 1.5 }], proRata)).toThrow(RangeError);
    const twice = [
      { municipalityCode: '101', requestedOre: 1 },
      { municipalityCode: '101', requestedOre: 2 },
    ];
    expect(() => allocate(100, twice, proRata)).toThrow(/two requests/);
    expect(() => allocate(-1, [], proRata)).toThrow(RangeError);
  });

  describe('properties', () => {
    it('allocates exactly min(pool, total sought), and the rest lapses', () => {
      fc.assert(
        fc.property(poolArb, requestsArb, (pool, requests) => {
          const result = allocate(pool, requests, proRata);
          const total = totalOf(requests);
          const expected = total < BigInt(pool) ? total : BigInt(pool);
          return sumAllocated(result) === expected && BigInt(result.lapsedOre) === BigInt(pool) - expected;
        }),
      );
    });

    it('never gives a municipality more than it sought, nor less than 0', () => {
      fc.assert(
        fc.property(poolArb, requestsArb, (pool, requests) =>
          allocate(pool, requests, proRata).allocations.every(
            (a) => a.allocatedOre >= 0 && a.allocatedOre <= a.requestedOre,
          ),
        ),
      );
    });

    it('gives each share within one øre of its exact pro-rata quota', () => {
      fc.assert(
        fc.property(poolArb, requestsArb, (pool, requests) => {
          const total = totalOf(requests);
          if (total <= BigInt(pool)) return true;
          return allocate(pool, requests, proRata).allocations.every((a) => {
            const scaled = BigInt(a.allocatedOre) * total - BigInt(pool) * BigInt(a.requestedOre);
            return -total < scaled && scaled < total;
          });
        }),
      );
    });

    it('does not depend on the order the requests came in', () => {
      fc.assert(
        fc.property(poolArb, requestsAndShuffledArb, (pool, [requests, shuffled]) => {
          expect(allocate(pool, shuffled, proRata)).toEqual(allocate(pool, requests, proRata));
        }),
      );
    });

    // Equal requests may differ by the one øre of a remainder (six requests of 1 øre sharing a pool of 1 øre).
    it('never gives a larger request less than a smaller one', () => {
      fc.assert(
        fc.property(poolArb, requestsArb, (pool, requests) => {
          const { allocations } = allocate(pool, requests, proRata);
          return allocations.every((a) =>
            allocations.every((b) => a.requestedOre <= b.requestedOre || a.allocatedOre >= b.allocatedOre),
          );
        }),
      );
    });

    // Largest remainder is not monotone in the pool (the Alabama paradox): a larger pool can cost a municipality the
    // extra øre it had, but never more than that.
    it('never gives anyone more than one øre less when the pool grows', () => {
      fc.assert(
        fc.property(poolArb, fc.integer({ min: 0, max: 2 ** 40 }), requestsArb, (pool, more, requests) => {
          const before = allocate(pool, requests, proRata).allocations;
          const after = allocate(pool + more, requests, proRata).allocations;
          return after.every((a, i) => a.allocatedOre >= before[i]!.allocatedOre - 1);
        }),
      );
    });
  });
});
