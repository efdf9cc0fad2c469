import { decidePool, type PoolCommand } from '@puljeflow/domain';
import type { EventStore, EventStoreTransaction, NewEvent } from '@puljeflow/event-store';
import {
  type CourseCancelledData,
  type ExpenseIncurredData,
  type RefundClaimedData,
  type CourseCompletedData,
  type CourseStartedData,
  type InterestExpressedData,
  type InterestWithdrawnData,
  type MunicipalEventEnvelope,
  municipalEventDataSchemas,
  type SubmissionResult,
  validationErrors,
} from '@puljeflow/contracts';
import type { CitizenVault } from '@puljeflow/personal-data';
import { keyedBodyHash } from './canonical-json';
import { decideCourseCancellation, decideCourseCompletion, decideCourseStart, type CourseDecided } from './course.handlers';
import { loadPool } from './pool.service';
import { decideExpense, decideRefundClaim } from './ledger.service';
import { streams, type Reason } from './streams';

/** What is stored under an idempotency key: the original outcome of a submission, returned again for duplicates. */
type StoredOutcome = { status: 'accepted'; position: string } | { status: 'rejected'; position: string; reasons: Reason[] };

/**
 * Decides one municipal event: validate its data, apply the domain decision, and record either the accepted event
 * or a rejected submission with its reasons — exactly once per (municipality, eventId), whatever the concurrency.
 */
export class MunicipalEventService {
  constructor(
    private readonly store: EventStore,
    private readonly deps: { vault: CitizenVault; hashKey: Buffer },
  ) {}

