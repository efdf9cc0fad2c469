import type { ClientBase, Pool, QueryResult, QueryResultRow } from 'pg';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent, StreamRead } from './events';
import { idempotent, lookupIdempotencyKey, type IdempotencyKey, type IdempotentResult } from './idempotency';
import { readAll, type ReadAllOptions } from './read-all';
import { appendToStream, readStream } from './streams';
import { subscribe, type SubscribeOptions, type Subscription } from './subscriptions';
import { withTransaction } from './with-transaction';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

/** What a caller may do inside `EventStore.transaction`: all of it commits or none of it does. */
export interface EventStoreTransaction {
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: { asOf?: Date }): Promise<StreamRead>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Raw SQL in the same transaction, e.g. a read model's writes. */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

class PgTransaction implements EventStoreTransaction {
  constructor(private readonly client: ClientBase) {}

  append(streamId: string, events: NewEvent[], { expectedVersion }: AppendOptions) {
    return appendToStream(this.client, streamId, events, expectedVersion);
  }

  readStream(streamId: string, options?: { asOf?: Date }) {
    return readStream(this.client, streamId, options);
  }

  readAll(options?: ReadAllOptions) {
    return readAll(this.client, options);
  }

  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]) {
    return this.client.query<R>(sql, params);
  }
}

/** Streams, the global order and idempotency keys in PostgreSQL (tables in schema.ts). */
export class EventStore {
  constructor(readonly pool: Pool) {}

  transaction<T>(fn: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => fn(new PgTransaction(client)));
  }

  /** Appends in a transaction of its own; StreamVersionConflictError if the stream is not at `expectedVersion`. */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.transaction((tx) => tx.append(streamId, events, options));
  }

  readStream(streamId: string, options?: { asOf?: Date }): Promise<StreamRead> {
    return readStream(this.pool, streamId, options);
  }

  /** The next events in the global order after `after` (read-all.ts). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAll(this.pool, options);
  }

  idempotent<O>(key: IdempotencyKey, fn: (tx: EventStoreTransaction) => Promise<O>): Promise<IdempotentResult<O>> {
    return idempotent(this, key, fn);
  }

  lookupIdempotencyKey<O = unknown>(scope: string, key: string): Promise<O | null> {
    return lookupIdempotencyKey<O>(this.pool, scope, key);
  }

  /** Follows the global order from `after`, in this process only: the position lives in memory. */
  subscribe(options: SubscribeOptions): Subscription {
    return subscribe(this.pool, options);
  }
}
