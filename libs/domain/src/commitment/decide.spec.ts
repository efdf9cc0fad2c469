import { copenhagenInstant } from '../calendar';
import { replay } from '../decision';
import { deciderSpecification } from '../testing/decider-specification';
import type {
  CommitmentIssued,
  CommitmentPrepared,
  CommitmentReduced,
  CommitmentReductionPrepared,
} from './commitment';
import { commitmentDecider, type PrepareCommitment } from './decide';

const given = deciderSpecification(commitmentDecider);

const poolId = 'mangelpulje-2019';
const municipalityCode = '101';
const preparedAt = copenhagenInstant('2019-12-02', '10:00');
const issuedAt = copenhagenInstant('2019-12-03', '14:30');
const later = copenhagenInstant('2020-09-15', '09:00');

const prepare = (amountOre: number, preparedBy = 'caseworker', allocatedOre = 300_000_000): PrepareCommitment => ({
  type: 'PrepareCommitment',
  data: { poolId, municipalityCode, amountOre, allocatedOre, preparedBy, at: preparedAt },
});

const prepared = (amountOre: number, preparedBy = 'caseworker'): CommitmentPrepared => ({
  type: 'CommitmentPrepared',
  data: { poolId, municipalityCode, amountOre, preparedBy, preparedAt: preparedAt.toISOString() },
});

const issued = (amountOre: number): CommitmentIssued => ({
  type: 'CommitmentIssued',
  data: {
    poolId,
    municipalityCode,
    amountOre,
    preparedBy: 'caseworker',
    approvedBy: 'approver',
    issuedAt: issuedAt.toISOString(),
  },
});

const issuedCommitment = [prepared(300_000_000), issued(300_000_000)];

const returned = 'Kommunen tilbageleverer midler';

const reductionPrepared = (newAmountOre: number, preparedBy = 'caseworker'): CommitmentReductionPrepared => ({
  type: 'CommitmentReductionPrepared',
  data: { poolId, municipalityCode, newAmountOre, reason: returned, preparedBy, at: later.toISOString() },
});

const reduced = (previousAmountOre: number, newAmountOre: number): CommitmentReduced => ({
  type: 'CommitmentReduced',
  data: {
    poolId,
    municipalityCode,
    previousAmountOre,
    newAmountOre,
    reason: returned,
    preparedBy: 'caseworker',
    approvedBy: 'approver',
    at: later.toISOString(),
  },
});

const approve = (approvedBy: string, at = issuedAt) => ({ type: 'ApproveCommitment', data: { approvedBy, at } }) as const;

const prepareReduction = (newAmountOre: number, reason = returned, preparedBy = 'caseworker') =>
  ({ type: 'PrepareReduction', data: { newAmountOre, reason, preparedBy, at: later } }) as const;

const approveReduction = (approvedBy: string) => ({ type: 'ApproveReduction', data: { approvedBy, at: later } }) as const;

