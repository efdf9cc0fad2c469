// Refund claims (docs/domain.md §7–8): interim (a conto) during a year, one final claim with its statement.

import { isValidIsoDate, parseInstant, toCopenhagenIso, type IsoDate } from '../calendar';
import {
  instantIsValid,
  isBlank,
  isDate,
  isThePool,
  municipalityCodeIsValid,
  textIsGiven,
  unknownPool,
  type KnownPool,
} from '../checks';
import type { Commitment, IssuedCommitment } from '../commitment/commitment';
import { acceptUnless, reason, type Check, type Command, type Decision } from '../decision';
import { sumOre } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { Pool } from '../pool/pool';
import {
  CLAIM_KINDS,
  type ClaimKind,
  type Expense,
  type FinalStatement,
  type Ledger,
  type RefundClaimed,
} from './ledger';
import { cappedRefund } from './refund';
import {
  isIssuedCommitment,
  isThisLedger,
  keepingInvariants,
  ledgerIsOpen,
  noCommitment,
  remainingFor,
  yearHasNoFinalClaim,
} from './rules';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A municipality claims a refund (docs/municipal-api.md `RefundClaimed`). */
export type ClaimRefund = Command<
  'ClaimRefund',
  {
    municipalityCode: MunicipalityCode;
    poolId: string;
    claimId: string;
    budgetYear: number;
    kind: string;
    upTo: IsoDate;
    /** Required on a final claim. */
    statement?: FinalStatement;
    at: Date;
    /** The pool's state: budget years, refund rate, claim deadlines. */
    pool: Pool;
    /** The municipality's commitment in the pool, which caps the refund. */
    commitment: Commitment;
  }
>;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const claimIdIsNew = (state: Ledger, claimId: string): Check =>
  state.claims.some((claim) => claim.claimId === claimId)
    ? reason('DUPLICATE_CLAIM_ID', `Claim "${claimId}" was already made; make a new claim under a new claimId.`)
    : undefined;

const kindIsKnown = (kind: string): kind is ClaimKind => (CLAIM_KINDS as readonly string[]).includes(kind);

const isBudgetYearOf = (pool: KnownPool, budgetYear: number): Check =>
  pool.definition.budgetYears.includes(budgetYear)
    ? undefined
    : reason(
        'OUTSIDE_BUDGET_YEARS',
        `${budgetYear} is not a budget year of pool "${pool.definition.poolId}" ` +
          `(${pool.definition.budgetYears.join(', ')}).`,
      );

/** docs/domain.md §8 and "The calendar": the final claim by 1 April of the following year, 12:00 Copenhagen; "a claim
 * recorded at 12:00:00.000 or later is late", and the deadline is never moved. */
const claimedBeforeDeadline = (pool: KnownPool, budgetYear: number, at: Date): Check => {
  const deadline = pool.definition.calendar.finalClaimDeadlines[String(budgetYear)];
  if (deadline === undefined) return undefined;
  return at < parseInstant(deadline)
    ? undefined
    : reason(
        'CLAIM_DEADLINE_PASSED',
        `Claims for budget year ${budgetYear} had to be recorded before ${toCopenhagenIso(parseInstant(deadline))}; ` +
          `this one came ${toCopenhagenIso(at)}. The deadline is never extended (docs/domain.md §8).`,
      );
};

/** docs/domain.md §8: a final claim comes "with a statement signed by its management and certified by its auditor". */
const statementIsComplete = (statement: FinalStatement | undefined): Check => {
  if (statement === undefined || statement === null) {
    return reason('STATEMENT_MISSING', 'A final claim needs its statement, signed by management and certified.');
  }
  const problems = [
    ...(isBlank(statement.signedBy) ? ['it names no signatory (signedBy)'] : []),
    ...(statement.auditorCertified === true ? [] : ['it is not certified by the auditor (auditorCertified)']),
    ...(isBlank(statement.documentRef) ? ['it names no document (documentRef)'] : []),
  ];
  return problems.length === 0
    ? undefined
    : reason('STATEMENT_MISSING', `The final claim's statement is incomplete: ${problems.join('; ')}.`);
};

