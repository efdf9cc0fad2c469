// @puljeflow/domain: pure TypeScript, no I/O, no clock. Also bundled into Temporal workflow code, so no Node
// built-ins here. The given/when/then helper (./testing) is for tests and stays out of this entry.

export * from './decision';
export * from './money';
export * from './calendar';
export * from './municipality';
export * from './target-groups';
export * from './pool-definition';
export * from './streams';
export * from './cpr';
export * from './half-year';
export * from './labour-market-balance';
export * from './invariants';
export { isSamePerson } from './four-eyes';

// The pool (stream `pool-<poolId>`).
export * from './pool/allocation';
import { initialState as initialCommitment } from './commitment/commitment';
import { initialState as initialCourse } from './course/course';
import { initialState as initialLedger } from './ledger/ledger';
import { initialState as initialMarketing } from './marketing/marketing';
import { initialState as initialPayoutRun } from './payout-run/payout-run';
import { initialState as initialPool } from './pool/pool';

/** The state of a pool stream with no events, as a value (the decider's `initialState()` makes the same). */
export const initialPoolState = initialPool();
/** The state of a commitment stream with no events, as a value. */
export const initialCommitmentState = initialCommitment();
/** The state of a course stream with no events, as a value. */
export const initialCourseState = initialCourse();
/** The state of a ledger stream with no events, as a value. */
export const initialLedgerState = initialLedger();
/** The state of a payout run stream with no events, as a value. */
export const initialPayoutRunState = initialPayoutRun();
/** The state of a marketing line stream with no events, as a value. */
export const initialMarketingState = initialMarketing();

export {
  evolve as evolvePool,
  isKnownPool,
  reportingGraceHasEnded,
  startsAreClosed,
  type AllocatedPool,
  type AllocationMade,
  type DeadlineAmended,
  type DeadlineAmendmentPrepared,
  type Interest,
  type InterestExpressed,
  type InterestWithdrawn,
  type OpenedPool,
  type PendingDeadlineAmendment,
  type Pool,
  type Pool as PoolState,
  type PoolClosedForStarts,
  type PoolEvent,
  type PoolOpened,
  type ReportingGraceEnded,
  type UnopenedPool,
} from './pool/pool';
export {
  allocatePool,
  approveDeadlineAmendment,
  closeForStarts,
  decide as decidePool,
  endReportingGrace,
  expressInterest,
  openPool,
  poolDecider,
  prepareDeadlineAmendment,
  withdrawInterest,
  type Allocate,
  type ApproveDeadlineAmendment,
  type CloseForStarts,
  type EndReportingGrace,
  type ExpressInterest,
  type OpenPool,
  type PoolCommand,
  type PrepareDeadlineAmendment,
  type WithdrawInterest,
} from './pool/decide';

// The commitment, tilsagn (stream `commitment-<poolId>-<municipalityCode>`).
export {
  evolve as evolveCommitment,
  type Commitment,
  type Commitment as CommitmentState,
  type CommitmentEvent,
  type CommitmentIssued,
  type CommitmentPrepared,
  type CommitmentReduced,
  type CommitmentReductionPrepared,
  type IssuedCommitment,
  type NoCommitment,
  type PendingReduction,
  type PreparedCommitment,
} from './commitment/commitment';
export {
  approveCommitment,
  approveReduction,
  commitmentDecider,
  decide as decideCommitment,
  prepareCommitment,
  prepareReduction,
  type ApproveCommitment,
  type ApproveReduction,
  type CommitmentCommand,
  type PoolCommitments,
  type PrepareCommitment,
  type PrepareReduction,
} from './commitment/decide';

// The course, forløb (stream `course-<municipalityCode>-<courseId>`).
export {
  COURSE_CATEGORIES,
  evolve as evolveCourse,
  type CancelledCourse,
  type Citizen,
  type CompletedCourse,
  type Course,
  type Course as CourseState,
  type CourseCancelled,
  type CourseCategory,
  type CourseCompleted,
  type CourseDecisionRecord,
  type CourseDetails,
  type CourseEvent,
  type CourseStart,
  type CourseStarted,
  type CourseStartRejected,
  type DecisionBasis,
  type EmployerDeclaration,
  type NoCourse,
  type StartedCourse,
} from './course/course';
export {
  cancelCourse,
  completeCourse,
  courseDecider,
  courseStartRejected,
  decide as decideCourse,
  decisionBasis,
  startCourse,
  type CancelCourse,
  type CompleteCourse,
  type CourseCommand,
  type StartCourse,
} from './course/decide';

