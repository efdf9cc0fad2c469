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

// The pool (stream `pool-<poolId>`).
export * from './pool/allocation';
import { initialState as initialCommitment } from './commitment/commitment';
import { initialState as initialCourse } from './course/course';
import { initialState as initialPool } from './pool/pool';

/** The state of a pool stream with no events, as a value (the decider's `initialState()` makes the same). */
export const initialPoolState = initialPool();
/** The state of a commitment stream with no events, as a value. */
export const initialCommitmentState = initialCommitment();
/** The state of a course stream with no events, as a value. */
export const initialCourseState = initialCourse();

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
