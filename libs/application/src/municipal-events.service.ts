import {
  ExpectationFailedError,
  IdempotencyKeyTakenError,
  NotDecidableAheadError,
  outcomeKey,
  type RecordedOutcome,
  retryTransaction,
  WriteBatch,
  type EventStore,
  type NamedStatement,
  type PendingAppend,
  type TransactionReader,
} from '@puljeflow/event-store';
import {
  type MunicipalEventEnvelope,
  municipalEventDataSchemas,
  type SubmissionResult,
  validationErrors,
} from '@puljeflow/contracts';
import type { CitizenVault } from '@puljeflow/personal-data';
import { keyedBodyHash } from './canonical-json';
import { InUse } from './in-use';
import { forgetStreamVersions, keepCommittedStates, knownStreamVersion } from './folded';
import { municipalEventRule, type MunicipalDecided } from './municipal-event-types';
import { streams, type Reason } from './streams';

/** What is stored under an idempotency key: the original outcome of a submission, returned again for duplicates. */
type StoredOutcome = { status: 'accepted'; position: string } | { status: 'rejected'; position: string; reasons: Reason[] };

/** An outcome decided in a batch whose events are not written yet: its position is known after the flush. */
type DraftOutcome = { status: 'accepted'; append: PendingAppend } | { status: 'rejected'; append: PendingAppend; reasons: Reason[] };

/** One request's events, decided in order; `at` is when it arrived. */
export interface SubmissionJob {
  municipalityCode: string;
  envelopes: MunicipalEventEnvelope[];
  at: Date;
  /**
   * The credential the request came with (an API key's id), if it is to be found still valid in the transaction
   * that decides the request (see `credentialCheck`): a credential revoked before that is refused, nothing decided.
   */
  credential?: string;
}

/** Some jobs' credentials were no longer valid when their batch began: nothing of the batch was decided. */
export class CredentialsRefusedError extends Error {
  constructor(readonly jobs: number[]) {
    super(`the credentials of ${jobs.length} request(s) are no longer valid`);
    this.name = 'CredentialsRefusedError';
  }
}

/** Runs in the batch's transaction after the decisions (e.g. an import's line results), with their results. */
export type AfterDecided = (db: Pick<TransactionReader, 'query'>, results: SubmissionResult[][]) => Promise<void>;

type Item = { job: number; code: string; envelope: MunicipalEventEnvelope; at: Date; hash: string };

/**
 * Decides municipal events: validate each one's data, apply the domain decision, and record either the accepted
 * event or a rejected submission with its reasons — exactly once per (municipality, eventId), whatever the
 * concurrency. Many requests' events are decided in one transaction and written with one statement (group commit):
 * each event is still decided on its own, in order, seeing the ones before it.
 */
export class MunicipalEventService {
  constructor(
    private readonly store: EventStore,
    private readonly deps: {
      vault: CitizenVault;
      hashKey: Buffer;
      /**
       * Run with `start` (same round trip) in every batch with credentials: takes the batch's credentials as `$1`
       * (text[]) and returns, as column `id`, those still valid.
       */
      credentialCheck?: NamedStatement;
      /**
       * The same check for a batch decided ahead: takes the credentials as `$1` (text[]) and fails the transaction
       * (event_store_require) unless every one is still valid. Without it, batches with credentials are not decided
       * ahead.
       */
      credentialRequirement?: NamedStatement;
      /** Whether batches are decided ahead from what this process knows (one round trip; default true). */
      decideAhead?: boolean;
    },
  ) {}

  private readonly ahead = new AheadOrNot();
  /** Streams a batch of this process is writing now: a version known here may be about to move. */
  private readonly writing = new InUse();

  /** The streams a job's decisions are known to write before they are made (those `start` locks up front). */
  streamsWrittenBy(job: Pick<SubmissionJob, 'municipalityCode' | 'envelopes'>): string[] {
    return [...new Set(job.envelopes.flatMap((envelope) => streamsToLock(job.municipalityCode, envelope)))];
  }

