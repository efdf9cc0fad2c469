// Sharing the pool among the municipalities' expressions of interest (docs/domain.md §3, allocation).

import { assertOre, sumOreExact, toOre, type Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { AllocationRule } from '../pool-definition/schema';

export type AllocationRequest = Readonly<{ municipalityCode: MunicipalityCode; requestedOre: Ore }>;

export type MunicipalityAllocation = Readonly<{
  municipalityCode: MunicipalityCode;
  requestedOre: Ore;
  allocatedOre: Ore;
}>;

export type AllocationResult = Readonly<{
  poolOre: Ore;
  totalRequestedOre: Ore;
  /** What nobody gets; it lapses and is not announced again (docs/domain.md §3, genudmelding: no). */
  lapsedOre: Ore;
  /** One per request, by municipality code ascending. */
  allocations: readonly MunicipalityAllocation[];
}>;

/** The rules `allocate` carries out today; the others in AllocationRule are data only so far. */
export type ExecutableAllocationRule = Extract<AllocationRule, { kind: 'pro-rata-largest-remainder' }>;

export const isExecutableAllocationRule = (rule: AllocationRule): rule is ExecutableAllocationRule =>
  rule.kind === 'pro-rata-largest-remainder';

const byMunicipalityCode = (a: { municipalityCode: string }, b: { municipalityCode: string }): number =>
  a.municipalityCode < b.municipalityCode ? -1 : a.municipalityCode > b.municipalityCode ? 1 : 0;

const assertRequests = (requests: readonly AllocationRequest[]): void => {
  const codes = new Set<string>();
  for (const { municipalityCode, requestedOre } of requests) {
    if (assertOre(requestedOre, `request of ${municipalityCode}`) <= 0) {
      throw new RangeError(`request of ${municipalityCode} must be more than 0 øre, got ${requestedOre}`);
    }
    if (codes.has(municipalityCode)) throw new RangeError(`two requests from municipality ${municipalityCode}`);
    codes.add(municipalityCode);
  }
};

/** Everyone gets what they sought when the pool is large enough (docs/domain.md §3). */
const grantEveryRequest = (requests: readonly AllocationRequest[]): MunicipalityAllocation[] =>
  requests.map(({ municipalityCode, requestedOre }) => ({
    municipalityCode,
    requestedOre,
    allocatedOre: requestedOre,
  }));

/**
 * Pro rata to the amounts sought, in whole øre, by the largest-remainder method (docs/domain.md §3): each share is first
 * ⌊pool × request / total⌋; the øre left over (fewer than the number of requests) go one each to the largest
 * remainders. Ties are broken by the larger request, then the lower municipality code, so that the result never
 * depends on the order the requests came in, and a larger request never gets less than a smaller one.
 * All in BigInt: pool × request passes 2^53 with realistic amounts (1.25e9 × 1e8).
 */
const shareProRata = (
  poolOre: Ore,
  requests: readonly AllocationRequest[],
  total: bigint,
): MunicipalityAllocation[] => {
  const pool = BigInt(poolOre);
  const quotas = requests.map((request) => {
    const exact = pool * BigInt(request.requestedOre);
    return { ...request, floor: exact / total, remainder: exact % total };
  });
  const leftover = Number(pool - quotas.reduce((sum, quota) => sum + quota.floor, 0n));
  const extraOre = new Set(
    [...quotas]
      .sort(
        (a, b) =>
          (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1) ||
          b.requestedOre - a.requestedOre ||
          byMunicipalityCode(a, b),
      )
      .slice(0, leftover)
      .map((quota) => quota.municipalityCode),
  );
  return quotas.map(({ municipalityCode, requestedOre, floor }) => ({
    municipalityCode,
    requestedOre,
    allocatedOre: toOre(floor + (extraOre.has(municipalityCode) ? 1n : 0n)),
  }));
};

/** Shares `poolOre` among the requests by the rule. Pure; throws RangeError only for impossible input (an amount
 * that is not a positive whole øre, two requests from one municipality), which deciders refuse before this. */
export const allocate = (
  poolOre: Ore,
  requests: readonly AllocationRequest[],
  rule: ExecutableAllocationRule,
): AllocationResult => {
  if (assertOre(poolOre, 'pool') < 0) throw new RangeError(`pool must not be negative, got ${poolOre}`);
  assertRequests(requests);
  const total = sumOreExact(requests.map((request) => request.requestedOre));
  const shares = ((): MunicipalityAllocation[] => {
    switch (rule.kind) {
      case 'pro-rata-largest-remainder':
        return total <= BigInt(poolOre) ? grantEveryRequest(requests) : shareProRata(poolOre, requests, total);
      default: {
        const _unknownRule: never = rule.kind;
        throw new RangeError(`allocation rule ${String(_unknownRule)} is not carried out`);
      }
    }
  })();
  const allocated = sumOreExact(shares.map((share) => share.allocatedOre));
  return {
    poolOre,
    totalRequestedOre: toOre(total, 'total requested'),
    lapsedOre: toOre(BigInt(poolOre) - allocated),
    allocations: shares.sort(byMunicipalityCode),
  };
};