  async submit(municipalityCode: string, envelope: MunicipalEventEnvelope, at: Date): Promise<SubmissionResult> {
    // Keyed: the stored hash of a body that holds a CPR number cannot be tested against guesses without the secret.
    const hash = keyedBodyHash(this.deps.hashKey, { type: envelope.type, occurredAt: envelope.occurredAt, data: envelope.data });
    const result = await this.store.idempotent<StoredOutcome>({ scope: municipalityCode, key: envelope.eventId, bodyHash: hash }, (tx) =>
      this.decideAndRecord(tx, municipalityCode, envelope, at),
    );
    const eventId = envelope.eventId;
    switch (result.kind) {
      case 'new':
        return result.outcome.status === 'accepted'
          ? { eventId, status: 'accepted', position: result.outcome.position }
          : { eventId, status: 'rejected', position: result.outcome.position, reasons: result.outcome.reasons };
      case 'duplicate':
        return {
          eventId,
          status: 'duplicate',
          position: result.outcome.position,
          original: result.outcome.status,
          ...(result.outcome.status === 'rejected' ? { reasons: result.outcome.reasons } : {}),
        };
      case 'key_reused':
        return {
          eventId,
          status: 'rejected',
          reasons: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: `eventId ${eventId} was already used for a different event; send a new eventId.` }],
        };
    }
  }

  private async decideAndRecord(tx: EventStoreTransaction, municipalityCode: string, envelope: MunicipalEventEnvelope, at: Date): Promise<StoredOutcome> {
    const metadata = { municipalityCode, submissionEventId: envelope.eventId, occurredAt: envelope.occurredAt };
    const schema = municipalEventDataSchemas[envelope.type];
    const parsed = schema?.safeParse(envelope.data);
    if (!schema || !parsed?.success) {
      const errors = parsed && !parsed.success ? validationErrors(parsed.error, 'data') : [];
      const reasons = errors.length
        ? errors.map((e) => ({ code: 'SCHEMA_INVALID', message: `${e.path}: ${e.message}` }))
        : [{ code: 'SCHEMA_INVALID', message: `${envelope.type} is not accepted by this version of the service.` }];
      return this.reject(tx, municipalityCode, envelope, reasons, metadata);
    }
    const decided = await this.decide(tx, municipalityCode, envelope.type, parsed.data, at);
    if (!decided.ok) {
      // A decision may still leave a record on its own stream (a rejected course start in the course's history).
      if (decided.record) await tx.append(decided.record.streamId, decided.record.events.map((e) => ({ ...e, metadata })), { expectedVersion: decided.record.expectedVersion });
      return this.reject(tx, municipalityCode, envelope, decided.reasons, metadata);
    }
    const events = decided.events.map((e) => ({ ...e, metadata }));
    const appended = await tx.append(decided.streamId, events, { expectedVersion: decided.expectedVersion });
    return { status: 'accepted', position: appended.positions[0] ?? '' };
  }

  private async decide(
    tx: EventStoreTransaction,
    municipalityCode: string,
    type: MunicipalEventEnvelope['type'],
    data: unknown,
    at: Date,
  ): Promise<{ ok: true; streamId: string; expectedVersion: number; events: NewEvent[] } | { ok: false; reasons: readonly Reason[]; record?: CourseDecided }> {
    switch (type) {
      case 'InterestExpressed': {
        const d = data as InterestExpressedData;
        const command: PoolCommand = {
          type: 'ExpressInterest',
          data: { municipalityCode, requestedAmountOre: d.requestedAmountOre, expectedParticipants: d.expectedParticipants, contactEmail: d.contactEmail, at },
        };
        return this.decideOnPool(tx, d.poolId, command);
      }
      case 'InterestWithdrawn': {
        const d = data as InterestWithdrawnData;
        return this.decideOnPool(tx, d.poolId, { type: 'WithdrawInterest', data: { municipalityCode, at } });
      }
      case 'CourseStarted': {
        const decided = await decideCourseStart(tx, this.deps, municipalityCode, data as CourseStartedData, at);
        if ('invalid' in decided) return { ok: false, reasons: decided.invalid };
        return fromCourse(decided);
      }
      case 'ExpenseIncurred':
        return decideExpense(tx, municipalityCode, data as ExpenseIncurredData, at);
      case 'RefundClaimed':
        return decideRefundClaim(tx, municipalityCode, data as RefundClaimedData, at);
      case 'CourseCancelled':
        return fromCourse(await decideCourseCancellation(tx, municipalityCode, data as CourseCancelledData, at));
      case 'CourseCompleted':
        return fromCourse(await decideCourseCompletion(tx, municipalityCode, data as CourseCompletedData, at));
      default:
        return { ok: false, reasons: [{ code: 'SCHEMA_INVALID', message: `${type} is not accepted by this version of the service.` }] };
    }
  }

  private async decideOnPool(tx: EventStoreTransaction, poolId: string, command: PoolCommand) {
    // Writers of one stream wait for each other here instead of conflicting and replaying.
    await tx.lockStream(streams.pool(poolId));
    const { state, version } = await loadPool(tx, poolId);
    const decision = decidePool(command, state);
    if (!decision.ok) return { ok: false as const, reasons: decision.reasons };
    return { ok: true as const, streamId: streams.pool(poolId), expectedVersion: version, events: decision.events as NewEvent[] };
  }

  private async reject(tx: EventStoreTransaction, municipalityCode: string, envelope: MunicipalEventEnvelope, reasons: readonly Reason[], metadata: Record<string, unknown>): Promise<StoredOutcome> {
    const appended = await tx.append(
      streams.submissions(municipalityCode),
      [{ type: 'SubmissionRejected', data: { eventId: envelope.eventId, submittedType: envelope.type, reasons }, metadata }],
      { expectedVersion: 'any' },
    );
    return { status: 'rejected', position: appended.positions[0] ?? '', reasons: [...reasons] };
  }
}

function fromCourse(decided: CourseDecided) {
  if (decided.rejection) {
    return { ok: false as const, reasons: decided.rejection, ...(decided.events.length ? { record: decided } : {}) };
  }
  return { ok: true as const, streamId: decided.streamId, expectedVersion: decided.expectedVersion, events: decided.events };
}