  async submit(municipalityCode: string, envelope: MunicipalEventEnvelope, at: Date): Promise<SubmissionResult> {
    const [results] = await this.submitMany([{ municipalityCode, envelopes: [envelope], at }]);
    return results![0]!;
  }

  /**
   * Every job's results, in order. One transaction for all: if it fails, none of it is recorded (a caller that
   * must not fail many for one retries them one by one, see SubmissionBatcher). A decision that lost a race (a
   * stream or an idempotency key another transaction wrote first, a deadlock) takes the whole batch again.
   */
  async submitMany(jobs: SubmissionJob[], afterDecided?: AfterDecided): Promise<SubmissionResult[][]> {
    // Keyed: the stored hash of a body that holds a CPR number cannot be tested against guesses without the secret.
    const items: Item[] = jobs.flatMap((job, j) =>
      job.envelopes.map((envelope) => ({
        job: j,
        code: job.municipalityCode,
        envelope,
        at: job.at,
        hash: keyedBodyHash(this.deps.hashKey, { type: envelope.type, occurredAt: envelope.occurredAt, data: envelope.data }),
      })),
    );
    const streamIds = [...new Set(jobs.flatMap((job) => this.streamsWrittenBy(job)))];
    // A batch of this process still writing one of the streams would move it under this one's expectations.
    const ahead = !afterDecided && this.deps.decideAhead !== false && !streamIds.some((id) => this.writing.has(id)) && this.ahead.worthTrying();
    this.writing.take(streamIds);
    try {
      if (ahead) {
        const decided = await this.decideAhead(jobs, items, streamIds);
        if (decided) return decided;
      }
      return await this.decideAsUsual(jobs, items, streamIds, afterDecided);
    } finally {
      this.writing.release(streamIds);
    }
  }

  /** Locks and reads first (`start`), then decides and writes: two round trips, whatever this process knows. */
  private decideAsUsual(jobs: SubmissionJob[], items: Item[], lock: string[], afterDecided?: AfterDecided): Promise<SubmissionResult[][]> {
    return retryTransaction(async () => {
      // Two round trips on a pipelined pool: BEGIN with `start`, and COMMIT with `flush` unless afterDecided follows.
      const { results, batch } = await this.store.writeBatch(async (batch) => {
        const decided = await this.decideBatch(batch, jobs, items, lock, { commitWithFlush: !afterDecided });
        await afterDecided?.(batch, decided.results);
        return decided;
      });
      keepCommittedStates(batch);
      return results;
    });
  }

  /**
   * The batch decided ahead (WriteBatch.expect): from the stream versions and folded states this process knows,
   * assuming no eventId of the batch has an outcome yet, and sent whole with its commit — one round trip instead of
   * two. The database checks those assumptions (and the credentials) under the streams' locks before writing; if one
   * was wrong, or a decision needed something this process does not know, nothing is written and the batch is
   * decided the usual way (undefined).
   */
  private async decideAhead(jobs: SubmissionJob[], items: Item[], lock: string[]): Promise<SubmissionResult[][] | undefined> {
    let tried: WriteBatch | undefined;
    try {
      const { results, batch } = await this.store.writeBatch((batch) => {
        tried = batch;
        return this.decideBatch(batch, jobs, items, lock, { commitWithFlush: true, ahead: true });
      });
      keepCommittedStates(batch);
      this.ahead.succeeded();
      return results;
    } catch (error) {
      if (error instanceof NotDecidableAheadError) return undefined;
      if (error instanceof ExpectationFailedError || error instanceof IdempotencyKeyTakenError) {
        // Another process wrote one of the streams (or the key) since this one last saw it.
        if (tried) forgetStreamVersions(tried.versions().keys());
        this.ahead.refused();
        return undefined;
      }
      throw error;
    }
  }

