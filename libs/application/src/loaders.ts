import {
  courseStreamId,
  evolveCommitment,
  evolveCourse,
  evolveLedger,
  evolvePayoutRun,
  evolvePool,
  initialCommitmentState,
  initialCourseState,
  initialLedgerState,
  initialPayoutRunState,
  initialPoolState,
  ledgerStreamId,
  payoutRunStreamId,
  type CommitmentEvent,
  type CommitmentState,
  type CourseEvent,
  type CourseState,
  type LedgerEvent,
  type LedgerState,
  type PayoutRunEvent,
  type PayoutRunState,
  type PoolEvent,
  type PoolState,
} from '@puljeflow/domain';
import type { EventStoreTransaction } from '@puljeflow/event-store';
import { CommandHandler } from './command-handler';
import { fold } from './folded';
import { streams } from './streams';

/**
 * Each consistency boundary's stream folded into its state, and its command handler: below every service, so that
 * services read each other's streams without importing each other.
 */
type Reader = Pick<EventStoreTransaction, 'readStream'>;

export const loadPool = (reader: Reader, poolId: string): Promise<{ state: PoolState; version: number }> =>
  fold<PoolState, PoolEvent>(reader, streams.pool(poolId), evolvePool, initialPoolState);

export const loadCommitment = (reader: Reader, poolId: string, code: string): Promise<{ state: CommitmentState; version: number }> =>
  fold<CommitmentState, CommitmentEvent>(reader, streams.commitment(poolId, code), evolveCommitment, initialCommitmentState);

export const loadLedger = (reader: Reader, poolId: string, municipalityCode: string): Promise<{ state: LedgerState; version: number }> =>
  fold<LedgerState, LedgerEvent>(reader, ledgerStreamId(poolId, municipalityCode), evolveLedger, initialLedgerState);

export const loadCourse = (reader: Reader, municipalityCode: string, courseId: string): Promise<{ state: CourseState; version: number }> =>
  fold<CourseState, CourseEvent>(reader, courseStreamId(municipalityCode, courseId), evolveCourse, initialCourseState);

export const loadPayoutRun = (reader: Reader, poolId: string, runDate: string): Promise<{ state: PayoutRunState; version: number }> =>
  fold<PayoutRunState, PayoutRunEvent>(reader, payoutRunStreamId(poolId, runDate), evolvePayoutRun, initialPayoutRunState);

export const handlePool = CommandHandler<PoolState, PoolEvent>({ evolve: evolvePool, initialState: initialPoolState });
export const handleCommitment = CommandHandler<CommitmentState, CommitmentEvent>({ evolve: evolveCommitment, initialState: initialCommitmentState });
export const handleLedger = CommandHandler<LedgerState, LedgerEvent>({ evolve: evolveLedger, initialState: initialLedgerState });
export const handlePayoutRun = CommandHandler<PayoutRunState, PayoutRunEvent>({ evolve: evolvePayoutRun, initialState: initialPayoutRunState });
