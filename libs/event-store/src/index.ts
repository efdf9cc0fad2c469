export { compareCursors } from './cursor';
export { StreamVersionConflictError, retryOnConflict } from './errors';
export { EventStore, type AppendOptions, type EventStoreTransaction, type ReadStreamOptions } from './event-store';
export type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent, StreamRead } from './events';
export type { IdempotencyKey, IdempotentResult } from './idempotency';
export { ProjectionRunner, type Projection, type ProjectionRunnerOptions } from './projections';
export type { ReadAllOptions } from './read-all';
export { EVENTS_CHANNEL, eventStoreSchemaSql, migrateEventStore } from './schema';
export type { FollowOptions, SubscribeOptions, Subscription } from './subscriptions';
