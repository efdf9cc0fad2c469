import { copenhagenInstant } from '../calendar';
import { replay } from '../decision';
import { mangelpulje2017, mangelpulje2019 } from '../pool-definition';
import { poolDecider } from '../pool/decide';
import { deciderSpecification } from '../testing/decider-specification';
import { marketingDecider, type RecordMarketingSpending } from './decide';
import type { MarketingSpendingRecorded } from './marketing';

const given = deciderSpecification(marketingDecider);

const poolId = 'mangelpulje-2019';
const pool = replay(poolDecider, [{ type: 'PoolOpened', data: { poolId, definition: mangelpulje2019 } }]);
const recordedAt = copenhagenInstant('2019-12-10', '11:00');

const spend = (
  spendingId: string,
  amountOre: number,
  spentOn = '2019-12-05',
  change: Partial<RecordMarketingSpending['data']> = {},
): RecordMarketingSpending => ({
  type: 'RecordMarketingSpending',
  data: {
    poolId,
    spendingId,
    amountOre,
    spentOn,
    description: 'Annoncekampagne: opkvalificering til mangelområder',
    recordedBy: 'star.kommunikation',
    at: recordedAt,
    pool,
    ...change,
  },
});

const recorded = (command: RecordMarketingSpending): MarketingSpendingRecorded => {
  const { spendingId, amountOre, spentOn, description, recordedBy, at } = command.data;
  return {
    type: 'MarketingSpendingRecorded',
    data: {
      poolId,
      spendingId,
      amountOre,
      spentOn,
      budgetYear: 2019,
      description,
      recordedBy,
      recordedAt: at.toISOString(),
    },
  };
};

describe('Marketing line (docs/domain.md §9)', () => {
  it('records the agency spending within the line, in 2019', () => {
    const command = spend('M-1', 30_000_000);
    given([]).when(command).then([recorded(command)]);
  });

  it('takes the line to the last øre and refuses one more (EXCEEDS_MARKETING_LINE)', () => {
    const first = spend('M-1', 30_000_000);
    const rest = spend('M-2', 20_000_000, '2019-12-20');
    given([recorded(first)]).when(rest).then([recorded(rest)]);
    given([recorded(first), recorded(rest)]).when(spend('M-3', 1, '2019-12-30')).thenRejects('EXCEEDS_MARKETING_LINE');
    given([]).when(spend('M-1', 50_000_001)).thenRejects('EXCEEDS_MARKETING_LINE');
  });

  it("refuses spending outside the line's year (OUTSIDE_MARKETING_YEAR)", () => {
    given([]).when(spend('M-1', 1_000, '2020-01-02')).thenRejects('OUTSIDE_MARKETING_YEAR');
    given([]).when(spend('M-1', 1_000, '2018-12-31')).thenRejects('OUTSIDE_MARKETING_YEAR');
  });

  it('refuses any spending in a pool without a line (mangelpulje-2017)', () => {
    const pool2017 = replay(poolDecider, [
      { type: 'PoolOpened', data: { poolId: 'mangelpulje-2017', definition: mangelpulje2017 } },
    ]);
    given([])
      .when(spend('M-1', 1_000, '2017-05-01', { poolId: 'mangelpulje-2017', pool: pool2017 }))
      .thenRejects('OUTSIDE_MARKETING_YEAR', 'EXCEEDS_MARKETING_LINE');
  });

  it('refuses a spendingId used before, a bad amount, an unknown pool and a missing description', () => {
    const first = spend('M-1', 1_000);
    given([recorded(first)]).when(spend('M-1', 2_000)).thenRejects('DUPLICATE_SPENDING_ID');
    given([]).when(spend('M-1', 0)).thenRejects('INVALID_AMOUNT');
    given([]).when(spend('M-1', 1_000, '2019-12-05', { pool: poolDecider.initialState() })).thenRejects('UNKNOWN_POOL');
    given([]).when(spend('M-1', 1_000, '2019-12-05', { description: ' ' })).thenRejects('SCHEMA_INVALID');
  });

  it('is never allocated: the allocation shares the commitments only (12.5 mio. kr., not 13.0)', () => {
    const allocated = poolDecider.decide(
      { type: 'Allocate', data: { at: copenhagenInstant('2019-11-29', '12:00') } },
      pool,
    );
    expect(allocated.ok && allocated.events[0]!.data).toMatchObject({
      poolOre: 1_250_000_000,
      lapsedOre: 1_250_000_000,
    });
    const state = replay(marketingDecider, [recorded(spend('M-1', 30_000_000))]);
    expect(state).toMatchObject({ poolId, spentOre: 30_000_000 });
  });
});
