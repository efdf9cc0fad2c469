import type { ClientBase, Pool, QueryResultRow } from 'pg';
import type { AppendResult, NewEvent, RecordedEvent, StreamRead } from './events';
import { lookupIdempotencyKey } from './idempotency';
import { readAll, type ReadAllOptions } from './read-all';
import { appendToStream, lockStream, readStream } from './streams';
import { subscribe, type SubscribeOptions, type Subscription } from './subscriptions';
import { queryTogether, type Statement, withConnection, withTransaction } from './with-transaction';
import type { AppendOptions, EventStoreTransaction, NamedStatement, ReadStreamOptions } from './transaction';
import { WriteBatch } from './write-batch';

export type { AppendOptions, EventStoreTransaction, NamedStatement, ReadStreamOptions } from './transaction';

class PgTransaction implements EventStoreTransaction {
  constructor(private readonly client: ClientBase) {}

  append(streamId: string, events: NewEvent[], { expectedVersion }: AppendOptions) {
    return appendToStream(this.client, streamId, events, expectedVersion);
  }

  readStream(streamId: string, options?: ReadStreamOptions) {
    return readStream(this.client, streamId, options);
  }

  lockStream(streamId: string) {
    return lockStream(this.client, streamId);
  }

  readAll(options?: ReadAllOptions) {
    return readAll(this.client, options);
  }

  query<R extends QueryResultRow = QueryResultRow>(sql: string | NamedStatement, params?: unknown[]) {
    return typeof sql === 'string' ? this.client.query<R>(sql, params) : this.client.query<R>({ name: sql.name, text: sql.text, values: params });
  }

  queryTogether<R extends QueryResultRow = QueryResultRow>(statements: Statement[]) {
    return queryTogether<R>(this.client, statements);
  }
}

/** Streams, the global order and idempotency keys in PostgreSQL (tables in schema.ts). */
export class EventStore {
  constructor(readonly pool: Pool) {}

  transaction<T>(fn: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => fn(new PgTransaction(client)));
  }

  /**
   * A WriteBatch in a transaction of its own, committed when `fn` returns (rolled back if it throws). BEGIN goes to
   * the database with the batch's first statement and COMMIT with a `flush({ commit: true })`: on a pipelined pool
   * (`pipeline: true`), a batch of `start`, decisions and `flush` is two round trips.
   */
  writeBatch<T>(fn: (batch: WriteBatch) => Promise<T>): Promise<T> {
    let batch: WriteBatch | undefined;
    return withConnection(
      this.pool,
      async (client) => {
        batch = new WriteBatch(new PgTransaction(client), { ownTransaction: true });
        const result = await fn(batch);
        await batch.commit();
        return result;
      },
      { rollbackOnError: () => batch?.mayHaveOpenTransaction ?? false },
    );
  }

  /** Appends in a transaction of its own; StreamVersionConflictError if the stream is not at `expectedVersion`. */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.transaction((tx) => tx.append(streamId, events, options));
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamRead> {
    return readStream(this.pool, streamId, options);
  }

  /**
   * Waits until a read as of `instant` can no longer change: events carry their transaction's start time, so a
   * transaction that began at or before `instant` and is still writing could add to that past. Returns false if
   * one is still in flight after `timeoutMs` (the read is then as good as the database knows now).
   */
  async settle(instant: Date, { timeoutMs = 2000, pollMs = 10 } = {}): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND backend_xid IS NOT NULL AND xact_start <= $1 AND pid <> pg_backend_pid()`,
        [instant],
      );
      if (rows[0]!.n === 0) return true;
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** The next events in the global order after `after` (read-all.ts). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAll(this.pool, options);
  }

  lookupIdempotencyKey<O = unknown>(scope: string, key: string): Promise<O | null> {
    return lookupIdempotencyKey<O>(this.pool, scope, key);
  }

  /** Follows the global order from `after`, in this process only: the position lives in memory. */
  subscribe(options: SubscribeOptions): Subscription {
    return subscribe(this.pool, options);
  }
}
