import { copenhagenInstant } from '../calendar';
import { replay } from '../decision';
import { mangelpulje2017, mangelpulje2019 } from '../pool-definition';
import { deciderSpecification } from '../testing/decider-specification';
import { poolDecider, type ExpressInterest } from './decide';
import type { AllocationMade, InterestExpressed, InterestWithdrawn, PoolOpened } from './pool';

const given = deciderSpecification(poolDecider);

const poolId = 'mangelpulje-2019';
const definition = mangelpulje2019;
const beforeDeadline = copenhagenInstant('2019-11-20', '10:00');
const deadline = copenhagenInstant('2019-11-29', '12:00');
const afterDeadline = copenhagenInstant('2019-11-29', '12:05');

const opened: PoolOpened = { type: 'PoolOpened', data: { poolId, definition } };

const interest = (municipalityCode: string, requestedAmountOre: number) => ({
  municipalityCode,
  requestedAmountOre,
  expectedParticipants: 20,
  contactEmail: `jobcenter-${municipalityCode}@kommune.dk`,
});

const expressed = (municipalityCode: string, requestedAmountOre: number): InterestExpressed => ({
  type: 'InterestExpressed',
  data: { poolId, ...interest(municipalityCode, requestedAmountOre) },
});

const withdrawn = (municipalityCode: string): InterestWithdrawn => ({
  type: 'InterestWithdrawn',
  data: { poolId, municipalityCode },
});

const expressInterest = (
  municipalityCode: string,
  requestedAmountOre: number,
  at = beforeDeadline,
  overrides: Partial<ExpressInterest['data']> = {},
): ExpressInterest => ({
  type: 'ExpressInterest',
  data: { ...interest(municipalityCode, requestedAmountOre), at, ...overrides },
});

const rule = { kind: 'pro-rata-largest-remainder' } as const;

