import { courseStreamId, decidePool, ledgerStreamId, type PoolCommand } from '@puljeflow/domain';
import type { NewEvent, TransactionReader } from '@puljeflow/event-store';
import type {
  CourseCancelledData,
  CourseCompletedData,
  CourseStartedData,
  ExpenseIncurredData,
  InterestExpressedData,
  InterestWithdrawnData,
  MunicipalEventType,
  RefundClaimedData,
} from '@puljeflow/contracts';
import type { CitizenVault } from '@puljeflow/personal-data';
import { decideCourseCancellation, decideCourseCompletion, decideCourseStart, type CourseDecided } from './course.handlers';
import { decideExpense, decideRefundClaim } from './ledger.service';
import { loadPool } from './loaders';
import { streams, type Reason } from './streams';

/** What a municipal event's decision gives the batch: events for one stream, or reasons (and maybe a record kept anyway). */
export type MunicipalDecided = { ok: true; streamId: string; expectedVersion: number; events: NewEvent[] } | { ok: false; reasons: readonly Reason[]; record?: CourseDecided };

interface MunicipalEventRule {
  /**
   * The streams its decision is known to write before it is decided (from the raw, not yet validated data): locked up
   * front in one statement and in a fixed order; the decision locks any other stream it needs when it gets there.
   */
  locks(municipalityCode: string, data: { poolId: string | null; courseId: string | null }): string[];
  /** Its decision, on data its schema (libs/contracts municipalEventDataSchemas) has accepted. */
  decide(tx: TransactionReader, deps: { vault: CitizenVault }, municipalityCode: string, data: unknown, at: Date): Promise<MunicipalDecided>;
}

const onPool = (data: { poolId: string | null }) => (data.poolId ? [streams.pool(data.poolId)] : []);
const onCourse = (code: string, data: { courseId: string | null }) => (data.courseId ? [courseStreamId(code, data.courseId)] : []);

/**
 * Every municipal event type of the published contract, the streams it locks and its decision: the one table the
 * service's decisions and lock planning read (the compiler holds it to the contract's MUNICIPAL_EVENT_TYPES).
 */
export const MUNICIPAL_EVENT_RULES = {
  InterestExpressed: {
    locks: (_code, data) => onPool(data),
    decide: (tx, _deps, municipalityCode, data, at) => {
      const d = data as InterestExpressedData;
      const { requestedAmountOre, expectedParticipants, contactEmail } = d;
      return decideOnPool(tx, d.poolId, { type: 'ExpressInterest', data: { municipalityCode, requestedAmountOre, expectedParticipants, contactEmail, at } });
    },
  },
  InterestWithdrawn: {
    locks: (_code, data) => onPool(data),
    decide: (tx, _deps, municipalityCode, data, at) => decideOnPool(tx, (data as InterestWithdrawnData).poolId, { type: 'WithdrawInterest', data: { municipalityCode, at } }),
  },
  CourseStarted: {
    locks: onCourse,
    decide: async (tx, deps, municipalityCode, data, at) => {
      const decided = await decideCourseStart(tx, deps, municipalityCode, data as CourseStartedData, at);
      return 'invalid' in decided ? { ok: false, reasons: decided.invalid } : fromCourse(decided);
    },
  },
  CourseCancelled: {
    locks: onCourse,
    decide: async (tx, _deps, municipalityCode, data, at) => fromCourse(await decideCourseCancellation(tx, municipalityCode, data as CourseCancelledData, at)),
  },
  CourseCompleted: {
    locks: onCourse,
    decide: async (tx, _deps, municipalityCode, data, at) => fromCourse(await decideCourseCompletion(tx, municipalityCode, data as CourseCompletedData, at)),
  },
  ExpenseIncurred: {
    // The ledger is known only once the course is read (it names the pool): the decision locks it then.
    locks: () => [],
    decide: (tx, _deps, municipalityCode, data, at) => decideExpense(tx, municipalityCode, data as ExpenseIncurredData, at),
  },
  RefundClaimed: {
    locks: (code, data) => (data.poolId ? [ledgerStreamId(data.poolId, code)] : []),
    decide: (tx, _deps, municipalityCode, data, at) => decideRefundClaim(tx, municipalityCode, data as RefundClaimedData, at),
  },
} satisfies Record<MunicipalEventType, MunicipalEventRule>;

/** The rule of `type`, or undefined for a type this version of the service does not know. */
export function municipalEventRule(type: string): MunicipalEventRule | undefined {
  return Object.hasOwn(MUNICIPAL_EVENT_RULES, type) ? MUNICIPAL_EVENT_RULES[type as MunicipalEventType] : undefined;
}

async function decideOnPool(tx: TransactionReader, poolId: string, command: PoolCommand): Promise<MunicipalDecided> {
  // Writers of one stream wait for each other here instead of conflicting and replaying.
  await tx.lockStream(streams.pool(poolId));
  const { state, version } = await loadPool(tx, poolId);
  const decision = decidePool(command, state);
  if (!decision.ok) return { ok: false, reasons: decision.reasons };
  return { ok: true, streamId: streams.pool(poolId), expectedVersion: version, events: decision.events as NewEvent[] };
}

function fromCourse(decided: CourseDecided): MunicipalDecided {
  if (decided.rejection) return { ok: false, reasons: decided.rejection, ...(decided.events.length ? { record: decided } : {}) };
  return { ok: true, streamId: decided.streamId, expectedVersion: decided.expectedVersion, events: decided.events };
}