// The ledger, a municipality's money in a pool (stream `ledger-<poolId>-<municipalityCode>`).
export { budgetYearOf, cappedRefund, refundFor, type CappedRefund } from './ledger/refund';
export {
  approvedEligibleOfYear,
  approvedRefundOfYear,
  approvedRefundTotal,
  budgetYearsOf,
  claimPayableOre,
  claimsOfYear,
  finalClaimOf,
  ledgerFigures,
  ledgerInvariants,
  netPaidOfYear,
  payableOf,
  poolIsClosed,
  settlementOf,
  type InFlightPayout,
  type LedgerFigures,
} from './ledger/figures';
export {
  CLAIM_KINDS,
  EXPENSE_CATEGORIES,
  NON_REFUNDABLE_EXPENSE_CATEGORIES,
  evolve as evolveLedger,
  type BudgetYearSettled,
  type BudgetYearSettlement,
  type Claim,
  type ClaimApproval,
  type ClaimApproved,
  type ClaimedExpense,
  type ClaimKind,
  type ClaimPayment,
  type ClaimReview,
  type ClaimReviewed,
  type CommitmentLapsed,
  type Expense,
  type ExpenseCategory,
  type ExpenseCut,
  type ExpenseIncurred,
  type ExpenseRef,
  type FinalStatement,
  type Lapse,
  type Ledger,
  type Ledger as LedgerState,
  type LedgerEvent,
  type Payment,
  type PaymentMade,
  type PendingRepaymentReceipt,
  type RefundClaimed,
  type RepaymentDemand,
  type RepaymentDemanded,
  type RepaymentReceipt,
  type RepaymentReceiptData,
  type RepaymentReceiptPrepared,
  type RepaymentReceived,
} from './ledger/ledger';
export {
  approveClaim,
  claimRefund,
  closeLedger,
  decide as decideLedger,
  ledgerDecider,
  recordExpense,
  recordPayment,
  reviewClaim,
  type ApproveClaim,
  type ClaimRefund,
  type CloseLedger,
  type LedgerCommand,
  type RecordExpense,
  type RecordPayment,
  type ReviewClaim,
  type ReviewCut,
} from './ledger/decide';
export {
  confirmRepaymentReceipt,
  prepareRepaymentReceipt,
  type ConfirmRepaymentReceipt,
  type PrepareRepaymentReceipt,
} from './ledger/repayments';

// The payout run, udbetalingskørsel (stream `payout-<poolId>-<runDate>`).
export { PAYMENT_REFERENCE_MAX_LENGTH, paymentReference } from './payout-run/payment-reference';
export {
  evolve as evolvePayoutRun,
  inFlightLinesOf,
  type CompletedRun,
  type NoRun,
  type PayoutLine,
  type PayoutRun,
  type PayoutRun as PayoutRunState,
  type PayoutRunEvent,
  type PreparedRun,
  type ReleasedRun,
  type RunCompleted,
  type RunPrepared,
  type RunReleased,
} from './payout-run/payout-run';
export {
  completeRun as completePayoutRun,
  decide as decidePayoutRun,
  payoutRunDecider,
  prepareRun as preparePayoutRun,
  releaseRun as releasePayoutRun,
  type CompleteRun,
  type PayoutLineInput,
  type PayoutRunCommand,
  type PrepareRun,
  type ReleaseRun,
} from './payout-run/decide';

// The marketing line (stream `marketing-<poolId>`).
export {
  evolve as evolveMarketing,
  type MarketingEvent,
  type MarketingLine,
  type MarketingLine as MarketingState,
  type MarketingSpending,
  type MarketingSpendingRecorded,
} from './marketing/marketing';
export {
  decide as decideMarketing,
  marketingDecider,
  recordMarketingSpending,
  type MarketingCommand,
  type RecordMarketingSpending,
} from './marketing/decide';