describe('Pool', () => {
  describe('OpenPool', () => {
    it('opens a pool with its definition', () => {
      given([]).when({ type: 'OpenPool', data: { definition } }).then([opened]);
    });

    it('opens a pool once', () => {
      given([opened]).when({ type: 'OpenPool', data: { definition } }).thenRejects('POOL_ALREADY_OPEN');
    });

    it('does not open a pool whose definition is invalid', () => {
      const invalid = { ...definition, refundRateBasisPoints: 12_000 };
      given([]).when({ type: 'OpenPool', data: { definition: invalid } }).thenRejects('SCHEMA_INVALID');
    });
  });

  describe('ExpressInterest (docs/domain.md §2)', () => {
    it('records an expression of interest in an open pool', () => {
      given([opened]).when(expressInterest('101', 300_000_000)).then([expressed('101', 300_000_000)]);
    });

    it('takes a request for the whole pool', () => {
      given([opened]).when(expressInterest('101', 1_250_000_000)).then([expressed('101', 1_250_000_000)]);
    });

    it('takes a revision, which replaces the earlier expression', () => {
      given([opened, expressed('101', 300_000_000)])
        .when(expressInterest('101', 200_000_000))
        .then([expressed('101', 200_000_000)]);
    });

    it('refuses a pool that was never opened', () => {
      given([]).when(expressInterest('101', 300_000_000)).thenRejects('UNKNOWN_POOL');
    });

    it('accepts up to the last millisecond before the deadline, and refuses at it', () => {
      given([opened]).when(expressInterest('101', 1, new Date(deadline.getTime() - 1))).then([expressed('101', 1)]);
      given([opened]).when(expressInterest('101', 1, deadline)).thenRejects('INTEREST_WINDOW_CLOSED');
    });

    it('refuses interest before the pool opens', () => {
      given([opened])
        .when(expressInterest('101', 1, copenhagenInstant('2019-11-08', '08:59')))
        .thenRejects('INTEREST_WINDOW_CLOSED');
    });

    it('refuses interest after the allocation', () => {
      const allocate = { type: 'Allocate', data: { at: afterDeadline } } as const;
      const allocation = poolDecider.decide(allocate, replay(poolDecider, [opened]));
      if (!allocation.ok) throw new Error('expected an allocation');
      given([opened, ...allocation.events])
        .when(expressInterest('101', 1, afterDeadline))
        .thenRejects('INTEREST_WINDOW_CLOSED');
    });

    it.each([0, -100, 1.5, Number.NaN, 1_250_000_001])('refuses %p øre as the amount', (amount) => {
      given([opened]).when(expressInterest('101', amount)).thenRejects('INVALID_AMOUNT');
    });

    it('names everything wrong at once', () => {
      given([opened])
        .when(
          expressInterest('1011', 0, deadline, { expectedParticipants: 0, contactEmail: 'jobcenter' }),
        )
        .thenRejects('INTEREST_WINDOW_CLOSED', 'SCHEMA_INVALID', 'INVALID_AMOUNT', 'SCHEMA_INVALID', 'SCHEMA_INVALID');
    });
  });

  describe('WithdrawInterest (docs/domain.md §2)', () => {
    const withdrawInterest = (municipalityCode: string, at = beforeDeadline) =>
      ({ type: 'WithdrawInterest', data: { municipalityCode, at } }) as const;

    it('withdraws a standing expression of interest', () => {
      given([opened, expressed('101', 1)]).when(withdrawInterest('101')).then([withdrawn('101')]);
    });

    it('refuses when there is nothing to withdraw', () => {
      given([opened, expressed('147', 1)]).when(withdrawInterest('101')).thenRejects('NO_INTEREST_TO_WITHDRAW');
      given([opened, expressed('101', 1), withdrawn('101')])
        .when(withdrawInterest('101'))
        .thenRejects('NO_INTEREST_TO_WITHDRAW');
    });

    it('refuses after the deadline, and in an unknown pool', () => {
      given([opened, expressed('101', 1)]).when(withdrawInterest('101', deadline)).thenRejects('INTEREST_WINDOW_CLOSED');
      given([]).when(withdrawInterest('101')).thenRejects('UNKNOWN_POOL');
    });
  });

  describe('Allocate (docs/domain.md §3)', () => {
    const allocateAt = (at: Date) => ({ type: 'Allocate', data: { at } }) as const;

    const allocationMade = (
      allocations: { municipalityCode: string; requestedOre: number; allocatedOre: number }[],
    ): AllocationMade => {
      const totalRequestedOre = allocations.reduce((sum, a) => sum + a.requestedOre, 0);
      const allocated = allocations.reduce((sum, a) => sum + a.allocatedOre, 0);
      return {
        type: 'AllocationMade',
        data: {
          poolId,
          poolOre: 1_250_000_000,
          totalRequestedOre,
          lapsedOre: 1_250_000_000 - allocated,
          rule,
          allocations,
        },
      };
    };

    it('grants the standing requests when they fit in the pool; the rest lapses', () => {
      given([
        opened,
        expressed('751', 400_000_000),
        expressed('101', 500_000_000),
        expressed('147', 100_000_000),
        expressed('101', 300_000_000),
        withdrawn('147'),
      ])
        .when(allocateAt(deadline))
        .then([
          allocationMade([
            { municipalityCode: '101', requestedOre: 300_000_000, allocatedOre: 300_000_000 },
            { municipalityCode: '751', requestedOre: 400_000_000, allocatedOre: 400_000_000 },
          ]),
        ]);
    });

    it('shares pro rata when more is sought than the pool holds', () => {
      given([opened, expressed('101', 1_000_000_000), expressed('751', 1_000_000_000), expressed('461', 1_000_000_000)])
        .when(allocateAt(afterDeadline))
        .then([
          allocationMade([
            { municipalityCode: '101', requestedOre: 1_000_000_000, allocatedOre: 416_666_667 },
            { municipalityCode: '461', requestedOre: 1_000_000_000, allocatedOre: 416_666_667 },
            { municipalityCode: '751', requestedOre: 1_000_000_000, allocatedOre: 416_666_666 },
          ]),
        ]);
    });

    it('lets the whole pool lapse when nobody asked', () => {
      given([opened]).when(allocateAt(deadline)).then([allocationMade([])]);
    });

    it('waits for the interest deadline', () => {
      given([opened, expressed('101', 1)])
        .when(allocateAt(new Date(deadline.getTime() - 1)))
        .thenRejects('DEADLINE_NOT_REACHED');
    });

    it('allocates once', () => {
      given([opened, allocationMade([])]).when(allocateAt(afterDeadline)).thenRejects('ALREADY_ALLOCATED');
    });

    it('refuses an unknown pool', () => {
      given([]).when(allocateAt(afterDeadline)).thenRejects('UNKNOWN_POOL');
    });

    it('refuses a rule that is only data so far (the 2017 objective key)', () => {
      given([{ type: 'PoolOpened', data: { poolId: mangelpulje2017.poolId, definition: mangelpulje2017 } }])
        .when({ type: 'Allocate', data: { at: afterDeadline } })
        .thenRejects('ALLOCATION_RULE_NOT_SUPPORTED');
    });
  });

  describe('state', () => {
    it('shows the standing interest of each municipality and the allocation', () => {
      const state = replay(poolDecider, [
        opened,
        expressed('101', 300_000_000),
        expressed('751', 100_000_000),
        expressed('101', 200_000_000),
        withdrawn('751'),
      ]);
      expect(state).toMatchObject({
        status: 'open',
        interestDeadline: deadline,
        interests: {
          '101': { requestedAmountOre: 200_000_000, expectedParticipants: 20, contactEmail: 'jobcenter-101@kommune.dk' },
        },
      });
      expect(Object.keys(state.status === 'open' ? state.interests : {})).toEqual(['101']);

      const decision = poolDecider.decide({ type: 'Allocate', data: { at: deadline } }, state);
      if (!decision.ok) throw new Error('expected an allocation');
      const allocated = decision.events.reduce(poolDecider.evolve, state);
      expect(allocated).toMatchObject({
        status: 'allocated',
        allocation: { poolOre: 1_250_000_000, totalRequestedOre: 200_000_000, lapsedOre: 1_050_000_000 },
      });
    });

    it('ignores interest events before the pool is opened', () => {
      expect(replay(poolDecider, [expressed('101', 1)])).toEqual({ status: 'not-opened' });
    });
  });
});
