import { Pool } from 'pg';
import { ProjectionRunner, type EventStore, type Projection } from './index';
import { eventually, freshEventStore, type TestEventStore } from './test/support';

/** Per stream: how many events, the last type and the sum of `amount`. */
const summaries: Projection = {
  name: 'stream_summaries',
  async apply(tx, events) {
    for (const e of events) {
      await tx.query(
        `INSERT INTO stream_summaries (stream_id, events, last_type, total) VALUES ($1, 1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET events = stream_summaries.events + 1, last_type = $2,
           total = stream_summaries.total + $3`,
        [e.streamId, e.type, (e.data as { amount?: number }).amount ?? 0],
      );
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE stream_summaries');
  },
};

/** Every event it was given, once: the primary key refuses a second application. */
const applied = (name = 'applied', handles?: string[]): Projection => ({
  name,
  handles,
  async apply(tx, events) {
    for (const e of events) await tx.query('INSERT INTO applied VALUES ($1, $2, $3)', [name, e.eventId, e.type]);
  },
});

describe('ProjectionRunner', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeEach(async () => {
    t = await freshEventStore('es_projections');
    store = t.store;
    await t.pool.query(`
      CREATE TABLE stream_summaries (stream_id text PRIMARY KEY, events int, last_type text, total int);
      CREATE TABLE applied (projection text, event_id uuid, type text, PRIMARY KEY (projection, event_id))`);
  });
  afterEach(() => t.close());

  const appendSome = async (streams: number, perStream: number, round = 0) => {
    for (let s = 0; s < streams; s++) {
      const events = Array.from({ length: perStream }, (_, i) => ({
        type: i % 2 ? 'Paid' : 'Granted',
        data: { amount: 100 * s + 10 * i + round },
      }));
      await store.append(`pool-${s}`, events, { expectedVersion: 'any' });
    }
  };
  const table = async (sql: string) => (await t.pool.query(sql)).rows;
  const checkpoint = async (name: string) =>
    (await t.pool.query('SELECT cursor FROM projection_checkpoints WHERE name = $1', [name])).rows[0]?.cursor;
  const lastCursor = async () => (await store.readAll({ limit: 100_000 })).at(-1)!.cursor;

  it('applies events in batches, and the checkpoint moves with the read model', async () => {
    await appendSome(3, 4);
    const runner = new ProjectionRunner(t.pool, [summaries], { batchSize: 5 });
    expect(await runner.catchUp()).toBe(12);
    expect(await table('SELECT * FROM stream_summaries ORDER BY stream_id')).toEqual([
      { stream_id: 'pool-0', events: 4, last_type: 'Paid', total: 60 },
      { stream_id: 'pool-1', events: 4, last_type: 'Paid', total: 460 },
      { stream_id: 'pool-2', events: 4, last_type: 'Paid', total: 860 },
    ]);
    expect(await checkpoint('stream_summaries')).toBe(await lastCursor());
    expect(await runner.catchUp()).toBe(0);
  });

  it('a projection whose apply throws leaves neither read-model change nor checkpoint', async () => {
    let poisoned = true;
    const fragile: Projection = {
      name: 'fragile',
      async apply(tx, events) {
        await applied('fragile').apply(tx, events);
        if (poisoned && events.some((e) => e.type === 'Poison')) throw new Error('cannot digest');
      },
    };
    const runner = new ProjectionRunner(t.pool, [fragile]);
    await store.append('s', [{ type: 'Good', data: {} }], { expectedVersion: 'no_stream' });
    await runner.catchUp();
    const before = await checkpoint('fragile');

    await store.append('s', [{ type: 'Good', data: {} }, { type: 'Poison', data: {} }], { expectedVersion: 1 });
    await expect(runner.catchUp()).rejects.toThrow('cannot digest');
    expect(await table('SELECT type FROM applied')).toEqual([{ type: 'Good' }]);
    expect(await checkpoint('fragile')).toBe(before);

    poisoned = false;
    expect(await runner.catchUp()).toBe(2);
    expect(await table('SELECT count(*)::int AS n FROM applied')).toEqual([{ n: 3 }]);
  });

  it('rebuilding from zero yields an identical read model', async () => {
    const runner = new ProjectionRunner(t.pool, [summaries, applied()], { batchSize: 7 });
    for (let round = 1; round <= 4; round++) {
      await appendSome(5, round, round);
      await runner.catchUp();
    }
    const summariesBefore = await table('SELECT * FROM stream_summaries ORDER BY stream_id');
    const appliedBefore = await table("SELECT * FROM applied WHERE projection = 'applied' ORDER BY event_id");
    expect(summariesBefore).toHaveLength(5);

    expect(await runner.rebuild('stream_summaries')).toBe(50);
    expect(await table('SELECT * FROM stream_summaries ORDER BY stream_id')).toEqual(summariesBefore);
    expect(await checkpoint('stream_summaries')).toBe(await lastCursor());
    // The other projection was left alone.
    expect(await table("SELECT * FROM applied WHERE projection = 'applied' ORDER BY event_id")).toEqual(appliedBefore);
    await expect(runner.rebuild('nothing')).rejects.toThrow("No projection named 'nothing'");
  });

  it('passes only the types a projection handles, while its checkpoint moves past the others', async () => {
    await appendSome(2, 3);
    const runner = new ProjectionRunner(t.pool, [applied('paid', ['Paid'])], { batchSize: 2 });
    await runner.catchUp();
    expect(await table("SELECT type FROM applied WHERE projection = 'paid'")).toEqual([
      { type: 'Paid' },
      { type: 'Paid' },
    ]);
    expect(await checkpoint('paid')).toBe(await lastCursor());
  });

  it('runners in several processes take turns on a batch, so each event is applied exactly once', async () => {
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: t.url, max: 2 }));
    const runners = pools.map((pool) => new ProjectionRunner(pool, [applied()], { batchSize: 4 }));
    try {
      const appending = (async () => {
        for (let round = 0; round < 10; round++) await appendSome(4, 2, round);
      })();
      const running = (async () => {
        for (let i = 0; i < 10; i++) await Promise.all(runners.map((r) => r.catchUp()));
      })();
      await Promise.all([appending, running]);
      await Promise.all(runners.map((r) => r.catchUp()));
      expect(await table('SELECT count(*)::int AS n FROM applied')).toEqual([{ n: 80 }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('start() wakes on LISTEN/NOTIFY, long before the poll interval', async () => {
    // An hour between polls, after the catch-up at start: the event can only be applied because a notification woke it.
    const runner = new ProjectionRunner(t.pool, [applied()], { pollIntervalMs: 3_600_000 });
    await runner.start();
    try {
      await store.append('live', [{ type: 'Live', data: {} }], { expectedVersion: 'no_stream' });
      await eventually(async () => expect(await table('SELECT type FROM applied')).toEqual([{ type: 'Live' }]));
    } finally {
      await runner.stop();
    }
  });

  it('start() listens again after its connection is lost', async () => {
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(t.pool, [applied()], {
      pollIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    await runner.start();
    try {
      const killed = await listenerPids(t.pool);
      expect(killed).toHaveLength(1);
      await t.pool.query('SELECT pg_terminate_backend($1)', [killed[0]]);
      await eventually(async () => {
        const now = await listenerPids(t.pool);
        expect(now).toHaveLength(1);
        expect(now[0]).not.toBe(killed[0]);
      });
      await store.append('after-reconnect', [{ type: 'Live', data: {} }], { expectedVersion: 'no_stream' });
      await eventually(async () => expect(await table('SELECT type FROM applied')).toEqual([{ type: 'Live' }]), 2_000);
      expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/terminat/) })]);
    } finally {
      await runner.stop();
    }
  });

  it('start() keeps the other projections going when one fails, and reports the failure', async () => {
    const errors: Error[] = [];
    const broken: Projection = {
      name: 'broken',
      apply: async () => Promise.reject(new Error('bug')),
    };
    const runner = new ProjectionRunner(t.pool, [broken, applied()], {
      pollIntervalMs: 50,
      onError: (e) => errors.push(e as Error),
    });
    await runner.start();
    try {
      await store.append('s', [{ type: 'Live', data: {} }], { expectedVersion: 'no_stream' });
      await eventually(async () => expect(await table('SELECT type FROM applied')).toEqual([{ type: 'Live' }]));
      await eventually(async () => expect(errors[0]).toMatchObject({ message: "Projection 'broken' failed", cause: new Error('bug') }));
      expect(await checkpoint('broken')).toBeNull();
    } finally {
      await runner.stop();
    }
  });

  it('refuses two projections of one name', () => {
    expect(() => new ProjectionRunner(t.pool, [applied('x'), applied('x')])).toThrow("Two projections are named 'x'");
  });
});

async function listenerPids(pool: Pool): Promise<number[]> {
  const r = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`,
  );
  return r.rows.map((row) => row.pid);
}