  private async decideBatch(
    batch: WriteBatch,
    jobs: SubmissionJob[],
    items: Item[],
    /** The streams the decisions are known to write (locked up front). */
    lock: string[],
    { commitWithFlush, ahead = false }: { commitWithFlush: boolean; ahead?: boolean },
  ): Promise<{ results: SubmissionResult[][]; batch: WriteBatch }> {
    const credentials = [...new Set(jobs.flatMap((job) => (job.credential === undefined ? [] : [job.credential])))];
    const keys = items.map((it) => ({ scope: it.code, key: it.envelope.eventId }));
    let recorded: Map<string, RecordedOutcome<StoredOutcome>>;
    if (ahead) {
      const requirement = credentials.length > 0 ? this.deps.credentialRequirement : undefined;
      if (credentials.length > 0 && !requirement) throw new NotDecidableAheadError('no credentialRequirement to send with the write');
      batch.expect({ versionOf: knownStreamVersion, keys, ...(requirement ? { requirement: { ...requirement, values: [credentials] } } : {}) });
      for (const streamId of [...lock].sort()) await batch.lockStream(streamId);
      // Expected, and checked by the database: no eventId of the batch has an outcome yet.
      recorded = new Map();
    } else {
      const check = credentials.length > 0 ? this.deps.credentialCheck : undefined;
      if (credentials.length > 0 && !check) throw new Error('jobs carry credentials, but the service has no credentialCheck');
      const started = await batch.startWith<StoredOutcome, { id: string }>(check && { ...check, values: [credentials] }, { lock, keys });
      recorded = started.recorded;
      if (check) {
        const valid = new Set(started.rows.map((r) => r.id));
        const refused = jobs.flatMap((job, j) => (job.credential !== undefined && !valid.has(job.credential) ? [j] : []));
        // Before any decision: the batch rolls back, and the caller takes the others again without them.
        if (refused.length > 0) throw new CredentialsRefusedError(refused);
      }
    }
    // The first use of each key in this batch, with its draft outcome; later uses in the batch answer as duplicates.
    const firsts = new Map<string, { item: Item; draft: DraftOutcome }>();
    // Answered once the outcomes are stored: the first answer and every later duplicate come from the same JSON.
    const answers: Array<(stored: Map<string, StoredOutcome>) => SubmissionResult> = [];
    for (const item of items) {
      const key = outcomeKey(item.code, item.envelope.eventId);
      const before = recorded.get(key);
      if (before) {
        answers.push(() => answer(item, before.bodyHash, before.outcome, 'duplicate'));
        continue;
      }
      const first = firsts.get(key);
      if (first) {
        answers.push((stored) => answer(item, first.item.hash, stored.get(key)!, 'duplicate'));
        continue;
      }
      const draft = await this.decideAndRecord(batch, item.code, item.envelope, item.at);
      firsts.set(key, { item, draft });
      answers.push((stored) => answer(item, item.hash, stored.get(key)!, 'new'));
    }
    const { recorded: stored } = await batch.flush<StoredOutcome>(
      [...firsts.values()].map(({ item, draft }) => ({
        scope: item.code,
        key: item.envelope.eventId,
        bodyHash: item.hash,
        // `position` is filled in with the global position of the decision's first event (none: stays '').
        outcome: draft.status === 'accepted' ? { status: draft.status, position: '' } : { status: draft.status, position: '', reasons: draft.reasons },
        ...(draft.append.count > 0 ? { positionOf: draft.append } : {}),
      })),
      { commit: commitWithFlush },
    );
    const results: SubmissionResult[][] = Array.from({ length: jobs.length }, () => []);
    items.forEach((item, i) => results[item.job]!.push(answers[i]!(stored)));
    return { results, batch };
  }

