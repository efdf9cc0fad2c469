import { Client, type Pool } from 'pg';
import type { RecordedEvent } from './events';
import { readAll, waitUntilReadable } from './read-all';
import { EVENTS_CHANNEL } from './schema';

export interface FollowOptions {
  /** The longest wait between passes (default 500 ms): notifications are lost while the listener is down. */
  pollIntervalMs?: number;
  /** Errors of a pass or of the listening connection; the follower carries on. Default: console.error. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves when the first pass is over (and the listener connected, if the database allowed). */
  readonly started: Promise<void>;
  /** Resolves when the pass in progress has finished and the listener is closed. */
  stop(): Promise<void>;
}

/**
 * Runs `work` at once, then again whenever events may have been appended: on a notification on EVENTS_CHANNEL,
 * heard on a dedicated connection (not a pooled one, which would be handed to others), and after `pollIntervalMs`
 * at the latest. A lost listener is reopened on the next pass. Notifications that arrive during a pass make
 * another pass follow at once, so none is missed; many of them make only one.
 */
export class Follower implements Subscription {
  readonly started: Promise<void>;
  private readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly pollIntervalMs: number;
  private readonly onError: (error: unknown) => void;
  private listener: Client | undefined;
  private pending = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly work: (signal: AbortSignal) => Promise<void>,
    { pollIntervalMs = 500, onError = (error) => console.error('event store follower:', error) }: FollowOptions,
  ) {
    this.pollIntervalMs = pollIntervalMs;
    this.onError = onError;
    let firstPassOver!: () => void;
    this.started = new Promise((resolve) => (firstPassOver = resolve));
    this.done = this.run(firstPassOver);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.done;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end();
  }

  private async run(firstPassOver: () => void): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      await this.listen();
      this.pending = false;
      try {
        await this.work(signal);
      } catch (error) {
        this.onError(error);
      }
      firstPassOver();
      await this.nextWakeUp();
    }
    firstPassOver();
  }

  private async listen(): Promise<void> {
    if (this.listener) return;
    const client = new Client(this.pool.options);
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      if (error) this.onError(error);
      this.listener = undefined;
      client.end().catch(() => undefined);
      // Reconnect now, and make a pass for what was appended while nobody was listening.
      this.notify();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.notify());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.onError(error);
      client.end().catch(() => undefined);
    }
  }

  private notify(): void {
    this.pending = true;
    this.wake?.();
  }

  private nextWakeUp(): Promise<void> {
    if (this.pending || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

export interface SubscribeOptions extends FollowOptions {
  /** Start after this cursor; null or absent for the beginning. */
  after?: string | null;
  batchSize?: number;
  /** Each batch in the global order. The position moves on once this resolves: a batch that throws comes again. */
  onEvents(events: RecordedEvent[]): Promise<void> | void;
}

export function subscribe(
  pool: Pool,
  { after = null, batchSize = 500, onEvents, ...options }: SubscribeOptions,
): Subscription {
  let cursor = after;
  return new Follower(
    pool,
    async (signal) => {
      await waitUntilReadable(pool, signal);
      while (!signal.aborted) {
        const events = await readAll(pool, { after: cursor, limit: batchSize });
        if (events.length === 0) return;
        await onEvents(events);
        cursor = events.at(-1)!.cursor;
      }
    },
    options,
  );
}