/** The statement's fields only, whatever else the caller's object carries. */
const statementOf = ({ signedBy, auditorCertified, documentRef }: FinalStatement): FinalStatement => ({
  signedBy,
  auditorCertified,
  documentRef,
});

const somethingToClaim = (covered: readonly Expense[], budgetYear: number, upTo: IsoDate): Check =>
  covered.length > 0
    ? undefined
    : reason(
        'NOTHING_TO_CLAIM',
        `There are no reported, unclaimed expenses of budget year ${budgetYear} incurred up to ${upTo}.`,
      );

/** What a claim covers: the year's expenses incurred up to `upTo` not yet in a claim; for a final claim, every one
 * (the interim claims were a conto). */
const coveredBy = (state: Ledger, kind: ClaimKind, budgetYear: number, upTo: IsoDate): Expense[] =>
  state.expenses.filter(
    (expense) =>
      expense.budgetYear === budgetYear &&
      expense.incurredOn <= upTo &&
      (kind === 'final' || expense.claimIds.length === 0),
  );

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const claimRefund = (command: ClaimRefund, state: Ledger): Decision<RefundClaimed> => {
  const { municipalityCode, poolId, claimId, budgetYear, kind, upTo, statement, at, pool, commitment } = command.data;
  const known = isThePool(pool, poolId);
  const committed = isIssuedCommitment(commitment, poolId, municipalityCode);
  const wellFormed = kindIsKnown(kind) && typeof upTo === 'string' && isValidIsoDate(upTo);
  const covered = wellFormed ? coveredBy(state, kind, budgetYear, upTo) : [];

  const decision = acceptUnless(
    [
      municipalityCodeIsValid(municipalityCode),
      textIsGiven(claimId, 'The claimId'),
      kindIsKnown(kind) ? undefined : reason('SCHEMA_INVALID', `"${kind}" is not a claim kind: interim or final.`),
      isDate(upTo, 'The date the claim covers expenses up to (upTo)'),
      instantIsValid(at),
      ledgerIsOpen(state),
      isThisLedger(state, poolId, municipalityCode),
      known ? undefined : unknownPool(poolId),
      committed ? undefined : noCommitment(poolId, municipalityCode),
      claimIdIsNew(state, claimId),
      known ? isBudgetYearOf(pool, budgetYear) : undefined,
      known && instantIsValid(at) === undefined ? claimedBeforeDeadline(pool, budgetYear, at) : undefined,
      yearHasNoFinalClaim(state, budgetYear, 'no further claim can be made for it'),
      kind === 'final' ? statementIsComplete(statement) : undefined,
      wellFormed ? somethingToClaim(covered, budgetYear, upTo) : undefined,
    ],
    (): RefundClaimed[] => {
      const { refundRateBasisPoints } = (pool as KnownPool).definition;
      const { amountOre: commitmentOre } = commitment as IssuedCommitment;
      const eligibleOre = sumOre(covered.map((expense) => expense.amountOre));
      const remaining = remainingFor(state, kind as ClaimKind, budgetYear, commitmentOre);
      const { refundBeforeCapOre, refundOre } = cappedRefund(eligibleOre, refundRateBasisPoints, remaining);
      return [
        {
          type: 'RefundClaimed',
          data: {
            poolId,
            municipalityCode,
            claimId,
            budgetYear,
            kind: kind as ClaimKind,
            upTo,
            ...(kind === 'final' ? { statement: statementOf(statement!) } : {}),
            expenses: covered.map(({ courseId, expenseId, amountOre }) => ({ courseId, expenseId, amountOre })),
            eligibleOre,
            refundBeforeCapOre,
            claimedRefundOre: refundOre,
            commitmentOre,
            refundRateBasisPoints,
            claimedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};
