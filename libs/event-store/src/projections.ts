import type { Pool } from 'pg';
import { EventStore, type EventStoreTransaction } from './event-store';
import type { RecordedEvent } from './events';
import { waitUntilReadable } from './read-all';
import { Follower, type FollowOptions } from './subscriptions';

/** A read model kept up to date from the global order. */
export interface Projection {
  /** Names its checkpoint: rename it and it starts from the beginning. */
  name: string;
  /** Only these event types reach `apply`; the checkpoint moves past the others all the same. */
  handles?: string[];
  /** Writes the read model through `tx`, in the same transaction as the checkpoint. */
  apply(tx: EventStoreTransaction, events: RecordedEvent[]): Promise<void>;
  /** Empties the read model, before a rebuild. */
  reset?(tx: EventStoreTransaction): Promise<void>;
}

export interface ProjectionRunnerOptions extends FollowOptions {
  /** Events read per transaction (default 500). */
  batchSize?: number;
}

/**
 * Applies events to projections. Each batch is one transaction: lock the projection's checkpoint row, read the
 * events after it, apply them, move the checkpoint. So a read model never disagrees with its checkpoint, and
 * runners in several processes may share the work: the lock makes them take turns, each after the other's cursor.
 */
export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly batchSize: number;
  private follower: Follower | undefined;

  constructor(
    pool: Pool,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    const names = projections.map((p) => p.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`Two projections are named '${twice}'`);
    this.store = new EventStore(pool);
    this.batchSize = options.batchSize ?? 500;
  }

  /** Applies every event committed before the call to every projection; resolves with the number of events read. */
  async catchUp(): Promise<number> {
    await waitUntilReadable(this.store.pool);
    let read = 0;
    for (const projection of this.projections) read += await this.catchUpOne(projection);
    return read;
  }

  /** Empties the projection's read model and checkpoint in one transaction, then applies everything again. */
  async rebuild(name: string): Promise<number> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`No projection named '${name}'`);
    await this.store.transaction(async (tx) => {
      await lockCheckpoint(tx, name);
      await projection.reset?.(tx);
      await tx.query('UPDATE projection_checkpoints SET cursor = NULL, updated_at = now() WHERE name = $1', [name]);
    });
    await waitUntilReadable(this.store.pool);
    return this.catchUpOne(projection);
  }

  /** Keeps the projections up to date until `stop()`; resolves after the first catch-up. */
  async start(): Promise<void> {
    if (this.follower) return this.follower.started;
    const { onError = (error: unknown) => console.error('projection runner:', error) } = this.options;
    this.follower = new Follower(
      this.store.pool,
      async (signal) => {
        await waitUntilReadable(this.store.pool, signal);
        // One failing projection must not hold back the others.
        for (const projection of this.projections) {
          await this.catchUpOne(projection, signal).catch((cause: unknown) =>
            onError(new Error(`Projection '${projection.name}' failed`, { cause })),
          );
        }
      },
      { ...this.options, onError },
    );
    return this.follower.started;
  }

  async stop(): Promise<void> {
    const follower = this.follower;
    this.follower = undefined;
    await follower?.stop();
  }

  private async catchUpOne(projection: Projection, signal?: AbortSignal, skipLocked = false): Promise<number> {
    let read = 0;
    while (!signal?.aborted) {
      const batch = await this.applyNextBatch(projection, skipLocked);
      if (batch === 0) break;
      read += batch;
    }
    return read;
  }

  private applyNextBatch(projection: Projection, skipLocked = false): Promise<number> {
    const handles = projection.handles && new Set(projection.handles);
    return this.store.transaction(async (tx) => {
      const after = skipLocked ? await lockCheckpoint(tx, projection.name, true) : await lockCheckpoint(tx, projection.name);
      if (after === undefined) return 0;
      const events = await tx.readAll({ after, limit: this.batchSize });
      if (events.length === 0) return 0;
      const wanted = handles ? events.filter((e) => handles.has(e.type)) : events;
      if (wanted.length > 0) await projection.apply(tx, wanted);
      await tx.query('UPDATE projection_checkpoints SET cursor = $2, updated_at = now() WHERE name = $1', [
        projection.name,
        events.at(-1)!.cursor,
      ]);
      return events.length;
    });
  }
}

/** Locks the projection's checkpoint row until the transaction ends (creating it if new) and returns its cursor. */
async function lockCheckpoint(tx: EventStoreTransaction, name: string): Promise<string | null>;
async function lockCheckpoint(tx: EventStoreTransaction, name: string, skipLocked: true): Promise<string | null | undefined>;
/**
 * Locks the projection's checkpoint for this transaction and returns its cursor. With `skipLocked`, returns
 * undefined at once if another process holds it: that process is applying the same events, and the NOTIFY of any
 * later commit wakes everyone again, so waiting in line would only repeat its work.
 */
async function lockCheckpoint(tx: EventStoreTransaction, name: string, skipLocked = false): Promise<string | null | undefined> {
  const select = `SELECT cursor FROM projection_checkpoints WHERE name = $1 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`;
  let r = await tx.query<{ cursor: string | null }>(select, [name]);
  if (r.rows.length === 0) {
    await tx.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
    r = await tx.query<{ cursor: string | null }>(select, [name]);
    if (r.rows.length === 0) return undefined;
  }
  return r.rows[0]!.cursor;
}
