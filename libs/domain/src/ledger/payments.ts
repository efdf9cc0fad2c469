// Payments of payout runs and the closing of the ledger (docs/domain.md §8, §10).

import { isValidIsoDate, toCopenhagenIso, type IsoDate } from '../calendar';
import { amountIsPositive, instantIsValid, isDate, isThePool, textIsGiven, unknownPool } from '../checks';
import type { Commitment } from '../commitment/commitment';
import { acceptUnless, reason, rejected, type Check, type Command, type Decision, type Reason } from '../decision';
import { formatOre, isOre, sumOre, type Ore } from '../money';
import { paymentReference } from '../payout-run/payment-reference';
import type { Pool } from '../pool/pool';
import { approvedRefundTotal, claimPayableOre, spreadOverClaims } from './figures';
import type { CommitmentLapsed, Ledger, PaymentMade } from './ledger';
import { isThisLedger, keepingInvariants, ledgerIsOpen, unknownClaim } from './rules';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A payment of a released payout run was made (or is about to be: a decision is pure, so the caller may ask it
 * before calling the payment port and append its event after). */
export type RecordPayment = Command<
  'RecordPayment',
  { reference: string; runDate: IsoDate; amountOre: Ore; claimIds: readonly string[]; at: Date }
>;

/** Sent at the pool's closing (closesAt) to a ledger not yet closed by its last settlement. */
export type CloseLedger = Command<'CloseLedger', { at: Date; pool: Pool; commitment: Commitment }>;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const runDateIsValid = (runDate: IsoDate): runDate is IsoDate => typeof runDate === 'string' && isValidIsoDate(runDate);

/** The reference is the one derived from the ledger's pool and municipality and the run (paymentReference). */
const referenceIsTheRuns = (state: Ledger, reference: string, runDate: IsoDate): Check => {
  if (state.poolId === undefined || state.municipalityCode === undefined || !runDateIsValid(runDate)) return undefined;
  const expected = paymentReference(state.poolId, state.municipalityCode, runDate);
  return reference === expected
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `The payment reference of this municipality's run of ${runDate} is ${expected}, not "${reference}".`,
      );
};

const claimsAreKnown = (state: Ledger, claimIds: readonly string[]): Check[] =>
  claimIds.length === 0
    ? [reason('SCHEMA_INVALID', 'A payment names the claims it pays.')]
    : claimIds
        .filter((claimId) => !state.claims.some((claim) => claim.claimId === claimId))
        .map((claimId) => unknownClaim(claimId));

/** A payment pays approved refunds not yet paid, no more (the invariant paid ≤ approved, claim by claim). */
const beyondPayable = (amountOre: Ore, payableOre: Ore, claimIds: readonly string[]): Reason =>
  reason(
    'PAID_EXCEEDS_APPROVED',
    `The payment of ${formatOre(amountOre)} is more than the approved, unpaid refunds of ` +
      `${claimIds.length === 0 ? 'no claim' : `claims ${claimIds.join(', ')}`} (${formatOre(payableOre)}).`,
  );

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

/** Records a payment of a payout run. A reference already paid is refused with ALREADY_PAID alone: the payment
 * happened, nothing else about the command matters. */
export const recordPayment = (command: RecordPayment, state: Ledger): Decision<PaymentMade> => {
  const { reference, runDate, amountOre, claimIds, at } = command.data;
  const earlier = state.payments.find((payment) => payment.reference === reference);
  if (earlier !== undefined) {
    return rejected([
      reason(
        'ALREADY_PAID',
        `Payment ${reference} was already made (${formatOre(earlier.amountOre)}, ${toCopenhagenIso(earlier.paidAt)}).`,
      ),
    ]);
  }
  const ids = Array.isArray(claimIds) ? claimIds : [];
  const payable = new Map(state.claims.map((claim) => [claim.claimId, claimPayableOre(state, claim)]));
  const spread = spreadOverClaims(payable, isOre(amountOre) ? amountOre : 0, ids);
  const payableOfThese = sumOre([...new Set(ids)].map((claimId) => payable.get(claimId) ?? 0));

  const decision = acceptUnless(
    [
      textIsGiven(reference, 'The payment reference'),
      isDate(runDate, 'The run date'),
      instantIsValid(at),
      amountIsPositive(amountOre),
      referenceIsTheRuns(state, reference, runDate),
      ...claimsAreKnown(state, ids),
      isOre(amountOre) && spread.unspentOre > 0 ? beyondPayable(amountOre, payableOfThese, ids) : undefined,
    ],
    (): PaymentMade[] => [
      {
        type: 'PaymentMade',
        data: {
          poolId: state.poolId!,
          municipalityCode: state.municipalityCode!,
          reference,
          runDate,
          amountOre,
          claims: spread.parts,
          paidAt: at.toISOString(),
        },
      },
    ],
  );
  return keepingInvariants(state, decision);
};

/** docs/domain.md §8, §10: at the pool's closing (closesAt), the unused commitment of a municipality that has not settled
 * lapses: the commitment less the refunds approved. */
export const closeLedger = (command: CloseLedger, state: Ledger): Decision<CommitmentLapsed> => {
  const { at, pool, commitment } = command.data;
  if (commitment.status !== 'issued') return rejected([reason('NO_COMMITMENT', 'No commitment has been issued.')]);
  const { poolId, municipalityCode } = commitment;
  const known = isThePool(pool, poolId);

  const decision = acceptUnless(
    [
      instantIsValid(at),
      ledgerIsOpen(state),
      isThisLedger(state, poolId, municipalityCode),
      known ? undefined : unknownPool(poolId),
      known && at < pool.closesAt
        ? reason('DEADLINE_NOT_REACHED', `The pool closes at ${toCopenhagenIso(pool.closesAt)}.`)
        : undefined,
    ],
    (): CommitmentLapsed[] => {
      const approvedRefundOre = approvedRefundTotal(state);
      return [
        {
          type: 'CommitmentLapsed',
          data: {
            poolId,
            municipalityCode,
            commitmentOre: commitment.amountOre,
            approvedRefundOre,
            lapsedOre: commitment.amountOre - approvedRefundOre,
            reason: 'pool-closed',
            lapsedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};