describe('Commitment (tilsagn, docs/domain.md §4)', () => {
  describe('PrepareCommitment', () => {
    it('prepares a commitment up to the allocation', () => {
      given([]).when(prepare(300_000_000)).then([prepared(300_000_000)]);
      given([]).when(prepare(1)).then([prepared(1)]);
    });

    it('prepares again, replacing the earlier preparation, until it is issued', () => {
      given([prepared(300_000_000)])
        .when(prepare(250_000_000, 'other caseworker'))
        .then([prepared(250_000_000, 'other caseworker')]);
    });

    it('refuses more than the allocation', () => {
      given([]).when(prepare(300_000_001)).thenRejects('EXCEEDS_ALLOCATION');
      given([]).when(prepare(1, 'caseworker', 0)).thenRejects('EXCEEDS_ALLOCATION');
    });

    it.each([0, -1, 0.5])('refuses %p øre', (amount) => {
      given([]).when(prepare(amount)).thenRejects('INVALID_AMOUNT');
    });

    it('refuses once the commitment is issued', () => {
      given(issuedCommitment).when(prepare(200_000_000)).thenRejects('COMMITMENT_ALREADY_ISSUED');
    });

    it('refuses in a pool whose life is over (at or after its close), and prepares before it', () => {
      const command = prepare(200_000_000);
      given([]).when({ ...command, data: { ...command.data, poolClosesAt: preparedAt } }).thenRejects('POOL_CLOSED');
      given([]).when({ ...command, data: { ...command.data, poolClosesAt: new Date(preparedAt.getTime() - 1) } }).thenRejects('POOL_CLOSED');
      given([]).when({ ...command, data: { ...command.data, poolClosesAt: later } }).then([prepared(200_000_000)]);
    });
  });

  describe('ApproveCommitment', () => {
    it('issues the prepared commitment when a second person approves', () => {
      given([prepared(300_000_000)]).when(approve('approver')).then([issued(300_000_000)]);
    });

    it('issues the latest preparation', () => {
      given([prepared(300_000_000), prepared(200_000_000)]).when(approve('approver')).then([issued(200_000_000)]);
    });

    it('refuses the person who prepared it (four-eyes), whatever the case of the name', () => {
      given([prepared(300_000_000)]).when(approve('caseworker')).thenRejects('FOUR_EYES_REQUIRED');
      given([prepared(300_000_000)]).when(approve(' CaseWorker')).thenRejects('FOUR_EYES_REQUIRED');
    });

    it('refuses in a pool whose life is over, and issues before it', () => {
      const command = approve('approver');
      given([prepared(300_000_000)]).when({ ...command, data: { ...command.data, poolClosesAt: issuedAt } }).thenRejects('POOL_CLOSED');
      given([prepared(300_000_000)]).when({ ...command, data: { ...command.data, poolClosesAt: later } }).then([issued(300_000_000)]);
    });

    it('refuses when nothing is prepared', () => {
      given([]).when(approve('approver')).thenRejects('COMMITMENT_NOT_PREPARED');
    });

    it('refuses to issue twice', () => {
      given(issuedCommitment).when(approve('approver')).thenRejects('COMMITMENT_ALREADY_ISSUED');
    });
  });

  describe('PrepareReduction', () => {
    it('prepares a reduction of an issued commitment, to 0 at the lowest', () => {
      given(issuedCommitment).when(prepareReduction(100_000_000)).then([reductionPrepared(100_000_000)]);
      given(issuedCommitment).when(prepareReduction(0)).then([reductionPrepared(0)]);
    });

    it('never raises a commitment, nor "reduces" it to the same amount', () => {
      given(issuedCommitment).when(prepareReduction(300_000_001)).thenRejects('COMMITMENT_CANNOT_BE_RAISED');
      given(issuedCommitment).when(prepareReduction(300_000_000)).thenRejects('COMMITMENT_CANNOT_BE_RAISED');
    });

    it('measures against the amount after earlier reductions', () => {
      given([...issuedCommitment, reductionPrepared(100_000_000), reduced(300_000_000, 100_000_000)])
        .when(prepareReduction(150_000_000))
        .thenRejects('COMMITMENT_CANNOT_BE_RAISED');
    });

    it('refuses a negative or fractional amount and a missing reason', () => {
      given(issuedCommitment).when(prepareReduction(-1)).thenRejects('INVALID_AMOUNT');
      given(issuedCommitment).when(prepareReduction(1.5, ' ')).thenRejects('INVALID_AMOUNT', 'SCHEMA_INVALID');
    });

    it('refuses when no commitment has been issued', () => {
      given([]).when(prepareReduction(0)).thenRejects('NO_COMMITMENT');
      given([prepared(300_000_000)]).when(prepareReduction(0)).thenRejects('NO_COMMITMENT');
    });
  });

  describe('ApproveReduction', () => {
    const pending = [prepared(300_000_000), issued(300_000_000), reductionPrepared(100_000_000)];

    it('reduces the commitment when a second person approves', () => {
      given(pending).when(approveReduction('approver')).then([reduced(300_000_000, 100_000_000)]);
    });

    it('refuses the person who prepared the reduction (four-eyes)', () => {
      given(pending).when(approveReduction('caseworker')).thenRejects('FOUR_EYES_REQUIRED');
    });

    it('refuses when no reduction is waiting', () => {
      given(issuedCommitment).when(approveReduction('approver')).thenRejects('NO_REDUCTION_PREPARED');
      given([...pending, reduced(300_000_000, 100_000_000)])
        .when(approveReduction('approver'))
        .thenRejects('NO_REDUCTION_PREPARED');
      given([]).when(approveReduction('approver')).thenRejects('NO_COMMITMENT');
    });
  });

  describe('the ledger invariants, when the caller gives the figures', () => {
    const pool = (otherCommitmentsOre: number) => ({ poolOre: 1_250_000_000, otherCommitmentsOre });

    it('keeps the sum of commitments within the pool (EXCEEDS_POOL)', () => {
      const withOthers = (otherCommitmentsOre: number): PrepareCommitment => {
        const command = prepare(300_000_000);
        return { ...command, data: { ...command.data, poolCommitments: pool(otherCommitmentsOre) } };
      };
      given([]).when(withOthers(950_000_000)).then([prepared(300_000_000)]);
      given([]).when(withOthers(950_000_001)).thenRejects('EXCEEDS_POOL');
      const approveWithOthers = (otherCommitmentsOre: number) =>
        ({
          type: 'ApproveCommitment',
          data: { approvedBy: 'approver', at: issuedAt, poolCommitments: pool(otherCommitmentsOre) },
        }) as const;
      given([prepared(300_000_000)]).when(approveWithOthers(950_000_000)).then([issued(300_000_000)]);
      given([prepared(300_000_000)]).when(approveWithOthers(950_000_001)).thenRejects('EXCEEDS_POOL');
    });

    it('never reduces a tilsagn below the refunds approved (REFUND_EXCEEDS_COMMITMENT)', () => {
      const reduceTo = (newAmountOre: number, approvedRefundOre: number) =>
        ({
          type: 'PrepareReduction',
          data: { newAmountOre, reason: returned, preparedBy: 'caseworker', at: later, approvedRefundOre },
        }) as const;
      given(issuedCommitment).when(reduceTo(100_000_000, 100_000_000)).then([reductionPrepared(100_000_000)]);
      given(issuedCommitment).when(reduceTo(100_000_000, 100_000_001)).thenRejects('REFUND_EXCEEDS_COMMITMENT');
      const pending = [...issuedCommitment, reductionPrepared(100_000_000)];
      const approveWithRefunds = (approvedRefundOre: number) =>
        ({ type: 'ApproveReduction', data: { approvedBy: 'approver', at: later, approvedRefundOre } }) as const;
      given(pending).when(approveWithRefunds(100_000_000)).then([reduced(300_000_000, 100_000_000)]);
      // refunds approved between the preparation and the approval are counted at the approval
      given(pending).when(approveWithRefunds(100_000_001)).thenRejects('REFUND_EXCEEDS_COMMITMENT');
    });
  });

  describe('state', () => {
    it('follows the commitment from none to prepared, issued and reduced', () => {
      expect(replay(commitmentDecider, [])).toEqual({ status: 'none' });
      expect(replay(commitmentDecider, [prepared(300_000_000)])).toEqual({
        status: 'prepared',
        poolId,
        municipalityCode,
        amountOre: 300_000_000,
        preparedBy: 'caseworker',
        preparedAt,
      });
      expect(replay(commitmentDecider, [...issuedCommitment, reductionPrepared(100_000_000)])).toEqual({
        status: 'issued',
        poolId,
        municipalityCode,
        amountOre: 300_000_000,
        issuedAt,
        pendingReduction: { newAmountOre: 100_000_000, reason: returned, preparedBy: 'caseworker', at: later },
      });
      expect(
        replay(commitmentDecider, [
          ...issuedCommitment,
          reductionPrepared(100_000_000),
          reduced(300_000_000, 100_000_000),
        ]),
      ).toMatchObject({ status: 'issued', amountOre: 100_000_000, issuedAt, pendingReduction: null });
    });

    it('reads events that came back from the store as JSON', () => {
      const fromStore = JSON.parse(JSON.stringify(issuedCommitment));
      expect(replay(commitmentDecider, fromStore)).toMatchObject({ status: 'issued', issuedAt });
    });
  });
});
