import { ExpectationFailedError, IdempotencyKeyTakenError, NotDecidableAheadError, StreamVersionConflictError } from './errors';
import type { EventStoreTransaction, NamedStatement, ReadStreamOptions } from './transaction';
import type { ExpectedVersion, NewEvent, RecordedEvent, StreamRead } from './events';
import type { QueryResultRow } from 'pg';
import { EVENTS_CHANNEL, EXPECTATION_FAILED } from './schema';
import type { Statement } from './with-transaction';

/**
 * `start`: create the streams that do not exist yet (version 0), lock every one of them (in the order given: sorted)
 * and read the recorded outcomes, in one statement. FOR UPDATE locks a row without writing a new version of it (a
 * no-op upsert would, and a stream written by every batch would drag a growing chain of dead versions).
 */
const START: NamedStatement = {
  name: 'write-batch-start',
  text: `WITH created AS (
           INSERT INTO streams (stream_id, version) SELECT id, 0 FROM unnest($1::text[]) AS l(id) ORDER BY id
           ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id, version::text),
         locked AS (
           SELECT stream_id, version::text FROM streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE)
         SELECT stream_id, version, NULL AS scope, NULL AS key, NULL AS body_hash, NULL::jsonb AS outcome FROM created
         UNION ALL
         SELECT stream_id, version, NULL, NULL, NULL, NULL FROM locked
         UNION ALL
         SELECT NULL, NULL, k.scope, k.key, k.body_hash, k.outcome FROM idempotency_keys k
           JOIN unnest($2::text[], $3::text[]) AS wanted(scope, key) ON k.scope = wanted.scope AND k.key = wanted.key`,
};

/** `flush`: stream versions, events in append order, the notification and the outcomes, in one statement. */
const FLUSH: NamedStatement = {
  name: 'write-batch-flush',
  text: `WITH moved AS (
           UPDATE streams SET version = v.version FROM unnest($1::text[], $2::bigint[]) AS v(stream_id, version)
            WHERE streams.stream_id = v.stream_id),
         appended AS (
           INSERT INTO events (stream_id, stream_position, type, data, metadata)
           SELECT e.value->>'s', (e.value->>'p')::bigint, e.value->>'type', e.value->'data', e.value->'metadata'
             FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)
             CROSS JOIN (SELECT CASE WHEN jsonb_array_length($3::jsonb) > 0 THEN pg_notify($4, '') END) AS notified
            ORDER BY e.ord
           RETURNING stream_id, stream_position, global_position),
         recorded AS (
           -- No ON CONFLICT: a key a concurrent transaction committed first is a unique violation (see flush).
           INSERT INTO idempotency_keys (scope, key, body_hash, outcome)
           SELECT o.scope, o.key, o."bodyHash",
                  CASE WHEN o.s IS NULL THEN o.outcome ELSE o.outcome || jsonb_build_object('position', a.global_position::text) END
             FROM jsonb_to_recordset($5::jsonb) AS o(scope text, key text, "bodyHash" text, outcome jsonb, s text, p bigint)
             LEFT JOIN appended a ON a.stream_id = o.s AND a.stream_position = o.p
           RETURNING scope, key, outcome)
         SELECT stream_id, stream_position::text, global_position::text, NULL AS scope, NULL AS key, NULL::jsonb AS outcome
           FROM appended
         UNION ALL SELECT NULL, NULL, NULL, scope, key, outcome FROM recorded`,
};

/** `expect`: the checks of a batch decided ahead, sent with its flush (schema.ts event_store_expect). */
const EXPECT: NamedStatement = {
  name: 'write-batch-expect',
  text: 'SELECT event_store_expect($1::text[], $2::bigint[], $3::text[], $4::text[])',
};

const expectationCodes = new Set<string>(Object.values(EXPECTATION_FAILED));

/** What a batch decided ahead assumes (see `WriteBatch.expect`). */
export interface Expectation {
  /** The version a stream is at now as far as the caller knows (undefined: not known, so not decidable ahead). */
  versionOf: (streamId: string) => number | undefined;
  /** Idempotency keys that must have no outcome recorded. */
  keys: { scope: string; key: string }[];
  /** A statement of the caller's, sent first, that fails the transaction unless its requirement holds. */
  requirement?: Statement;
}

/** What a decision may use while its batch is open: reads see the batch's own appends, writes wait for `flush`. */
export type TransactionReader = Pick<EventStoreTransaction, 'readStream' | 'lockStream' | 'query'>;