  private async decideAndRecord(batch: WriteBatch, municipalityCode: string, envelope: MunicipalEventEnvelope, at: Date): Promise<DraftOutcome> {
    const metadata = { municipalityCode, submissionEventId: envelope.eventId, occurredAt: envelope.occurredAt };
    const schema = municipalEventDataSchemas[envelope.type];
    const parsed = schema?.safeParse(envelope.data);
    if (!schema || !parsed?.success) {
      const errors = parsed && !parsed.success ? validationErrors(parsed.error, 'data') : [];
      const reasons = errors.length
        ? errors.map((e) => ({ code: 'SCHEMA_INVALID', message: `${e.path}: ${e.message}` }))
        : [{ code: 'SCHEMA_INVALID', message: `${envelope.type} is not accepted by this version of the service.` }];
      return this.reject(batch, municipalityCode, envelope, reasons, metadata);
    }
    const decided = await this.decide(batch, municipalityCode, envelope.type, parsed.data, at);
    if (!decided.ok) {
      // A decision may still leave a record on its own stream (a rejected course start in the course's history).
      if (decided.record) await batch.append(decided.record.streamId, decided.record.events.map((e) => ({ ...e, metadata })), decided.record.expectedVersion);
      return this.reject(batch, municipalityCode, envelope, decided.reasons, metadata);
    }
    const append = await batch.append(decided.streamId, decided.events.map((e) => ({ ...e, metadata })), decided.expectedVersion);
    return { status: 'accepted', append };
  }

  private decide(tx: TransactionReader, municipalityCode: string, type: MunicipalEventEnvelope['type'], data: unknown, at: Date): Promise<MunicipalDecided> {
    const rule = municipalEventRule(type);
    if (!rule) return Promise.resolve({ ok: false, reasons: [{ code: 'SCHEMA_INVALID', message: `${type} is not accepted by this version of the service.` }] });
    return rule.decide(tx, this.deps, municipalityCode, data, at);
  }

  private async reject(batch: WriteBatch, municipalityCode: string, envelope: MunicipalEventEnvelope, reasons: readonly Reason[], metadata: Record<string, unknown>): Promise<DraftOutcome> {
    const append = await batch.append(
      streams.submissions(municipalityCode),
      [{ type: 'SubmissionRejected', data: { eventId: envelope.eventId, submittedType: envelope.type, reasons }, metadata }],
      'any',
    );
    return { status: 'rejected', append, reasons: [...reasons] };
  }
}

/** The streams an event's decision is known to write before it is decided (MUNICIPAL_EVENT_RULES' `locks`). */
function streamsToLock(municipalityCode: string, envelope: MunicipalEventEnvelope): string[] {
  const data = (envelope.data ?? {}) as { poolId?: unknown; courseId?: unknown };
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);
  return municipalEventRule(envelope.type)?.locks(municipalityCode, { poolId: text(data.poolId), courseId: text(data.courseId) }) ?? [];
}

/** The answer to one submission: new, a duplicate of an earlier one (same body), or a reused key (another body). */
function answer(item: Item, storedHash: string, outcome: StoredOutcome, kind: 'new' | 'duplicate'): SubmissionResult {
  const eventId = item.envelope.eventId;
  if (storedHash !== item.hash) {
    return {
      eventId,
      status: 'rejected',
      reasons: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: `eventId ${eventId} was already used for a different event; send a new eventId.` }],
    };
  }
  if (kind === 'new') {
    return outcome.status === 'accepted'
      ? { eventId, status: 'accepted', position: outcome.position }
      : { eventId, status: 'rejected', position: outcome.position, reasons: outcome.reasons };
  }
  return {
    eventId,
    status: 'duplicate',
    position: outcome.position,
    original: outcome.status,
    ...(outcome.status === 'rejected' ? { reasons: outcome.reasons } : {}),
  };
}

/**
 * Whether to decide the next batch ahead: after the database refused one (another process had written a stream this
 * one believed it knew), the next 1, 2, 4, … 64 batches go the usual way, so two processes contending for one stream
 * do not pay for refused writes over and over; a write decided ahead that succeeds starts over.
 */
class AheadOrNot {
  private skip = 0;
  private penalty = 0;

  worthTrying(): boolean {
    if (this.skip === 0) return true;
    this.skip--;
    return false;
  }

  refused(): void {
    this.penalty = Math.min(64, Math.max(1, this.penalty * 2));
    this.skip = this.penalty;
  }

  succeeded(): void {
    this.penalty = 0;
  }
}
