import { StreamVersionConflictError } from './errors';
import type { EventStoreTransaction, ReadStreamOptions } from './event-store';
import type { ExpectedVersion, NewEvent, RecordedEvent, StreamRead } from './events';
import { EVENTS_CHANNEL } from './schema';

/** What a decision may use while its batch is open: reads see the batch's own appends, writes wait for `flush`. */
export type TransactionReader = Pick<EventStoreTransaction, 'readStream' | 'lockStream' | 'query'>;

/** Where a buffered append will land: its stream positions are fixed at once, its global positions by `flush`. */
export interface PendingAppend {
  streamId: string;
  /** Stream position of the first event; the others follow it. */
  fromPosition: number;
  count: number;
}

/** Global positions of what a flush wrote, by the append that buffered it. */
export type FlushedPositions = (append: PendingAppend) => string[];

/**
 * Many decisions in one transaction, written with one statement (group commit). Every stream a decision appends to
 * is locked first (as `lockStream`), so expectations are checked here, in memory, against the version the lock
 * returned plus what this batch appended; reads of a locked stream see the batch's own appends after the stored
 * events, marked as `uncommitted` so that no cache keeps a state that a rollback would undo.
 */
export class WriteBatch implements TransactionReader {
  /** Version of each stream when this transaction locked it (nobody else can move it until we commit). */
  private readonly locked = new Map<string, number>();
  /** Events this batch has already flushed, per stream. */
  private readonly written = new Map<string, number>();
  private readonly pending = new Map<string, NewEvent[]>();
  /** Every buffered event in the order it was appended: the order of the global positions they get. */
  private sequence: { s: string; p: number; type: string; data: unknown; metadata: Record<string, unknown> }[] = [];

  constructor(private readonly tx: EventStoreTransaction) {}

  query: TransactionReader['query'] = (sql, params) => this.tx.query(sql, params);

  async lockStream(streamId: string): Promise<number> {
    await this.lockedVersion(streamId);
    return this.stored(streamId) + (this.pending.get(streamId)?.length ?? 0);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamRead> {
    const base = this.locked.get(streamId);
    // The past holds nothing of this batch's; a stream it has not locked has nothing of it either.
    if (options.asOf || base === undefined) return this.tx.readStream(streamId, options);
    const after = options.afterVersion ?? 0;
    const stored = this.stored(streamId);
    // A caller that already knows the stored version needs nothing from the database.
    const fromDb = after >= stored ? [] : (await this.tx.readStream(streamId, { afterVersion: after })).events;
    const own = this.pending.get(streamId) ?? [];
    const recordedAt = new Date();
    const mine: RecordedEvent[] = [];
    own.forEach((event, i) => {
      const position = stored + i + 1;
      if (position <= after) return;
      mine.push({ globalPosition: '', cursor: '', streamId, streamPosition: position, eventId: '', type: event.type, data: event.data ?? null, metadata: event.metadata ?? {}, recordedAt });
    });
    const events = fromDb.length === 0 ? mine : [...fromDb, ...mine];
    // Flushed or not, what this transaction wrote is not committed until it is.
    const uncommitted = events.filter((e) => e.streamPosition > base).length;
    return { version: Math.max(after, stored + own.length), events, ...(uncommitted ? { uncommitted } : {}) };
  }

  /** Buffers an append; StreamVersionConflictError at once if the stream is not at `expectedVersion`. */
  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<PendingAppend> {
    const current = await this.lockStream(streamId);
    const wanted = expectedVersion === 'no_stream' ? 0 : expectedVersion;
    if (wanted !== 'any' && wanted !== current) throw new StreamVersionConflictError(streamId, expectedVersion, current);
    const own = this.pending.get(streamId) ?? [];
    events.forEach((e, i) => this.sequence.push({ s: streamId, p: current + i + 1, type: e.type, data: e.data ?? null, metadata: e.metadata ?? {} }));
    own.push(...events);
    this.pending.set(streamId, own);
    return { streamId, fromPosition: current + 1, count: events.length };
  }

  /**
   * Writes every buffered event in one statement (stream versions, events in the order they were appended, and the
   * notification followers wait for) and tells where each append landed. The batch stays usable afterwards.
   */
  async flush(): Promise<FlushedPositions> {
    const streamIds = [...this.pending.keys()];
    const versions = streamIds.map((id) => this.stored(id) + this.pending.get(id)!.length);
    const global = new Map<string, string>();
    if (this.sequence.length > 0) {
      // ORDER BY ord hands out the identity values in append order, i.e. as the decisions were taken.
      const { rows } = await this.tx.query<{ stream_id: string; stream_position: string; global_position: string }>(
        `WITH moved AS (
           UPDATE streams SET version = v.version FROM unnest($1::text[], $2::bigint[]) AS v(stream_id, version)
            WHERE streams.stream_id = v.stream_id)
         INSERT INTO events (stream_id, stream_position, type, data, metadata)
         SELECT e.value->>'s', (e.value->>'p')::bigint, e.value->>'type', e.value->'data', e.value->'metadata'
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)
           CROSS JOIN (SELECT pg_notify($4, '')) AS notified
          ORDER BY e.ord
         RETURNING stream_id, stream_position::text, global_position::text`,
        [streamIds, versions, JSON.stringify(this.sequence), EVENTS_CHANNEL],
      );
      for (const r of rows) global.set(`${r.stream_position}\u0000${r.stream_id}`, r.global_position);
      streamIds.forEach((id, i) => this.written.set(id, versions[i]! - this.locked.get(id)!));
      this.pending.clear();
      this.sequence = [];
    }
    return ({ streamId, fromPosition, count }) =>
      Array.from({ length: count }, (_, i) => {
        const position = global.get(`${fromPosition + i}\u0000${streamId}`);
        if (position === undefined) throw new Error(`${streamId}@${fromPosition + i} was not written by this batch`);
        return position;
      });
  }

  /** What the database holds of the stream in this transaction: its version when locked plus what we flushed. */
  private stored(streamId: string): number {
    return this.locked.get(streamId)! + (this.written.get(streamId) ?? 0);
  }

  private async lockedVersion(streamId: string): Promise<number> {
    let version = this.locked.get(streamId);
    if (version === undefined) {
      version = await this.tx.lockStream(streamId);
      this.locked.set(streamId, version);
    }
    return version;
  }
}