/** What `start` locks (stream ids) and looks up (idempotency keys). */
export interface StartRequest {
  lock: string[];
  keys: { scope: string; key: string }[];
}

/** Where a buffered append will land: its stream positions are fixed at once, its global positions by `flush`. */
export interface PendingAppend {
  streamId: string;
  /** Stream position of the first event; the others follow it. */
  fromPosition: number;
  count: number;
}

/** Global positions of what a flush wrote, by the append that buffered it. */
export type FlushedPositions = (append: PendingAppend) => string[];

/** What a flush wrote: where each append landed, and each outcome as stored, by `outcomeKey(scope, key)`. */
export interface Flushed<O> {
  positionsOf: FlushedPositions;
  recorded: Map<string, O>;
}

/** An outcome stored under an idempotency key (scope, key) with the hash of the request that decided it. */
export interface RecordedOutcome<O> {
  scope: string;
  key: string;
  bodyHash: string;
  outcome: O;
}

/** An outcome to record with the batch's events; with `positionOf`, it gets `position`: where that append landed. */
export interface NewOutcome<O extends object> {
  scope: string;
  key: string;
  bodyHash: string;
  outcome: O;
  positionOf?: PendingAppend;
}

export const outcomeKey = (scope: string, key: string) => `${scope}\u0000${key}`;

/**
 * Many idempotent decisions in one transaction, in three statements whatever their number (group commit):
 * `start` locks the streams the decisions are known to need and reads the outcomes already recorded under their
 * keys; the decisions run in memory (reads see the batch's own appends); `flush` writes every event, the stream
 * versions and the new outcomes at once.
 *
 * Every stream a decision appends to is locked first (as `lockStream`), so expectations are checked here, in memory,
 * against the version the lock returned plus what this batch appended. Reads of a locked stream see the batch's own
 * appends after the stored events, marked as `uncommitted` so that no cache keeps a state that a rollback would undo.
 * Outcomes are recorded with the events, not claimed first: a concurrent batch that decided one of the same keys
 * makes `flush` wait for it, and if it committed, IdempotencyKeyTakenError — the caller rolls back and takes the
 * batch again, then finds the other's outcome. So exactly one decision per key is ever committed.
 */
export class WriteBatch implements TransactionReader {
  /** Version of each stream when this transaction locked it (nobody else can move it until we commit). */
  private readonly locked = new Map<string, number>();
  /** Events this batch has already flushed, per stream. */
  private readonly written = new Map<string, number>();
  private readonly pending = new Map<string, NewEvent[]>();
  /** The first read in this batch of each stream it has not locked (see readUnlocked). */
  private readonly unlockedReads = new Map<string, { after: number; read: StreamRead }>();
  /** What this batch appended to each stream, flushed or not, with stream positions (see `appendedTo`). */
  private readonly appendLog = new Map<string, { streamPosition: number; type: string; data: unknown }[]>();
  /** Every buffered event in the order it was appended: the order of the global positions they get. */
  private sequence: { s: string; p: number; type: string; data: unknown; metadata: Record<string, unknown> }[] = [];

  /** With `ownTransaction` (EventStore.writeBatch), the batch begins and commits its transaction itself. */
  private state: 'none' | 'open' | 'committed';
  /** Set by `expect`: the batch is decided from what the caller knows, and sent whole with its flush. */
  private expectation?: Expectation;

  constructor(
    private readonly tx: EventStoreTransaction,
    private readonly options: { ownTransaction?: boolean } = {},
  ) {
    this.state = options.ownTransaction ? 'none' : 'open';
  }

  /** False until the batch's own transaction began, and again once it committed. */
  get mayHaveOpenTransaction(): boolean {
    return this.state === 'open';
  }

  query: TransactionReader['query'] = async (sql, params) => {
    await this.open();
    return this.tx.query(sql, params);
  };

  /**
   * One statement: locks `streams` (sorted, so two batches never wait for each other in a circle; a stream that
   * does not exist yet is created at version 0) and returns the outcomes already recorded under `keys`, by
   * `outcomeKey(scope, key)`.
   */
  async start<O>(request: StartRequest): Promise<Map<string, RecordedOutcome<O>>> {
    return (await this.startWith<O>(undefined, request)).recorded;
  }

