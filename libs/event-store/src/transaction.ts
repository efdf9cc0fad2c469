import type { QueryResult, QueryResultRow } from 'pg';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent, StreamRead } from './events';
import type { ReadAllOptions } from './read-all';
import type { Statement } from './with-transaction';

export interface ReadStreamOptions {
  /** Only events recorded at or before this instant. */
  asOf?: Date;
  /** Only events after this stream position. */
  afterVersion?: number;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

/** A statement run often: parsed and planned once per connection under its name. */
export interface NamedStatement {
  name: string;
  text: string;
}

/** What a caller may do inside `EventStore.transaction`: all of it commits or none of it does. */
export interface EventStoreTransaction {
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamRead>;
  /** Locks the stream until commit (see streams.ts lockStream) and returns its version. */
  lockStream(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Raw SQL in the same transaction, e.g. a read model's writes; a named statement is prepared once per connection. */
  query<R extends QueryResultRow = QueryResultRow>(sql: string | NamedStatement, params?: unknown[]): Promise<QueryResult<R>>;
  /** Statements sent at once, answered in order: one round trip on a pipelined connection (see queryTogether). */
  queryTogether<R extends QueryResultRow = QueryResultRow>(statements: Statement[]): Promise<QueryResult<R>[]>;
}