  /**
   * `start`, with `alongside` sent to the database in the same round trip just before it (in the batch's
   * transaction, e.g. a check that the credentials of the batch's requests are still valid); gives its rows too.
   */
  async startWith<O, R extends QueryResultRow = QueryResultRow>(
    alongside: Statement | undefined,
    { lock, keys }: StartRequest,
  ): Promise<{ recorded: Map<string, RecordedOutcome<O>>; rows: R[] }> {
    if (this.expectation) throw new Error('start() on a batch decided ahead (expect)');
    const toLock = [...new Set(lock)].filter((id) => !this.locked.has(id)).sort();
    type Row = { stream_id: string | null; version: string | null; scope: string | null; key: string | null; body_hash: string | null; outcome: O };
    const statement = { ...START, values: [toLock, keys.map((k) => k.scope), keys.map((k) => k.key)] };
    // BEGIN travels with the first statement.
    const begin = this.state === 'none' ? ['BEGIN'] : [];
    this.assertOpen();
    this.state = 'open';
    const answers = await this.tx.queryTogether([...begin, ...(alongside ? [alongside] : []), statement]);
    const rows = answers.at(-1)!.rows as Row[];
    const alongsideRows = (alongside ? answers.at(-2)!.rows : []) as R[];
    const found = new Map<string, RecordedOutcome<O>>();
    for (const r of rows) {
      if (r.stream_id !== null) this.locked.set(r.stream_id, Number(r.version));
      else found.set(outcomeKey(r.scope!, r.key!), { scope: r.scope!, key: r.key!, bodyHash: r.body_hash!, outcome: r.outcome });
    }
    // A stream another transaction created while this statement ran is neither created nor seen by it: lock it now.
    for (const id of toLock) await this.lockedVersion(id);
    return { recorded: found, rows: alongsideRows };
  }

  /**
   * Instead of `start`: the batch is decided from what the caller already knows (the streams' versions, no outcome
   * recorded under `keys`), and nothing is sent until `flush({ commit: true })`, which sends BEGIN, the requirement,
   * the check of these expectations (locking the streams as `start` does), the writes and COMMIT together: one round
   * trip. If the database finds an expectation wrong, nothing is written (ExpectationFailedError). A decision that
   * needs the database before that (a version not known, a stream it does not lock, a query) fails with
   * NotDecidableAheadError, nothing sent. Either way the caller decides the batch again the usual way.
   */
  expect(expectation: Expectation): void {
    if (!this.options.ownTransaction) throw new Error('expect() is for a batch that owns its transaction (EventStore.writeBatch)');
    if (this.state !== 'none' || this.locked.size > 0) throw new Error('expect() comes first, instead of start()');
    this.expectation = expectation;
  }

  async lockStream(streamId: string): Promise<number> {
    await this.lockedVersion(streamId);
    return this.stored(streamId) + (this.pending.get(streamId)?.length ?? 0);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamRead> {
    const base = this.locked.get(streamId);
    // The past holds nothing of this batch's; a stream it has not locked has nothing of it either.
    if (options.asOf) {
      await this.open();
      return this.tx.readStream(streamId, options);
    }
    if (base === undefined) return this.readUnlocked(streamId, options.afterVersion ?? 0);
    const after = options.afterVersion ?? 0;
    const stored = this.stored(streamId);
    // A caller that already knows the stored version needs nothing from the database.
    if (after < stored && this.expectation) throw new NotDecidableAheadError(`events of ${streamId} after ${after} are not known`);
    const fromDb = after >= stored ? [] : (await this.tx.readStream(streamId, { afterVersion: after })).events;
    const own = this.pending.get(streamId) ?? [];
    const recordedAt = new Date();
    const mine: RecordedEvent[] = [];
    // From the first pending event after `after` on: a batch's decisions read their stream once each, so starting at
    // the beginning every time would make a batch quadratic in its events.
    for (let i = Math.max(0, after - stored); i < own.length; i++) {
      const event = own[i]!;
      mine.push({ globalPosition: '', cursor: '', streamId, streamPosition: stored + i + 1, eventId: '', type: event.type, data: event.data ?? null, metadata: event.metadata ?? {}, recordedAt });
    }
    const events = fromDb.length === 0 ? mine : [...fromDb, ...mine];
    // Flushed or not, what this transaction wrote is not committed until it is.
    let uncommitted = 0;
    for (const e of events) if (e.streamPosition > base) uncommitted++;
    return { version: Math.max(after, stored + own.length), events, ...(uncommitted ? { uncommitted } : {}) };
  }

  /**
   * A stream the batch has not locked (it only reads it: a pool's rules, a commitment) is read from the database once
   * per batch; later reads are answered from that read. The batch's decisions see it as it was when the batch first
   * looked, which is what any decision sees of a stream it does not lock (another transaction may move it before the
   * commit either way); a stream that must not move is locked.
   */
  private async readUnlocked(streamId: string, after: number): Promise<StreamRead> {
    const known = this.unlockedReads.get(streamId);
    if (known && after >= known.after) {
      return { version: Math.max(after, known.read.version), events: known.read.events.filter((e) => e.streamPosition > after) };
    }
    await this.open();
    const read = await this.tx.readStream(streamId, { afterVersion: after });
    this.unlockedReads.set(streamId, { after, read });
    return read;
  }

  /** Buffers an append; StreamVersionConflictError at once if the stream is not at `expectedVersion`. */
  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<PendingAppend> {
    const current = await this.lockStream(streamId);
    const wanted = expectedVersion === 'no_stream' ? 0 : expectedVersion;
    if (wanted !== 'any' && wanted !== current) throw new StreamVersionConflictError(streamId, expectedVersion, current);
    const own = this.pending.get(streamId) ?? [];
    const log = this.appendLog.get(streamId) ?? [];
    this.appendLog.set(streamId, log);
    events.forEach((e, i) => {
      this.sequence.push({ s: streamId, p: current + i + 1, type: e.type, data: e.data ?? null, metadata: e.metadata ?? {} });
      log.push({ streamPosition: current + i + 1, type: e.type, data: e.data ?? null });
    });
    own.push(...events);
    this.pending.set(streamId, own);
    return { streamId, fromPosition: current + 1, count: events.length };
  }

  /** The version each stream this batch locked is at with the batch's appends (once committed: as stored). */
  versions(): Map<string, number> {
    return new Map([...this.locked.keys()].map((id) => [id, this.stored(id) + (this.pending.get(id)?.length ?? 0)]));
  }

  /**
   * The events this batch appended to `streamId` (flushed or not), in order, with their stream positions: once the
   * batch has committed, what a reader that folded the stream before its decisions needs to be current again.
   */
  appendedTo(streamId: string): readonly { streamPosition: number; type: string; data: unknown }[] {
    return this.appendLog.get(streamId) ?? [];
  }

  /**
   * One statement: every buffered event (in the order appended, which is the order of their global positions), the
   * stream versions, the notification followers wait for, and `outcomes` under their idempotency keys.
   * IdempotencyKeyTakenError if a concurrent transaction committed one of those keys first. Tells where each
   * append landed and gives back each outcome as stored (with its position): the first answer and every later
   * duplicate come from the same JSON. The batch stays usable afterwards, unless `commit` (a batch that owns its
   * transaction) sent COMMIT along with the flush.
   */
  async flush<O extends object>(outcomes: NewOutcome<O>[] = [], { commit = false }: { commit?: boolean } = {}): Promise<Flushed<O>> {
    if (commit && !this.options.ownTransaction) throw new Error('flush({ commit: true }) is for a batch that owns its transaction (EventStore.writeBatch)');
    if (this.expectation && !commit) throw new Error('a batch decided ahead (expect) is flushed with its commit');
    const streamIds = [...this.pending.keys()];
    const versions = streamIds.map((id) => this.stored(id) + this.pending.get(id)!.length);
    // In key order, so two batches wait for each other's keys in one direction only.
    const keyed = outcomes
      .map((o) => ({ scope: o.scope, key: o.key, bodyHash: o.bodyHash, outcome: o.outcome, s: o.positionOf?.streamId ?? null, p: o.positionOf?.fromPosition ?? null }))
      .sort((a, b) => (a.scope === b.scope ? (a.key < b.key ? -1 : 1) : a.scope < b.scope ? -1 : 1));
    const global = new Map<string, string>();
    const recorded = new Map<string, O>();
    if (this.sequence.length > 0 || keyed.length > 0) {
      type Row = { stream_id: string | null; stream_position: string | null; global_position: string | null; scope: string | null; key: string | null; outcome: O };
      const values = [streamIds, versions, JSON.stringify(this.sequence), EVENTS_CHANNEL, JSON.stringify(keyed)];
      const flush = { ...FLUSH, values };
      const { rows } = await this.send<Row>(flush, commit, keyed).catch((error: unknown) => {
        const e = error as { code?: string; constraint?: string; message?: string };
        if (e.code && expectationCodes.has(e.code)) throw new ExpectationFailedError(e.code, e.message ?? 'expectation failed');
        // A plain insert (no ON CONFLICT: cheaper): a key committed by a concurrent transaction is a unique violation.
        throw e.code === '23505' && e.constraint === 'idempotency_keys_pkey' ? new IdempotencyKeyTakenError() : error;
      });
      for (const r of rows) {
        if (r.stream_id !== null) global.set(`${r.stream_position}\u0000${r.stream_id}`, r.global_position!);
        else recorded.set(outcomeKey(r.scope!, r.key!), r.outcome);
      }
      if (commit) this.state = 'committed';
      streamIds.forEach((id, i) => this.written.set(id, versions[i]! - this.locked.get(id)!));
      this.pending.clear();
      this.sequence = [];
    } else if (commit) {
      await this.commit();
    }
    return { positionsOf: positionsFrom(global), recorded };
  }

  /**
   * Sends the flush: alone; with COMMIT (a failed flush makes it a ROLLBACK); or, for a batch decided ahead, the whole
   * transaction in one round trip — BEGIN, the caller's requirement, the check of its expectations (locking the streams
   * as `start` does), the flush and COMMIT.
   */
  private async send<Row extends QueryResultRow>(flush: NamedStatement & { values: unknown[] }, commit: boolean, keyed: { scope: string; key: string }[]) {
    if (!this.expectation) {
      await this.open();
      return commit ? this.tx.queryTogether<Row>([flush, 'COMMIT']).then(([flushed]) => flushed!) : this.tx.query<Row>(flush, flush.values);
    }
    const { requirement, keys } = this.expectation;
    const streamIds = [...this.locked.keys()].sort();
    const all = [...new Map([...keys, ...keyed].map((k) => [outcomeKey(k.scope, k.key), k])).values()];
    const expect = { ...EXPECT, values: [streamIds, streamIds.map((id) => this.locked.get(id)!), all.map((k) => k.scope), all.map((k) => k.key)] };
    // Until COMMIT is answered a transaction may be open; after a failure the caller rolls back (on a pipelined
    // connection the COMMIT was a ROLLBACK already; a broken connection is discarded).
    this.state = 'open';
    const answers = await this.tx.queryTogether<Row>(['BEGIN', ...(requirement ? [requirement] : []), expect, flush, 'COMMIT']);
    return answers.at(-2)!;
  }

  /**
   * Commits the batch's own transaction if it is open (EventStore.writeBatch calls this when the batch's work is
   * done; after `flush({ commit: true })` there is nothing left to do). A batch that sent nothing began nothing.
   */
  async commit(): Promise<void> {
    if (!this.options.ownTransaction) throw new Error('commit() is for a batch that owns its transaction (EventStore.writeBatch)');
    if (this.pending.size > 0) throw new Error('commit() with appends that were never flushed');
    if (this.state !== 'open') return;
    await this.tx.query('COMMIT');
    this.state = 'committed';
  }

  /** Begins the batch's own transaction with a statement of its own when the first statement is not `start`. */
  private async open(): Promise<void> {
    if (this.expectation) throw new NotDecidableAheadError('a decision needs the database');
    if (this.state === 'none') {
      this.state = 'open';
      await this.tx.query('BEGIN');
    }
    this.assertOpen();
  }

  private assertOpen(): void {
    if (this.state === 'committed') throw new Error('this batch has committed; start a new one');
  }

  /** What the database holds of the stream in this transaction: its version when locked plus what we flushed. */
  private stored(streamId: string): number {
    return this.locked.get(streamId)! + (this.written.get(streamId) ?? 0);
  }

  private async lockedVersion(streamId: string): Promise<number> {
    let version = this.locked.get(streamId);
    if (version === undefined && this.expectation) {
      version = this.expectation.versionOf(streamId);
      if (version === undefined) throw new NotDecidableAheadError(`the version of ${streamId} is not known`);
      this.locked.set(streamId, version);
    }
    if (version === undefined) {
      await this.open();
      version = await this.tx.lockStream(streamId);
      this.locked.set(streamId, version);
    }
    return version;
  }
}

/** Where each append landed, from the global positions a flush returned by stream position and stream. */
function positionsFrom(global: Map<string, string>): FlushedPositions {
  return ({ streamId, fromPosition, count }) =>
    Array.from({ length: count }, (_, i) => {
      const position = global.get(`${fromPosition + i}\u0000${streamId}`);
      if (position === undefined) throw new Error(`${streamId}@${fromPosition + i} was not written by this batch`);
      return position;
    });
}
